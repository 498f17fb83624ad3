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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

var (
	_ resource.ResourceWithConfigure        = (*registrationResource)(nil)
	_ resource.ResourceWithImportState      = (*registrationResource)(nil)
	_ resource.ResourceWithConfigValidators = (*registrationResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*registrationResource)(nil)
)

// NewPhoneNumberRegistrationResource returns the whatsapp_phone_number_registration resource.
func NewPhoneNumberRegistrationResource() resource.Resource {
	return &registrationResource{resourceBase{typeName: "phone_number_registration", identity: []string{"phone_number_id"}}}
}

type registrationResource struct{ resourceBase }

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

func (r *registrationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Registers a business phone number with the WhatsApp Cloud API and keeps its two-step verification PIN. " +
			"A number added with `whatsapp_phone_number` stays `PENDING` until it is registered. Changing the PIN sets it in place; " +
			"changing `data_localization_region` deregisters and registers again. Destroy deregisters the number (it stays on its account). " +
			registrationBudgetNote,
		Attributes: withAttributes(map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The phone number ID, which is also the import ID.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"phone_number_id": schema.StringAttribute{
				MarkdownDescription: "The phone number ID to register, such as `whatsapp_phone_number.support.id`. Changing it replaces the registration.",
				Required:            true,
				Validators:          []validator.String{graphID()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"data_localization_region": schema.StringAttribute{
				MarkdownDescription: "Turns on Local Storage: messages at rest stay in this region, one of `" + joinBackticked(dataLocalizationRegions) + "`. " +
					"Meta cannot change it in place, so a change deregisters and registers the number again (a plan warns: " + registrationBudgetNote + ") " +
					"Import cannot read it: after an import, the configured value is stored without an API call.",
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
		}, registrationPIN.attributes()),
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

// computed is a computed string attribute kept across plans.
func computed(desc string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: desc, Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
}

func (r *registrationResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.ExactlyOneOf(path.MatchRoot("pin"), path.MatchRoot("pin_wo"))}
}

// regionKnownKey marks, in private state, a registration whose
// data_localization_region this resource sent. Import cannot read the
// region, so after an import the configured value is taken as is.
const regionKnownKey = "region_known"

// ModifyPlan replaces the registration when data_localization_region changes
// (Meta cannot change it in place), and warns that this spends one of the
// number's 10 deregistrations and 10 registrations per 72 hours.
func (r *registrationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var state, plan registrationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.DataLocalizationRegion.IsUnknown() || plan.PhoneNumberID.IsUnknown() {
		return
	}
	if !plan.PIN.Equal(state.PIN) || !plan.PINWOVersion.Equal(state.PINWOVersion) {
		// Update sets a PIN, which turns two-step verification on.
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("is_pin_enabled"), true)...)
	}
	known, d := req.Private.GetKey(ctx, regionKnownKey)
	resp.Diagnostics.Append(d...)
	if known != nil && !plan.DataLocalizationRegion.Equal(state.DataLocalizationRegion) && plan.PhoneNumberID.Equal(state.PhoneNumberID) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("data_localization_region"))
		resp.Diagnostics.AddAttributeWarning(path.Root("data_localization_region"), "Registration Will Be Replaced",
			fmt.Sprintf("Changing data_localization_region from %s to %s deregisters number %s and registers it again. %s",
				state.DataLocalizationRegion, plan.DataLocalizationRegion, plan.PhoneNumberID.ValueString(), registrationBudgetNote))
	}
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

func (r *registrationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
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
			resp.Diagnostics.Append(resp.Private.SetKey(ctx, regionKnownKey, []byte("true"))...)
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

func (r *registrationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State, &req.State)
	var state registrationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
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
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update sets a new PIN in place (a changed pin, or a new pin_wo_version);
// nothing else can change without replacing the registration.
func (r *registrationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
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

func (r *registrationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state registrationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.PhoneNumberID.ValueString()
	if err := client.DeregisterNumber(ctx, id); err != nil && !graphapi.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "Cannot Deregister Phone Number", "deregistering number "+id+" from the Cloud API", err)
	}
}

func (r *registrationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
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
}
