package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

var _ datasource.DataSourceWithConfigure = (*businessAccountDataSource)(nil)

// NewBusinessAccountDataSource returns the whatsapp_business_account data source.
func NewBusinessAccountDataSource() datasource.DataSource { return &businessAccountDataSource{} }

type businessAccountDataSource struct{ data *providerData }

type businessAccountModel struct {
	ID                         types.String `tfsdk:"id"`
	Name                       types.String `tfsdk:"name"`
	TimezoneID                 types.String `tfsdk:"timezone_id"`
	MessageTemplateNamespace   types.String `tfsdk:"message_template_namespace"`
	AccountReviewStatus        types.String `tfsdk:"account_review_status"`
	BusinessVerificationStatus types.String `tfsdk:"business_verification_status"`
	Country                    types.String `tfsdk:"country"`
	Currency                   types.String `tfsdk:"currency"`
	IsEnabledForInsights       types.Bool   `tfsdk:"is_enabled_for_insights"`
	OwnershipType              types.String `tfsdk:"ownership_type"`
	PrimaryFundingID           types.String `tfsdk:"primary_funding_id"`
	PurchaseOrderNumber        types.String `tfsdk:"purchase_order_number"`
	PrimaryBusinessLocation    types.String `tfsdk:"primary_business_location"`
	Status                     types.String `tfsdk:"status"`
	OnBehalfOfBusinessInfo     types.Object `tfsdk:"on_behalf_of_business_info"`
	OwnerBusinessInfo          types.Object `tfsdk:"owner_business_info"`
	HealthStatus               types.Object `tfsdk:"health_status"`
}

var (
	onBehalfOfTypes   = map[string]attr.Type{"id": types.StringType, "name": types.StringType, "status": types.StringType, "type": types.StringType}
	ownerBusinessType = map[string]attr.Type{"id": types.StringType, "name": types.StringType}
	healthEntityType  = map[string]attr.Type{"entity_type": types.StringType, "id": types.StringType, "can_send_message": types.StringType}
	healthStatusTypes = map[string]attr.Type{
		"can_send_message": types.StringType,
		"entities":         types.ListType{ElemType: types.ObjectType{AttrTypes: healthEntityType}},
	}
)

func (d *businessAccountDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_business_account"
}

func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
}

func (d *businessAccountDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a WhatsApp Business Account (WABA): its name, review and verification status, owner business and " +
			"messaging health. Fields Meta does not return for the account are null.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The WhatsApp Business Account ID, as shown in WhatsApp Manager.",
				Required:            true,
				Validators:          []validator.String{graphID()},
			},
			"name":                         computedString("The account's name."),
			"timezone_id":                  computedString("The account's time zone, as Meta's numeric time zone ID."),
			"message_template_namespace":   computedString("The namespace of the account's message templates."),
			"account_review_status":        computedString("The outcome of Meta's account review, such as `APPROVED` or `PENDING`."),
			"business_verification_status": computedString("The owner business's verification status, such as `verified`."),
			"country":                      computedString("The country of the owning business portfolio."),
			"currency":                     computedString("The ISO currency the account is billed in."),
			"is_enabled_for_insights": schema.BoolAttribute{
				MarkdownDescription: "Whether template analytics are enabled.",
				Computed:            true,
			},
			"ownership_type":            computedString("How the account is owned, such as `SELF_OWNED`."),
			"primary_funding_id":        computedString("The ID of the account's primary funding source."),
			"purchase_order_number":     computedString("The purchase order number used for billing."),
			"primary_business_location": computedString("The country code of the primary business location."),
			"status":                    computedString("The account's status, such as `ACTIVE`."),
			"on_behalf_of_business_info": schema.SingleNestedAttribute{
				MarkdownDescription: "The business the account acts for.",
				Computed:            true,
				Attributes: map[string]schema.Attribute{
					"id":     computedString("The business ID."),
					"name":   computedString("The business name."),
					"status": computedString("The relationship's status."),
					"type":   computedString("The relationship's type, such as `SELF`."),
				},
			},
			"owner_business_info": schema.SingleNestedAttribute{
				MarkdownDescription: "The business portfolio that owns the account. Its `id` is what `whatsapp_assigned_user` uses as `business_id` by default.",
				Computed:            true,
				Attributes: map[string]schema.Attribute{
					"id":   computedString("The business ID."),
					"name": computedString("The business name."),
				},
			},
			"health_status": schema.SingleNestedAttribute{
				MarkdownDescription: "Whether the account and its entities can send messages.",
				Computed:            true,
				Attributes: map[string]schema.Attribute{
					"can_send_message": computedString("`AVAILABLE`, `LIMITED` or `BLOCKED` for the account as a whole."),
					"entities": schema.ListNestedAttribute{
						MarkdownDescription: "The health of each entity: the account, its business, app and phone numbers.",
						Computed:            true,
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"entity_type":      computedString("`WABA`, `BUSINESS`, `APP`, `PHONE_NUMBER` or `MESSAGE_TEMPLATE`."),
							"id":               computedString("The entity's ID."),
							"can_send_message": computedString("`AVAILABLE`, `LIMITED` or `BLOCKED`."),
						}},
					},
				},
			},
		},
	}
}

func (d *businessAccountDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *businessAccountDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m businessAccountModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	client := d.data.get(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	w, err := client.WABA(ctx, m.ID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot read WhatsApp Business Account", "reading WhatsApp Business Account "+m.ID.ValueString(), err)
		return
	}
	resp.Diagnostics.Append(m.fill(w)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (m *businessAccountModel) fill(w *graphapi.WABA) (diags diag.Diagnostics) {
	m.Name = types.StringPointerValue(w.Name)
	m.TimezoneID = types.StringPointerValue(w.TimezoneID)
	m.MessageTemplateNamespace = types.StringPointerValue(w.MessageTemplateNamespace)
	m.AccountReviewStatus = types.StringPointerValue(w.AccountReviewStatus)
	m.BusinessVerificationStatus = types.StringPointerValue(w.BusinessVerificationStatus)
	m.Country = types.StringPointerValue(w.Country)
	m.Currency = types.StringPointerValue(w.Currency)
	m.IsEnabledForInsights = types.BoolPointerValue(w.IsEnabledForInsights)
	m.OwnershipType = types.StringPointerValue(w.OwnershipType)
	m.PrimaryFundingID = types.StringPointerValue(w.PrimaryFundingID)
	m.PurchaseOrderNumber = types.StringPointerValue(w.PurchaseOrderNumber)
	m.PrimaryBusinessLocation = types.StringPointerValue(w.PrimaryBusinessLocation)
	m.Status = types.StringPointerValue(w.Status)

	m.OnBehalfOfBusinessInfo = types.ObjectNull(onBehalfOfTypes)
	if b := w.OnBehalfOfBusinessInfo; b != nil {
		m.OnBehalfOfBusinessInfo = objectValue(&diags, onBehalfOfTypes, map[string]attr.Value{
			"id": types.StringPointerValue(b.ID), "name": types.StringPointerValue(b.Name),
			"status": types.StringPointerValue(b.Status), "type": types.StringPointerValue(b.Type),
		})
	}
	m.OwnerBusinessInfo = types.ObjectNull(ownerBusinessType)
	if b := w.OwnerBusinessInfo; b != nil {
		m.OwnerBusinessInfo = objectValue(&diags, ownerBusinessType, map[string]attr.Value{
			"id": types.StringPointerValue(b.ID), "name": types.StringPointerValue(b.Name),
		})
	}
	m.HealthStatus = types.ObjectNull(healthStatusTypes)
	if h := w.HealthStatus; h != nil {
		entityType := types.ObjectType{AttrTypes: healthEntityType}
		entities := make([]attr.Value, 0, len(h.Entities))
		for _, e := range h.Entities {
			entities = append(entities, objectValue(&diags, healthEntityType, map[string]attr.Value{
				"entity_type": types.StringPointerValue(e.EntityType), "id": types.StringPointerValue(e.ID),
				"can_send_message": types.StringPointerValue(e.CanSendMessage),
			}))
		}
		list, d := types.ListValue(entityType, entities)
		diags.Append(d...)
		m.HealthStatus = objectValue(&diags, healthStatusTypes, map[string]attr.Value{
			"can_send_message": types.StringPointerValue(h.CanSendMessage), "entities": list,
		})
	}
	return diags
}
