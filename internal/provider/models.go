package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// attrTypesOf returns the attribute types of every object-typed attribute of
// a schema, by attribute name. Typed nested models use them with
// types.ObjectValueFrom, so the schema stays the one list of nested fields.
func attrTypesOf[A interface{ GetType() attr.Type }](attrs map[string]A) map[string]map[string]attr.Type {
	out := map[string]map[string]attr.Type{}
	for name, a := range attrs {
		if t, ok := a.GetType().(basetypes.ObjectTypable); ok {
			if ot, ok := t.(types.ObjectType); ok {
				out[name] = ot.AttrTypes
			}
		}
	}
	return out
}

// objectFrom converts a nested model to an object value; nil is null.
func objectFrom[T any](ctx context.Context, diags *diag.Diagnostics, attrTypes map[string]attr.Type, model *T) types.Object {
	if model == nil {
		return types.ObjectNull(attrTypes)
	}
	v, d := types.ObjectValueFrom(ctx, attrTypes, model)
	diags.Append(d...)
	return v
}
