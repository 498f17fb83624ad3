package provider

import (
	"maps"

	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Small helpers the schemas and models share.

// computed is a resource's computed string attribute kept across plans.
func computed(desc string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: desc, Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
}

// computedNoDiff is a computed attribute that Meta changes on its own; it
// never causes a diff.
func computedNoDiff(description string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: description, Computed: true}
}

// computedString is a data source's computed string attribute.
func computedString(desc string) dsschema.StringAttribute {
	return dsschema.StringAttribute{MarkdownDescription: desc, Computed: true}
}

// withAttributes adds more attributes to a schema's map and returns it.
func withAttributes(attrs map[string]schema.Attribute, more ...map[string]schema.Attribute) map[string]schema.Attribute {
	for _, m := range more {
		maps.Copy(attrs, m)
	}
	return attrs
}

// stringValue maps an optional API string to a Terraform string (nil is null).
func stringValue(s *string) types.String { return types.StringPointerValue(s) }
