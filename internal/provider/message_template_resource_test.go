package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

const templateName = "whatsapp_message_template.x"

// utilityTemplate is a NAMED utility template with a URL button.
func utilityTemplate(body string) string {
	return template("UTILITY", `parameter_format = "NAMED"`,
		fmt.Sprintf(`body = { text = %q, examples = { first_name = "Jana", order_id = "A-1042" } }`, body),
		`footer = { text = "Acme Shop" }`,
		buttons(`{ type = "URL", text = "Track", url = "https://acme.example/track/{{1}}", example = "A-1042" }`))
}

const shippedBody = "Hello {{first_name}}, order {{order_id}} is on its way."

// templateOnFake returns the fake's template of the given name, or nil.
func (a *acc) templateOnFake(name string) *emulator.SeedMessageTemplate {
	for _, w := range a.fake.State().WABAs {
		for _, t := range w.MessageTemplates {
			if t.Name == name {
				return &t
			}
		}
	}
	return nil
}

func (a *acc) templateGone(name string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if t := a.templateOnFake(name); t != nil {
			return fmt.Errorf("template %s is still on the fake (%s)", name, t.Status)
		}
		return nil
	}
}

// changeTemplate changes the order_shipped template out of band.
func (a *acc) changeTemplate(fields map[string]any) func() {
	return func() {
		t := a.templateOnFake("order_shipped")
		if t == nil {
			a.t.Fatal("no template order_shipped")
		}
		if err := a.fake.Modify(emulator.Change{Kind: emulator.KindMessageTemplate, ID: t.ID, Fields: fields}); err != nil {
			a.t.Fatal(err)
		}
	}
}

func TestAccMessageTemplateLifecycle(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	empty := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	importID := func(s *terraform.State) (string, error) {
		return testWABA + "/" + s.RootModule().Resources[templateName].Primary.ID, nil
	}
	a.testWithDestroyCheck(a.templateGone("order_shipped"),
		resource.TestStep{
			Config: a.provider() + utilityTemplate(shippedBody),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(templateName, tfjsonpath.New("status"), knownvalue.StringExact("APPROVED")),
				statecheck.ExpectKnownValue(templateName, tfjsonpath.New("current_category"), knownvalue.StringExact("UTILITY")),
				statecheck.ExpectKnownValue(templateName, tfjsonpath.New("buttons").AtSliceIndex(0).AtMapKey("type"), knownvalue.StringExact("URL")),
			},
		},
		// Import by both ID forms, then a plan with no changes.
		resource.TestStep{Config: a.provider() + utilityTemplate(shippedBody), ResourceName: templateName, ImportState: true,
			ImportStateIdFunc: importID, ImportStateVerify: true},
		resource.TestStep{Config: a.provider() + utilityTemplate(shippedBody), ResourceName: templateName, ImportState: true,
			ImportStateId: testWABA + "/order_shipped/en_US", ImportStateVerify: true},
		resource.TestStep{Config: a.provider() + utilityTemplate(shippedBody), ResourceName: templateName, ImportState: true,
			ImportStateKind: resource.ImportBlockWithID, ImportStateId: testWABA + "/order_shipped/en_US"},
		// Meta's decisions out of band: computed, never a diff.
		resource.TestStep{PreConfig: a.changeTemplate(map[string]any{"category": "MARKETING", "quality_score": "YELLOW"}),
			Config: a.provider() + utilityTemplate(shippedBody), ConfigPlanChecks: empty,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(templateName, tfjsonpath.New("category"), knownvalue.StringExact("UTILITY")),
				statecheck.ExpectKnownValue(templateName, tfjsonpath.New("current_category"), knownvalue.StringExact("MARKETING")),
				statecheck.ExpectKnownValue(templateName, tfjsonpath.New("previous_category"), knownvalue.StringExact("UTILITY")),
				statecheck.ExpectKnownValue(templateName, tfjsonpath.New("quality_score"), knownvalue.StringExact("YELLOW")),
			}},
		resource.TestStep{PreConfig: a.changeTemplate(map[string]any{"status": "PAUSED", "category": "UTILITY"}),
			Config: a.provider() + utilityTemplate(shippedBody), ConfigPlanChecks: empty},
		resource.TestStep{PreConfig: a.changeTemplate(map[string]any{"status": "REJECTED", "rejected_reason": "PROMOTIONAL"}),
			Config: a.provider() + utilityTemplate(shippedBody), ConfigPlanChecks: empty,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(templateName, tfjsonpath.New("status"), knownvalue.StringExact("REJECTED")),
				statecheck.ExpectKnownValue(templateName, tfjsonpath.New("rejected_reason"), knownvalue.StringExact("PROMOTIONAL")),
			}},
		// An edit in place (allowed while REJECTED), read back after review.
		resource.TestStep{Config: a.provider() + utilityTemplate("Hi {{first_name}}, your order {{order_id}} has left our store."),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(templateName, plancheck.ResourceActionUpdate)}},
			Check: func(*terraform.State) error {
				if got := a.templateOnFake("order_shipped"); !strings.Contains(fmt.Sprint(got.Components), "has left our store") {
					return fmt.Errorf("the fake holds %v", got.Components)
				}
				return nil
			}},
		// Drift: an edit made in WhatsApp Manager is undone by an edit.
		resource.TestStep{
			PreConfig: a.changeTemplate(map[string]any{"components": []any{map[string]any{"type": "BODY", "text": "Edited in WhatsApp Manager, order {{1}} ok.",
				"example": map[string]any{"body_text": []any{[]any{"A-1"}}}}}}),
			Config: a.provider() + utilityTemplate("Hi {{first_name}}, your order {{order_id}} has left our store."), PlanOnly: true, ExpectNonEmptyPlan: true,
		},
	)
}

func TestAccMessageTemplatePlanRefusals(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{TemplateReviewDelay: -1})
	a.test(
		resource.TestStep{Config: a.provider() + utilityTemplate(shippedBody),
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(templateName, tfjsonpath.New("status"), knownvalue.StringExact("PENDING"))}},
		// PENDING: an edit is refused at plan.
		resource.TestStep{Config: a.provider() + utilityTemplate("Hello {{first_name}}, order {{order_id}} shipped today."), PlanOnly: true,
			ExpectError: errorRe(`Template Cannot Be Edited Now.*is PENDING.*within 24 hours`)},
		// APPROVED (seen by a refresh): no category change, and no replacement keeping the name.
		resource.TestStep{PreConfig: a.changeTemplate(map[string]any{"status": "APPROVED"}), RefreshState: true, ExpectNonEmptyPlan: true},
		resource.TestStep{
			Config: a.provider() + strings.Replace(utilityTemplate(shippedBody), `category = "UTILITY"`, `category = "MARKETING"`, 1), PlanOnly: true,
			ExpectError: errorRe(`Category of an Approved Template.*UTILITY to MARKETING.*order_shipped_v2`)},
		// Same WABA, name and language (a new parameter_format): no order of delete and create works.
		resource.TestStep{Config: a.provider() + template("UTILITY", `parameter_format = "POSITIONAL"`, okBody), PlanOnly: true,
			ExpectError: errorRe(`Replacement Would Reuse a Locked Name.*same name and language.*order_shipped_v2`)},
		// With a new name the replacement is fine.
		resource.TestStep{Config: a.provider() + strings.Replace(strings.Replace(utilityTemplate(shippedBody), `"en_US"`, `"en_GB"`, 1), `"order_shipped"`, `"order_shipped_v2"`, 1),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(templateName, plancheck.ResourceActionDestroyBeforeCreate)}}},
	)
	if a.templateOnFake("order_shipped") != nil || a.templateOnFake("order_shipped_v2") != nil {
		t.Fatal("the templates outlived destroy")
	}
}

func TestAccMessageTemplateWaitForReview(t *testing.T) {
	t.Parallel()
	for _, outcome := range []string{"APPROVED", "REJECTED"} {
		t.Run(outcome, func(t *testing.T) {
			t.Parallel()
			a := newAcc(t, emulator.Options{TemplateReviewDelay: -1})
			// Meta decides while the apply polls. A miss is reported, not
			// waited out: the apply's timeouts bound its polling.
			decided := make(chan bool, 1)
			go func() {
				for range 400 {
					time.Sleep(25 * time.Millisecond)
					if tpl := a.templateOnFake("order_shipped"); tpl != nil && a.fake.Stats().Count("GET /{template}") > 0 {
						decided <- a.fake.Modify(emulator.Change{Kind: emulator.KindMessageTemplate, ID: tpl.ID, Fields: map[string]any{"status": outcome, "rejected_reason": "INVALID_FORMAT"}}) == nil
						return
					}
				}
				decided <- false
			}()
			t.Cleanup(func() {
				if !<-decided {
					t.Error("the fake's review was never decided: the template was not created, or not polled, within 10 s")
				}
			})
			step := resource.TestStep{Config: a.provider() + utilityTemplate(shippedBody) + "\n# wait\n",
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(templateName, tfjsonpath.New("status"), knownvalue.StringExact("APPROVED"))}}
			step.Config = strings.Replace(step.Config, `category = "UTILITY"`, "category = \"UTILITY\"\n  wait_for_review = true\n  timeouts { create = \"2m\" }", 1)
			if outcome == "REJECTED" {
				step.ConfigStateChecks, step.ExpectError = nil, errorRe(`Template Rejected.*INVALID_FORMAT.*stays in state.*tainted.*terraform untaint.*an edit`)
			}
			a.test(step)
		})
	}
}

func TestAccMessageTemplateKinds(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	png := filepath.Join(dir, "header.png")
	if err := os.WriteFile(png, []byte("\x89PNG\r\n\x1a\n fake image"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := map[string]string{
		"authentication one-tap": template("AUTHENTICATION", `message_send_ttl_seconds = 300`, authBody, `footer = { code_expiration_minutes = 5 }`,
			buttons(`{ type = "OTP", otp_type = "ONE_TAP", `+otpApps+` }`)),
		"authentication zero-tap with labels": template("AUTHENTICATION", authBody,
			buttons(`{ type = "OTP", otp_type = "ZERO_TAP", text = "Copy", autofill_text = "Fill in", zero_tap_terms_accepted = true, `+otpApps+` }`)),
		"marketing image header": template("MARKETING", fmt.Sprintf(`header = { format = "IMAGE", media_file = %q, media_sha256 = filesha256(%q) }`, png, png),
			`body = { text = "Spring sale: 20% off until Sunday." }`, buttons(`{ type = "QUICK_REPLY", text = "Stop promotions" }`, `{ type = "QUICK_REPLY", text = "More" }`)),
		"utility text header positional": template("UTILITY", `header = { format = "TEXT", text = "Order {{1}}", examples = { "1" = "A-1" } }`, okBody,
			buttons(`{ type = "PHONE_NUMBER", text = "Call us", phone_number = "+4930123456" }`)),
		"marketing copy code": template("MARKETING", okBody, buttons(`{ type = "COPY_CODE", text = "Copy code", example = "SPRING20" }`)),
		"components_json carousel": template("MARKETING", `components_json = jsonencode([
    { type = "body", text = "Our picks for you" },
    { type = "CAROUSEL", cards = [{ components = [{ type = "HEADER", format = "IMAGE", example = { header_handle = ["4::aGVhZGVy"] } }, { type = "BODY", text = "Sofa" }] }] },
  ])`),
	}
	for name, config := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := newAcc(t, emulator.Options{})
			a.testWithDestroyCheck(a.templateGone("order_shipped"),
				resource.TestStep{Config: a.provider() + config},
			)
			if strings.Contains(name, "image") && len(a.fake.Uploads()) != 1 {
				t.Fatalf("%d uploads, want the header image once", len(a.fake.Uploads()))
			}
		})
	}
}

func TestAccMessageTemplateDestroyDisabled(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	cfg := a.provider() + utilityTemplate(shippedBody)
	a.test(
		resource.TestStep{Config: cfg},
		resource.TestStep{PreConfig: a.changeTemplate(map[string]any{"status": "DISABLED"}), Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
	)
	// Destroy succeeded (the test framework checks it); the template stays on Meta.
	if got := a.templateOnFake("order_shipped"); got == nil || got.Status != "DISABLED" {
		t.Fatalf("after destroy: %+v, want the disabled template kept", got)
	}
}

func TestAccMessageTemplateUnknownCreateOutcomeAdopted(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	if err := a.fake.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{{Method: "POST", Route: "/{waba}/message_templates", Kind: emulator.FaultDropAfter, Times: 1}}}); err != nil {
		t.Fatal(err)
	}
	a.test(resource.TestStep{Config: a.provider() + utilityTemplate(shippedBody),
		ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(templateName, tfjsonpath.New("status"), knownvalue.StringExact("APPROVED"))}})
	if n := a.fake.Stats().Count("POST /{waba}/message_templates"); n != 1 {
		t.Fatalf("%d creates, want 1: the dropped one was adopted, not repeated", n)
	}
}

func TestAccMessageTemplatesDataSource(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{PageSize: 1}, func(s *emulator.Seed) {
		body := []any{map[string]any{"type": "BODY", "text": "Hello there, welcome."}}
		s.WABAs[0].MessageTemplates = []emulator.SeedMessageTemplate{
			{Name: "welcome", Language: "en_US", Category: "MARKETING", Components: body},
			{Name: "welcome", Language: "de", Category: "MARKETING", Components: body},
			{Name: "welcome_back", Language: "en_US", Category: "UTILITY", Status: "REJECTED", Components: body},
		}
	})
	ds := func(filters string) string {
		return a.provider() + fmt.Sprintf("data \"whatsapp_message_templates\" \"x\" {\n  waba_id = %q\n  %s\n}\n", testWABA, filters)
	}
	names := func(n int) statecheck.StateCheck {
		return statecheck.ExpectKnownValue("data.whatsapp_message_templates.x", tfjsonpath.New("templates"), knownvalue.ListSizeExact(n))
	}
	a.test(
		resource.TestStep{Config: ds(""), ConfigStateChecks: []statecheck.StateCheck{names(3),
			statecheck.ExpectKnownValue("data.whatsapp_message_templates.x", tfjsonpath.New("message_template_count"), knownvalue.Int64Exact(3)),
			statecheck.ExpectKnownValue("data.whatsapp_message_templates.x", tfjsonpath.New("message_template_limit"), knownvalue.Int64Exact(250))}},
		resource.TestStep{Config: ds(`name = "welcome"`), ConfigStateChecks: []statecheck.StateCheck{names(2)}},
		resource.TestStep{Config: ds(`languages = ["de"]`), ConfigStateChecks: []statecheck.StateCheck{names(1)}},
		resource.TestStep{Config: ds(`statuses = ["REJECTED"]`), ConfigStateChecks: []statecheck.StateCheck{names(1),
			statecheck.ExpectKnownValue("data.whatsapp_message_templates.x", tfjsonpath.New("templates").AtSliceIndex(0).AtMapKey("name"), knownvalue.StringExact("welcome_back"))}},
		resource.TestStep{Config: ds(`categories = ["UTILITY"]`), ConfigStateChecks: []statecheck.StateCheck{names(1)}},
	)
}

// TestAccMessageTemplatePlanOf30 imports 30 templates of one WABA, then
// plans: the templates cost the pages of one listing, never a read each.
// The fake's pages hold 10 (Meta's hold up to 100), so 30 templates span
// the 3 pages 300 would.
func TestAccMessageTemplatePlanOf30(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{PageSize: 10}, func(s *emulator.Seed) {
		for i := range 30 {
			s.WABAs[0].MessageTemplates = append(s.WABAs[0].MessageTemplates, emulator.SeedMessageTemplate{
				Name: fmt.Sprintf("promo_%02d", i), Language: "en_US", Category: "MARKETING",
				Components: []any{map[string]any{"type": "BODY", "text": fmt.Sprintf("Offer number %d is here.", i)}},
			})
		}
	})
	cfg := a.provider() + fmt.Sprintf(`
resource "whatsapp_message_template" "t" {
  count    = 30
  waba_id  = %q
  name     = format("promo_%%02d", count.index)
  language = "en_US"
  category = "MARKETING"
  body     = { text = "Offer number ${count.index} is here." }
}
`, testWABA)
	imports := cfg + fmt.Sprintf(`
import {
  for_each = { for i in range(30) : tostring(i) => i }
  to       = whatsapp_message_template.t[each.value]
  id       = format("%s/promo_%%02d/en_US", each.value)
}
`, testWABA)
	var calls int
	a.test(
		resource.TestStep{Config: imports},
		resource.TestStep{PreConfig: a.fake.ResetStats, Config: cfg, PlanOnly: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{countCalls{a, &calls}}}},
	)
	st := a.fake.Stats()
	t.Logf("a plan of 30 templates: %d calls %v", calls, st.Requests)
	if n := st.Count("GET /{waba}/message_templates"); n != 3 || st.Count("GET /{template}") > 0 {
		t.Fatalf("a plan of 30 templates made %v; want the 3 listing pages", st.Requests)
	}
}

// TestAccMessageTemplateComponentsJSONBySense reformats components_json
// (key order, white space, the case of a type): the plan stays empty; a real
// change plans an edit.
func TestAccMessageTemplateComponentsJSONBySense(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	withJSON := func(j string) string {
		return a.provider() + template("MARKETING", "components_json = <<-EOT\n"+j+"\nEOT")
	}
	a.test(
		resource.TestStep{Config: withJSON(`[{"type":"BODY","text":"Spring sale this week."},{"type":"FOOTER","text":"Acme"}]`)},
		resource.TestStep{Config: withJSON(`[ { "text": "Spring sale this week.", "type": "body" },
  { "text": "Acme", "type": "footer" } ]`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		resource.TestStep{Config: withJSON(`[{"type":"BODY","text":"Summer sale this week."},{"type":"FOOTER","text":"Acme"}]`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(templateName, plancheck.ResourceActionUpdate)}}},
	)
}

// TestAccMessageTemplateImportedMediaHeader imports a template with an image
// header and no media_file (as terraform query writes it): no change is
// planned; an edit then asks for the file, at plan.
func TestAccMessageTemplateImportedMediaHeader(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) {
		s.WABAs[0].MessageTemplates = append(s.WABAs[0].MessageTemplates, emulator.SeedMessageTemplate{
			Name: "order_shipped", Language: "en_US", Category: "MARKETING",
			Components: []any{
				map[string]any{"type": "HEADER", "format": "IMAGE", "example": map[string]any{"header_handle": []any{"4::aW1hZ2UvcG5n:ARa"}}},
				map[string]any{"type": "BODY", "text": "Spring sale: 20% off until Sunday."},
			},
		})
	})
	cfg := func(body string) string {
		return a.provider() + template("MARKETING", `header = { format = "IMAGE" }`, fmt.Sprintf("body = { text = %q }", body))
	}
	a.test(
		resource.TestStep{Config: cfg("Spring sale: 20% off until Sunday."), ResourceName: templateName, ImportState: true,
			ImportStateKind: resource.ImportBlockWithID, ImportStateId: testWABA + "/order_shipped/en_US"},
		resource.TestStep{Config: cfg("Spring sale: 20% off until Sunday."), ResourceName: templateName, ImportState: true,
			ImportStateId: testWABA + "/order_shipped/en_US", ImportStatePersist: true},
		resource.TestStep{Config: cfg("Spring sale: 20% off until Sunday."),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		resource.TestStep{Config: cfg("Summer sale: 20% off until Sunday."), PlanOnly: true,
			ExpectError: errorRe(`header.media_file: to edit a template whose header is IMAGE, set media_file`)},
	)
}

// TestAccMessageTemplateCreateRefusedAsExisting: Meta answers 100/2388024 both
// to a (name, language) the account has and to a name locked for 30 days
// after an approved template of that name was deleted; the fake answers both
// alike, and the one diagnostic gives both readings and what to do for each.
func TestAccMessageTemplateCreateRefusedAsExisting(t *testing.T) {
	t.Parallel()
	want := errorRe(`Message Template Already Exists.*2388024.*import it with terraform import <address> ` + testWABA +
		`/order_shipped/en_US.*deleted less than 30 days ago.*use another name`)
	cfg := func(a *acc) string { return a.provider() + utilityTemplate(shippedBody) }
	tests := map[string]struct {
		seed    func(*emulator.Seed)
		steps   func(a *acc) []resource.TestStep
		creates int
	}{
		"duplicate": {
			seed: func(s *emulator.Seed) {
				s.WABAs[0].MessageTemplates = append(s.WABAs[0].MessageTemplates, exampleTemplate())
			},
			steps:   func(a *acc) []resource.TestStep { return []resource.TestStep{{Config: cfg(a), ExpectError: want}} },
			creates: 1,
		},
		"name locked after a delete": {
			seed: func(*emulator.Seed) {},
			steps: func(a *acc) []resource.TestStep {
				return []resource.TestStep{{Config: cfg(a)}, {Config: a.provider()}, {Config: cfg(a), ExpectError: want}}
			},
			creates: 2,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := newAcc(t, emulator.Options{}, tc.seed)
			a.test(tc.steps(a)...)
			if n := a.fake.Stats().Count("POST /{waba}/message_templates"); n != tc.creates {
				t.Fatalf("%d creates, want %d: a refused create is not repeated", n, tc.creates)
			}
		})
	}
}
