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
	CreationTime               types.String `tfsdk:"creation_time"`
	IsSharedWithPartners       types.Bool   `tfsdk:"is_shared_with_partners"`
	MessagingLimit             types.String `tfsdk:"whatsapp_business_manager_messaging_limit"`
	MarketingLiteAPIStatus     types.String `tfsdk:"marketing_messages_lite_api_status"`
	MarketingOnboardingStatus  types.String `tfsdk:"marketing_messages_onboarding_status"`
	AuthInternationalRate      types.String `tfsdk:"auth_international_rate_eligibility"`
	LinkedCommerceAccount      types.Object `tfsdk:"linked_commerce_account"`
	OwnerBusiness              types.Object `tfsdk:"owner_business"`
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
	EntityType     types.String       `tfsdk:"entity_type"`
	ID             types.String       `tfsdk:"id"`
	CanSendMessage types.String       `tfsdk:"can_send_message"`
	Errors         []healthErrorModel `tfsdk:"errors"`
	AdditionalInfo []types.String     `tfsdk:"additional_info"`
}

type healthErrorModel struct {
	ErrorCode        types.Int64  `tfsdk:"error_code"`
	ErrorDescription types.String `tfsdk:"error_description"`
	PossibleSolution types.String `tfsdk:"possible_solution"`
}

type commerceAccountModel struct {
	ID types.String `tfsdk:"id"`
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
			"creation_time":                             computedString("When the account was created: unix seconds, as Meta documents it."),
			"is_shared_with_partners":                   schema.BoolAttribute{MarkdownDescription: "Whether the account is shared with partners (solution providers).", Computed: true},
			"whatsapp_business_manager_messaging_limit": computedString("The account's messaging limit tier, such as `TIER_2K` or `TIER_UNLIMITED`."),
			"marketing_messages_lite_api_status":        computedString("The status of the Marketing Messages Lite API for the account."),
			"marketing_messages_onboarding_status":      computedString("The onboarding status of Marketing Messages."),
			"auth_international_rate_eligibility": computedString("Whether authentication templates get international rates, as the JSON " +
				"Meta returns (its shape is not documented); use `jsondecode()` to read it."),
			"linked_commerce_account": schema.SingleNestedAttribute{
				MarkdownDescription: "The commerce account (Commerce Manager) linked to the WhatsApp Business Account.",
				Computed:            true,
				Attributes:          map[string]schema.Attribute{"id": computedString("The commerce merchant settings ID.")},
			},
			"owner_business": schema.SingleNestedAttribute{
				MarkdownDescription: "The business node that owns the account (the same business as `owner_business_info`, read as a node).",
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
							"errors": schema.ListNestedAttribute{
								MarkdownDescription: "Why the entity cannot send (for a `BLOCKED` or `LIMITED` entity), and what to do.",
								Computed:            true,
								NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
									"error_code":        schema.Int64Attribute{MarkdownDescription: "Meta's error code.", Computed: true},
									"error_description": computedString("What is wrong."),
									"possible_solution": computedString("What Meta suggests doing about it."),
								}},
							},
							"additional_info": schema.ListAttribute{
								MarkdownDescription: "Further notes from Meta, such as `Display name not yet approved`.",
								Computed:            true,
								ElementType:         types.StringType,
							},
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
	m.CreationTime = stringValue(w.CreationTime)
	m.IsSharedWithPartners = types.BoolPointerValue(w.IsSharedWithPartners)
	m.MessagingLimit = stringValue(w.WhatsAppBusinessManagerMessagingLimit)
	m.MarketingLiteAPIStatus = stringValue(w.MarketingMessagesLiteAPIStatus)
	m.MarketingOnboardingStatus = stringValue(w.MarketingMessagesOnboardingStatus)
	m.AuthInternationalRate = types.StringNull()
	if len(w.AuthInternationalRateEligibility) > 0 {
		m.AuthInternationalRate = types.StringValue(string(w.AuthInternationalRateEligibility))
	}

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
	var lc *commerceAccountModel
	if x := w.LinkedCommerceAccount; x != nil {
		lc = &commerceAccountModel{ID: stringValue(x.ID)}
	}
	m.LinkedCommerceAccount = objectFrom(ctx, &diags, nested["linked_commerce_account"], lc)
	var ob *ownerBusinessModel
	if x := w.OwnerBusiness; x != nil {
		ob = &ownerBusinessModel{ID: stringValue(x.ID), Name: stringValue(x.Name)}
	}
	m.OwnerBusiness = objectFrom(ctx, &diags, nested["owner_business"], ob)
	var h *healthStatusModel
	if x := w.HealthStatus; x != nil {
		h = &healthStatusModel{CanSendMessage: stringValue(x.CanSendMessage), Entities: []healthEntityModel{}}
		for _, e := range x.Entities {
			entity := healthEntityModel{EntityType: stringValue(e.EntityType), ID: stringValue(e.ID), CanSendMessage: stringValue(e.CanSendMessage),
				Errors: []healthErrorModel{}, AdditionalInfo: []types.String{}}
			for _, x := range e.Errors {
				entity.Errors = append(entity.Errors, healthErrorModel{ErrorCode: types.Int64PointerValue(x.ErrorCode),
					ErrorDescription: stringValue(x.ErrorDescription), PossibleSolution: stringValue(x.PossibleSolution)})
			}
			for _, info := range e.AdditionalInfo {
				entity.AdditionalInfo = append(entity.AdditionalInfo, types.StringValue(info))
			}
			h.Entities = append(h.Entities, entity)
		}
	}
	m.HealthStatus = objectFrom(ctx, &diags, nested["health_status"], h)
	return diags
}

// businessAccountTypes are the attribute types of the schema's nested objects.
var businessAccountTypes = sync.OnceValue(func() map[string]map[string]attr.Type {
	return attrTypesOf(businessAccountSchema().Attributes)
})
