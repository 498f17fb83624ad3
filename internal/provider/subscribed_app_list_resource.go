package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewSubscribedAppListResource returns the whatsapp_subscribed_app list resource.
func NewSubscribedAppListResource() list.ListResource {
	return newSubscribedAppResource()
}

func (r *subscribedAppResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = wabaListSchema("app subscriptions",
		"Only the access token's own app is listed: Meta lets an app change only its own subscription. The `whatsapp_subscribed_apps` "+
			"data source shows them all. Import cannot read a verify token: add `verify_token_wo` to a generated block with an `override_callback_uri`.", nil)
}

// List returns the token's app when it is subscribed to the WABA: other
// apps' subscriptions cannot be managed with this token, so importing them
// would only fail.
func (r *subscribedAppResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var m subscribedAppModel
	var diags diag.Diagnostics
	diags.Append(req.Config.GetAttribute(ctx, path.Root("waba_id"), &m.WABAID)...)
	client := r.client(&diags)
	if diags.HasError() {
		listFailed(stream, diags)
		return
	}
	got, err := m.lookup(ctx, client)
	if err != nil {
		addAPIError(&diags, "Cannot Read Subscription", "reading the subscribed apps of WhatsApp Business Account "+m.WABAID.ValueString(), err)
		listFailed(stream, diags)
		return
	}
	var objects []found
	if got != nil {
		m.VerifyToken, m.VerifyTokenWOVersion = types.StringNull(), types.Int64Null()
		m.fill(got)
		display := got.App.ID
		if got.App.Name != nil {
			display = *got.App.Name + " (" + got.App.ID + ")"
		}
		objects = append(objects, found{display: display, identity: []string{m.WABAID.ValueString(), got.App.ID}, model: &m})
	}
	r.streamFound(ctx, req, stream, objects)
}
