package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// List resources (Terraform >= 1.14, `terraform query`) share their type
// names with the resources and are implemented by the resource types
// themselves, in <type>_list_resource.go: the listing they read is the one
// Read goes through, and the objects they return are filled by the same
// code as Read's, so the configuration `terraform query
// -generate-config-out` writes imports with no changes.

// wabaListSchema is a list block's configuration: the WABA to list, and any
// extra attributes of the type. note, when set, ends the description.
func wabaListSchema(what, note string, extra map[string]listschema.Attribute) listschema.Schema {
	attrs := map[string]listschema.Attribute{
		"waba_id": listschema.StringAttribute{
			MarkdownDescription: "The WhatsApp Business Account whose " + what + " to list.",
			Required:            true,
			Validators:          []validator.String{graphID()},
		},
	}
	for name, a := range extra {
		attrs[name] = a
	}
	return listschema.Schema{
		MarkdownDescription: strings.TrimSpace("Lists the " + what + " of a WhatsApp Business Account, for `terraform query`: each result carries the " +
			"resource identity to import it by, and with `-generate-config-out` a resource block that imports with no changes. " + note),
		Attributes: attrs,
	}
}

// found is one object a list resource found.
type found struct {
	display  string   // what terraform query prints for it
	identity []string // identity values, in the order of resourceBase.identity
	model    any      // the resource's model, as Read would save it
}

// streamFound returns the objects as list results: identity always, the
// resource when Terraform asks for it, at most req.Limit of them.
func (b *resourceBase) streamFound(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, objects []found) {
	stream.Results = func(push func(list.ListResult) bool) {
		for i, o := range objects {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = o.display
			for j, name := range b.identity {
				result.Diagnostics.Append(result.Identity.SetAttribute(ctx, path.Root(name), o.identity[j])...)
			}
			if req.IncludeResource {
				result.Diagnostics.Append(result.Resource.Set(ctx, o.model)...)
			}
			if !push(result) {
				return
			}
		}
	}
}

// listFailed ends a list with diagnostics.
func listFailed(stream *list.ListResultsStream, diags diag.Diagnostics) {
	stream.Results = list.ListResultsStreamDiagnostics(diags)
}
