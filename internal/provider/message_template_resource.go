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
	resp.Diagnostics.Append(getState(ctx, req.State, &state)...)
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
	resp.Diagnostics.Append(setState(ctx, &resp.State, &state)...)
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
