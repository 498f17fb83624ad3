package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewAssignedUserListResource returns the whatsapp_assigned_user list resource.
func NewAssignedUserListResource() list.ListResource {
	return newAssignedUserResource()
}

func (r *assignedUserResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = wabaListSchema("assigned users", "Import cannot change which business lists them: `business_id` is written into each generated block.", map[string]listschema.Attribute{
		"business_id": listschema.StringAttribute{
			MarkdownDescription: "The business whose view of the assignments to list (Meta requires one). Defaults to the account's owner business.",
			Optional:            true,
			Validators:          []validator.String{graphID()},
		},
	})
}

// List returns every user with tasks on the WABA, from the shared listing.
func (r *assignedUserResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg struct {
		WABAID     types.String `tfsdk:"waba_id"`
		BusinessID types.String `tfsdk:"business_id"`
	}
	var diags diag.Diagnostics
	diags.Append(req.Config.Get(ctx, &cfg)...)
	client := r.client(&diags)
	if diags.HasError() {
		listFailed(stream, diags)
		return
	}
	probe := assignedUserModel{WABAID: cfg.WABAID, BusinessID: cfg.BusinessID}
	if !probe.resolveBusiness(ctx, r, client, &diags) {
		listFailed(stream, diags)
		return
	}
	waba := cfg.WABAID.ValueString()
	users, err := client.AssignedUsers(ctx, waba, probe.BusinessID.ValueString())
	if err != nil {
		addAPIError(&diags, "Cannot List Assigned Users", "listing the users of WhatsApp Business Account "+waba, err)
		listFailed(stream, diags)
		return
	}
	objects := make([]found, 0, len(users))
	for i := range users {
		u := &users[i]
		m := assignedUserModel{WABAID: cfg.WABAID, UserID: types.StringValue(u.ID), BusinessID: probe.BusinessID}
		m.fill(ctx, u, &diags)
		display := u.ID
		if u.Name != nil {
			display = *u.Name + " (" + u.ID + ")"
		}
		objects = append(objects, found{display: display, identity: []string{waba, u.ID}, model: &m})
	}
	if diags.HasError() {
		listFailed(stream, diags)
		return
	}
	r.streamFound(ctx, req, stream, objects)
}
