package provider

import (
	"context"
	"reflect"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// getState and setState are tfsdk.State's Get and Set for a resource's model,
// with the model's layout (which field holds which attribute) worked out once
// per model type. The framework works it out on every call and compiles a
// regular expression for each field as it does
// (https://github.com/hashicorp/terraform-plugin-framework/issues/725): in a
// plan of 1,000 resources that was most of what our Reads cost beyond the
// framework's own work (BENCHMARKS.md, "Issue 31's third sitting"). A model
// whose fields are not all plain framework values, a schema with a custom
// type, or a value that does not fit the schema goes through the framework,
// so its diagnostics are the framework's.
func getState[M any](ctx context.Context, st tfsdk.State, m *M) diag.Diagnostics {
	if m == nil {
		return st.Get(ctx, m)
	}
	if got, ok := modelFrom[M](ctx, st); ok {
		*m = got
		return nil
	}
	return st.Get(ctx, m)
}

func setState[M any](ctx context.Context, st *tfsdk.State, m *M) diag.Diagnostics {
	if m == nil {
		return st.Set(ctx, m)
	}
	if raw, ok := valueOf(ctx, st, m); ok {
		return st.Set(ctx, raw) // a tftypes.Value: the framework checks its type and keeps it
	}
	return st.Set(ctx, m)
}

// modelLayout maps attribute names to the indexes of the fields holding them;
// nil when the model cannot take the short way.
type modelLayout map[string]int

var modelLayouts sync.Map // reflect.Type -> modelLayout

var (
	attrValueType      = reflect.TypeFor[attr.Value]()
	validateableType   = reflect.TypeFor[xattr.ValidateableAttribute]()
	valueCreatorType   = reflect.TypeFor[tftypes.ValueCreator]()
	valueConverterType = reflect.TypeFor[tftypes.ValueConverter]()
)

func layoutOf[M any]() modelLayout {
	t := reflect.TypeFor[M]()
	if l, ok := modelLayouts.Load(t); ok {
		layout, _ := l.(modelLayout)
		return layout
	}
	l := newLayout(t)
	modelLayouts.Store(t, l)
	return l
}

// newLayout is t's layout, or nil unless t is a struct of exported, tagged,
// distinct fields of concrete framework value types that do not validate
// themselves: the rest is the framework's to convert.
func newLayout(t reflect.Type) modelLayout {
	if t.Kind() != reflect.Struct || convertsItself(t) {
		return nil
	}
	l := modelLayout{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, tagged := f.Tag.Lookup("tfsdk")
		_, twice := l[name]
		if !tagged || name == "-" || twice || !f.IsExported() || f.Anonymous || f.Type.Kind() == reflect.Interface ||
			!f.Type.Implements(attrValueType) || f.Type.Implements(validateableType) {
			return nil
		}
		l[name] = i
	}
	return l
}

// convertsItself: a model that is a value, or converts itself, which the
// framework's reflection asks before it looks at fields (SetUnknown and
// SetNull are its Unknownable and Nullable).
func convertsItself(t reflect.Type) bool {
	ptr := reflect.PointerTo(t)
	for _, i := range []reflect.Type{attrValueType, valueCreatorType, valueConverterType} {
		if t.Implements(i) || ptr.Implements(i) {
			return true
		}
	}
	for _, method := range []string{"SetUnknown", "SetNull"} {
		if _, ok := ptr.MethodByName(method); ok {
			return true
		}
	}
	return false
}

// attributeTypes are the attribute types of st's schema, or nil unless all
// are plain.
func attributeTypes(st *tfsdk.State) map[string]attr.Type {
	if st.Schema == nil {
		return nil
	}
	object, ok := st.Schema.Type().(attr.TypeWithAttributeTypes)
	if !ok {
		return nil
	}
	types := object.AttributeTypes()
	for _, typ := range types {
		if !plain(typ) {
			return nil
		}
	}
	return types
}

// plain: the framework's own types (basetypes), whose conversions keep a
// value as it is; a custom type's conversion is the framework's to run.
func plain(typ attr.Type) bool {
	switch t := typ.(type) {
	case basetypes.StringType, basetypes.BoolType, basetypes.Int64Type, basetypes.Int32Type,
		basetypes.Float64Type, basetypes.Float32Type, basetypes.NumberType:
		return true
	case basetypes.ListType:
		return plain(t.ElemType)
	case basetypes.SetType:
		return plain(t.ElemType)
	case basetypes.MapType:
		return plain(t.ElemType)
	case basetypes.ObjectType:
		for _, a := range t.AttrTypes {
			if !plain(a) {
				return false
			}
		}
		return true
	}
	return false
}

// valid runs what a type checks of its values (a set's, that its elements
// differ), as the framework's conversions do; a value it has anything to say
// about is left to the framework, which says it.
func valid(ctx context.Context, typ attr.Type, name string, raw tftypes.Value) bool {
	//nolint:staticcheck // deprecated, and still what basetypes.SetType implements
	if v, ok := typ.(xattr.TypeWithValidate); ok {
		return len(v.Validate(ctx, raw, path.Root(name))) == 0
	}
	return true
}

// modelFrom converts a known, non-null state to M, or says it cannot.
func modelFrom[M any](ctx context.Context, st tfsdk.State) (M, bool) {
	var m M
	l := layoutOf[M]()
	types := attributeTypes(&st)
	if l == nil || types == nil || len(types) != len(l) || !st.Raw.IsFullyKnown() || st.Raw.IsNull() {
		return m, false
	}
	var values map[string]tftypes.Value
	if err := st.Raw.As(&values); err != nil || len(values) != len(l) {
		return m, false
	}
	fields := reflect.ValueOf(&m).Elem()
	for name, i := range l {
		typ, raw := types[name], values[name]
		if typ == nil || raw.Type() == nil || !valid(ctx, typ, name, raw) {
			return m, false
		}
		v, err := typ.ValueFromTerraform(ctx, raw)
		if err != nil {
			return m, false
		}
		rv := reflect.ValueOf(v)
		if rv.Type() != fields.Field(i).Type() {
			return m, false
		}
		fields.Field(i).Set(rv)
	}
	return m, true
}

// valueOf converts m to a value of st's schema, or says it cannot.
func valueOf[M any](ctx context.Context, st *tfsdk.State, m *M) (tftypes.Value, bool) {
	l := layoutOf[M]()
	types := attributeTypes(st)
	if l == nil || types == nil || len(types) != len(l) {
		return tftypes.Value{}, false
	}
	fields := reflect.ValueOf(m).Elem()
	objectType := tftypes.Object{AttributeTypes: make(map[string]tftypes.Type, len(l))}
	values := make(map[string]tftypes.Value, len(l))
	for name, i := range l {
		typ := types[name]
		v, _ := fields.Field(i).Interface().(attr.Value) // layoutOf took only framework values
		if typ == nil || v == nil || !typ.Equal(v.Type(ctx)) {
			return tftypes.Value{}, false
		}
		raw, err := v.ToTerraformValue(ctx)
		want := typ.TerraformType(ctx)
		if err != nil || !raw.Type().Equal(want) || !valid(ctx, typ, name, raw) {
			return tftypes.Value{}, false
		}
		objectType.AttributeTypes[name], values[name] = want, raw
	}
	return tftypes.NewValue(objectType, values), true
}
