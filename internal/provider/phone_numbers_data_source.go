package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*phoneNumbersDataSource)(nil)

// NewPhoneNumbersDataSource returns the whatsapp_phone_numbers data source.
func NewPhoneNumbersDataSource() datasource.DataSource {
	return &phoneNumbersDataSource{dataSourceBase{typeName: "phone_numbers"}}
}

type phoneNumbersDataSource struct{ dataSourceBase }

type phoneNumbersModel struct {
	WABAID       types.String       `tfsdk:"waba_id"`
	PhoneNumbers []phoneNumberEntry `tfsdk:"phone_numbers"`
}

type phoneNumberEntry struct {
	ID                        types.String `tfsdk:"id"`
	CC                        types.String `tfsdk:"cc"`
	PhoneNumber               types.String `tfsdk:"phone_number"`
	VerifiedName              types.String `tfsdk:"verified_name"`
	DisplayPhoneNumber        types.String `tfsdk:"display_phone_number"`
	Status                    types.String `tfsdk:"status"`
	CodeVerificationStatus    types.String `tfsdk:"code_verification_status"`
	QualityRating             types.String `tfsdk:"quality_rating"`
	NameStatus                types.String `tfsdk:"name_status"`
	PlatformType              types.String `tfsdk:"platform_type"`
	ThroughputLevel           types.String `tfsdk:"throughput_level"`
	AccountMode               types.String `tfsdk:"account_mode"`
	IsOfficialBusinessAccount types.Bool   `tfsdk:"is_official_business_account"`
	LastOnboardedTime         types.String `tfsdk:"last_onboarded_time"`
	NewDisplayName            types.String `tfsdk:"new_display_name"`
	NewNameStatus             types.String `tfsdk:"new_name_status"`
}

func (d *phoneNumbersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the phone numbers of a WhatsApp Business Account (every page), for discovery and for import blocks. " +
			"It reads the same shared listing as `whatsapp_phone_number`, so a configuration with both costs no extra call.",
		Attributes: map[string]schema.Attribute{
			"waba_id": schema.StringAttribute{
				MarkdownDescription: "The WhatsApp Business Account ID.",
				Required:            true,
				Validators:          []validator.String{graphID()},
			},
			"phone_numbers": schema.ListNestedAttribute{
				MarkdownDescription: "The numbers, in Meta's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                       computedString("The phone number ID."),
					"cc":                       computedString("The country calling code, from `display_phone_number`."),
					"phone_number":             computedString("The number without the country code, from `display_phone_number`."),
					"verified_name":            computedString("The display name."),
					"display_phone_number":     computedString("The number as WhatsApp shows it."),
					"status":                   computedString("The number's status, such as `CONNECTED`."),
					"code_verification_status": computedString("`NOT_VERIFIED`, `VERIFIED` or `EXPIRED`."),
					"quality_rating":           computedString("`GREEN`, `YELLOW`, `RED` or `UNKNOWN`."),
					"name_status":              computedString("The review status of the display name."),
					"platform_type":            computedString("`CLOUD_API`, `ON_PREMISE` or `NOT_APPLICABLE`."),
					"throughput_level":         computedString("`STANDARD`, `HIGH` or `NOT_APPLICABLE`."),
					"account_mode":             computedString("`SANDBOX` or `LIVE`."),
					"is_official_business_account": schema.BoolAttribute{
						MarkdownDescription: "Whether the number has an Official Business Account badge.", Computed: true,
					},
					"last_onboarded_time": computedString("When the number was last onboarded."),
					"new_display_name":    computedString("The display name of an open or declined request, if any."),
					"new_name_status":     computedString("The review status of `new_display_name`."),
				}},
			},
		},
	}
}

func (d *phoneNumbersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m phoneNumbersModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	client := d.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	numbers, err := client.PhoneNumbers(ctx, m.WABAID.ValueString())
	if err != nil {
		d.data.addReadError(&resp.Diagnostics, "Cannot Read Phone Numbers", "listing the phone numbers of WhatsApp Business Account "+m.WABAID.ValueString(), err)
		return
	}
	m.PhoneNumbers = make([]phoneNumberEntry, 0, len(numbers))
	for i := range numbers {
		var r phoneNumberModel
		r.fill(&numbers[i], &resp.Diagnostics)
		m.PhoneNumbers = append(m.PhoneNumbers, phoneNumberEntry{
			ID: r.ID, CC: r.CC, PhoneNumber: r.PhoneNumber, VerifiedName: r.VerifiedName, DisplayPhoneNumber: r.DisplayPhoneNumber,
			Status: r.Status, CodeVerificationStatus: r.CodeVerificationStatus, QualityRating: r.QualityRating, NameStatus: r.NameStatus,
			PlatformType: r.PlatformType, ThroughputLevel: r.ThroughputLevel, AccountMode: r.AccountMode,
			IsOfficialBusinessAccount: r.IsOfficialBusinessAccount, LastOnboardedTime: r.LastOnboardedTime,
			NewDisplayName: r.NewDisplayName, NewNameStatus: r.NewNameStatus,
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
