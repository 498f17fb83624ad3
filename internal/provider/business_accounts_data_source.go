package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

var _ datasource.DataSourceWithConfigure = (*businessAccountsDataSource)(nil)

// NewBusinessAccountsDataSource returns the whatsapp_business_accounts data source.
func NewBusinessAccountsDataSource() datasource.DataSource {
	return &businessAccountsDataSource{dataSourceBase{typeName: "business_accounts"}}
}

type businessAccountsDataSource struct{ dataSourceBase }

type businessAccountsModel struct {
	BusinessID   types.String           `tfsdk:"business_id"`
	Relationship types.String           `tfsdk:"relationship"`
	Accounts     []businessAccountEntry `tfsdk:"accounts"`
}

type businessAccountEntry struct {
	ID                         types.String `tfsdk:"id"`
	Relationship               types.String `tfsdk:"relationship"`
	Name                       types.String `tfsdk:"name"`
	TimezoneID                 types.String `tfsdk:"timezone_id"`
	Currency                   types.String `tfsdk:"currency"`
	Status                     types.String `tfsdk:"status"`
	AccountReviewStatus        types.String `tfsdk:"account_review_status"`
	BusinessVerificationStatus types.String `tfsdk:"business_verification_status"`
	Country                    types.String `tfsdk:"country"`
	OwnershipType              types.String `tfsdk:"ownership_type"`
	MessageTemplateNamespace   types.String `tfsdk:"message_template_namespace"`
}

func (d *businessAccountsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the WhatsApp Business Accounts of a business portfolio (every page): those it owns, those it manages " +
			"for clients as a solution provider, or both.",
		Attributes: map[string]schema.Attribute{
			"business_id": schema.StringAttribute{
				MarkdownDescription: "The business portfolio ID.",
				Required:            true,
				Validators:          []validator.String{graphID()},
			},
			"relationship": schema.StringAttribute{
				MarkdownDescription: "`owned` (the default), `client` or `all`.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{stringvalidator.OneOf("owned", "client", "all")},
			},
			"accounts": schema.ListNestedAttribute{
				MarkdownDescription: "The accounts: owned ones first, then client ones, each in Meta's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                           computedString("The WhatsApp Business Account ID."),
					"relationship":                 computedString("`owned` or `client`."),
					"name":                         computedString("The account's name."),
					"timezone_id":                  computedString("The account's time zone, as Meta's numeric time zone ID."),
					"currency":                     computedString("The ISO currency the account is billed in."),
					"status":                       computedString("The account's status, such as `ACTIVE`."),
					"account_review_status":        computedString("The outcome of Meta's account review."),
					"business_verification_status": computedString("The owner business's verification status."),
					"country":                      computedString("The country of the owning business portfolio."),
					"ownership_type":               computedString("How the account is owned, such as `SELF_OWNED`."),
					"message_template_namespace":   computedString("The namespace of the account's message templates."),
				}},
			},
		},
	}
}

func (d *businessAccountsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m businessAccountsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	client := d.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.Relationship.IsNull() {
		m.Relationship = types.StringValue("owned")
	}
	var relationships []string
	switch m.Relationship.ValueString() {
	case "all":
		relationships = []string{graphapi.RelationshipOwned, graphapi.RelationshipClient}
	default:
		relationships = []string{m.Relationship.ValueString()}
	}
	m.Accounts = []businessAccountEntry{}
	for _, rel := range relationships {
		accounts, err := client.ListBusinessAccounts(ctx, m.BusinessID.ValueString(), rel)
		if err != nil {
			d.data.addReadError(&resp.Diagnostics, "Cannot List WhatsApp Business Accounts", "listing the "+rel+" WhatsApp Business Accounts of business "+m.BusinessID.ValueString(), err)
			return
		}
		for _, a := range accounts {
			m.Accounts = append(m.Accounts, businessAccountEntry{
				ID: types.StringValue(a.ID), Relationship: types.StringValue(rel), Name: stringValue(a.Name), TimezoneID: stringValue(a.TimezoneID),
				Currency: stringValue(a.Currency), Status: stringValue(a.Status), AccountReviewStatus: stringValue(a.AccountReviewStatus),
				BusinessVerificationStatus: stringValue(a.BusinessVerificationStatus), Country: stringValue(a.Country),
				OwnershipType: stringValue(a.OwnershipType), MessageTemplateNamespace: stringValue(a.MessageTemplateNamespace),
			})
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
