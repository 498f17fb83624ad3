package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// NewMessageTemplateResource returns the whatsapp_message_template resource.
func NewMessageTemplateResource() resource.Resource { return newMessageTemplateResource() }

func newMessageTemplateResource() *messageTemplateResource {
	return &messageTemplateResource{resourceBase{typeName: "message_template", identity: []string{"waba_id", "id"}}}
}

type messageTemplateResource struct{ resourceBase }

var (
	_ resource.ResourceWithValidateConfig = (*messageTemplateResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*messageTemplateResource)(nil)
	_ resource.ResourceWithImportState    = (*messageTemplateResource)(nil)
	_ resource.ResourceWithIdentity       = (*messageTemplateResource)(nil)
)

// ModifyPlan refuses at plan what Meta would refuse at apply, and warns
// about what Meta decided on its own:
//   - an edit while the template is not APPROVED, REJECTED or PAUSED;
//   - a category change on an APPROVED template (accepting the category Meta
//     assigned, current_category, is no change: nothing is sent);
//   - a replacement of an APPROVED or PAUSED template that keeps its WABA,
//     name and language: deleted first, its name is locked for 30 days;
//     created first, Meta refuses the duplicate. Other replacements of it
//     warn what happens without create_before_destroy;
//   - warnings: REJECTED (with the reason), PAUSED, DISABLED, and a category
//     Meta assigned that differs from the configured one.
func (r *messageTemplateResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() {
		if !req.Plan.Raw.IsNull() {
			var plan messageTemplateModel
			resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
			requireMediaFile(&plan, "create", &resp.Diagnostics)
			requireOTPApps(&plan, "create", &resp.Diagnostics)
		}
		return
	}
	var state messageTemplateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	status := state.Status.ValueString()
	id := fmt.Sprintf("Template %s (%s, %s)", state.Name.ValueString(), state.Language.ValueString(), state.ID.ValueString())
	if req.Plan.Raw.IsNull() {
		if locksName(status) {
			resp.Diagnostics.AddWarning("Template Name Locked for 30 Days",
				fmt.Sprintf("%s is %s: after deleting it Meta does not accept the name %q again for 30 days. Use another name (%s_v2, say) for a new template.",
					id, status, state.Name.ValueString(), state.Name.ValueString()))
		}
		return
	}
	r.warnAboutStatus(&state, id, &resp.Diagnostics)
	var plan messageTemplateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	replaced := !plan.WABAID.Equal(state.WABAID) || !plan.Name.Equal(state.Name) || !plan.Language.Equal(state.Language) ||
		(!plan.ParameterFormat.IsUnknown() && !plan.ParameterFormat.Equal(state.ParameterFormat))
	if replaced {
		if locksName(status) {
			planReplacement(&plan, &state, id, status, &resp.Diagnostics)
		}
		return
	}
	if !contentChanged(ctx, &plan, &state) {
		// Nothing to send: what Meta computed stays as it is (the plan may
		// differ from state only in a components_json that means the same,
		// or in a category that accepts Meta's).
		if plan.WaitForReview.Equal(state.WaitForReview) && plan.Timeouts.Equal(state.Timeouts) {
			plan.copyComputed(&state)
			resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		}
		return
	}
	requireMediaFile(&plan, "edit", &resp.Diagnostics)
	requireOTPApps(&plan, "edit", &resp.Diagnostics)
	switch {
	case status == "APPROVED" && categoryEdited(&plan, &state):
		resp.Diagnostics.AddAttributeError(path.Root("category"), "Category of an Approved Template",
			fmt.Sprintf("%s is APPROVED, and Meta does not allow changing the category of an approved template (%s to %s). "+
				"Create a new template instead: change name too (%s_v2, say), with lifecycle { create_before_destroy = true } so that the old one is deleted only once the new one exists.",
				id, state.Category.ValueString(), plan.Category.ValueString(), state.Name.ValueString()))
	case status != "" && !isEditableStatus(status):
		resp.Diagnostics.AddError("Template Cannot Be Edited Now", notEditable(id, status))
	}
}

// locksName reports a status whose template's name Meta locks for 30 days
// once it is deleted.
func locksName(status string) bool { return status == "APPROVED" || status == "PAUSED" }

// planReplacement refuses the replacement of an approved or paused template
// that no order of delete and create can carry out, and warns about the
// others: Terraform deletes first unless the resource says
// create_before_destroy, which the provider is not told.
func planReplacement(plan, state *messageTemplateModel, id, status string, diags *diag.Diagnostics) {
	name := state.Name.ValueString()
	sameName := plan.WABAID.Equal(state.WABAID) && plan.Name.Equal(state.Name)
	if sameName && plan.Language.Equal(state.Language) {
		diags.AddAttributeError(path.Root("name"), "Replacement Would Reuse a Locked Name",
			fmt.Sprintf("This plan replaces %s, which is %s, with a template of the same name and language in the same WhatsApp Business Account. "+
				"Deleted first, the old template locks its name for 30 days and the new one cannot be created; created first (create_before_destroy), "+
				"Meta refuses a second template of the same name and language. Change name as well (%s_v2, say), with lifecycle { create_before_destroy = true }.",
				id, status, name))
		return
	}
	detail := fmt.Sprintf("This plan replaces %s, which is %s. Unless the resource has lifecycle { create_before_destroy = true }, Terraform deletes it first: "+
		"Meta then locks the name %q in WhatsApp Business Account %s for 30 days, and if the create fails (Meta's limit of 100 creations per hour, say) "+
		"no template is left.", id, status, name, state.WABAID.ValueString())
	if sameName {
		detail += " With the same name in the same WhatsApp Business Account the new template can only be created before the old one is deleted: set create_before_destroy."
	}
	diags.AddWarning("Replacing an Approved Template", detail)
}

// categoryEdited reports a category the user changed, other than to accept
// the one Meta assigned (current_category): only such a change is sent.
func categoryEdited(plan, state *messageTemplateModel) bool {
	return !plan.Category.IsUnknown() && !plan.Category.Equal(state.Category) && !plan.Category.Equal(state.CurrentCategory)
}

// requireMediaFile refuses a create or an edit of a template with a media
// header but no media_file: Meta's review needs the example, and Meta reads
// it back only as a URL. An imported template without one is fine until
// its content changes.
func requireMediaFile(plan *messageTemplateModel, what string, diags *diag.Diagnostics) {
	h := plan.Header
	if h == nil || h.Format.IsUnknown() || !h.MediaFile.IsNull() {
		return
	}
	if f := h.Format.ValueString(); f == "IMAGE" || f == "VIDEO" || f == "DOCUMENT" {
		diags.AddAttributeError(path.Root("header").AtName("media_file"), "Missing Header Example",
			fmt.Sprintf("header.media_file: to %s a template whose header is %s, set media_file: Meta's review needs an example %s, which the provider uploads.",
				what, f, strings.ToLower(f)))
	}
}

// notEditable explains an edit refused for the template's status and says
// when it can be tried again; the plan and the apply give the same words.
func notEditable(id, status string) string {
	return fmt.Sprintf("%s is %s, and Meta accepts edits only while a template is APPROVED, REJECTED or PAUSED. %s", id, status, whenEditable(status))
}

// whenEditable says when an edit refused for status can be tried again.
func whenEditable(status string) string {
	switch status {
	case "PENDING", "IN_APPEAL":
		return "Meta's review usually ends within 24 hours; plan again after it."
	case "DISABLED":
		return "A disabled template cannot be edited; create a new one with another name."
	case "ARCHIVED":
		return "Unarchive it in WhatsApp Manager first."
	}
	return "Plan again once its status allows."
}

// editLimitReached explains an edit refused for Meta's edit quota.
func editLimitReached(id string) string {
	return fmt.Sprintf("%s was edited as often as Meta allows: an approved template may be edited once in 24 hours and 10 times in 30 days. "+
		"Apply again after 24 hours, or create a new template with another name.", id)
}

func (r *messageTemplateResource) warnAboutStatus(state *messageTemplateModel, id string, diags *diag.Diagnostics) {
	switch state.Status.ValueString() {
	case "REJECTED":
		diags.AddWarning("Template Rejected", fmt.Sprintf("Meta rejected %s (reason: %s). Edit it to submit it for review again.", id, state.RejectedReason.ValueString()))
	case "PAUSED":
		diags.AddWarning("Template Paused", fmt.Sprintf("Meta paused %s for low quality; messages with it fail until it resumes.", id))
	case "DISABLED":
		diags.AddWarning("Template Disabled", fmt.Sprintf("Meta disabled %s; it cannot be sent, edited or deleted.", id))
	}
	if known(state.CurrentCategory) && !state.CurrentCategory.Equal(state.Category) {
		diags.AddAttributeWarning(path.Root("category"), "Meta Changed the Category",
			fmt.Sprintf("%s is configured as %s, but Meta categorised it as %s (current_category), which changes what its messages cost. "+
				"Set category = %q to accept, or create a new template to appeal.", id, state.Category.ValueString(), state.CurrentCategory.ValueString(), state.CurrentCategory.ValueString()))
	}
}

// contentChanged reports a change that needs an edit (POST /{id}): what
// Meta would store differs. Typed attributes and components_json meaning the
// same, and a header file moved with the same bytes, are no change (each
// edit is re-reviewed and spends Meta's edit quota).
func contentChanged(ctx context.Context, plan, state *messageTemplateModel) bool {
	if categoryEdited(plan, state) || !plan.MessageSendTTLSeconds.Equal(state.MessageSendTTLSeconds) {
		return true
	}
	a, errA := plan.metaContent(ctx)
	b, errB := state.withUnreturnedFrom(plan).metaContent(ctx)
	if errA != nil || errB != nil {
		return true
	}
	return a != b || mediaChanged(plan, state)
}

// withUnreturnedFrom returns the model with the OTP attributes Meta does not
// return taken from plan where it has none (after an import), so adding them
// to the configuration of an imported template is no edit.
func (m *messageTemplateModel) withUnreturnedFrom(plan *messageTemplateModel) *messageTemplateModel {
	out := *m
	out.Buttons = slices.Clone(m.Buttons)
	for i := range out.Buttons {
		b := &out.Buttons[i]
		if i >= len(plan.Buttons) || b.Type.ValueString() != "OTP" || plan.Buttons[i].Type.ValueString() != "OTP" {
			continue
		}
		p := plan.Buttons[i]
		if b.SupportedApps == nil {
			b.SupportedApps = p.SupportedApps
		}
		if b.AutofillText.IsNull() {
			b.AutofillText = p.AutofillText
		}
		if b.ZeroTapTermsAccepted.IsNull() {
			b.ZeroTapTermsAccepted = p.ZeroTapTermsAccepted
		}
	}
	return &out
}

// metaContent renders the components as Meta stores them, in the form of
// canonicalComponents, whichever attributes hold them.
func (m *messageTemplateModel) metaContent(ctx context.Context) (string, error) {
	if m.ComponentsJSON.IsUnknown() {
		return "", errors.New("components_json is not known yet")
	}
	raw, err := m.components(ctx, "")
	if err != nil {
		return "", err
	}
	parsed, err := parseComponents(raw)
	if err != nil {
		return "", err
	}
	return canonicalComponents(m.Category.ValueString(), parsed), nil
}

// mediaChanged reports a header example with other bytes, compared by hash,
// so that a file moved or renamed with the same bytes is no change.
func mediaChanged(plan, state *messageTemplateModel) bool {
	if plan.Header == nil || state.Header == nil {
		return false
	}
	p, s := plan.Header, state.Header
	if p.MediaFile.Equal(s.MediaFile) && p.MediaSHA256.Equal(s.MediaSHA256) {
		return false
	}
	h := mediaHash(p)
	return h == "" || h != mediaHash(s)
}

// mediaHash is the SHA-256 of a header's media file: media_sha256 when set,
// else the file's; "" when neither can be known.
func mediaHash(h *templateHeaderModel) string {
	if known(h.MediaSHA256) {
		return strings.ToLower(h.MediaSHA256.ValueString())
	}
	if !known(h.MediaFile) {
		return ""
	}
	data, err := os.ReadFile(h.MediaFile.ValueString())
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// mediaTypes are the content types of header examples, by extension.
var mediaTypes = map[string]string{".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".mp4": "video/mp4", ".pdf": "application/pdf"}

// uploadMedia uploads the header's media_file and returns its handle ("" when
// the header has none).
func (m *messageTemplateModel) uploadMedia(ctx context.Context, client *graphapi.Client, diags *diag.Diagnostics) string {
	if m.Header == nil || m.Header.MediaFile.IsNull() {
		return ""
	}
	p := path.Root("header").AtName("media_file")
	file := m.Header.MediaFile.ValueString()
	data, err := os.ReadFile(file)
	if err != nil {
		diags.AddAttributeError(p, "Cannot Read Header Media", fmt.Sprintf("Reading %s: %v.", file, err))
		return ""
	}
	if want := m.Header.MediaSHA256; !want.IsNull() {
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != want.ValueString() {
			diags.AddAttributeError(path.Root("header").AtName("media_sha256"), "Header Media Changed",
				fmt.Sprintf("%s does not have the SHA-256 in media_sha256. Set media_sha256 = filesha256(%q).", file, file))
			return ""
		}
	}
	contentType, ok := mediaTypes[strings.ToLower(filepath.Ext(file))]
	if !ok {
		contentType = http.DetectContentType(data)
	}
	handle, err := client.Upload(ctx, filepath.Base(file), contentType, data)
	if err != nil {
		addAPIError(diags, "Cannot Upload Header Media", "uploading "+file, err)
		return ""
	}
	return handle
}

func (r *messageTemplateResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan messageTemplateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	defer client.Operation()()
	waba := plan.WABAID.ValueString()
	handle := plan.uploadMedia(ctx, client, &resp.Diagnostics)
	t, err := plan.newTemplate(ctx, handle)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("components_json"), "Invalid Components", err.Error())
	}
	if resp.Diagnostics.HasError() {
		return
	}
	configured := plan
	what := fmt.Sprintf("creating template %s (%s) on WhatsApp Business Account %s", t.Name, t.Language, waba)
	unsure := false // a create whose outcome is unknown was sent
	got := writeStep[graphapi.MessageTemplate]{
		summary: "Cannot Create Message Template",
		what:    what,
		write: func(ctx context.Context) error {
			created, err := createOrAdopt(ctx, client, waba, t, &unsure)
			if created != "" {
				plan.ID = types.StringValue(created)
			}
			return err
		},
		readBack: func(ctx context.Context) (*graphapi.MessageTemplate, error) {
			if plan.ID.IsUnknown() {
				if !unsure {
					// Refused: a template of that name and language is not ours to take over.
					return nil, nil
				}
				// Outcome unknown: the template may exist; look for it by name and language.
				return findTemplate(ctx, client, waba, t.Name, t.Language)
			}
			return client.ReadBackMessageTemplate(ctx, waba, plan.ID.ValueString())
		},
		save: func(got *graphapi.MessageTemplate) {
			plan.fill(ctx, got, &resp.Diagnostics)
			plan.keepConfigured(&configured)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		},
		explain: func(err error, diags *diag.Diagnostics) {
			if graphapi.IsAlreadyExists(err) {
				// Meta's 2388024 also answers a name locked for 30 days after an
				// approved template of that name was deleted.
				diags.AddError("Message Template Already Exists",
					fmt.Sprintf("Meta refuses template %s in %s on WhatsApp Business Account %s as existing (%v). Either the account has it: import it with "+
						"terraform import <address> %s/%s/%s; or an approved template of that name was deleted less than 30 days ago and Meta locks the name: use another name.",
						t.Name, t.Language, waba, err, waba, t.Name, t.Language))
				return
			}
			if e, ok := graphapi.As(err); ok && e.IsTemplateLimit() {
				count := "its limit"
				if s, serr := client.TemplateSummary(ctx, waba); serr == nil && s != nil && s.MessageTemplateCount != nil && s.MessageTemplateLimit != nil {
					count = fmt.Sprintf("%d of %d (message_template_count of message_template_limit)", *s.MessageTemplateCount, *s.MessageTemplateLimit)
				}
				addAPIError(diags, "Template Limit Reached", what+": the account holds "+count+"; delete unused templates, or verify the business to raise the limit", err)
				return
			}
			addAPIError(diags, "Cannot Create Message Template", what, err)
		},
		missing: func(diags *diag.Diagnostics) {
			diags.AddError("Message Template Not Listed", fmt.Sprintf("Meta accepted %s but does not list it yet. Run terraform apply again; it will be adopted, not duplicated.", what))
		},
	}.run(ctx, &resp.Diagnostics)
	if got != nil && !resp.Diagnostics.HasError() {
		r.waitForReview(ctx, client, &plan, "create", plan.Timeouts.Create, &resp.State, &resp.Diagnostics)
	}
}

// createOrAdopt creates a template. When the answer was lost (the outcome is
// unknown, which sets unsure), it lists the WABA's templates and adopts the
// (name, language) if Meta created it, or sends the create once more if
// not: never two.
func createOrAdopt(ctx context.Context, client *graphapi.Client, waba string, t graphapi.NewMessageTemplate, unsure *bool) (string, error) {
	created, err := client.CreateMessageTemplate(ctx, waba, t)
	if err == nil {
		return created.ID, nil
	}
	if !errors.Is(err, graphapi.ErrOutcomeUnknown) {
		return "", err
	}
	*unsure = true
	got, lerr := findTemplate(ctx, client, waba, t.Name, t.Language)
	switch {
	case lerr != nil:
		return "", err
	case got != nil:
		return got.ID, nil
	}
	created, err = client.CreateMessageTemplate(ctx, waba, t)
	if err != nil {
		return "", err
	}
	return created.ID, nil
}

// findTemplate looks a template up by name and language in a listing begun
// now, for a create whose outcome is unknown.
func findTemplate(ctx context.Context, client *graphapi.Client, waba, name, language string) (*graphapi.MessageTemplate, error) {
	all, err := client.MessageTemplates(ctx, waba)
	if err != nil {
		return nil, err
	}
	for i, t := range all {
		if t.Name != nil && *t.Name == name && t.Language != nil && *t.Language == language {
			return &all[i], nil
		}
	}
	return nil, nil
}

// keepConfigured keeps what the configuration says where Meta's answer
// means the same: category (Meta's shows in current_category), the media
// file, wait_for_review and timeouts.
func (m *messageTemplateModel) keepConfigured(configured *messageTemplateModel) {
	if known(configured.Category) {
		m.Category = configured.Category
	}
	m.WaitForReview = configured.WaitForReview
	if m.WaitForReview.IsNull() || m.WaitForReview.IsUnknown() {
		m.WaitForReview = types.BoolValue(false) // after an import
	}
	m.Timeouts = configured.Timeouts
	if m.Header != nil && configured.Header != nil {
		m.Header.MediaFile, m.Header.MediaSHA256 = configured.Header.MediaFile, configured.Header.MediaSHA256
	}
}

// waitForReview polls the template until Meta's review ends, when
// wait_for_review is set; the state is updated with what it finds. A review
// still running at the timeout is a warning: an error would taint a new
// template, and replacing it later would delete what Meta approved meanwhile.
func (r *messageTemplateResource) waitForReview(ctx context.Context, client *graphapi.Client, m *messageTemplateModel, op string,
	timeout func(context.Context, time.Duration) (time.Duration, diag.Diagnostics),
	state interface {
		Set(context.Context, any) diag.Diagnostics
	}, diags *diag.Diagnostics) {
	if !m.WaitForReview.ValueBool() {
		return
	}
	id := fmt.Sprintf("template %s (%s, %s)", m.Name.ValueString(), m.Language.ValueString(), m.ID.ValueString())
	if m.Status.ValueString() != "PENDING" {
		if m.Status.ValueString() == "REJECTED" {
			diags.AddError("Template Rejected", rejected(id, m.RejectedReason.ValueString(), op))
		}
		return
	}
	limit, d := timeout(ctx, 20*time.Minute)
	diags.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	var last *graphapi.MessageTemplate
	err := client.Poll(ctx, func(ctx context.Context) (bool, error) {
		got, err := client.GetMessageTemplate(ctx, m.ID.ValueString())
		if err != nil {
			return false, err
		}
		last = got
		return got.Status == nil || *got.Status != "PENDING", nil
	})
	if last != nil {
		configured := *m
		m.fill(ctx, last, diags)
		m.keepConfigured(&configured)
		diags.Append(state.Set(ctx, m)...)
	}
	switch {
	case errors.Is(err, graphapi.ErrPollTimeout) || (err != nil && ctx.Err() != nil):
		diags.AddWarning("Review Not Finished", fmt.Sprintf("Meta's review of %s did not end within %s. The template is saved in state as %s; "+
			"terraform plan shows its status once Meta decides. Raise timeouts.%s to wait longer.", id, limit, m.Status.ValueString(), op))
	case err != nil:
		addAPIError(diags, "Cannot Read Template Status", "waiting for Meta's review of "+id, err)
	case m.Status.ValueString() == "REJECTED":
		diags.AddError("Template Rejected", rejected(id, m.RejectedReason.ValueString(), op))
	}
}

// rejected explains a rejection seen by wait_for_review. The failed create
// taints the template; an edit, not a replacement, resubmits it.
func rejected(id, reason, op string) string {
	msg := fmt.Sprintf("Meta rejected %s (reason: %s). It stays in state with status REJECTED", id, reason)
	if op == "create" {
		return msg + ", tainted by this failed create: the next apply would replace it, spending a create. " +
			"To resubmit it under the same ID instead, run terraform untaint <address>, then change its content and apply (an edit)."
	}
	return msg + "; change its content and apply to resubmit it (an edit)."
}

func (r *messageTemplateResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State, &req.State)
	var state messageTemplateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	waba := state.WABAID.ValueString()
	got := readOrRemove(ctx, &r.resourceBase, resp, "Cannot List Message Templates", "listing the templates of WhatsApp Business Account "+waba,
		func() (*graphapi.MessageTemplate, error) {
			t, err := client.FindMessageTemplate(ctx, waba, state.ID.ValueString())
			if t != nil && t.Status != nil && (*t.Status == "DELETED" || *t.Status == "PENDING_DELETION") {
				return nil, err
			}
			return t, err
		})
	if got == nil {
		if !resp.Diagnostics.HasError() {
			warnGone(&state, &resp.Diagnostics)
		}
		return
	}
	configured := state
	state.fill(ctx, got, &resp.Diagnostics)
	state.keepConfigured(&configured)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *messageTemplateResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan, prior messageTemplateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	defer client.Operation()()
	configured := plan
	if !contentChanged(ctx, &plan, &prior) {
		// wait_for_review or timeouts only: nothing to send.
		plan.copyComputed(&prior)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	handle := ""
	if plan.Header != nil && !plan.Header.MediaFile.IsNull() {
		handle = plan.uploadMedia(ctx, client, &resp.Diagnostics)
	}
	t, err := plan.newTemplate(ctx, handle)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("components_json"), "Invalid Components", err.Error())
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if !categoryEdited(&plan, &prior) {
		// Meta keeps the category; sending it could only be refused (Meta
		// may have moved an approved template to another one).
		t.Category = ""
	}
	waba, id := plan.WABAID.ValueString(), prior.ID.ValueString()
	what := fmt.Sprintf("editing template %s (%s, %s)", t.Name, t.Language, id)
	explain := func(err error, diags *diag.Diagnostics) {
		e, ok := graphapi.As(err)
		switch {
		case ok && e.IsTemplateEditLimit():
			diags.AddError("Template Edit Limit Reached", apiErrorDetailHint(what, err, editLimitReached("Template "+t.Name+" ("+t.Language+", "+id+")")))
		case ok && e.IsTemplateNotEditable():
			status := plan.Status.ValueString()
			if plan.Status.IsUnknown() || status == "" {
				status = "in a status that does not allow edits"
			}
			diags.AddError("Template Cannot Be Edited Now", apiErrorDetailHint(what, err, notEditable("Template "+t.Name+" ("+t.Language+", "+id+")", status)))
		default:
			addAPIError(diags, "Cannot Edit Message Template", what, err)
		}
	}
	got := writeStep[graphapi.MessageTemplate]{
		summary: "Cannot Edit Message Template",
		what:    what,
		// The edit is never sent twice: each one is re-reviewed and spends
		// Meta's quota. A lost answer is settled by the read-back.
		write: func(ctx context.Context) error { return client.EditMessageTemplate(ctx, waba, id, t) },
		readBack: func(ctx context.Context) (*graphapi.MessageTemplate, error) {
			return client.ReadBackMessageTemplate(ctx, waba, id)
		},
		save: func(got *graphapi.MessageTemplate) {
			plan.fill(ctx, got, &resp.Diagnostics)
			plan.keepConfigured(&configured)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		},
		explainSaved: func(err error, diags *diag.Diagnostics) {
			if !errors.Is(err, graphapi.ErrOutcomeUnknown) {
				explain(err, diags)
				return
			}
			categoryLost := categoryEdited(&configured, &prior) && !plan.CurrentCategory.Equal(configured.Category)
			if categoryLost || contentChanged(ctx, &configured, &plan) {
				addAPIError(diags, "Edit Outcome Unknown", what+": the answer was lost and the template Meta lists does not hold the edit, "+
					"which was not sent again (each edit spends Meta's quota). It is saved in state as Meta holds it; run terraform apply to edit it", err)
			}
			// Otherwise Meta holds the edit: it took effect.
		},
		explain:  explain,
		notSaved: func() { resp.Diagnostics.Append(resp.State.Set(ctx, &prior)...) },
		missing: func(diags *diag.Diagnostics) {
			diags.AddError("Message Template Gone", what+": Meta accepted the edit but no longer lists the template. Run terraform plan.")
		},
	}.run(ctx, &resp.Diagnostics)
	if got != nil && !resp.Diagnostics.HasError() {
		r.waitForReview(ctx, client, &plan, "update", plan.Timeouts.Update, &resp.State, &resp.Diagnostics)
	}
}

// warnGone warns, for a template that disappeared outside Terraform, that
// the create the plan now shows may meet Meta's name lock.
func warnGone(state *messageTemplateModel, diags *diag.Diagnostics) {
	name := state.Name.ValueString()
	detail := fmt.Sprintf("Template %s (%s, %s) is no longer on WhatsApp Business Account %s (deleted in WhatsApp Manager, say), so the plan creates it again.",
		name, state.Language.ValueString(), state.ID.ValueString(), state.WABAID.ValueString())
	if locksName(state.Status.ValueString()) {
		detail += fmt.Sprintf(" It was %s when last read: Meta locks the name %q for 30 days after deleting such a template, so the create may be refused until then; "+
			"use another name (%s_v2, say) to create it now.", state.Status.ValueString(), name, name)
	} else {
		detail += fmt.Sprintf(" If Meta had approved it, the name %q stays locked for 30 days after the deletion; use another name (%s_v2, say) if the create is refused.", name, name)
	}
	diags.AddWarning("Message Template Gone", detail)
}

// copyComputed takes the computed attributes from state.
func (m *messageTemplateModel) copyComputed(prior *messageTemplateModel) {
	m.ID, m.Status, m.CurrentCategory, m.PreviousCategory = prior.ID, prior.Status, prior.CurrentCategory, prior.PreviousCategory
	m.RejectedReason, m.QualityScore = prior.RejectedReason, prior.QualityScore
}

func (r *messageTemplateResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state messageTemplateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	defer client.Operation()()
	waba, id, name := state.WABAID.ValueString(), state.ID.ValueString(), state.Name.ValueString()
	what := fmt.Sprintf("template %s (%s, %s)", name, state.Language.ValueString(), id)
	if state.Status.ValueString() == "DISABLED" {
		resp.Diagnostics.AddWarning("Disabled Template Not Deleted",
			fmt.Sprintf("Meta does not delete disabled templates: %s stays on WhatsApp Business Account %s and was removed from Terraform state only.", what, waba))
		return
	}
	err := client.DeleteMessageTemplate(ctx, waba, id, name)
	switch {
	case err == nil || graphapi.IsNotFound(err):
	case strings.Contains(strings.ToLower(err.Error()), "disabled"):
		resp.Diagnostics.AddWarning("Disabled Template Not Deleted",
			fmt.Sprintf("Meta does not delete disabled templates: %s stays on WhatsApp Business Account %s and was removed from Terraform state only.", what, waba))
	default:
		addAPIError(&resp.Diagnostics, "Cannot Delete Message Template", "deleting "+what, err)
	}
}

// ImportState accepts <waba_id>/<template_id> and <waba_id>/<name>/<language>.
func (r *messageTemplateResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := r.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	parts := strings.Split(id, "/")
	form := "<waba_id>/<template_id> or <waba_id>/<name>/<language>"
	if (len(parts) != 2 && len(parts) != 3) || !graphapi.ValidID(parts[0]) || (len(parts) == 2 && !graphapi.ValidID(parts[1])) {
		resp.Diagnostics.AddError("Invalid Import ID", fmt.Sprintf("The import ID must have the form %s; got %q. Example: 104996122399160/1702255403385021 or 104996122399160/order_shipped/en_US.", form, id))
		return
	}
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	waba := parts[0]
	all, err := client.MessageTemplates(ctx, waba)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot List Message Templates", "listing the templates of WhatsApp Business Account "+waba, err)
		return
	}
	var got *graphapi.MessageTemplate
	for i, t := range all {
		if (len(parts) == 2 && t.ID == parts[1]) ||
			(len(parts) == 3 && t.Name != nil && *t.Name == parts[1] && t.Language != nil && *t.Language == parts[2]) {
			got = &all[i]
		}
	}
	if got == nil {
		listed := make([]string, 0, len(all))
		for _, t := range all {
			listed = append(listed, fmt.Sprintf("%s/%s (%s)", stringValue(t.Name).ValueString(), stringValue(t.Language).ValueString(), t.ID))
		}
		addImportNotFound(&resp.Diagnostics, fmt.Sprintf("No template %s on WhatsApp Business Account %s", strings.Join(parts[1:], "/"), waba),
			waba+" has: "+listOrNone(listed), "apply this resource without importing to create the template")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), got.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("waba_id"), waba)...)
}
