package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

var (
	_ resource.ResourceWithConfigure        = (*phoneNumberRegistrationResource)(nil)
	_ resource.ResourceWithImportState      = (*phoneNumberRegistrationResource)(nil)
	_ resource.ResourceWithConfigValidators = (*phoneNumberRegistrationResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*phoneNumberRegistrationResource)(nil)
)

// NewPhoneNumberRegistrationResource returns the whatsapp_phone_number_registration resource.
func NewPhoneNumberRegistrationResource() resource.Resource {
	return &phoneNumberRegistrationResource{newPhoneSetting("phone_number_registration")}
}

// phoneNumberRegistrationResource has an ImportState and a Read of its own: a number
// that is not registered has no registration to import or keep in state.
type phoneNumberRegistrationResource struct{ phoneSetting }

type registrationModel struct {
	ID                     types.String `tfsdk:"id"`
	PhoneNumberID          types.String `tfsdk:"phone_number_id"`
	PIN                    types.String `tfsdk:"pin"`
	PINWO                  types.String `tfsdk:"pin_wo"`
	PINWOVersion           types.Int64  `tfsdk:"pin_wo_version"`
	DataLocalizationRegion types.String `tfsdk:"data_localization_region"`
	Status                 types.String `tfsdk:"status"`
	PlatformType           types.String `tfsdk:"platform_type"`
	IsPinEnabled           types.Bool   `tfsdk:"is_pin_enabled"`
}

var (
	pinRegexp = regexp.MustCompile(`^[0-9]{6}$`)
	// dataLocalizationRegions are the Local Storage regions Meta lists.
	dataLocalizationRegions = []string{"AU", "ID", "IN", "JP", "SG", "KR", "DE", "CH", "GB", "BR", "BH", "ZA", "AE", "CA"}
	registrationBudgetNote  = "Meta allows 10 registrations and 10 deregistrations per number in 72 hours (error 133016 after that)."
)

func (r *phoneNumberRegistrationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Registers a business phone number with the WhatsApp Cloud API and keeps its two-step verification PIN. " +
			"A number added with `whatsapp_phone_number` stays `PENDING` until it is registered. Changing the PIN sets it in place; " +
			"changing `data_localization_region` deregisters and registers again. Destroy deregisters the number (it stays on its account). " +
			registrationBudgetNote,
		Attributes: withAttributes(phoneSettingAttributes("The phone number ID to register, such as `whatsapp_phone_number.support.id`. Changing it replaces the registration.", map[string]schema.Attribute{
			"data_localization_region": schema.StringAttribute{
				MarkdownDescription: "Turns on Local Storage: messages at rest stay in this region, one of `" + joinBackticked(dataLocalizationRegions) + "`. " +
					"Meta cannot change it in place, so a change sets the configured PIN, deregisters the number and registers it again, in one apply (a plan warns: " +
					registrationBudgetNote + ") Import cannot read it: the first apply after an import records the configured value without an API call.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(dataLocalizationRegions...)},
			},
			"status":        computed("The number's status, such as `CONNECTED`."),
			"platform_type": computed("`CLOUD_API` while registered."),
			"is_pin_enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether two-step verification is on (the PIN itself can never be read back).",
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
		}), registrationPIN.attributes()),
	}
}

// registrationPIN is a number's two-step verification PIN.
var registrationPIN = secret{
	name: "pin",
	plainDesc: "The 6-digit two-step verification PIN. When the number has one already, it must match; otherwise registering sets it. " +
		"A change sets the new PIN in place, without registering again. Kept in state (sensitive); use `pin_wo` to keep it out.",
	woDesc:      "Write-only form of `pin`: sent to Meta, never stored. Needs Terraform 1.11 or later. Change `pin_wo_version` to set a new PIN.",
	versionDesc: "Any number; changing it sends `pin_wo` as the new PIN (write-only values never show a diff of their own).",
	validators:  []validator.String{stringvalidator.RegexMatches(pinRegexp, "must be exactly 6 digits")},
}

func (r *phoneNumberRegistrationResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.ExactlyOneOf(path.MatchRoot("pin"), path.MatchRoot("pin_wo"))}
}

// regionUnread is data_localization_region in state after an import: Meta
// does not return the region, so the first apply after an import records the
// configured one (an update without an API call) and a later change
// re-registers the number. Null would not do: it is also "no Local Storage".
const regionUnread = ""

// reregisters reports whether going from prior to plan changes the number's
// Local Storage region at Meta: a change of a region Terraform knows.
func reregisters(prior, plan registrationModel) bool {
	return !prior.DataLocalizationRegion.Equal(types.StringValue(regionUnread)) && !plan.DataLocalizationRegion.Equal(prior.DataLocalizationRegion) && plan.PhoneNumberID.Equal(prior.PhoneNumberID)
}

// ModifyPlan plans what an update sends: a PIN change sets the PIN; a region
// change re-registers the number (see reregister), which the plan warns
// spends one of the number's 10 deregistrations and 10 registrations per 72
// hours, as does a replacement by another number; the first region after an
// import is recorded as configured.
func (r *phoneNumberRegistrationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var state, plan registrationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !plan.PhoneNumberID.Equal(state.PhoneNumberID) {
		resp.Diagnostics.AddAttributeWarning(path.Root("phone_number_id"), "Registration Will Be Replaced",
			fmt.Sprintf("Changing phone_number_id deregisters number %s and registers the new number. %s", state.PhoneNumberID.ValueString(), registrationBudgetNote))
		return
	}
	if plan.DataLocalizationRegion.IsUnknown() {
		return
	}
	pinChanged := !plan.PIN.Equal(state.PIN) || !plan.PINWOVersion.Equal(state.PINWOVersion)
	again := reregisters(state, plan)
	if pinChanged || again {
		// Setting a PIN turns two-step verification on.
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("is_pin_enabled"), true)...)
	}
	switch {
	case again:
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...) // Meta reports it afresh
		resp.Diagnostics.AddAttributeWarning(path.Root("data_localization_region"), "Registration Will Be Replaced",
			fmt.Sprintf("Changing data_localization_region from %s to %s sets the configured PIN on number %s, deregisters it and registers it again "+
				"(Meta cannot change the region in place); the number is offline in between. %s",
				regionName(state.DataLocalizationRegion), regionName(plan.DataLocalizationRegion), plan.PhoneNumberID.ValueString(), registrationBudgetNote))
	case state.DataLocalizationRegion.Equal(types.StringValue(regionUnread)) && !plan.DataLocalizationRegion.IsNull():
		resp.Diagnostics.AddAttributeWarning(path.Root("data_localization_region"), "Region Taken From the Configuration",
			fmt.Sprintf("Meta does not report a number's Local Storage region, so after the import this apply records %s for number %s without an API call. "+
				"If the number's data is not stored there, replace the registration (terraform apply -replace=<address>, with the number's current PIN configured). "+
				"A later change of the region registers the number again.",
				plan.DataLocalizationRegion.ValueString(), plan.PhoneNumberID.ValueString()))
	}
}

// regionName renders a region for messages; null is Local Storage off.
func regionName(v types.String) string {
	if v.IsNull() {
		return "none (Local Storage off)"
	}
	return v.ValueString()
}

func (m *registrationModel) fill(p *graphapi.PhoneNumber) {
	m.ID = types.StringValue(p.ID)
	m.Status = stringValue(p.Status)
	m.PlatformType = stringValue(p.PlatformType)
	m.IsPinEnabled = types.BoolPointerValue(p.IsPinEnabled)
	m.PINWO = types.StringNull() // write-only: never in state
}

// readNode reads the number's node; a number that is gone reads as nil.
func readNode(ctx context.Context, client *graphapi.Client, id string) (*graphapi.PhoneNumber, error) {
	p, err := client.GetPhoneNumber(ctx, id)
	if graphapi.IsNotFound(err) {
		return nil, nil
	}
	return p, err
}

func (r *phoneNumberRegistrationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan registrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client := r.client(&resp.Diagnostics)
	pin := registrationPIN.value(ctx, plan.PIN, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := plan.PhoneNumberID.ValueString()
	var registerErr error
	writeStep[graphapi.PhoneNumber]{
		summary: "Cannot Register Phone Number",
		what:    "registering phone number " + id + " with the Cloud API",
		write: func(ctx context.Context) error {
			registerErr = client.RegisterPhoneNumber(ctx, id, graphapi.Registration{PIN: pin, DataLocalizationRegion: plan.DataLocalizationRegion.ValueString()})
			return registerErr
		},
		readBack: func(ctx context.Context) (*graphapi.PhoneNumber, error) {
			// Meta answered and refused: whatever the number shows was not this
			// registration (it may be registered elsewhere, with another PIN).
			// A transient answer leaves the outcome unknown: the node decides.
			if e, ok := graphapi.As(registerErr); ok && e.Code != 0 && !e.OutcomeUnknown {
				return nil, nil
			}
			p, err := readNode(ctx, client, id)
			if err != nil || !p.CloudAPIRegistered() {
				return nil, err
			}
			return p, nil
		},
		save: func(p *graphapi.PhoneNumber) {
			plan.fill(p)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		},
		unconfirmed: func(readErr error, diags *diag.Diagnostics) {
			plan.ID = types.StringValue(id)
			plan.Status, plan.PlatformType, plan.IsPinEnabled, plan.PINWO = types.StringNull(), types.StringNull(), types.BoolNull(), types.StringNull()
			diags.Append(resp.State.Set(ctx, &plan)...)
			diags.AddWarning("Phone Number Registered, Details Not Read Yet",
				apiErrorDetail("reading back number "+id+" (the registration is saved in state; the next refresh fills in its status)", readErr))
		},
		missing: func(diags *diag.Diagnostics) {
			diags.AddError("Registration Not Visible",
				fmt.Sprintf("Meta accepted the registration of number %s, but the number does not read as registered with the Cloud API. Run terraform apply again.", id))
		},
	}.run(ctx, &resp.Diagnostics)
}

func (r *phoneNumberRegistrationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State, &req.State)
	var state registrationModel
	resp.Diagnostics.Append(getState(ctx, req.State, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	p, err := readNode(ctx, client, state.PhoneNumberID.ValueString())
	if err != nil {
		r.addReadError(&resp.Diagnostics, "Cannot Read Phone Number", "reading phone number "+state.PhoneNumberID.ValueString(), err)
		return
	}
	if !p.CloudAPIRegistered() {
		// Deregistered outside Terraform (or the number is gone): the next
		// apply registers it again.
		resp.State.RemoveResource(ctx)
		return
	}
	state.fill(p)
	resp.Diagnostics.Append(setState(ctx, &resp.State, &state)...)
}

// Update sets a new PIN in place (a changed pin, or a new pin_wo_version),
// or registers the number again in a new region; after an import it records
// the configured region without an API call.
func (r *phoneNumberRegistrationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan, prior registrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	client := r.client(&resp.Diagnostics)
	pin := registrationPIN.value(ctx, plan.PIN, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := plan.PhoneNumberID.ValueString()
	if reregisters(prior, plan) {
		r.reregister(ctx, client, plan, prior, pin, resp)
		return
	}
	changed := !plan.PIN.Equal(prior.PIN) || !plan.PINWOVersion.Equal(prior.PINWOVersion)
	if changed {
		if err := client.SetPIN(ctx, id, pin); err != nil {
			what := "setting the two-step verification PIN of number " + id
			if errors.Is(err, graphapi.ErrOutcomeUnknown) {
				// Meta gives no read of the PIN. The prior state is kept, so the
				// next apply sends the PIN again: harmless, it spends no budget.
				what += " (Meta cannot say whether the PIN was set, and has no way to read it back; the next apply sets it again)"
			}
			addAPIError(&resp.Diagnostics, "Cannot Set PIN", what, err)
			resp.Diagnostics.Append(resp.State.Set(ctx, &prior)...)
			return
		}
	}
	p, err := readNode(ctx, client, id)
	if err != nil || p == nil {
		if err == nil {
			err = fmt.Errorf("number %s is gone", id)
		}
		// The PIN was set: keep the plan, with what is known.
		plan.ID, plan.PINWO = types.StringValue(id), types.StringNull()
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		addAPIError(&resp.Diagnostics, "Cannot Read Back Phone Number", "reading number "+id+" after setting its PIN", err)
		return
	}
	plan.fill(p)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// reregister moves a registered number to another Local Storage region:
// Meta only takes the region when registering. The configured PIN is set
// first, while the number is registered (a PIN changed in WhatsApp Manager,
// or a pin_wo changed without a new pin_wo_version, would otherwise fail the
// register after the deregister with 133005 and leave the number offline),
// then the number is deregistered and registered with the new region.
// Replacing the resource would not do: its Delete cannot see the configured
// PIN (pin_wo is in no state). A number left deregistered leaves state, so
// the next apply registers it.
func (r *phoneNumberRegistrationResource) reregister(ctx context.Context, client *graphapi.Client, plan, prior registrationModel, pin string, resp *resource.UpdateResponse) {
	id := plan.PhoneNumberID.ValueString()
	if err := client.SetPIN(ctx, id, pin); err != nil {
		addAPIError(&resp.Diagnostics, "Cannot Set PIN", "setting the configured PIN on number "+id+" before registering it again in a new region; nothing else was changed", err)
		resp.Diagnostics.Append(resp.State.Set(ctx, &prior)...)
		return
	}
	// The PIN is set: from here on state holds the configured PIN.
	prior.PIN, prior.PINWOVersion, prior.IsPinEnabled = plan.PIN, plan.PINWOVersion, types.BoolValue(true)
	if err := client.DeregisterPhoneNumber(ctx, "", id); err != nil {
		addAPIError(&resp.Diagnostics, "Cannot Deregister Phone Number",
			"deregistering number "+id+" to register it again in region "+regionName(plan.DataLocalizationRegion)+"; it is still registered in its old region", err)
		resp.Diagnostics.Append(resp.State.Set(ctx, &prior)...)
		return
	}
	registerErr := client.RegisterPhoneNumber(ctx, id, graphapi.Registration{PIN: pin, DataLocalizationRegion: plan.DataLocalizationRegion.ValueString()})
	p, err := readNode(ctx, client, id)
	if registerErr != nil && (err != nil || !p.CloudAPIRegistered()) {
		resp.State.RemoveResource(ctx)
		addAPIError(&resp.Diagnostics, "Phone Number Left Disconnected",
			fmt.Sprintf("number %s was deregistered to move it to region %s, but registering it again failed: it is now DISCONNECTED and cannot send or receive messages. "+
				"The registration left Terraform state, so the next terraform apply registers it", id, regionName(plan.DataLocalizationRegion)), registerErr)
		return
	}
	if err != nil || p == nil {
		if err == nil {
			err = fmt.Errorf("number %s is gone", id)
		}
		plan.ID, plan.PINWO, plan.Status, plan.PlatformType = types.StringValue(id), types.StringNull(), types.StringNull(), types.StringNull()
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		addAPIError(&resp.Diagnostics, "Cannot Read Back Phone Number", "reading number "+id+" after registering it again (it was registered)", err)
		return
	}
	plan.fill(p)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *phoneNumberRegistrationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state registrationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.PhoneNumberID.ValueString()
	if err := client.DeregisterPhoneNumber(ctx, "", id); err != nil && !graphapi.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "Cannot Deregister Phone Number", "deregistering number "+id+" from the Cloud API", err)
	}
}

func (r *phoneNumberRegistrationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	phoneID, ok := r.phoneNumberImportID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	p, err := readNode(ctx, client, phoneID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot Read Phone Number", "reading phone number "+phoneID, err)
		return
	}
	if !p.CloudAPIRegistered() {
		found := "no such number"
		if p != nil {
			found = fmt.Sprintf("platform_type %s, status %s", stringValue(p.PlatformType).ValueString(), stringValue(p.Status).ValueString())
		}
		addImportNotFound(&resp.Diagnostics, "Phone number "+phoneID+" is not registered with the Cloud API", found,
			"apply this resource without importing to register it")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("phone_number_id"), phoneID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), phoneID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("data_localization_region"), regionUnread)...)
}
