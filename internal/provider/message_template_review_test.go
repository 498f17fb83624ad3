package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// withLifecycle adds lifecycle { create_before_destroy = true } to a
// one-resource template configuration.
func withLifecycle(cfg string) string {
	return strings.TrimSuffix(cfg, "}\n") + "  lifecycle {\n    create_before_destroy = true\n  }\n}\n"
}

func statusIs(status string) []statecheck.StateCheck {
	return []statecheck.StateCheck{statecheck.ExpectKnownValue(templateName, tfjsonpath.New("status"), knownvalue.StringExact(status))}
}

// templateHolds checks the fake's order_shipped template for a text.
func (a *acc) templateHolds(text string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := a.templateOnFake("order_shipped"); got == nil || !strings.Contains(fmt.Sprint(got.Components), text) {
			return fmt.Errorf("the fake holds %+v, want %q in it", got, text)
		}
		return nil
	}
}

// TestAccMessageTemplateReviewTimeoutKeepsTemplate: a review still running
// at the wait_for_review timeout leaves the template in state untainted as
// PENDING; once Meta approves it (the control route decides), the plan is
// empty instead of a replacement.
func TestAccMessageTemplateReviewTimeoutKeepsTemplate(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{TemplateReviewDelay: -1})
	cfg := a.provider() + strings.Replace(utilityTemplate(shippedBody), `category = "UTILITY"`,
		"category = \"UTILITY\"\n  wait_for_review = true\n  timeouts {\n    create = \"1ms\"\n  }", 1)
	a.testWithDestroyCheck(a.templateGone("order_shipped"),
		resource.TestStep{Config: cfg, ConfigStateChecks: statusIs("PENDING")},
		resource.TestStep{PreConfig: a.changeTemplate(map[string]any{"status": "APPROVED"}), Config: cfg,
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: statusIs("APPROVED"), Check: a.calls("POST /{waba}/message_templates", 1)},
	)
}

// TestAccMessageTemplateRenameCreateBeforeDestroy renames an approved
// template the documented way (_v2, create_before_destroy) while Meta's 100
// creations per hour are used up: the create fails first, and the approved
// template stays, in state and on Meta, its name not locked.
func TestAccMessageTemplateRenameCreateBeforeDestroy(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	cfg := withLifecycle(utilityTemplate(shippedBody))
	useUpCreations := func() {
		client, err := graphapi.New(graphapi.Config{BaseURL: a.fake.URL, AccessToken: testToken})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 99 { // the provider's create was the first of the hour
			if _, err := client.CreateMessageTemplate(context.Background(), testWABA, graphapi.NewMessageTemplate{
				Name: fmt.Sprintf("promo_%02d", i), Language: "en_US", Category: "MARKETING",
				Components: json.RawMessage(`[{"type":"BODY","text":"Offer of the week."}]`)}); err != nil {
				t.Fatal(err)
			}
		}
		a.fake.ResetStats()
	}
	a.testWithDestroyCheck(resource.ComposeTestCheckFunc(a.templateGone("order_shipped"), a.templateGone("order_shipped_v2")),
		resource.TestStep{Config: a.provider() + cfg, ConfigStateChecks: statusIs("APPROVED")},
		resource.TestStep{PreConfig: useUpCreations, Config: a.provider() + strings.Replace(cfg, `"order_shipped"`, `"order_shipped_v2"`, 1),
			ConfigPlanChecks: expectAction(templateName, plancheck.ResourceActionCreateBeforeDestroy),
			ExpectError:      errorRe(`creation limit`)},
		resource.TestStep{Config: a.provider() + cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: resource.ComposeTestCheckFunc(a.calls("DELETE /{waba}/message_templates", 0), func(*terraform.State) error {
				if got := a.templateOnFake("order_shipped"); got == nil || got.Status != "APPROVED" {
					return fmt.Errorf("order_shipped is %+v, want it APPROVED", got)
				}
				return nil
			})},
	)
}

// TestAccMessageTemplateReplacementsKeepingTheName: replacements the name
// lock does not stop are planned: a language change with
// create_before_destroy, and a move to another WABA (the lock is per WABA).
func TestAccMessageTemplateReplacementsKeepingTheName(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	cfg := withLifecycle(utilityTemplate(shippedBody))
	british := strings.Replace(cfg, `"en_US"`, `"en_GB"`, 1)
	moved := strings.Replace(utilityTemplate(shippedBody), `"en_US"`, `"en_GB"`, 1)
	moved = strings.Replace(moved, fmt.Sprintf("%q", testWABA), fmt.Sprintf("%q", sparseWABA), 1)
	languages := func(want ...string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			var got []string
			for _, w := range a.fake.State().WABAs {
				for _, t := range w.MessageTemplates {
					got = append(got, w.ID+"/"+t.Name+"/"+t.Language)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				return fmt.Errorf("the fake holds %v, want %v", got, want)
			}
			return nil
		}
	}
	a.testWithDestroyCheck(a.templateGone("order_shipped"),
		resource.TestStep{Config: a.provider() + cfg, ConfigStateChecks: statusIs("APPROVED")},
		resource.TestStep{Config: a.provider() + british, ConfigPlanChecks: expectAction(templateName, plancheck.ResourceActionCreateBeforeDestroy),
			Check: languages(testWABA + "/order_shipped/en_GB")},
		resource.TestStep{Config: a.provider() + moved, ConfigPlanChecks: expectAction(templateName, plancheck.ResourceActionDestroyBeforeCreate),
			Check: languages(sparseWABA + "/order_shipped/en_GB")},
	)
}

// TestPlanReplacement checks what a replacement of an approved template
// plans: refused only when no order of delete and create can succeed.
func TestPlanReplacement(t *testing.T) {
	t.Parallel()
	state := messageTemplateModel{WABAID: types.StringValue("1"), Name: types.StringValue("order_shipped"), Language: types.StringValue("en_US")}
	tests := []struct {
		name                string
		waba, lang, tplName string
		want                string
	}{
		{name: "parameter_format only", waba: "1", lang: "en_US", tplName: "order_shipped", want: "error: Replacement Would Reuse a Locked Name"},
		{name: "language", waba: "1", lang: "en_GB", tplName: "order_shipped", want: "warning: Replacing an Approved Template: .*only be created before the old one is deleted"},
		{name: "another WABA", waba: "2", lang: "en_US", tplName: "order_shipped", want: "warning: Replacing an Approved Template: .*100 creations per hour"},
		{name: "renamed", waba: "1", lang: "en_US", tplName: "order_shipped_v2", want: "warning: Replacing an Approved Template: .*create_before_destroy"},
	}
	for _, tc := range tests {
		plan := messageTemplateModel{WABAID: types.StringValue(tc.waba), Name: types.StringValue(tc.tplName), Language: types.StringValue(tc.lang)}
		var diags diag.Diagnostics
		planReplacement(&plan, &state, "x", "APPROVED", &diags)
		if len(diags) != 1 {
			t.Fatalf("%s: %v, want one diagnostic", tc.name, diags)
		}
		got := strings.ToLower(diags[0].Severity().String()) + ": " + diags[0].Summary() + ": " + diags[0].Detail()
		if !errorRe(tc.want).MatchString(got) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestAccMessageTemplateRecategorised: Meta moved the approved UTILITY
// template to MARKETING. Accepting it (category = "MARKETING") sends
// nothing, also after a re-import; edits then, or with UTILITY kept, send
// no category and go through.
func TestAccMessageTemplateRecategorised(t *testing.T) {
	t.Parallel()
	marketing := strings.Replace(utilityTemplate(shippedBody), `category = "UTILITY"`, `category = "MARKETING"`, 1)
	edited := "Hi {{first_name}}, your order {{order_id}} has left our store."
	recategorise := func(a *acc) func() {
		return func() { a.changeTemplate(map[string]any{"category": "MARKETING"})(); a.fake.ResetStats() }
	}
	t.Run("accepted, then edited", func(t *testing.T) {
		t.Parallel()
		a := newAcc(t, emulator.Options{})
		a.test(
			resource.TestStep{Config: a.provider() + utilityTemplate(shippedBody)},
			resource.TestStep{PreConfig: recategorise(a), Config: a.provider() + marketing, ConfigPlanChecks: expectAction(templateName, plancheck.ResourceActionUpdate),
				Check: a.calls("POST /{template}", 0)},
			resource.TestStep{Config: a.provider() + strings.Replace(marketing, shippedBody, edited, 1), ConfigPlanChecks: expectAction(templateName, plancheck.ResourceActionUpdate),
				Check: resource.ComposeTestCheckFunc(a.calls("POST /{template}", 1), a.templateHolds("has left our store"))},
		)
	})
	t.Run("original category kept, edited", func(t *testing.T) {
		t.Parallel()
		a := newAcc(t, emulator.Options{})
		a.test(
			resource.TestStep{Config: a.provider() + utilityTemplate(shippedBody)},
			resource.TestStep{PreConfig: recategorise(a), Config: a.provider() + utilityTemplate(edited), ConfigPlanChecks: expectAction(templateName, plancheck.ResourceActionUpdate),
				Check: resource.ComposeTestCheckFunc(a.calls("POST /{template}", 1), a.templateHolds("has left our store"))},
		)
	})
	t.Run("re-imported, accepted", func(t *testing.T) {
		t.Parallel()
		a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) {
			s.WABAs[0].MessageTemplates = append(s.WABAs[0].MessageTemplates, emulator.SeedMessageTemplate{
				Name: "order_shipped", Language: "en_US", Category: "MARKETING", PreviousCategory: "UTILITY", ParameterFormat: "NAMED",
				Components: []any{
					map[string]any{"type": "BODY", "text": shippedBody, "example": map[string]any{"body_text_named_params": []any{
						map[string]any{"param_name": "first_name", "example": "Jana"}, map[string]any{"param_name": "order_id", "example": "A-1042"}}}},
					map[string]any{"type": "FOOTER", "text": "Acme Shop"},
					map[string]any{"type": "BUTTONS", "buttons": []any{map[string]any{"type": "URL", "text": "Track", "url": "https://acme.example/track/{{1}}", "example": []any{"A-1042"}}}},
				},
			})
		})
		imported := a.provider() + marketing + fmt.Sprintf("\nimport {\n  to = %s\n  id = \"%s/order_shipped/en_US\"\n}\n", templateName, testWABA)
		a.test(
			resource.TestStep{Config: imported, Check: a.calls("POST /{template}", 0)},
			resource.TestStep{Config: a.provider() + marketing, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		)
	})
}

// TestAccMessageTemplateLostEditAnswer drops the answer to an edit: the
// edit is sent once, and the read-back settles whether it took effect.
func TestAccMessageTemplateLostEditAnswer(t *testing.T) {
	t.Parallel()
	edited := "Hi {{first_name}}, your order {{order_id}} has left our store."
	for _, kind := range []string{emulator.FaultDropAfter, emulator.FaultDropBefore} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			a := newAcc(t, emulator.Options{})
			drop := func() {
				a.fake.ResetStats()
				if err := a.fake.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{{Method: "POST", Route: "/{template}", Kind: kind, Times: 1}}}); err != nil {
					t.Fatal(err)
				}
			}
			edit := resource.TestStep{PreConfig: drop, Config: a.provider() + utilityTemplate(edited),
				Check: resource.ComposeTestCheckFunc(a.calls("POST /{template}", 1), a.templateHolds("has left our store"))}
			steps := []resource.TestStep{{Config: a.provider() + utilityTemplate(shippedBody)}, edit}
			if kind == emulator.FaultDropBefore {
				steps[1].Check, steps[1].ExpectError = nil, errorRe(`Edit Outcome Unknown.*does not hold the edit.*not sent again`)
				// State holds what Meta holds: the old text.
				steps = append(steps, resource.TestStep{Config: a.provider() + utilityTemplate(edited), PlanOnly: true, ExpectNonEmptyPlan: true})
			}
			a.test(steps...)
			if n := a.fake.Stats().Count("POST /{template}"); n != 1 {
				t.Fatalf("%d edits sent, want 1", n)
			}
		})
	}
}

// TestAccMessageTemplateEditLimitExplained: an edit Meta refuses for its
// quota says what the plan would say, not the generic hint.
func TestAccMessageTemplateEditLimitExplained(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	out := a.failureOutput(
		resource.TestStep{Config: a.provider() + utilityTemplate(shippedBody)},
		resource.TestStep{Config: a.provider() + utilityTemplate("Hi {{first_name}}, order {{order_id}} has left our store.")},
		resource.TestStep{Config: a.provider() + utilityTemplate("Hi {{first_name}}, order {{order_id}} is with the courier.")},
	)
	if !errorRe(`Template Edit Limit Reached.*edited as often as Meta allows.*once in 24 hours`).MatchString(out) || strings.Contains(out, "Check the arguments") {
		t.Fatalf("the apply said: %s", out)
	}
}

// shippedJSON is utilityTemplate(shippedBody) in Meta's own shape.
const shippedJSON = `[
  {"type": "BODY", "text": "Hello {{first_name}}, order {{order_id}} is on its way.",
   "example": {"body_text_named_params": [{"param_name": "first_name", "example": "Jana"}, {"param_name": "order_id", "example": "A-1042"}]}},
  {"type": "FOOTER", "text": "Acme Shop"},
  {"type": "BUTTONS", "buttons": [{"type": "URL", "text": "Track", "url": "https://acme.example/track/{{1}}", "example": ["A-1042"]}]}
]`

// authJSON is an authentication template as Meta lists it (meta-answers
// shape: a URL button with an example, Meta's texts, the body's example).
const authJSON = `[
  {"type": "BODY", "text": "*{{1}}* is your verification code. For your security, do not share this code.",
   "add_security_recommendation": true, "example": {"body_text": [["123456"]]}},
  {"type": "FOOTER", "text": "This code expires in 10 minutes.", "code_expiration_minutes": 10},
  {"type": "BUTTONS", "buttons": [{"type": "URL", "text": "Copy code",
   "url": "https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code_expiration_minutes=10&code=otp{{1}}",
   "example": ["https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code_expiration_minutes=10&code=otp123456"]}]}
]`

// TestAccMessageTemplateNoOpRefactorings: changes of form that leave what
// Meta stores as it is plan an update that sends nothing: typed attributes
// to components_json (also for an authentication template, with the JSON
// Meta lists), a header file moved with the same bytes, and an import into
// a components_json configuration equal to Meta's content.
func TestAccMessageTemplateNoOpRefactorings(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	png, moved := filepath.Join(dir, "header.png"), filepath.Join(dir, "img", "spring.png")
	image := []byte("\x89PNG\r\n\x1a\n spring sale")
	if err := os.MkdirAll(filepath.Dir(moved), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{png, moved} {
		if err := os.WriteFile(f, image, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	withImage := func(file, sha string) string {
		return template("MARKETING", fmt.Sprintf(`header = { format = "IMAGE", media_file = %q %s }`, file, sha), `body = { text = "Spring sale: 20% off until Sunday." }`)
	}
	tests := map[string]struct{ from, to string }{
		"typed to components_json": {from: utilityTemplate(shippedBody),
			to: template("UTILITY", `parameter_format = "NAMED"`, "components_json = <<-EOT\n"+shippedJSON+"\nEOT")},
		"authentication typed to Meta's JSON": {from: template("AUTHENTICATION", authBody, `footer = { code_expiration_minutes = 10 }`, buttons(`{ type = "OTP", otp_type = "COPY_CODE" }`)),
			to: template("AUTHENTICATION", "components_json = <<-EOT\n"+authJSON+"\nEOT")},
		"header file moved, media_sha256": {from: withImage(png, fmt.Sprintf(", media_sha256 = filesha256(%q)", png)),
			to: withImage(moved, fmt.Sprintf(", media_sha256 = filesha256(%q)", moved))},
		"header file moved": {from: withImage(png, ""), to: withImage(moved, "")},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := newAcc(t, emulator.Options{})
			uploads := 0
			if strings.Contains(name, "header") {
				uploads = 1 // at the create only
			}
			a.test(
				resource.TestStep{Config: a.provider() + tc.from},
				resource.TestStep{PreConfig: a.fake.ResetStats, Config: a.provider() + tc.to, ConfigPlanChecks: expectAction(templateName, plancheck.ResourceActionUpdate),
					Check: resource.ComposeTestCheckFunc(a.calls("POST /{template}", 0), a.uploads(uploads))},
			)
		})
	}
	t.Run("import into components_json", func(t *testing.T) {
		t.Parallel()
		var components []any
		if err := json.Unmarshal([]byte(shippedJSON), &components); err != nil {
			t.Fatal(err)
		}
		a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) {
			s.WABAs[0].MessageTemplates = append(s.WABAs[0].MessageTemplates, emulator.SeedMessageTemplate{
				Name: "order_shipped", Language: "en_US", Category: "UTILITY", ParameterFormat: "NAMED", Components: components})
		})
		cfg := a.provider() + template("UTILITY", `parameter_format = "NAMED"`, "components_json = <<-EOT\n"+shippedJSON+"\nEOT")
		a.test(
			resource.TestStep{Config: cfg + fmt.Sprintf("\nimport {\n  to = %s\n  id = \"%s/order_shipped/en_US\"\n}\n", templateName, testWABA),
				Check: a.calls("POST /{template}", 0)},
			resource.TestStep{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		)
	})
}

// TestAccMessageTemplateDeletedOutside: a template deleted in WhatsApp
// Manager leaves state at the next refresh and the plan creates it again
// (with the name-lock warning of warnGone, checked in
// TestTemplateGoneWarning: the testing library does not expose warnings).
func TestAccMessageTemplateDeletedOutside(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	deleteOutside := func() {
		tpl := a.templateOnFake("order_shipped")
		if tpl == nil {
			t.Fatal("no template order_shipped")
		}
		if err := a.fake.Delete(emulator.Change{Kind: emulator.KindMessageTemplate, ID: tpl.ID}); err != nil {
			t.Fatal(err)
		}
	}
	a.test(
		resource.TestStep{Config: a.provider() + utilityTemplate(shippedBody), ConfigStateChecks: statusIs("APPROVED")},
		resource.TestStep{PreConfig: deleteOutside, Config: a.provider() + utilityTemplate(shippedBody), PlanOnly: true, ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(templateName, plancheck.ResourceActionCreate)}}},
	)
}

// betweenPlanAndApply runs fn after the plan was made and checked, before
// the saved plan is applied: Meta deciding in the meantime.
type betweenPlanAndApply func()

func (fn betweenPlanAndApply) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	fn()
}

// TestAccMessageTemplateStatusChangedBeforeEdit: the plan saw the template
// APPROVED, then Meta put it back in review: the edit refused at apply says
// what the plan would have said (the status, and when to try again).
func TestAccMessageTemplateStatusChangedBeforeEdit(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	out := a.failureOutput(
		resource.TestStep{Config: a.provider() + utilityTemplate(shippedBody), ConfigStateChecks: statusIs("APPROVED")},
		resource.TestStep{Config: a.provider() + utilityTemplate("Hi {{first_name}}, order {{order_id}} has left our store."),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{betweenPlanAndApply(a.changeTemplate(map[string]any{"status": "IN_APPEAL"}))}}},
	)
	want := `Template Cannot Be Edited Now.*is IN_APPEAL, and Meta accepts edits only while a template is APPROVED, REJECTED or PAUSED. Meta's review usually ends within 24 hours`
	if !errorRe(want).MatchString(out) || strings.Contains(out, "Check the arguments") {
		t.Fatalf("the apply said: %s", out)
	}
}
