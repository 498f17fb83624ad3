package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewPhoneNumberListResource returns the whatsapp_phone_number list resource.
func NewPhoneNumberListResource() list.ListResource {
	return newPhoneNumberResource()
}

func (r *phoneNumberResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = wabaListSchema("phone numbers", "", nil)
}

// List returns every number of the WABA, from the shared listing.
func (r *phoneNumberResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg struct {
		WABAID types.String `tfsdk:"waba_id"`
	}
	var diags diag.Diagnostics
	diags.Append(req.Config.Get(ctx, &cfg)...)
	client := r.client(&diags)
	if diags.HasError() {
		listFailed(stream, diags)
		return
	}
	waba := cfg.WABAID.ValueString()
	numbers, err := client.PhoneNumbers(ctx, waba)
	if err != nil {
		addAPIError(&diags, "Cannot Read Phone Numbers", "listing the phone numbers of WhatsApp Business Account "+waba, err)
		listFailed(stream, diags)
		return
	}
	objects := make([]found, 0, len(numbers))
	for i := range numbers {
		p := &numbers[i]
		m := phoneNumberModel{WABAID: cfg.WABAID, CC: types.StringNull(), PhoneNumber: types.StringNull(), VerifiedName: types.StringNull(),
			MigratePhoneNumber: types.BoolNull(), PreverifiedID: types.StringNull(), DeregisterOnDestroy: types.BoolNull()}
		m.fill(p, &diags)
		display := p.ID
		if p.DisplayPhoneNumber != nil {
			display = *p.DisplayPhoneNumber + " (" + p.ID + ")"
		}
		objects = append(objects, found{display: display, identity: []string{waba, p.ID}, model: &m})
	}
	if diags.HasError() {
		listFailed(stream, diags)
		return
	}
	r.streamFound(ctx, req, stream, objects)
}
