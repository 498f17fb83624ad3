package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// The examples are part of the docs; these tests run every one of them
// against the fake, so an example that breaks fails the build.

const examplesDir = "../../examples"

func readExample(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(examplesDir, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var importCommand = regexp.MustCompile(`(?m)^terraform import (\S+) (\S+)$`)

// exampleResource is one resource type's examples and the seed its import
// examples need.
type exampleResource struct {
	typeName string
	vars     config.Variables
	// existing puts the example's object on the fake for the import examples.
	existing func(*emulator.Seed)
	// unreadable are the attributes import cannot read (the docs list them):
	// after an import, a plan may set these and nothing else.
	unreadable []string
	// provider are extra lines of the provider block the type needs.
	provider []string
}

// exampleResources lists every resource type with examples.
func exampleResources() []exampleResource {
	verifyToken := config.Variables{"webhook_verify_token": config.StringVariable("example-verify-token")}
	return []exampleResource{
		{
			typeName: "whatsapp_assigned_user",
			existing: func(s *emulator.Seed) {
				s.WABAs[0].AssignedUsers = append(s.WABAs[0].AssignedUsers, emulator.SeedAssignedUser{UserID: janeUser, Tasks: []string{"MANAGE_TEMPLATES", "VIEW_COST"}})
			},
		},
		{
			typeName: "whatsapp_subscribed_app", unreadable: []string{"verify_token", "verify_token_wo_version"}, vars: verifyToken,
			existing: func(s *emulator.Seed) {
				s.WABAs[0].SubscribedApps = append(s.WABAs[0].SubscribedApps, emulator.SeedSubscribedApp{
					AppID: testApp, OverrideCallbackURI: "https://hooks.example.com/whatsapp/support", VerifyToken: "example-verify-token",
				})
			},
		},
		{
			typeName: "whatsapp_phone_number_registration", unreadable: []string{"pin", "pin_wo_version", "data_localization_region"}, vars: config.Variables{"whatsapp_pin": config.StringVariable("123456")},
			// The seeded number is registered: import finds it.
			existing: func(*emulator.Seed) {},
		},
		{
			typeName: "whatsapp_business_profile", unreadable: []string{"profile_picture_file", "profile_picture_sha256"},
			existing: func(s *emulator.Seed) {
				s.WABAs[0].PhoneNumbers[0].BusinessProfile = &emulator.SeedBusinessProfile{About: "Support Mon-Fri 8-18 CET",
					Description: "Orders, returns and repairs for Acme customers.", Address: "Hauptstr. 1, 10115 Berlin", Email: "support@acme.example",
					Websites: []string{"https://acme.example", "https://acme.example/help"}, Vertical: "RETAIL"}
			},
		},
		{
			typeName: "whatsapp_phone_number_webhook", unreadable: []string{"verify_token", "verify_token_wo_version"}, vars: verifyToken,
			existing: func(s *emulator.Seed) {
				s.WABAs[0].PhoneNumbers[0].WebhookOverride = &emulator.SeedWebhookOverride{
					OverrideCallbackURI: "https://hooks.example.com/whatsapp/support-line", VerifyToken: "example-verify-token"}
			},
		},
		{
			typeName: "whatsapp_conversational_automation",
			existing: func(s *emulator.Seed) {
				s.WABAs[0].PhoneNumbers[0].Automation = &emulator.SeedAutomation{EnableWelcomeMessage: true,
					Prompts:  []string{"Track my order", "Return an item"},
					Commands: []emulator.SeedCommand{{Name: "status", Description: "The status of an order"}, {Name: "agent", Description: "Talk to a person"}}}
			},
		},
		{
			typeName: "whatsapp_phone_number", unreadable: []string{"migrate_phone_number", "preverified_id", "deregister_on_destroy"},
			existing: func(s *emulator.Seed) {
				s.WABAs[0].PhoneNumbers = append(s.WABAs[0].PhoneNumbers, emulator.SeedPhoneNumber{
					ID: "110200345509999", CC: "49", PhoneNumber: "15112345679", VerifiedName: "Acme Sales",
				})
			},
		},
		{
			typeName: "whatsapp_commerce_settings",
			existing: func(s *emulator.Seed) {
				s.WABAs[0].PhoneNumbers[0].CommerceSettings = &emulator.SeedCommerceSettings{IsCartEnabled: true, IsCatalogVisible: true}
			},
		},
		{
			typeName: "whatsapp_qr_code", unreadable: []string{"image_format", "qr_image_url"},
			existing: func(s *emulator.Seed) {
				s.WABAs[0].PhoneNumbers[0].QRCodes = []emulator.SeedQRCode{{Code: "4O4YGZEG3RIVE1", PrefilledMessage: "Hi! I have a question about my order."}}
			},
		},
		{
			typeName: "whatsapp_app_subscription", unreadable: []string{"verify_token", "verify_token_wo_version"}, vars: verifyToken,
			provider: []string{fmt.Sprintf("app_id = %q", testApp), fmt.Sprintf("app_secret = %q", testAppSecret)},
			existing: func(s *emulator.Seed) {
				s.Apps[0].Subscriptions = []emulator.SeedAppSubscription{{Object: "whatsapp_business_account",
					CallbackURL: "https://hooks.example.com/whatsapp", VerifyToken: "example-verify-token",
					Fields: []string{"messages", "message_template_status_update", "account_update"}}}
			},
		},
		{
			typeName: "whatsapp_message_template",
			existing: func(s *emulator.Seed) {
				s.WABAs[0].MessageTemplates = append(s.WABAs[0].MessageTemplates, exampleTemplate())
			},
		},
		{
			typeName: "whatsapp_business_encryption",
			existing: func(s *emulator.Seed) { s.WABAs[0].PhoneNumbers[0].BusinessPublicKey = exampleBusinessPublicKey },
		},
		{
			typeName: "whatsapp_flow", unreadable: []string{"deprecate_on_destroy"},
			existing: func(s *emulator.Seed) {
				s.WABAs[0].Flows = append(s.WABAs[0].Flows, emulator.SeedFlow{ID: "1183907543004829", Name: "newsletter_signup",
					Categories: []string{"SIGN_UP"}, Status: "PUBLISHED", FlowJSON: exampleFlowJSON})
			},
		},
	}
}

// exampleFlowJSON is the whatsapp_flow example's Flow JSON as WhatsApp
// Manager would hold it (formatted otherwise: compared by meaning).
const exampleFlowJSON = `{
  "version": "7.2",
  "screens": [
    {
      "id": "SIGN_UP",
      "title": "Join the newsletter",
      "terminal": true,
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          {"type": "TextInput", "name": "email", "label": "Email", "input-type": "email", "required": true},
          {"type": "Footer", "label": "Sign up", "on-click-action": {"name": "complete", "payload": {"email": "${form.email}"}}}
        ]
      }
    }
  ]
}`

// exampleTemplate is the template of the whatsapp_message_template example,
// as it exists on Meta for the import examples.
func exampleTemplate() emulator.SeedMessageTemplate {
	return emulator.SeedMessageTemplate{
		ID: "1702255403300001", Name: "order_shipped", Language: "en_US", Category: "UTILITY", ParameterFormat: "NAMED",
		Components: []any{
			map[string]any{"type": "BODY", "text": "Hello {{first_name}}, your order {{order_id}} is on its way.", "example": map[string]any{
				"body_text_named_params": []any{map[string]any{"param_name": "first_name", "example": "Jana"}, map[string]any{"param_name": "order_id", "example": "A-1042"}}}},
			map[string]any{"type": "FOOTER", "text": "Acme Shop"},
			map[string]any{"type": "BUTTONS", "buttons": []any{map[string]any{"type": "URL", "text": "Track order", "url": "https://acme.example/track/{{1}}", "example": []any{"A-1042"}}}},
		},
	}
}

// TestAccExampleMessageTemplates applies each further template example, then
// plans again: nothing changes.
func TestAccExampleMessageTemplates(t *testing.T) {
	t.Parallel()
	image, err := filepath.Abs(filepath.Join(examplesDir, "resources/whatsapp_message_template/spring-sale.png"))
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"resource-authentication.tf", "resource-media-header.tf", "resource-carousel.tf", "resource-v2.tf", "resource-flow.tf"} {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			a := newAcc(t, emulator.Options{})
			cfg := a.provider() + readExample(t, filepath.Join("resources/whatsapp_message_template", file))
			vars := config.Variables{}
			if strings.Contains(cfg, "spring_sale_image") {
				vars["spring_sale_image"] = config.StringVariable(image)
			}
			a.test(
				resource.TestStep{Config: cfg, ConfigVariables: vars},
			)
		})
	}
}

// TestAccExampleMessageTemplatesDataSource runs the data source's example.
func TestAccExampleMessageTemplatesDataSource(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) {
		de := exampleTemplate()
		de.ID, de.Language = "", "de"
		s.WABAs[0].MessageTemplates = append(s.WABAs[0].MessageTemplates, exampleTemplate(), de)
	})
	a.test(resource.TestStep{
		Config: a.provider() + readExample(t, "data-sources/whatsapp_message_templates/data-source.tf"),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("approved_template_names", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("order_shipped")})),
			statecheck.ExpectKnownOutputValue("template_room_left", knownvalue.Int64Exact(248)),
		},
	})
}

func TestAccExampleResources(t *testing.T) {
	t.Parallel()
	for _, tc := range exampleResources() {
		dir := filepath.Join("resources", tc.typeName)
		t.Run(tc.typeName+"/resource.tf", func(t *testing.T) {
			t.Parallel()
			a := newAcc(t, emulator.Options{})
			a.test(resource.TestStep{Config: a.provider(tc.provider...) + readExample(t, filepath.Join(dir, "resource.tf")), ConfigVariables: tc.vars})
		})
		// Both import examples adopt the object the fake holds: the import
		// block of import-by-string-id.tf in an apply (which may then update
		// the object to resource.tf), then the import.sh command, in a working
		// directory of its own, the same object.
		t.Run(tc.typeName+"/imports", func(t *testing.T) {
			t.Parallel()
			m := importCommand.FindStringSubmatch(readExample(t, filepath.Join(dir, "import.sh")))
			if m == nil {
				t.Fatal("import.sh has no `terraform import ADDRESS ID` line")
			}
			a := newAcc(t, emulator.Options{}, tc.existing)
			resourceTF := a.provider(tc.provider...) + readExample(t, filepath.Join(dir, "resource.tf"))
			a.test(
				resource.TestStep{Config: resourceTF + readExample(t, filepath.Join(dir, "import-by-string-id.tf")), ConfigVariables: tc.vars},
				resource.TestStep{Config: resourceTF, ConfigVariables: tc.vars, ResourceName: m[1], ImportState: true, ImportStateId: m[2]},
			)
		})
	}
}

// TestAccExampleProviderAndDataSource runs provider.tf (which takes its token
// from the environment) with the data source example. It sets environment
// variables, so it does not run in parallel.
func TestAccExampleProviderAndDataSource(t *testing.T) {
	clearProviderEnv(t)
	a := newAcc(t, emulator.Options{})
	t.Setenv(envAccessToken, testToken)
	t.Setenv(envBaseURL, a.fake.URL)
	a.test(resource.TestStep{
		Config: readExample(t, "provider/provider.tf") + readExample(t, "data-sources/whatsapp_business_account/data-source.tf"),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("waba_name", knownvalue.StringExact("Acme Support")),
			statecheck.ExpectKnownOutputValue("waba_owner_business_id", knownvalue.StringExact(testBusiness)),
			statecheck.ExpectKnownOutputValue("waba_can_send_message", knownvalue.StringExact("LIMITED")),
		},
	}, resource.TestStep{
		// An account without health status or owner: the example still works.
		Config: readExample(t, "provider/provider.tf") + strings.Replace(readExample(t, "data-sources/whatsapp_business_account/data-source.tf"), testWABA, sparseWABA, 1),
		ConfigStateChecks: []statecheck.StateCheck{
			// A null output is left out of state; that the apply succeeds is the point.
			statecheck.ExpectKnownOutputValue("waba_name", knownvalue.StringExact("Acme Sparse")),
		},
	})
}

// TestAccExampleOnboarding runs the onboarding guide's configuration: a
// number added, registered and configured in one apply, then an empty plan.
func TestAccExampleOnboarding(t *testing.T) {
	clearProviderEnv(t)
	a := newAcc(t, emulator.Options{})
	t.Setenv(envAccessToken, testToken)
	t.Setenv(envAppID, testApp)
	t.Setenv(envAppSecret, testAppSecret)
	t.Setenv(envBaseURL, a.fake.URL)
	vars := config.Variables{"whatsapp_pin": config.StringVariable("246810"), "webhook_verify_token": config.StringVariable("guide-token")}
	a.test(resource.TestStep{
		Config: readExample(t, "guides/onboarding/main.tf"), ConfigVariables: vars,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("care_number", knownvalue.StringExact("+49 151 12345600 (CONNECTED)")),
		},
		Check: func(*terraform.State) error {
			if sub, ok := a.fake.AppSubscription(testApp, "whatsapp_business_account"); !ok || sub.CallbackURL != "https://hooks.example.com/whatsapp" {
				return fmt.Errorf("the app's webhook at the fake: %+v %v", sub, ok)
			}
			return nil
		},
	})
}

// TestAccExampleDiscoveryDataSources runs the plural data sources' examples.
func TestAccExampleDiscoveryDataSources(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	a.test(resource.TestStep{
		Config: a.provider() + readExample(t, "data-sources/whatsapp_phone_numbers/data-source.tf") +
			readExample(t, "data-sources/whatsapp_assigned_users/data-source.tf") + readExample(t, "data-sources/whatsapp_subscribed_apps/data-source.tf") +
			readExample(t, "data-sources/whatsapp_business_accounts/data-source.tf"),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("support_numbers", knownvalue.MapExact(map[string]knownvalue.Check{seededPhone: knownvalue.StringExact("+49 151 12345678")})),
			statecheck.ExpectKnownOutputValue("support_admins", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("terraform-bot")})),
			statecheck.ExpectKnownOutputValue("support_subscribed_app_ids", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(otherApp)})),
			statecheck.ExpectKnownOutputValue("acme_accounts", knownvalue.MapExact(map[string]knownvalue.Check{
				testWABA: knownvalue.StringExact("Acme Support (owned)"), sparseWABA: knownvalue.StringExact("Acme Sparse (owned)")})),
		},
	})
}

// TestAccExampleDemo runs the `make demo` configuration on a number whose
// profile is filled, as in the demo's seed: the import adopts it, the apply
// makes it the configuration's, and the next plan is empty.
func TestAccExampleDemo(t *testing.T) {
	clearProviderEnv(t)
	a := newAcc(t, emulator.Options{}, filledProfile)
	t.Setenv(envAccessToken, testToken)
	t.Setenv(envBaseURL, a.fake.URL)
	vars := config.Variables{
		"webhook_verify_token": config.StringVariable("demo-verify-token"),
		"create_phone_number":  config.BoolVariable(true),
	}
	a.test(resource.TestStep{
		Config: readExample(t, "demo/main.tf"), ConfigVariables: vars,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction("whatsapp_business_profile.support", plancheck.ResourceActionUpdate),
		}},
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("assigned_user", knownvalue.StringExact("Jane Ops (BUSINESS_USER): MANAGE_TEMPLATES, VIEW_COST")),
			statecheck.ExpectKnownOutputValue("business_profile",
				knownvalue.StringExact("Support Mon-Fri 8-18 CET <help@acme.example> https://acme.example https://acme.example/help")),
			statecheck.ExpectKnownOutputValue("phone_number", knownvalue.StringExact("+49 151 12345679 (PENDING)")),
		},
	})
}
