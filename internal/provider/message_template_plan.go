package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
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
	components, err := m.wireComponents(ctx, "")
	if err != nil {
		return "", err
	}
	return canonicalComponents(m.Category.ValueString(), components), nil
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
