package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// NewFlowListResource returns the whatsapp_flow list resource.
func NewFlowListResource() list.ListResource {
	return newFlowResource()
}

func (r *flowResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = wabaListSchema("Flows",
		"Deprecated Flows are left out: they can be neither sent nor changed. With `include_resource`, each Flow's JSON is "+
			"downloaded (two requests per Flow), so the generated block holds it.", nil)
}

// List returns the WABA's Flows but deprecated ones, from the shared
// listing.
func (r *flowResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var waba types.String
	var diags diag.Diagnostics
	diags.Append(req.Config.GetAttribute(ctx, path.Root("waba_id"), &waba)...)
	client := r.client(&diags)
	if diags.HasError() {
		listFailed(stream, diags)
		return
	}
	flows, err := client.Flows(ctx, waba.ValueString())
	if err != nil {
		addAPIError(&diags, "Cannot Read Flows", "listing the Flows of WhatsApp Business Account "+waba.ValueString(), err)
		listFailed(stream, diags)
		return
	}
	var objects []found
	for _, f := range flows {
		if f.Status != nil && *f.Status == graphapi.FlowDeprecated {
			continue
		}
		m := &flowModel{WABAID: waba, FlowJSON: types.StringNull(), CloneFlowID: types.StringNull()}
		if req.IncludeResource {
			doc, err := client.FlowJSON(ctx, f.ID)
			if err != nil {
				addAPIError(&diags, "Cannot Read Flow JSON", "downloading the Flow JSON of Flow "+f.ID, err)
				listFailed(stream, diags)
				return
			}
			m.FlowJSON = types.StringValue(doc)
		}
		m.fill(ctx, &f, &diags)
		objects = append(objects, found{display: derefOr(f.Name, f.ID) + " (" + f.ID + ")", identity: []string{waba.ValueString(), f.ID}, model: m})
	}
	r.streamFound(ctx, req, stream, objects)
}
