package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

const webhookName = "whatsapp_phone_number_webhook.test"

// webhookConfig subscribes the token's app to the number's account and sets
// the number's override after it.
func webhookConfig(a *acc, body ...string) string {
	return a.provider() + subscribedAppBlock() + fmt.Sprintf(`
resource "whatsapp_phone_number_webhook" "test" {
  phone_number_id = %q
  %s
  depends_on = [whatsapp_subscribed_app.test]
}
`, seededPhone, strings.Join(body, "\n  "))
}

func (a *acc) phoneWebhookIs(uri, token string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got, ok := a.fake.PhoneWebhook(seededPhone)
		if uri == "" && ok || uri != "" && (!ok || got.OverrideCallbackURI != uri || got.VerifyToken != token) {
			return fmt.Errorf("fake override %+v (set %v), want %q with token %q", got, ok, uri, token)
		}
		return nil
	}
}

func TestAccPhoneNumberWebhook(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	cfg := func(uri string) string {
		return webhookConfig(a, fmt.Sprintf("override_callback_uri = %q", uri), `verify_token = "s3cret"`)
	}
	a.testWithDestroyCheck(a.phoneWebhookIs("", ""),
		resource.TestStep{
			Config:            cfg("https://hooks.example.com/wa/support"),
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(webhookName, tfjsonpath.New("id"), knownvalue.StringExact(seededPhone))},
			Check:             a.phoneWebhookIs("https://hooks.example.com/wa/support", "s3cret"),
		},
		resource.TestStep{
			Config: cfg("https://hooks.example.com/wa/v2"), ConfigPlanChecks: expectAction(webhookName, plancheck.ResourceActionUpdate),
			Check: a.phoneWebhookIs("https://hooks.example.com/wa/v2", "s3cret"),
		},
		// Removed in the App Dashboard: drift, and the apply sets it again.
		resource.TestStep{
			PreConfig: func() {
				if err := a.fake.Delete(emulator.Change{Kind: emulator.KindPhoneWebhook, ID: seededPhone}); err != nil {
					t.Fatal(err)
				}
			},
			Config: cfg("https://hooks.example.com/wa/v2"), ConfigPlanChecks: expectAction(webhookName, plancheck.ResourceActionCreate),
			Check: a.phoneWebhookIs("https://hooks.example.com/wa/v2", "s3cret"),
		},
		// Changed elsewhere: an in-place update puts it back.
		resource.TestStep{
			PreConfig: func() {
				if err := a.fake.Modify(emulator.Change{Kind: emulator.KindPhoneWebhook, ID: seededPhone, Fields: map[string]any{"override_callback_uri": "https://elsewhere.example.com"}}); err != nil {
					t.Fatal(err)
				}
			},
			Config: cfg("https://hooks.example.com/wa/v2"), ConfigPlanChecks: expectAction(webhookName, plancheck.ResourceActionUpdate),
		},
		resource.TestStep{
			ResourceName: webhookName, ImportState: true, ImportStateId: seededPhone, ImportStateVerify: true,
			ImportStateVerifyIgnore: []string{"verify_token", "verify_token_wo_version"},
		},
	)
}

func TestAccPhoneNumberWebhookWriteOnlyToken(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	cfg := func(token string, version int) string {
		return webhookConfig(a, `override_callback_uri = "https://hooks.example.com/wa"`, fmt.Sprintf("verify_token_wo = %q", token), fmt.Sprintf("verify_token_wo_version = %d", version))
	}
	runCase(t, resource.TestCase{
		ProtoV6ProviderFactories: a.factories(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				Config:            cfg("first", 1),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(webhookName, tfjsonpath.New("verify_token_wo"), knownvalue.Null())},
				Check:             a.phoneWebhookIs("https://hooks.example.com/wa", "first"),
			},
			{Config: cfg("second", 1), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{Config: cfg("second", 2), Check: a.phoneWebhookIs("https://hooks.example.com/wa", "second")},
			{
				Config:       webhookConfig(a, `override_callback_uri = "https://hooks.example.com/wa"`, `verify_token_wo = "second"`),
				ResourceName: webhookName, ImportState: true, ImportStateKind: resource.ImportBlockWithID, ImportStateId: seededPhone,
			},
		},
	})
}

func TestAccPhoneNumberWebhookNeedsSubscription(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	a.test(resource.TestStep{
		Config: a.provider() + fmt.Sprintf(`
resource "whatsapp_phone_number_webhook" "test" {
  phone_number_id       = %q
  override_callback_uri = "https://hooks.example.com/wa"
  verify_token          = "s3cret"
}
`, seededPhone),
		ExpectError: errorRe(`Callback Override Refused.*must be subscribed.*Add a whatsapp_subscribed_app.*depends_on`),
	})
}

// An override another team set: the create fails before any write, with the
// URL and the import ID; the import plans the change of URL, and the apply
// makes it the config's.
func TestAccPhoneNumberWebhookSetElsewhereRefused(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) {
		s.WABAs[0].PhoneNumbers[0].WebhookOverride = &emulator.SeedWebhookOverride{OverrideCallbackURI: "https://other-team.example.com/wa", VerifyToken: "theirs"}
	})
	cfg := webhookConfig(a, `override_callback_uri = "https://hooks.example.com/wa/support"`, `verify_token = "s3cret"`)
	a.testWithDestroyCheck(a.phoneWebhookIs("", ""),
		resource.TestStep{
			Config: cfg,
			ExpectError: errorRe(`Callback Override Already Set.*` + seededPhone + ` already sends its message webhooks to https://other-team\.example\.com/wa.*` +
				`nothing was written.*terraform import <address> ` + seededPhone),
		},
		resource.TestStep{
			PreConfig: func() {
				if n := a.fake.Stats().Count("POST /{phone}"); n != 0 {
					t.Fatalf("%d writes to the number after a refused create, want 0", n)
				}
			},
			Config: cfg + importBlock(webhookName, seededPhone),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(webhookName, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(webhookName, tfjsonpath.New("override_callback_uri"), knownvalue.StringExact("https://hooks.example.com/wa/support")),
			}},
			Check: resource.ComposeTestCheckFunc(a.phoneWebhookIs("https://hooks.example.com/wa/support", "s3cret"), a.calls("POST /{phone}", 1)),
		},
		resource.TestStep{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
	)
}
