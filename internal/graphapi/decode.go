package graphapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi/lenient"
)

// Objects are declared once, as Go structs whose `graph` tags name the Graph
// fields. The same tags drive decoding and the fields= list of a request, so
// adding a field is one line.
//
// Tag form: `graph:"name[,option...]"`. Options:
//   - id: a required decimal Graph ID (a string field);
//   - required: a nested object that must be present;
//   - whole: ask for the field without a nested selection;
//   - nofetch: decode the field but leave it out of fields=.
//
// Decoding is liberal, as Meta's answers vary between versions and endpoints:
// a bool may come as "true", a number as a numeric string and a string as a
// number; an absent or null field leaves a pointer or slice nil; unknown
// fields are ignored. The first field of the wrong type is reported once, by
// its path.

type fieldTag struct {
	name                         string
	id, required, whole, noFetch bool
}

func parseTag(f reflect.StructField) (fieldTag, bool) {
	tag, ok := f.Tag.Lookup("graph")
	if !ok || tag == "-" {
		return fieldTag{}, false
	}
	parts := strings.Split(tag, ",")
	t := fieldTag{name: parts[0]}
	for _, opt := range parts[1:] {
		switch opt {
		case "id":
			t.id = true
		case "required":
			t.required = true
		case "whole":
			t.whole = true
		case "nofetch":
			t.noFetch = true
		default:
			panic(fmt.Sprintf("graphapi: unknown graph tag option %q on %s", opt, f.Name))
		}
	}
	return t, true
}

var fieldLists sync.Map // reflect.Type -> string

// fieldsOf renders the fields= selection for T, such as
// "id,name,owner_business_info{id,name}".
func fieldsOf[T any]() string {
	t := reflect.TypeFor[T]()
	if s, ok := fieldLists.Load(t); ok {
		return s.(string) //nolint:forcetypeassert // only strings are stored
	}
	s := renderFields(t)
	fieldLists.Store(t, s)
	return s
}

func renderFields(t reflect.Type) string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag, ok := parseTag(f)
		if !ok || tag.noFetch {
			continue
		}
		name := tag.name
		if inner := structOf(f.Type); inner != nil && !tag.whole {
			name += "{" + renderFields(inner) + "}"
		}
		out = append(out, name)
	}
	return strings.Join(out, ",")
}

// structOf returns the struct type behind T, *T or []T, or nil.
func structOf(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() == reflect.Struct {
		return t
	}
	return nil
}

// decodeBody decodes a whole answer into v (a pointer to a struct).
func decodeBody(body []byte, v any) error {
	raw, err := objectOf(body)
	if err != nil {
		return err
	}
	return decodeStruct(raw, reflect.ValueOf(v).Elem(), "")
}

// objectOf reads a JSON object, keeping its values raw.
func objectOf(body []byte) (map[string]json.RawMessage, error) {
	var m map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("the response is not a JSON object: %w", err)
	}
	if m == nil {
		return nil, fmt.Errorf("the response is null, not a JSON object")
	}
	return m, nil
}

func present(raw json.RawMessage) bool {
	return len(raw) > 0 && string(bytes.TrimSpace(raw)) != "null"
}

func decodeStruct(m map[string]json.RawMessage, v reflect.Value, path string) error {
	t := v.Type()
	for i := range t.NumField() {
		tag, ok := parseTag(t.Field(i))
		if !ok {
			continue
		}
		raw := m[tag.name]
		if !present(raw) {
			switch {
			case tag.id:
				return fieldError(path+tag.name, "a decimal ID", raw)
			case tag.required:
				return fieldError(path+tag.name, "an object", raw)
			}
			continue
		}
		if err := decodeValue(raw, v.Field(i), path+tag.name, tag); err != nil {
			return err
		}
	}
	return nil
}

var rawMessageType = reflect.TypeFor[json.RawMessage]()

func decodeValue(raw json.RawMessage, v reflect.Value, path string, tag fieldTag) error {
	if v.Type() == rawMessageType {
		v.SetBytes(append([]byte(nil), raw...))
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		elem := reflect.New(v.Type().Elem())
		if err := decodeValue(raw, elem.Elem(), path, tag); err != nil {
			return err
		}
		v.Set(elem)
		return nil
	case reflect.String:
		s, ok := lenient.String(raw)
		if !ok {
			return fieldError(path, "a string", raw)
		}
		if tag.id && !ValidID(s) {
			return fieldError(path, "a decimal ID", raw)
		}
		v.SetString(s)
	case reflect.Bool:
		b, ok := lenient.Bool(raw)
		if !ok {
			return fieldError(path, "a boolean", raw)
		}
		v.SetBool(b)
	case reflect.Int64, reflect.Int:
		n, ok := lenient.Int(raw)
		if !ok {
			return fieldError(path, "a whole number", raw)
		}
		v.SetInt(int64(n))
	case reflect.Struct:
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return fieldError(path, "an object", raw)
		}
		return decodeStruct(m, v, path+".")
	case reflect.Slice:
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return fieldError(path, "a list", raw)
		}
		out := reflect.MakeSlice(v.Type(), len(items), len(items))
		for i, item := range items {
			if err := decodeValue(item, out.Index(i), fmt.Sprintf("%s[%d]", path, i), fieldTag{}); err != nil {
				return err
			}
		}
		v.Set(out)
	default:
		panic(fmt.Sprintf("graphapi: cannot decode into %s at %s", v.Type(), path))
	}
	return nil
}

func fieldError(path, want string, raw json.RawMessage) error {
	got := string(raw)
	if got == "" {
		got = "nothing"
	}
	return fmt.Errorf("field %s: want %s, got %s", path, want, truncate(got, 40))
}

// successAnswer is {"success": true}; Meta sometimes sends "true".
type successAnswer struct {
	Success *bool `graph:"success"`
}

func decodeSuccess(body []byte) error {
	var a successAnswer
	if err := decodeBody(body, &a); err != nil {
		return err
	}
	if a.Success == nil || !*a.Success {
		return fmt.Errorf("the API did not confirm success: %s", truncate(string(body), 200))
	}
	return nil
}

// createdAnswer is {"id": "..."}, the answer to a POST that creates a node.
type createdAnswer struct {
	ID string `graph:"id,id"`
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
