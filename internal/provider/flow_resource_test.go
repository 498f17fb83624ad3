package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

const flowName = "whatsapp_flow.signup"

// signupFlowJSON is a one-screen Flow, as a heredoc would hold it.
const signupFlowJSON = `{
  "version": "7.2",
  "screens": [
    {
      "id": "WELCOME",
      "title": "Sign up",
      "terminal": true,
      "layout": { "type": "SingleColumnLayout", "children": [] }
    }
  ]
}`

// signupFlowEncoded is the same document as jsonencode writes it.
const signupFlowEncoded = `jsonencode({
    screens = [{ layout = { children = [], type = "SingleColumnLayout" }, terminal = true, title = "Sign up", id = "WELCOME" }]
    version = "7.2"
  })`

func flowConfig(a *acc, flowJSON string, body ...string) string {
	return a.provider() + fmt.Sprintf(`
resource "whatsapp_flow" "signup" {
  waba_id    = %q
  name       = "signup"
  categories = ["SIGN_UP"]
  flow_json  = %s
  %s
}
`, testWABA, flowJSON, strings.Join(body, "\n  "))
}

func heredoc(doc string) string { return "<<-EOT\n" + doc + "\nEOT" }

func flowAttr(name string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(flowName, tfjsonpath.New(name), v)
}

// flowStatusIs checks the fake's status of the Flow in state.
func (a *acc) flowStatusIs(want string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs := s.RootModule().Resources[flowName]
		if rs == nil {
			return fmt.Errorf("%s is not in state", flowName)
		}
		f, ok := a.fake.Flow(rs.Primary.ID)
		if !ok || f.Status != want {
			return fmt.Errorf("the fake holds Flow %s as %+v (exists %v), want status %s", rs.Primary.ID, f, ok, want)
		}
		return nil
	}
}

// noFlowsBut passes when the fake holds no Flow of the test WABA but
// deprecated ones.
func (a *acc) noFlowsBut(status string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, w := range a.fake.State().WABAs {
			for _, f := range w.Flows {
				if f.Status != status {
					return fmt.Errorf("Flow %s (%s) is still %s on the fake", f.Name, f.ID, f.Status)
				}
			}
		}
		return nil
	}
}

// TestAccFlow: a draft created, a reformatted flow_json that plans
// nothing, a JSON edit of the draft (one asset upload), publishing (one
// publish call), import, a JSON edit of the published Flow refused by Meta
// and then at plan, and a published Flow deprecated on destroy.
func TestAccFlow(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	edited := strings.Replace(signupFlowJSON, `"Sign up"`, `"Join us"`, 1)
	empty := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	a.testWithDestroyCheck(a.noFlowsBut("DEPRECATED"),
		resource.TestStep{
			Config:           flowConfig(a, heredoc(signupFlowJSON)),
			ConfigPlanChecks: expectAction(flowName, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				flowAttr("status", knownvalue.StringExact("DRAFT")),
				flowAttr("publish", knownvalue.Bool(false)),
				flowAttr("json_version", knownvalue.StringExact("7.2")),
				flowAttr("validation_errors", knownvalue.ListSizeExact(0)),
				flowAttr("health_status", knownvalue.StringExact("AVAILABLE")),
				flowAttr("preview_url", knownvalue.StringRegexp(regexpOf(`^https://business\.facebook\.com/wa/manage/flows/[0-9]+/preview/`))),
				flowAttr("deprecate_on_destroy", knownvalue.Bool(false)),
			},
			Check: resource.ComposeTestCheckFunc(a.flowStatusIs("DRAFT"), a.calls("POST /{waba}/flows", 1)),
		},
		resource.TestStep{Config: flowConfig(a, signupFlowEncoded), ConfigPlanChecks: empty},
		resource.TestStep{
			PreConfig:        a.fake.ResetStats,
			Config:           flowConfig(a, heredoc(edited)),
			ConfigPlanChecks: expectAction(flowName, plancheck.ResourceActionUpdate),
			Check:            resource.ComposeTestCheckFunc(a.calls("POST /{flow}/assets", 1), a.calls("POST /{flow}/publish", 0), a.calls("POST /{flow}", 0)),
		},
		resource.TestStep{
			PreConfig:         a.fake.ResetStats,
			Config:            flowConfig(a, heredoc(edited), "publish = true"),
			ConfigPlanChecks:  expectAction(flowName, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{flowAttr("status", knownvalue.StringExact("PUBLISHED"))},
			Check:             resource.ComposeTestCheckFunc(a.flowStatusIs("PUBLISHED"), a.calls("POST /{flow}/publish", 1), a.calls("POST /{flow}/assets", 0)),
		},
		resource.TestStep{ResourceName: flowName, ImportState: true, ImportStateVerify: true,
			ImportStateIdFunc: func(s *terraform.State) (string, error) {
				return testWABA + "/" + s.RootModule().Resources[flowName].Primary.ID, nil
			}},
		resource.TestStep{
			Config:      flowConfig(a, heredoc(signupFlowJSON), "publish = true"),
			ExpectError: errorRe(`Published Flow Is Immutable.*code 139001.*create_before_destroy`),
		},
		// Meta refused once: the plan says so before any write.
		resource.TestStep{
			PreConfig:   a.fake.ResetStats,
			Config:      flowConfig(a, heredoc(signupFlowJSON), "publish = true"),
			PlanOnly:    true,
			ExpectError: errorRe(`Published Flow Is Immutable.*needs a new Flow: change name as well`),
		},
		resource.TestStep{
			Config:      flowConfig(a, heredoc(edited), "publish = false"),
			PlanOnly:    true,
			ExpectError: errorRe(`Cannot Unpublish a Flow`),
		},
		resource.TestStep{
			Config: flowConfig(a, heredoc(edited), "publish = true", "deprecate_on_destroy = true"),
			Check:  resource.ComposeTestCheckFunc(a.flowStatusIs("PUBLISHED"), a.calls("POST /{flow}/assets", 0), a.calls("POST /{flow}/deprecate", 0)),
		},
		// What the plan advised: a new name with create_before_destroy
		// publishes the new Flow, then deprecates the old one.
		resource.TestStep{
			PreConfig: a.fake.ResetStats,
			Config: strings.Replace(flowConfig(a, heredoc(signupFlowJSON), "publish = true", "deprecate_on_destroy = true",
				"lifecycle {\n    create_before_destroy = true\n  }"), `name       = "signup"`, `name       = "signup_v2"`, 1),
			ConfigPlanChecks:  expectAction(flowName, plancheck.ResourceActionCreateBeforeDestroy),
			ConfigStateChecks: []statecheck.StateCheck{flowAttr("name", knownvalue.StringExact("signup_v2")), flowAttr("status", knownvalue.StringExact("PUBLISHED"))},
			Check: resource.ComposeTestCheckFunc(a.flowStatusIs("PUBLISHED"), a.calls("POST /{waba}/flows", 1), a.calls("POST /{flow}/deprecate", 1),
				a.calls("POST /{flow}/assets", 0), a.calls("POST /{flow}", 0)),
		},
	)
	if n := a.fake.Stats().Count("POST /{flow}/deprecate"); n != 2 {
		t.Fatalf("%d deprecate calls since the replacement, want 2 (the old Flow, then the new one on destroy)", n)
	}
}

// TestFlowHealthWarning: a throttled or blocked Flow warns, naming Meta's
// health status; a published or draft Flow does not.
func TestFlowHealthWarning(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ status, health, want string }{
		{"THROTTLED", "LIMITED", "Flow Throttled: Flow signup (1) is THROTTLED: Meta limits it to 10 new Flow messages an hour (health status can_send_message = LIMITED)"},
		{"BLOCKED", "BLOCKED", "Flow Blocked: Flow signup (1) is BLOCKED: it cannot be sent or opened (health status can_send_message = BLOCKED)"},
		{"PUBLISHED", "AVAILABLE", ""},
		{"DRAFT", "AVAILABLE", ""},
	} {
		var diags diag.Diagnostics
		warnFlowHealth(&diags, &flowModel{ID: types.StringValue("1"), Name: types.StringValue("signup"), Status: types.StringValue(tc.status), HealthStatus: types.StringValue(tc.health)})
		got := ""
		if len(diags) > 0 {
			got = diags[0].Summary() + ": " + diags[0].Detail()
		}
		if tc.want == "" && got != "" || tc.want != "" && (!strings.HasPrefix(got, tc.want) || diags.WarningsCount() != 1) {
			t.Errorf("%s: got %q, want %q", tc.status, got, tc.want)
		}
	}
}

// TestAccFlowInvalidJSON: publish = true with a Flow JSON Meta finds
// errors in fails the apply with one diagnostic per error (line, column,
// pointer path) and no publish call; the draft is in state, and the fixed
// JSON replaces it (DELETE, then a new create), leaving no draft behind.
func TestAccFlowInvalidJSON(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	broken := `{"version": "4.0", "screens": [{"title": "No ID"}]}`
	a.testWithDestroyCheck(a.noFlowsBut("none"),
		resource.TestStep{
			Config:      flowConfig(a, heredoc(broken), "publish = true"),
			ExpectError: errorRe(`Invalid Flow JSON.*INVALID_FLOW_JSON_VERSION at line 1, column 2 \(/version\).*MISSING_REQUIRED_PROPERTY at line 1, column 20 \(/screens/0\).*MISSING_TERMINAL_SCREEN at line 1, column 20 \(/screens\)`),
		},
		resource.TestStep{
			Config:           flowConfig(a, heredoc(signupFlowJSON), "publish = true", "deprecate_on_destroy = true"),
			ConfigPlanChecks: expectAction(flowName, plancheck.ResourceActionDestroyBeforeCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				flowAttr("status", knownvalue.StringExact("PUBLISHED")),
				flowAttr("validation_errors", knownvalue.ListSizeExact(0)),
			},
			Check: resource.ComposeTestCheckFunc(a.flowStatusIs("PUBLISHED"), a.calls("POST /{flow}/publish", 0),
				a.calls("POST /{waba}/flows", 2), a.calls("DELETE /{flow}", 1)),
		},
		resource.TestStep{
			Config:  flowConfig(a, heredoc(signupFlowJSON), "publish = true", "deprecate_on_destroy = true"),
			Destroy: true,
			Check:   a.noFlowsBut("DEPRECATED"),
		},
	)
}

// TestAccFlowExisting: a Flow of the same name made in WhatsApp Manager
// fails the create before any write, with the import ID; the import then
// reads its JSON and plans nothing.
func TestAccFlowExisting(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) {
		s.WABAs[0].Flows = []emulator.SeedFlow{{ID: "1183907543004829", Name: "signup", Categories: []string{"SIGN_UP"}, Status: "PUBLISHED", FlowJSON: signupFlowJSON}}
	})
	cfg := flowConfig(a, signupFlowEncoded, "publish = true", "deprecate_on_destroy = true")
	a.testWithDestroyCheck(a.noFlowsBut("DEPRECATED"),
		resource.TestStep{Config: cfg, ExpectError: errorRe(`Flow Already Exists.*1183907543004829 \(or an import block\)`)},
		resource.TestStep{PreConfig: a.fake.ResetStats, Config: cfg + importBlock(flowName, testWABA+"/1183907543004829"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{onlyChanges(flowName, "deprecate_on_destroy")}},
			Check:            resource.ComposeTestCheckFunc(a.calls("POST /{waba}/flows", 0), a.calls("POST /{flow}/assets", 0))},
		resource.TestStep{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
	)
}

// TestAccFlowPlanOf30 imports 30 Flows of one WABA, then plans: the Flows
// cost the pages of one listing, and no node or asset read.
func TestAccFlowPlanOf30(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) {
		for i := range 30 {
			s.WABAs[0].Flows = append(s.WABAs[0].Flows, emulator.SeedFlow{ID: fmt.Sprint(1183907543000001 + i), Name: fmt.Sprintf("survey_%02d", i), Categories: []string{"SURVEY"}, FlowJSON: signupFlowJSON})
		}
	})
	cfg := a.provider() + fmt.Sprintf(`
resource "whatsapp_flow" "f" {
  count      = 30
  waba_id    = %q
  name       = format("survey_%%02d", count.index)
  categories = ["SURVEY"]
  flow_json  = %s
}
`, testWABA, heredoc(signupFlowJSON))
	imports := cfg + fmt.Sprintf(`
import {
  for_each = { for i in range(30) : tostring(i) => i }
  to       = whatsapp_flow.f[each.value]
  id       = format("%s/%%d", 1183907543000001 + each.value)
}
`, testWABA)
	var st emulator.Stats
	a.test(
		resource.TestStep{Config: imports},
		resource.TestStep{PreConfig: a.fake.ResetStats, Config: cfg, PlanOnly: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				planCheckFunc(func(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) { st = a.fake.Stats() }),
			}}},
	)
	if st.Count("GET /{waba}/flows") != 1 || st.Count("GET /{flow}") != 0 || st.Count("GET /{flow}/assets") != 0 {
		t.Fatalf("a plan of 30 Flows made %v; want one listing page", st.Requests)
	}
}

// TestAccFlowTemplateButton applies the template example whose FLOW button
// opens a whatsapp_flow: Meta receives the template with the Flow's ID, and
// the Flow is created (published) before it.
func TestAccFlowTemplateButton(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	cfg := a.provider() + readExample(t, "resources/whatsapp_message_template/resource-flow.tf")
	a.test(resource.TestStep{Config: cfg, Check: func(s *terraform.State) error {
		flowID := s.RootModule().Resources["whatsapp_flow.newsletter"].Primary.ID
		if f, ok := a.fake.Flow(flowID); !ok || f.Status != "PUBLISHED" {
			return fmt.Errorf("the fake holds Flow %s as %+v, want it published", flowID, f)
		}
		for _, w := range a.fake.State().WABAs {
			for _, tpl := range w.MessageTemplates {
				if tpl.Name != "newsletter_invite" {
					continue
				}
				b, _ := json.Marshal(tpl.Components)
				if !strings.Contains(string(b), `"flow_id":"`+flowID+`"`) || !strings.Contains(string(b), `"navigate_screen":"SIGN_UP"`) {
					return fmt.Errorf("the template's components %s do not open Flow %s at SIGN_UP", b, flowID)
				}
				return nil
			}
		}
		return fmt.Errorf("the fake holds no template newsletter_invite")
	}})
}

// TestAccExampleFlowsGuide applies the Flows guide's example as a branch
// would (drafts), then as main would (publish_flows = true: one publish
// call, no asset upload), each followed by an empty plan.
func TestAccExampleFlowsGuide(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	cfg := a.provider() + readExample(t, "guides/flows/main.tf")
	publish := config.Variables{"publish_flows": config.BoolVariable(true)}
	a.test(
		resource.TestStep{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("whatsapp_flow.signup", tfjsonpath.New("status"), knownvalue.StringExact("DRAFT")),
			statecheck.ExpectKnownOutputValue("signup_preview_url", knownvalue.StringRegexp(regexpOf(`^https://`))),
		}},
		resource.TestStep{PreConfig: a.fake.ResetStats, Config: cfg, ConfigVariables: publish,
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue("whatsapp_flow.signup", tfjsonpath.New("status"), knownvalue.StringExact("PUBLISHED"))},
			Check:             resource.ComposeTestCheckFunc(a.calls("POST /{flow}/publish", 1), a.calls("POST /{flow}/assets", 0))},
	)
}

// TestAccFlowThrottled: Meta's monitoring throttles, then blocks, a
// published Flow: it still counts as published (no diff, publish = true),
// its health status is read, and destroy deprecates it.
func TestAccFlowThrottled(t *testing.T) {
	t.Parallel()
	const id = "1183907543004829"
	a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) {
		s.WABAs[0].Flows = []emulator.SeedFlow{{ID: id, Name: "signup", Categories: []string{"SIGN_UP"}, Status: "PUBLISHED", FlowJSON: signupFlowJSON}}
	})
	cfg := flowConfig(a, heredoc(signupFlowJSON), "publish = true", "deprecate_on_destroy = true")
	monitor := func(status string) func() {
		return func() {
			if err := a.fake.Modify(emulator.Change{Kind: emulator.KindFlow, ID: id, Fields: map[string]any{"status": status}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	empty := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	a.testWithDestroyCheck(a.noFlowsBut("DEPRECATED"),
		resource.TestStep{Config: cfg + importBlock(flowName, testWABA+"/"+id)},
		resource.TestStep{PreConfig: monitor("THROTTLED"), Config: cfg, ConfigPlanChecks: empty,
			ConfigStateChecks: []statecheck.StateCheck{flowAttr("status", knownvalue.StringExact("THROTTLED")),
				flowAttr("health_status", knownvalue.StringExact("LIMITED")), flowAttr("publish", knownvalue.Bool(true))}},
		resource.TestStep{PreConfig: monitor("BLOCKED"), Config: cfg, ConfigPlanChecks: empty,
			ConfigStateChecks: []statecheck.StateCheck{flowAttr("status", knownvalue.StringExact("BLOCKED")), flowAttr("health_status", knownvalue.StringExact("BLOCKED"))}},
	)
}

// TestAccFlowDestroyPublished: destroying a published Flow without
// deprecate_on_destroy fails before any write; with it, destroy
// deprecates the Flow (one call); a draft is deleted (TestAccFlowInvalidJSON).
func TestAccFlowDestroyPublished(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	published := flowConfig(a, heredoc(signupFlowJSON), "publish = true")
	a.testWithDestroyCheck(resource.ComposeTestCheckFunc(a.noFlowsBut("DEPRECATED"), a.calls("POST /{flow}/deprecate", 1)),
		resource.TestStep{Config: published, Check: a.flowStatusIs("PUBLISHED")},
		resource.TestStep{PreConfig: a.fake.ResetStats, Config: published, Destroy: true, ExpectError: errorRe(`Published Flow Not Destroyed.*deprecate_on_destroy = true`)},
		// No write since the refused destroy:
		resource.TestStep{Config: flowConfig(a, heredoc(signupFlowJSON), "publish = true", "deprecate_on_destroy = true"),
			Check: resource.ComposeTestCheckFunc(a.flowStatusIs("PUBLISHED"), a.calls("POST /{flow}/deprecate", 0), a.calls("DELETE /{flow}", 0))},
	)
}
