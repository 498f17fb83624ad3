package provider

import (
	"context"
	"sync"

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
func NewBusinessAccountDataSource() datasource.DataSource {
	return &businessAccountDataSource{dataSourceBase{typeName: "business_account"}}
}

type businessAccountDataSource struct{ dataSourceBase }

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

// Nested models mirror the nested attributes of the schema; their attribute
// types come from the schema itself (attrTypesOf), so each is declared once.
type onBehalfOfModel struct {
	ID     types.String `tfsdk:"id"`
	Name   types.String `tfsdk:"name"`
	Status types.String `tfsdk:"status"`
	Type   types.String `tfsdk:"type"`
}

type ownerBusinessModel struct {
	ID   types.String `tfsdk:"id"`
	Name types.String `tfsdk:"name"`
}

type healthStatusModel struct {
	CanSendMessage types.String        `tfsdk:"can_send_message"`
	Entities       []healthEntityModel `tfsdk:"entities"`
}

type healthEntityModel struct {
	EntityType     types.String `tfsdk:"entity_type"`
	ID             types.String `tfsdk:"id"`
	CanSendMessage types.String `tfsdk:"can_send_message"`
}

func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
}

func (d *businessAccountDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = businessAccountSchema()
}

func businessAccountSchema() schema.Schema {
	return schema.Schema{
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

func (d *businessAccountDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m businessAccountModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	client := d.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	w, err := client.WABA(ctx, m.ID.ValueString())
	if err != nil {
		d.data.addReadError(&resp.Diagnostics, "Cannot Read WhatsApp Business Account", "reading WhatsApp Business Account "+m.ID.ValueString(), err)
		return
	}
	resp.Diagnostics.Append(m.fill(ctx, w)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (m *businessAccountModel) fill(ctx context.Context, w *graphapi.WABA) (diags diag.Diagnostics) {
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

	nested := businessAccountTypes()
	var b *onBehalfOfModel
	if x := w.OnBehalfOfBusinessInfo; x != nil {
		b = &onBehalfOfModel{ID: stringValue(x.ID), Name: stringValue(x.Name), Status: stringValue(x.Status), Type: stringValue(x.Type)}
	}
	m.OnBehalfOfBusinessInfo = objectFrom(ctx, &diags, nested["on_behalf_of_business_info"], b)
	var o *ownerBusinessModel
	if x := w.OwnerBusinessInfo; x != nil {
		o = &ownerBusinessModel{ID: stringValue(x.ID), Name: stringValue(x.Name)}
	}
	m.OwnerBusinessInfo = objectFrom(ctx, &diags, nested["owner_business_info"], o)
	var h *healthStatusModel
	if x := w.HealthStatus; x != nil {
		h = &healthStatusModel{CanSendMessage: stringValue(x.CanSendMessage), Entities: []healthEntityModel{}}
		for _, e := range x.Entities {
			h.Entities = append(h.Entities, healthEntityModel{EntityType: stringValue(e.EntityType), ID: stringValue(e.ID), CanSendMessage: stringValue(e.CanSendMessage)})
		}
	}
	m.HealthStatus = objectFrom(ctx, &diags, nested["health_status"], h)
	return diags
}

// businessAccountTypes are the attribute types of the schema's nested objects.
var businessAccountTypes = sync.OnceValue(func() map[string]map[string]attr.Type {
	return attrTypesOf(businessAccountSchema().Attributes)
})
