package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*assignedUsersDataSource)(nil)

// NewAssignedUsersDataSource returns the whatsapp_assigned_users data source.
func NewAssignedUsersDataSource() datasource.DataSource {
	return &assignedUsersDataSource{dataSourceBase{typeName: "assigned_users"}}
}

type assignedUsersDataSource struct{ dataSourceBase }

type assignedUsersModel struct {
	WABAID     types.String        `tfsdk:"waba_id"`
	BusinessID types.String        `tfsdk:"business_id"`
	Users      []assignedUserEntry `tfsdk:"users"`
}

type assignedUserEntry struct {
	UserID   types.String   `tfsdk:"user_id"`
	Name     types.String   `tfsdk:"name"`
	UserType types.String   `tfsdk:"user_type"`
	Tasks    []types.String `tfsdk:"tasks"`
}

func (d *assignedUsersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the users assigned to a WhatsApp Business Account with their tasks (every page). It reads the same " +
			"shared listing as `whatsapp_assigned_user`, so a configuration with both costs no extra call.",
		Attributes: map[string]schema.Attribute{
			"waba_id": schema.StringAttribute{
				MarkdownDescription: "The WhatsApp Business Account ID.",
				Required:            true,
				Validators:          []validator.String{graphID()},
			},
			"business_id": schema.StringAttribute{
				MarkdownDescription: "The business that lists the assignments; defaults to the account's owner business. A business that " +
					"does not own the account lists no one. Setting it saves the owner lookup (one call): next to `whatsapp_assigned_user` " +
					"resources of the same account, which keep their business in state, this data source then costs no call of its own.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{graphID()},
			},
			"users": schema.ListNestedAttribute{
				MarkdownDescription: "The assigned users, in Meta's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"user_id":   computedString("The business-scoped or system user ID."),
					"name":      computedString("The user's name."),
					"user_type": computedString("`SYSTEM_USER`, `BUSINESS_USER` or `PERSONAL_USER`."),
					"tasks":     schema.ListAttribute{MarkdownDescription: "The user's tasks on the account.", Computed: true, ElementType: types.StringType},
				}},
			},
		},
	}
}

func (d *assignedUsersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m assignedUsersModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	client := d.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	waba := m.WABAID.ValueString()
	if m.BusinessID.IsNull() {
		owner, err := client.OwnerBusiness(ctx, waba)
		if err != nil {
			d.data.addReadError(&resp.Diagnostics, "Cannot Read the Account's Owner Business", "reading owner_business_info of WhatsApp Business Account "+waba, err)
			return
		}
		m.BusinessID = types.StringValue(owner)
	}
	users, err := client.AssignedUsers(ctx, waba, m.BusinessID.ValueString())
	if err != nil {
		d.data.addReadError(&resp.Diagnostics, "Cannot List Assigned Users", "listing the users of WhatsApp Business Account "+waba, err)
		return
	}
	m.Users = make([]assignedUserEntry, 0, len(users))
	for _, u := range users {
		e := assignedUserEntry{UserID: types.StringValue(u.ID), Name: stringValue(u.Name), UserType: stringValue(u.UserType), Tasks: []types.String{}}
		for _, t := range u.Tasks {
			e.Tasks = append(e.Tasks, types.StringValue(t))
		}
		m.Users = append(m.Users, e)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
