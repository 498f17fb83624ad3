package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

var (
	_ resource.ResourceWithConfigure   = (*phoneNumberResource)(nil)
	_ resource.ResourceWithImportState = (*phoneNumberResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*phoneNumberResource)(nil)
)

// NewPhoneNumberResource returns the whatsapp_phone_number resource.
func NewPhoneNumberResource() resource.Resource {
	return newPhoneNumberResource()
}

func newPhoneNumberResource() *phoneNumberResource {
	return &phoneNumberResource{resourceBase{typeName: "phone_number", identity: []string{"waba_id", "id"}}}
}

type phoneNumberResource struct{ resourceBase }

type phoneNumberModel struct {
	ID                        types.String `tfsdk:"id"`
	WABAID                    types.String `tfsdk:"waba_id"`
	CC                        types.String `tfsdk:"cc"`
	PhoneNumber               types.String `tfsdk:"phone_number"`
	VerifiedName              types.String `tfsdk:"verified_name"`
	MigratePhoneNumber        types.Bool   `tfsdk:"migrate_phone_number"`
	PreverifiedID             types.String `tfsdk:"preverified_id"`
	DeregisterOnDestroy       types.Bool   `tfsdk:"deregister_on_destroy"`
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

var (
	ccRegexp           = regexp.MustCompile(`^[0-9]{1,3}$`)
	nationalRegexp     = regexp.MustCompile(`^[0-9]{4,15}$`)
	phoneDestroyAdvice = "The Graph API cannot delete a business phone number: it stays on the WhatsApp Business Account until an admin removes it in WhatsApp Manager."
)

func (r *phoneNumberResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Adds a business phone number to a WhatsApp Business Account. " + phoneDestroyAdvice +
			" `terraform destroy` therefore only forgets the number (and deregisters it from the Cloud API when `deregister_on_destroy` is true). " +
			"A new number stays `PENDING` until it is registered: use `whatsapp_phone_number_registration`. Ownership verification " +
			"(request_code, verify_code) is not managed.",
		Attributes: map[string]schema.Attribute{
			"id": computed("The phone number ID."),
			"waba_id": schema.StringAttribute{
				MarkdownDescription: "The WhatsApp Business Account ID. Changing it replaces the resource (the old number stays on its account).",
				Required:            true,
				Validators:          []validator.String{graphID()},
				PlanModifiers:       replace,
			},
			"cc": schema.StringAttribute{
				MarkdownDescription: "The country calling code, 1 to 3 digits without `+`, such as `49`. Changing it replaces the resource.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(ccRegexp, "must be a country calling code of 1 to 3 digits, without + (such as 49)")},
				PlanModifiers:       replace,
			},
			"phone_number": schema.StringAttribute{
				MarkdownDescription: "The number without country code, 4 to 15 digits, no `+`, spaces or dashes, such as `15112345678`. Changing it replaces the resource.",
				Required:            true,
				Validators: []validator.String{stringvalidator.RegexMatches(nationalRegexp,
					"must be 4 to 15 digits without the country code, + , spaces or dashes (such as 15112345678)")},
				PlanModifiers: replace,
			},
			"verified_name": schema.StringAttribute{
				MarkdownDescription: "The display name shown in WhatsApp, set when the number is added. A later change requests a new display name, " +
					"which Meta reviews: while the request is pending the configured name is kept (no diff), once approved it reads back as " +
					"approved, and a declined name is reported once as a warning without being requested again. A change back to the name the number " +
					"has at Meta requests nothing. After an approved change, " +
					"Meta needs the number registered again.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.LengthBetween(3, 512)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"migrate_phone_number": schema.BoolAttribute{
				MarkdownDescription: "Set to migrate a number that is registered on another account or on the On-Premises API. Only used when " +
					"the number is added; changing it later is stored without an API call. Import cannot read it.",
				Optional: true,
			},
			"preverified_id": schema.StringAttribute{
				MarkdownDescription: "The ID of a pre-verified phone number to add. Only used when the number is added; changing it later is " +
					"stored without an API call. Import cannot read it.",
				Optional:   true,
				Validators: []validator.String{graphID()},
			},
			"deregister_on_destroy": schema.BoolAttribute{
				MarkdownDescription: "Whether `terraform destroy` deregisters the number from the Cloud API (`POST /{id}/deregister`) before " +
					"forgetting it. Default `false`. Import cannot read it.",
				Optional:      true,
				Computed:      true,
				Default:       booldefault.StaticBool(false),
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"display_phone_number":     computed("The number as WhatsApp shows it, such as `+49 151 12345678`."),
			"status":                   computed("The number's status, such as `PENDING` or `CONNECTED`."),
			"code_verification_status": computed("`NOT_VERIFIED`, `VERIFIED` or `EXPIRED`."),
			"quality_rating":           computed("`GREEN`, `YELLOW`, `RED` or `UNKNOWN`."),
			"name_status":              computed("The review status of the display name, such as `PENDING_REVIEW` or `APPROVED`."),
			"platform_type":            computed("`CLOUD_API`, `ON_PREMISE` or `NOT_APPLICABLE` (not registered)."),
			"throughput_level":         computed("`STANDARD`, `HIGH` or `NOT_APPLICABLE`."),
			"account_mode":             computed("`SANDBOX` or `LIVE`."),
			"is_official_business_account": schema.BoolAttribute{
				MarkdownDescription: "Whether the number has an Official Business Account badge.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"last_onboarded_time": computed("When the number was last onboarded, such as `2026-03-02T10:15:00+0000`."),
			"new_display_name": schema.StringAttribute{
				MarkdownDescription: "The display name of the latest request, while Meta reviews it or after it declined it; null when none is open.",
				Computed:            true,
			},
			"new_name_status": schema.StringAttribute{
				MarkdownDescription: "The review status of `new_display_name`, such as `PENDING_REVIEW` or `DECLINED`; null when no request is open.",
				Computed:            true,
			},
		},
	}
}

// ModifyPlan reports a declined display-name request once per plan, naming
// the declined name. Read keeps the configured name, so there is no diff and
// no new request until the configuration names another one.
func (r *phoneNumberResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	// Most plans are of numbers without a declined name: one attribute tells,
	// at a fraction of what reading the whole model costs.
	var status types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("new_name_status"), &status)...)
	if resp.Diagnostics.HasError() || status.ValueString() != "DECLINED" {
		return
	}
	var state phoneNumberModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	var configured types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("verified_name"), &configured)...)
	if resp.Diagnostics.HasError() || !configured.Equal(state.NewDisplayName) {
		return
	}
	resp.Diagnostics.AddAttributeWarning(path.Root("verified_name"), "Display Name Declined",
		fmt.Sprintf("Meta declined the display name %s for %s. The number keeps its current name; set verified_name to another name "+
			"to request it (see Meta's display name guidelines).", state.NewDisplayName, state.DisplayPhoneNumber.ValueString()))
}

// fill copies a phone number read from the API into the model. cc and
// phone_number stay as they are when the display number's digits agree, so a
// refresh never plans replacing a number that cannot be deleted.
func (m *phoneNumberModel) fill(p *graphapi.PhoneNumber, diags *diag.Diagnostics) {
	m.ID = types.StringValue(p.ID)
	m.DisplayPhoneNumber = types.StringPointerValue(p.DisplayPhoneNumber)
	if p.DisplayPhoneNumber != nil {
		same := digitsOf(*p.DisplayPhoneNumber) == m.CC.ValueString()+m.PhoneNumber.ValueString()
		if !same || m.CC.IsNull() || m.PhoneNumber.IsNull() {
			if cc, national, ok := splitDisplayNumber(*p.DisplayPhoneNumber); ok {
				m.CC, m.PhoneNumber = types.StringValue(cc), types.StringValue(national)
			} else if m.CC.IsNull() {
				diags.AddError("Cannot Read the Phone Number",
					fmt.Sprintf("display_phone_number %q is not of the form \"+<cc> <number>\", so cc and phone_number cannot be derived.", *p.DisplayPhoneNumber))
			}
		}
	}
	m.NewDisplayName, m.NewNameStatus = stringValue(p.NewDisplayName), stringValue(p.NewNameStatus)
	// While the name in state is under review, or was declined, keep it: the
	// plan stays empty and the name is not requested again.
	requested := p.NewDisplayName != nil && m.VerifiedName.ValueString() == *p.NewDisplayName && !m.VerifiedName.IsUnknown()
	if !requested {
		m.VerifiedName = stringValue(p.VerifiedName)
	}
	m.Status = types.StringPointerValue(p.Status)
	m.CodeVerificationStatus = types.StringPointerValue(p.CodeVerificationStatus)
	m.QualityRating = types.StringPointerValue(p.QualityRating)
	m.NameStatus = types.StringPointerValue(p.NameStatus)
	m.PlatformType = types.StringPointerValue(p.PlatformType)
	m.ThroughputLevel = types.StringPointerValue(p.ThroughputLevel())
	m.AccountMode = types.StringPointerValue(p.AccountMode)
	m.IsOfficialBusinessAccount = types.BoolPointerValue(p.IsOfficialBusinessAccount)
	m.LastOnboardedTime = types.StringPointerValue(p.LastOnboardedTime)
}

// nullComputed sets the API-computed attributes to null, for a number whose
// details could not be read back.
func (m *phoneNumberModel) nullComputed() {
	for _, s := range []*types.String{&m.DisplayPhoneNumber, &m.Status, &m.CodeVerificationStatus, &m.QualityRating,
		&m.NameStatus, &m.PlatformType, &m.ThroughputLevel, &m.AccountMode, &m.LastOnboardedTime} {
		*s = types.StringNull()
	}
	if m.VerifiedName.IsUnknown() {
		m.VerifiedName = types.StringNull()
	}
	m.IsOfficialBusinessAccount = types.BoolNull()
	m.NewDisplayName, m.NewNameStatus = types.StringNull(), types.StringNull()
}

// findByDigits looks a number up in the WABA's shared listing by its digits,
// for a create whose outcome is unknown.
func findByDigits(ctx context.Context, client *graphapi.Client, wabaID, digits string) (*graphapi.PhoneNumber, error) {
	numbers, err := client.PhoneNumbers(ctx, wabaID)
	if err != nil {
		return nil, err
	}
	for i, p := range numbers {
		if p.DisplayPhoneNumber != nil && digitsOf(*p.DisplayPhoneNumber) == digits {
			return &numbers[i], nil
		}
	}
	return nil, nil
}

func (r *phoneNumberResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan phoneNumberModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	defer client.Operation()() // lets concurrent read-backs gather, see graphapi.Client.Operation
	waba := plan.WABAID.ValueString()
	writeStep[graphapi.PhoneNumber]{
		summary: "Cannot Add Phone Number",
		what:    fmt.Sprintf("adding +%s %s to WhatsApp Business Account %s", plan.CC.ValueString(), plan.PhoneNumber.ValueString(), waba),
		write: func(ctx context.Context) error {
			id, err := r.add(ctx, client, &plan)
			if err == nil {
				plan.ID = types.StringValue(id)
			}
			return err
		},
		readBack: func(ctx context.Context) (*graphapi.PhoneNumber, error) {
			if plan.ID.IsUnknown() {
				return nil, nil // add failed, after looking for the number when it had to
			}
			got, err := client.ReadBackPhoneNumber(ctx, waba, plan.ID.ValueString())
			if err == nil && got == nil {
				err = fmt.Errorf("number %s is not in the account's listing yet", plan.ID.ValueString())
			}
			return got, err
		},
		save: func(got *graphapi.PhoneNumber) {
			plan.fill(got, &resp.Diagnostics)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			keepMetaName(ctx, resp.Private, got, &resp.Diagnostics)
		},
		// The number exists and its ID is known: save it without the details
		// rather than taint it, since replacing a number that cannot be
		// deleted would only fail with "already exists".
		unconfirmed: func(readErr error, diags *diag.Diagnostics) {
			plan.nullComputed()
			diags.Append(resp.State.Set(ctx, &plan)...)
			diags.AddWarning("Phone Number Added, Details Not Read Yet",
				apiErrorDetail("reading back the new number "+plan.ID.ValueString()+" (it is saved in state; the next refresh fills in its status)", readErr))
		},
		explain: func(err error, diags *diag.Diagnostics) { r.explainAddError(ctx, client, &plan, err, diags) },
	}.run(ctx, &resp.Diagnostics)
}

// add POSTs the number. When a POST's outcome is unknown, graphapi.Settle
// lists the WABA's numbers: a number that is there is adopted, otherwise the
// POST is sent again.
func (r *phoneNumberResource) add(ctx context.Context, client *graphapi.Client, plan *phoneNumberModel) (string, error) {
	waba := plan.WABAID.ValueString()
	digits := plan.CC.ValueString() + plan.PhoneNumber.ValueString()
	input := graphapi.NewPhoneNumber{
		CC: plan.CC.ValueString(), PhoneNumber: plan.PhoneNumber.ValueString(),
		VerifiedName: plan.VerifiedName.ValueString(), MigratePhoneNumber: plan.MigratePhoneNumber.ValueBool(),
		PreverifiedID: plan.PreverifiedID.ValueString(),
	}
	return graphapi.Settle(ctx, client,
		func(ctx context.Context) (string, error) { return client.CreatePhoneNumber(ctx, waba, input) },
		func(ctx context.Context) (string, bool, error) {
			existing, err := findByDigits(ctx, client, waba, digits)
			if existing == nil {
				return "", false, err
			}
			return existing.ID, true, nil
		})
}

// explainAddError turns "already exists" into the import ID to use. Meta
// says so with 2388012, or with a bare code 100 whose message is localized:
// then the listing decides whether the number is on the account.
func (r *phoneNumberResource) explainAddError(ctx context.Context, client *graphapi.Client, plan *phoneNumberModel, err error, diags *diag.Diagnostics) {
	waba := plan.WABAID.ValueString()
	var existing *graphapi.PhoneNumber
	e, ok := graphapi.As(err)
	if ok && (e.IsAlreadyExists() || e.IsInvalidParameter()) {
		existing, _ = findByDigits(ctx, client, waba, plan.CC.ValueString()+plan.PhoneNumber.ValueString())
	}
	if existing == nil && !graphapi.IsAlreadyExists(err) {
		addAPIError(diags, "Cannot Add Phone Number", fmt.Sprintf("adding +%s %s to WhatsApp Business Account %s", plan.CC.ValueString(), plan.PhoneNumber.ValueString(), waba), err)
		return
	}
	importID := waba + "/<phone_number_id>"
	if existing != nil {
		importID = waba + "/" + existing.ID
	}
	diags.AddError("Phone Number Already on the Account",
		fmt.Sprintf("+%s %s is already on WhatsApp Business Account %s (%v). Import it instead of adding it again:\n\n  terraform import whatsapp_phone_number.<name> %s\n\nor add an import block with id = %q.",
			plan.CC.ValueString(), plan.PhoneNumber.ValueString(), waba, err, importID, importID))
}

func (r *phoneNumberResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State, &req.State)
	var state phoneNumberModel
	resp.Diagnostics.Append(getState(ctx, req.State, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	got, err := client.FindPhoneNumber(ctx, state.WABAID.ValueString(), state.ID.ValueString())
	if err != nil {
		r.addReadError(&resp.Diagnostics, "Cannot Read Phone Numbers", "listing the phone numbers of WhatsApp Business Account "+state.WABAID.ValueString(), err)
		return
	}
	if got == nil {
		resp.State.RemoveResource(ctx)
		return
	}
	state.fill(got, &resp.Diagnostics)
	resp.Diagnostics.Append(setState(ctx, &resp.State, &state)...)
	keepMetaName(ctx, resp.Private, got, &resp.Diagnostics)
}

// Update requests a new display name when verified_name changed; the other
// arguments only matter at creation or destroy (migrate_phone_number,
// preverified_id, deregister_on_destroy) and are stored without an API call.
func (r *phoneNumberResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan, prior phoneNumberModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The name the number already has at Meta (back to it after a declined
	// request) is recorded without a request.
	if plan.VerifiedName.IsUnknown() || plan.VerifiedName.Equal(prior.VerifiedName) || plan.VerifiedName.ValueString() == metaName(ctx, req.Private) {
		plan.NewDisplayName, plan.NewNameStatus = prior.NewDisplayName, prior.NewNameStatus
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	defer client.Operation()() // lets concurrent read-backs gather, see graphapi.Client.Operation
	waba, id, name := plan.WABAID.ValueString(), plan.ID.ValueString(), plan.VerifiedName.ValueString()
	if err := client.RequestDisplayName(ctx, waba, id, name); err != nil {
		addAPIError(&resp.Diagnostics, "Cannot Request Display Name", fmt.Sprintf("requesting the display name %q for number %s", name, id), err)
		resp.Diagnostics.Append(resp.State.Set(ctx, &prior)...)
		return
	}
	got, err := client.ReadBackPhoneNumber(ctx, waba, id)
	if err != nil || got == nil {
		// Requested: the state says so, and the next refresh reads the review.
		plan.NewDisplayName, plan.NewNameStatus = types.StringValue(name), types.StringValue("PENDING_REVIEW")
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		if err != nil {
			resp.Diagnostics.AddWarning("Display Name Requested, Not Read Back", apiErrorDetail("reading number "+id+" after the request", err))
		}
		return
	}
	plan.fill(got, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	keepMetaName(ctx, resp.Private, got, &resp.Diagnostics)
}

func (r *phoneNumberResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state phoneNumberModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	number := state.DisplayPhoneNumber.ValueString()
	if number == "" {
		number = "+" + state.CC.ValueString() + " " + state.PhoneNumber.ValueString()
	}
	if state.DeregisterOnDestroy.ValueBool() {
		client := r.client(&resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		defer client.Operation()() // lets concurrent read-backs gather, see graphapi.Client.Operation
		if err := client.DeregisterPhoneNumber(ctx, state.WABAID.ValueString(), state.ID.ValueString()); err != nil && !graphapi.IsNotFound(err) {
			addAPIError(&resp.Diagnostics, "Cannot Deregister Phone Number", "deregistering "+number+" from the Cloud API", err)
			return
		}
	}
	resp.Diagnostics.AddWarning("Phone Number Stays on the WhatsApp Business Account",
		fmt.Sprintf("%s (ID %s) was removed from Terraform state only. %s", number, state.ID.ValueString(), phoneDestroyAdvice))
}

func (r *phoneNumberResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := r.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	parts, err := parseImportID(id, []string{"waba_id", "phone_number_id"}, 0)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID", err.Error()+". Example: 104996122399160/110200345501442.")
		return
	}
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	waba, id := parts[0], parts[1]
	numbers, err := client.PhoneNumbers(ctx, waba)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot Read Phone Numbers", "listing the phone numbers of WhatsApp Business Account "+waba, err)
		return
	}
	if !slices.ContainsFunc(numbers, func(p graphapi.PhoneNumber) bool { return p.ID == id }) {
		listed := make([]string, 0, len(numbers))
		for _, p := range numbers {
			listed = append(listed, p.ID+" ("+stringValue(p.DisplayPhoneNumber).ValueString()+")")
		}
		missing := fmt.Sprintf("Phone number %s is not on WhatsApp Business Account %s", id, waba)
		if p, err := client.GetPhoneNumber(ctx, id); err == nil && p.DisplayPhoneNumber != nil {
			missing = fmt.Sprintf("Phone number %s (%s) exists but is not on WhatsApp Business Account %s: it belongs to another account", id, *p.DisplayPhoneNumber, waba)
		}
		addImportNotFound(&resp.Diagnostics, missing, waba+" has: "+listOrNone(listed), "import it with the ID of the account that holds it")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("waba_id"), waba)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	// Not returned by the API: the default applies.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("deregister_on_destroy"), false)...)
}
