package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// otpKinds are the three OTP buttons: each one's configured button, and the
// button attributes Meta's listing does not return (import cannot fill them).
var otpKinds = []struct {
	otpType, button string
	unreturned      []string
}{
	{"COPY_CODE", `{ type = "OTP", otp_type = "COPY_CODE" }`, nil},
	{"ONE_TAP", `{ type = "OTP", otp_type = "ONE_TAP", autofill_text = "Fill in", ` + otpApps + ` }`,
		[]string{"buttons.0.autofill_text", "buttons.0.supported_apps"}},
	{"ZERO_TAP", `{ type = "OTP", otp_type = "ZERO_TAP", zero_tap_terms_accepted = true, ` + otpApps + ` }`,
		[]string{"buttons.0.supported_apps", "buttons.0.zero_tap_terms_accepted"}},
}

// TestAccMessageTemplateOTPRoundTrip creates an authentication template of
// each OTP kind against the fake's Meta-shaped read-back (a URL button whose
// otp_type is only in the URL, with an example, and none of the one-tap
// attributes): state holds what was configured, the next plan is empty,
// import verifies all but what Meta does not return, and nothing is edited.
func TestAccMessageTemplateOTPRoundTrip(t *testing.T) {
	t.Parallel()
	for _, kind := range otpKinds {
		t.Run(kind.otpType, func(t *testing.T) {
			t.Parallel()
			a := newAcc(t, emulator.Options{})
			cfg := a.provider() + template("AUTHENTICATION", authBody, `footer = { code_expiration_minutes = 10 }`, buttons(kind.button))
			button := tfjsonpath.New("buttons").AtSliceIndex(0)
			checks := []statecheck.StateCheck{
				statecheck.ExpectKnownValue(templateName, button.AtMapKey("type"), knownvalue.StringExact("OTP")),
				statecheck.ExpectKnownValue(templateName, button.AtMapKey("otp_type"), knownvalue.StringExact(kind.otpType)),
				statecheck.ExpectKnownValue(templateName, button.AtMapKey("url"), knownvalue.Null()),
				statecheck.ExpectKnownValue(templateName, button.AtMapKey("example"), knownvalue.Null()),
			}
			if kind.otpType != "COPY_CODE" {
				checks = append(checks, statecheck.ExpectKnownValue(templateName, button.AtMapKey("supported_apps").AtSliceIndex(0).AtMapKey("package_name"),
					knownvalue.StringExact("com.acme.app")))
			}
			a.testWithDestroyCheck(a.templateGone("order_shipped"),
				resource.TestStep{Config: cfg, Check: a.listsOTPAsURL("order_shipped", kind.otpType), ConfigStateChecks: checks},
				resource.TestStep{Config: cfg, ResourceName: templateName, ImportState: true, ImportStateId: testWABA + "/order_shipped/en_US",
					ImportStateVerify: true, ImportStateVerifyIgnore: kind.unreturned},
			)
			if n := a.fake.Stats().Count("POST /{template}"); n != 0 {
				t.Fatalf("%d template edits, want none", n)
			}
		})
	}
}

// listsOTPAsURL checks that the fake lists the template's OTP button as
// Meta does, so the test above meets Meta's shape and not the one sent.
func (a *acc) listsOTPAsURL(name, otpType string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		req, err := http.NewRequestWithContext(a.t.Context(), http.MethodGet, a.fake.URL+"/"+testWABA+"/message_templates?fields=name,components", nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+testToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		var listing struct {
			Data []struct {
				Name       string          `json:"name"`
				Components json.RawMessage `json:"components"`
			} `json:"data"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&listing); err != nil {
			return err
		}
		for _, t := range listing.Data {
			if t.Name != name {
				continue
			}
			got := string(t.Components)
			for _, absent := range []string{`"otp_type"`, `"autofill_text"`, `"supported_apps"`, `"zero_tap_terms_accepted"`, `"OTP"`} {
				if strings.Contains(got, absent) {
					return fmt.Errorf("listed components hold %s, which Meta does not return: %s", absent, got)
				}
			}
			want := `"url":"https://www.whatsapp.com/otp/code/?otp_type=` + otpType + `\u0026code_expiration_minutes=10\u0026code=otp{{1}}"`
			if !strings.Contains(got, want) {
				return fmt.Errorf("listed components lack %s: %s", want, got)
			}
			return nil
		}
		return fmt.Errorf("template %s is not listed", name)
	}
}

// TestAccMessageTemplateOTPQuery lists authentication templates of each OTP
// kind with terraform query (Terraform >= 1.14): the generated resource has
// the OTP button without Meta's URL and example and without the attributes
// Meta does not return, and that block, as generated, imports with no changes.
func TestAccMessageTemplateOTPQuery(t *testing.T) {
	t.Parallel()
	for i, kind := range otpKinds {
		t.Run(kind.otpType, func(t *testing.T) {
			t.Parallel()
			id := fmt.Sprintf("17022554033001%02d", i)
			a := newAcc(t, emulator.Options{}, seedOTPTemplate(kind.otpType, id))
			button := tfjsonpath.New("buttons").AtSliceIndex(0)
			generated := a.provider() + generatedOTP(kind.otpType, authBody)
			runCase(t, resource.TestCase{
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
				ProtoV6ProviderFactories: a.factories(),
				Steps: []resource.TestStep{
					{Config: a.provider()},
					{
						Query: true,
						Config: fmt.Sprintf("list \"whatsapp_message_template\" \"all\" {\n  provider = whatsapp\n  include_resource = true\n  config {\n    waba_id = %q\n  }\n}\n",
							testWABA),
						QueryResultChecks: []querycheck.QueryResultCheck{
							querycheck.ExpectLength("whatsapp_message_template.all", 1),
							querycheck.ExpectResourceKnownValues("whatsapp_message_template.all", queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
								"waba_id": knownvalue.StringExact(testWABA), "id": knownvalue.StringExact(id),
							}), []querycheck.KnownValueCheck{
								{Path: button.AtMapKey("type"), KnownValue: knownvalue.StringExact("OTP")},
								{Path: button.AtMapKey("otp_type"), KnownValue: knownvalue.StringExact(kind.otpType)},
								{Path: button.AtMapKey("url"), KnownValue: knownvalue.Null()},
								{Path: button.AtMapKey("example"), KnownValue: knownvalue.Null()},
								{Path: button.AtMapKey("text"), KnownValue: knownvalue.Null()},
								{Path: button.AtMapKey("autofill_text"), KnownValue: knownvalue.Null()},
								{Path: button.AtMapKey("supported_apps"), KnownValue: knownvalue.Null()},
								{Path: button.AtMapKey("zero_tap_terms_accepted"), KnownValue: knownvalue.Null()},
							}),
						},
					},
					// The block as generated imports with no change, and then plans nothing.
					{Config: generated + fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", templateName, testWABA+"/"+id),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(templateName, plancheck.ResourceActionNoop)}}},
					{Config: generated, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
				},
			})
			if n := a.fake.Stats().Count("POST /{template}"); n != 0 {
				t.Fatalf("%d template edits, want none", n)
			}
		})
	}
}

// seedOTPTemplate seeds an authentication template order_shipped (en_US)
// with an OTP button of the given kind, created with everything it needs.
func seedOTPTemplate(otpType, id string) func(*emulator.Seed) {
	app := map[string]any{"package_name": "com.acme.app", "signature_hash": "K8a/AINcGX7"}
	button := map[string]any{"type": "OTP", "otp_type": otpType}
	switch otpType {
	case "ONE_TAP":
		button["autofill_text"], button["supported_apps"] = "Fill in", []any{app}
	case "ZERO_TAP":
		button["zero_tap_terms_accepted"], button["supported_apps"] = true, []any{app}
	}
	return func(s *emulator.Seed) {
		s.WABAs[0].MessageTemplates = append(s.WABAs[0].MessageTemplates, emulator.SeedMessageTemplate{
			ID: id, Name: "order_shipped", Language: "en_US", Category: "AUTHENTICATION",
			Components: []any{map[string]any{"type": "BODY", "add_security_recommendation": true},
				map[string]any{"type": "BUTTONS", "buttons": []any{button}}},
		})
	}
}

// generatedOTP is the block terraform query generates for such a template:
// the OTP button without what Meta does not list.
func generatedOTP(otpType, body string, extra ...string) string {
	return template("AUTHENTICATION", body, buttons(fmt.Sprintf(`{ %s }`, strings.Join(append([]string{`type = "OTP"`, fmt.Sprintf("otp_type = %q", otpType)}, extra...), ", "))))
}

// TestAccMessageTemplateOTPImportedThenConfigured: after importing a one-tap
// template (Meta lists no supported apps), adding supported_apps and
// autofill_text to the configuration records them without an edit; an edit
// of the content needs them, and without them fails at plan, naming the
// attribute, with no API write.
func TestAccMessageTemplateOTPImportedThenConfigured(t *testing.T) {
	t.Parallel()
	const id = "1702255403300110"
	importBlock := fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", templateName, testWABA+"/"+id)
	withApps := generatedOTP("ONE_TAP", authBody, `autofill_text = "Fill in"`, otpApps)
	t.Run("apps added", func(t *testing.T) {
		t.Parallel()
		a := newAcc(t, emulator.Options{}, seedOTPTemplate("ONE_TAP", id))
		a.test(
			resource.TestStep{Config: a.provider() + generatedOTP("ONE_TAP", authBody) + importBlock},
			resource.TestStep{Config: a.provider() + withApps, ConfigPlanChecks: expectAction(templateName, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(templateName,
					tfjsonpath.New("buttons").AtSliceIndex(0).AtMapKey("supported_apps").AtSliceIndex(0).AtMapKey("package_name"), knownvalue.StringExact("com.acme.app"))}},
		)
		if n := a.fake.Stats().Count("POST /{template}"); n != 0 {
			t.Fatalf("%d template edits, want none: the apps were recorded, not sent", n)
		}
	})
	t.Run("edit without apps", func(t *testing.T) {
		t.Parallel()
		a := newAcc(t, emulator.Options{}, seedOTPTemplate("ONE_TAP", id))
		a.test(
			resource.TestStep{Config: a.provider() + generatedOTP("ONE_TAP", authBody) + importBlock},
			resource.TestStep{Config: a.provider() + generatedOTP("ONE_TAP", `body = { add_security_recommendation = false }`),
				ExpectError: errorRe(`Missing Supported Apps.*buttons\[0\].supported_apps: to edit a template with a ONE_TAP button, set supported_apps.*Meta does not return them`)},
		)
		if n := a.fake.Stats().Count("POST /{template}"); n != 0 {
			t.Fatalf("%d template edits, want none", n)
		}
	})
}
