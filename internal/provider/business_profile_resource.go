package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

var (
	_ resource.ResourceWithConfigure   = (*businessProfileResource)(nil)
	_ resource.ResourceWithImportState = (*businessProfileResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*businessProfileResource)(nil)
)

// NewBusinessProfileResource returns the whatsapp_business_profile resource.
func NewBusinessProfileResource() resource.Resource {
	return &businessProfileResource{newPhoneSetting("business_profile")}
}

type businessProfileResource struct{ phoneSetting }

type businessProfileModel struct {
	ID                   types.String `tfsdk:"id"`
	PhoneNumberID        types.String `tfsdk:"phone_number_id"`
	About                types.String `tfsdk:"about"`
	Address              types.String `tfsdk:"address"`
	Description          types.String `tfsdk:"description"`
	Email                types.String `tfsdk:"email"`
	Websites             types.List   `tfsdk:"websites"`
	Vertical             types.String `tfsdk:"vertical"`
	ProfilePictureFile   types.String `tfsdk:"profile_picture_file"`
	ProfilePictureSHA256 types.String `tfsdk:"profile_picture_sha256"`
	ProfilePictureURL    types.String `tfsdk:"profile_picture_url"`
}

var (
	// businessVerticals are the values of vertical Meta documents.
	businessVerticals = []string{"ALCOHOL", "APPAREL", "AUTO", "BEAUTY", "EDU", "ENTERTAIN", "EVENT_PLAN", "FINANCE", "GOVT",
		"GROCERY", "HEALTH", "HOTEL", "NONPROFIT", "ONLINE_GAMBLING", "OTC_DRUGS", "OTHER", "PHYSICAL_GAMBLING", "PROF_SERVICES",
		"RESTAURANT", "RETAIL", "TRAVEL"}
	emailRegexp   = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	websiteRegexp = regexp.MustCompile(`^https?://[^\s]+$`)
	sha256Regexp  = regexp.MustCompile(`^[0-9a-f]{64}$`)
	// pictureTypes are the image types Meta's upload takes, by extension.
	pictureTypes = map[string]string{".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
)

func (r *businessProfileResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	text := func(desc string, maxLen int) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc + " Removing it from the configuration clears it.", Optional: true,
			Validators: []validator.String{stringvalidator.LengthBetween(1, maxLen)}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The business profile of a phone number: what customers see about the business in WhatsApp. " +
			"There is one per number; Meta cannot delete it, so destroy clears the fields this resource set (and warns).",
		Attributes: phoneSettingAttributes("The phone number whose profile this is. Changing it moves the resource to another number.", map[string]schema.Attribute{
			"about": schema.StringAttribute{
				MarkdownDescription: "The short text under the business name, 1 to 139 characters. Meta does not let it be empty, so removing it " +
					"from the configuration keeps the current text.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.LengthBetween(1, 139)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"address":     text("The business address, at most 256 characters.", 256),
			"description": text("The business description, at most 512 characters.", 512),
			"email": schema.StringAttribute{
				MarkdownDescription: "The contact email address, at most 128 characters. Removing it from the configuration clears it.",
				Optional:            true,
				Validators: []validator.String{stringvalidator.LengthAtMost(128),
					stringvalidator.RegexMatches(emailRegexp, "must be an email address such as support@example.com")},
			},
			"websites": schema.ListAttribute{
				MarkdownDescription: "Up to 2 websites, each an `http://` or `https://` URL of at most 256 characters, in the order shown. " +
					"Removing them from the configuration clears them.",
				Optional:    true,
				ElementType: types.StringType,
				Validators: []validator.List{listvalidator.SizeBetween(1, 2), listvalidator.ValueStringsAre(
					stringvalidator.LengthAtMost(256), stringvalidator.RegexMatches(websiteRegexp, "must be a URL starting with http:// or https://"))},
			},
			"vertical": schema.StringAttribute{
				MarkdownDescription: "The industry, one of `" + joinBackticked(businessVerticals) + "`. Removing it from the configuration clears it.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(businessVerticals...)},
			},
			"profile_picture_file": schema.StringAttribute{
				MarkdownDescription: "A local JPEG or PNG file to upload as the profile picture (through Meta's Resumable Upload API, which needs " +
					"the token's app). It is uploaded when the profile is created and again only when `profile_picture_sha256` (or the path) changes. " +
					"Removing it leaves the current picture: Meta cannot remove one.",
				Optional: true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1),
					stringvalidator.RegexMatches(regexp.MustCompile(`(?i)\.(jpe?g|png)$`), "must name a .jpg, .jpeg or .png file")},
			},
			"profile_picture_sha256": schema.StringAttribute{
				MarkdownDescription: "The SHA-256 of `profile_picture_file`, such as `filesha256(\"logo.png\")`: a change uploads the file again.",
				Optional:            true,
				Validators: []validator.String{stringvalidator.RegexMatches(sha256Regexp, "must be 64 lowercase hex digits, as filesha256() returns"),
					stringvalidator.AlsoRequires(path.MatchRoot("profile_picture_file"))},
			},
			"profile_picture_url": schema.StringAttribute{
				MarkdownDescription: "Meta's URL of the current profile picture. It changes on Meta's side without a diff.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		}),
	}
}

// ModifyPlan marks profile_picture_url unknown when a new picture is uploaded.
func (r *businessProfileResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || req.State.Raw.IsNull() {
		return
	}
	var plan, state businessProfileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if !resp.Diagnostics.HasError() && plan.uploadsPicture(&state) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("profile_picture_url"), types.StringUnknown())...)
	}
}

// uploadsPicture reports whether applying m over prior uploads the picture:
// on create, or when the file or its hash changed.
func (m *businessProfileModel) uploadsPicture(prior *businessProfileModel) bool {
	if m.ProfilePictureFile.IsNull() {
		return false
	}
	return prior == nil || !m.ProfilePictureFile.Equal(prior.ProfilePictureFile) || !m.ProfilePictureSHA256.Equal(prior.ProfilePictureSHA256)
}

// update builds the write that takes Meta's profile from prior to m: set
// fields are sent; fields set before and removed now are sent empty.
func (m *businessProfileModel) update(ctx context.Context, prior *businessProfileModel, diags *diag.Diagnostics) graphapi.BusinessProfileUpdate {
	field := func(now, before types.String) *string {
		switch {
		case !now.IsNull() && !now.IsUnknown():
			v := now.ValueString()
			return &v
		case prior != nil && !before.IsNull():
			empty := ""
			return &empty
		}
		return nil
	}
	u := graphapi.BusinessProfileUpdate{}
	if !m.About.IsNull() && !m.About.IsUnknown() {
		about := m.About.ValueString()
		u.About = &about
	}
	var before businessProfileModel
	if prior != nil {
		before = *prior
	}
	u.Address = field(m.Address, before.Address)
	u.Description = field(m.Description, before.Description)
	u.Email = field(m.Email, before.Email)
	u.Vertical = field(m.Vertical, before.Vertical)
	switch {
	case !m.Websites.IsNull():
		var sites []string
		diags.Append(m.Websites.ElementsAs(ctx, &sites, false)...)
		u.Websites = &sites
	case prior != nil && !before.Websites.IsNull():
		u.Websites = &[]string{}
	}
	return u
}

// unsetVertical is the vertical Meta reports for a profile that has none.
const unsetVertical = "UNDEFINED"

// fill copies Meta's profile into the model; empty values (and vertical
// UNDEFINED) are null, as in a configuration that leaves them out.
func (m *businessProfileModel) fill(ctx context.Context, p *graphapi.BusinessProfile, diags *diag.Diagnostics) {
	m.ID = m.PhoneNumberID
	nonEmpty := func(s *string) types.String {
		if s == nil || *s == "" {
			return types.StringNull()
		}
		return types.StringValue(*s)
	}
	m.About = nonEmpty(p.About)
	m.Address = nonEmpty(p.Address)
	m.Description = nonEmpty(p.Description)
	m.Email = nonEmpty(p.Email)
	m.Vertical = nonEmpty(p.Vertical)
	if m.Vertical.ValueString() == unsetVertical {
		m.Vertical = types.StringNull()
	}
	m.ProfilePictureURL = nonEmpty(p.ProfilePictureURL)
	m.Websites = types.ListNull(types.StringType)
	if len(p.Websites) > 0 {
		list, d := types.ListValueFrom(ctx, types.StringType, p.Websites)
		diags.Append(d...)
		m.Websites = list
	}
}

// profileField is one attribute of a profile, by its name in a configuration.
type profileField struct {
	name  string
	value attr.Value
}

// clearable are the attributes the resource clears on Meta's side when the
// configuration leaves them out.
func (m *businessProfileModel) clearable() []profileField {
	return []profileField{{"address", m.Address}, {"description", m.Description}, {"email", m.Email}, {"websites", m.Websites}, {"vertical", m.Vertical}}
}

// wouldClear lists, as configuration lines, the fields of Meta's profile
// (read into current) that hold a value while m leaves them out: writing m
// would clear them.
func (m *businessProfileModel) wouldClear(current *businessProfileModel) []string {
	planned := m.clearable()
	var held []string
	for i, c := range current.clearable() {
		if planned[i].value.IsNull() && !c.value.IsNull() {
			held = append(held, fmt.Sprintf("%-11s = %s", c.name, c.value))
		}
	}
	return held
}

// notAsPlanned lists the attributes whose value Meta reports (read into got)
// differs from m's; unknown planned values are Meta's to choose.
func (m *businessProfileModel) notAsPlanned(got *businessProfileModel) []string {
	planned, reported := append(m.clearable(), profileField{"about", m.About}), append(got.clearable(), profileField{"about", got.About})
	var differ []string
	for i, p := range planned {
		if !p.value.IsUnknown() && !p.value.Equal(reported[i].value) {
			differ = append(differ, fmt.Sprintf("%s is %s, not %s", p.name, orUnset(reported[i].value), orUnset(p.value)))
		}
	}
	return differ
}

// orUnset renders a value as in a configuration, a null one as "unset".
func orUnset(v attr.Value) string {
	if v.IsNull() {
		return "unset"
	}
	return v.String()
}

// uploadPicture uploads profile_picture_file and returns its handle.
func (m *businessProfileModel) uploadPicture(ctx context.Context, client *graphapi.Client, diags *diag.Diagnostics) string {
	file := m.ProfilePictureFile.ValueString()
	data, err := os.ReadFile(file)
	if err != nil {
		diags.AddAttributeError(path.Root("profile_picture_file"), "Cannot Read Profile Picture", fmt.Sprintf("Reading %s: %v.", file, err))
		return ""
	}
	if !m.ProfilePictureSHA256.IsNull() {
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != m.ProfilePictureSHA256.ValueString() {
			diags.AddAttributeError(path.Root("profile_picture_sha256"), "Profile Picture Changed",
				fmt.Sprintf("%s does not have the SHA-256 in profile_picture_sha256 (it is %s). Set profile_picture_sha256 = filesha256(%q).", file, hex.EncodeToString(sum[:]), file))
			return ""
		}
	}
	contentType := pictureTypes[strings.ToLower(filepath.Ext(file))]
	if sniffed := http.DetectContentType(data); sniffed != "image/jpeg" && sniffed != "image/png" {
		diags.AddAttributeError(path.Root("profile_picture_file"), "Not a JPEG or PNG Image",
			fmt.Sprintf("%s holds %s, not a JPEG or PNG image.", file, sniffed))
		return ""
	}
	handle, err := client.Upload(ctx, filepath.Base(file), contentType, data)
	if err != nil {
		addAPIError(diags, "Cannot Upload Profile Picture", "uploading "+file, err)
		return ""
	}
	return handle
}

// write sends the plan to Meta and reads the profile back, for Create and Update.
func (r *businessProfileResource) write(ctx context.Context, plan, prior *businessProfileModel, state interface {
	Set(context.Context, any) diag.Diagnostics
}, diags *diag.Diagnostics) {
	client := r.client(diags)
	if diags.HasError() {
		return
	}
	u := plan.update(ctx, prior, diags)
	if plan.uploadsPicture(prior) {
		u.ProfilePictureHandle = plan.uploadPicture(ctx, client, diags)
	}
	if diags.HasError() {
		return
	}
	id := plan.PhoneNumberID.ValueString()
	writeStep[graphapi.BusinessProfile]{
		summary: "Cannot Update Business Profile",
		what:    "updating the business profile of phone number " + id,
		write:   func(ctx context.Context) error { return client.UpdateBusinessProfile(ctx, id, u) },
		readBack: func(ctx context.Context) (*graphapi.BusinessProfile, error) {
			return client.GetBusinessProfile(ctx, id)
		},
		save: func(p *graphapi.BusinessProfile) {
			configured := *plan
			plan.fill(ctx, p, diags)
			plan.ProfilePictureFile, plan.ProfilePictureSHA256 = configured.ProfilePictureFile, configured.ProfilePictureSHA256
			if !configured.ProfilePictureURL.IsUnknown() {
				// No new picture: Meta's URL may have moved on its CDN; the next refresh takes it.
				plan.ProfilePictureURL = configured.ProfilePictureURL
			}
			diags.Append(state.Set(ctx, plan)...)
			if differ := configured.notAsPlanned(plan); len(differ) > 0 {
				diags.AddError("Business Profile Not Applied as Planned",
					fmt.Sprintf("After the update Meta reports for phone number %s: %s. The profile was saved in state as Meta reports it; "+
						"someone may have edited it at the same time. Run terraform apply again.", id, strings.Join(differ, "; ")))
			}
		},
		missing: func(diags *diag.Diagnostics) {
			diags.AddError("Business Profile Not Visible", "Meta accepted the update but returned no business profile for phone number "+id+". Run terraform apply again.")
		},
	}.run(ctx, diags)
}

// Create reads the profile first: every number has one, usually filled in
// WhatsApp Manager, and the first write would clear what the configuration
// leaves out.
func (r *businessProfileResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan businessProfileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() || !plan.nothingToClear(ctx, client, &resp.Diagnostics) {
		return
	}
	r.write(ctx, &plan, nil, &resp.State, &resp.Diagnostics)
}

// nothingToClear reads the number's profile and reports whether writing m
// leaves every field that holds a value in place; if not, it adds an error
// with the fields and the import ID.
func (m *businessProfileModel) nothingToClear(ctx context.Context, client *graphapi.Client, diags *diag.Diagnostics) bool {
	id := m.PhoneNumberID.ValueString()
	p, err := client.GetBusinessProfile(ctx, id)
	if err != nil {
		addAPIError(diags, "Cannot Read Business Profile", "reading the business profile of phone number "+id+" before writing it", err)
		return false
	}
	if p == nil {
		return true
	}
	current := businessProfileModel{PhoneNumberID: m.PhoneNumberID}
	current.fill(ctx, p, diags)
	held := m.wouldClear(&current)
	if len(held) > 0 {
		diags.AddError("Business Profile Already Filled",
			fmt.Sprintf("Phone number %s already has a business profile, and this configuration leaves out fields that hold a value there:\n\n  %s\n\n"+
				"Creating the resource would clear them, so nothing was written. Set them in the configuration to keep them, or import the "+
				"profile into this resource (the address on this error's \"with\" line): the plan then shows each field it changes or clears.%s",
				id, strings.Join(held, "\n  "), importAdvice(id)))
	}
	return len(held) == 0 && !diags.HasError()
}

func (r *businessProfileResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan, prior businessProfileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if !resp.Diagnostics.HasError() {
		r.write(ctx, &plan, &prior, &resp.State, &resp.Diagnostics)
	}
}

func (r *businessProfileResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readSetting(ctx, &r.phoneSetting, req, resp, "Cannot Read Business Profile", "reading the business profile",
		func(ctx context.Context, client *graphapi.Client, id string) (*graphapi.BusinessProfile, error) {
			return client.GetBusinessProfile(ctx, id)
		},
		func(state *businessProfileModel, p *graphapi.BusinessProfile, diags *diag.Diagnostics) {
			state.fill(ctx, p, diags)
		})
}

// Delete clears the fields this resource set: Meta cannot delete a profile,
// and about and the picture cannot be emptied.
func (r *businessProfileResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state businessProfileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.PhoneNumberID.ValueString()
	cleared := businessProfileModel{PhoneNumberID: state.PhoneNumberID, About: types.StringNull(), Websites: types.ListNull(types.StringType)}
	u := cleared.update(ctx, &state, &resp.Diagnostics)
	if u.Address != nil || u.Description != nil || u.Email != nil || u.Vertical != nil || u.Websites != nil {
		if err := client.UpdateBusinessProfile(ctx, id, u); err != nil && !graphapi.IsNotFound(err) {
			addAPIError(&resp.Diagnostics, "Cannot Clear Business Profile", "clearing the business profile of phone number "+id, err)
			return
		}
	}
	resp.Diagnostics.AddWarning("Business Profile Kept by Meta",
		fmt.Sprintf("Meta cannot delete the business profile of phone number %s. Destroy cleared the address, description, email, websites and "+
			"vertical this resource set; the about text and the profile picture stay (Meta does not let them be emptied).", id))
}

func (r *businessProfileResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.importByPhoneNumberID(ctx, req, resp)
}
