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

const subscribedAppName = "whatsapp_subscribed_app.test"

func subscribedAppConfig(a *acc, body ...string) string {
	return a.provider() + subscribedAppBlock(body...)
}

func subscribedAppBlock(body ...string) string {
	return fmt.Sprintf(`
resource "whatsapp_subscribed_app" "test" {
  waba_id = %q
  %s
}
`, testWABA, strings.Join(body, "\n  "))
}

// subscriptionIs checks the token's app's subscription in the fake.
func (a *acc) subscriptionIs(uri, verifyToken string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got, ok := a.fake.Subscription(testWABA, testApp)
		if !ok || got.OverrideCallbackURI != uri || got.VerifyToken != verifyToken {
			return fmt.Errorf("fake holds %+v (subscribed %v), want override %q with verify token %q", got, ok, uri, verifyToken)
		}
		return nil
	}
}

func (a *acc) notSubscribed(*terraform.State) error {
	if _, ok := a.fake.Subscription(testWABA, testApp); ok {
		return fmt.Errorf("the app is still subscribed in the fake")
	}
	if _, ok := a.fake.Subscription(testWABA, otherApp); !ok {
		return fmt.Errorf("another app's subscription was removed")
	}
	return nil
}

func subscribedAttr(name string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(subscribedAppName, tfjsonpath.New(name), v)
}

func expectAction(name string, action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(name, action)}}
}

func TestAccSubscribedApp(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	id := testWABA + "/" + testApp
	withOverride := func(uri, token string) string {
		return subscribedAppConfig(a, fmt.Sprintf("override_callback_uri = %q\n  verify_token = %q", uri, token))
	}
	a.testWithDestroyCheck(a.notSubscribed,
		resource.TestStep{
			Config:           subscribedAppConfig(a),
			ConfigPlanChecks: expectAction(subscribedAppName, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				subscribedAttr("id", knownvalue.StringExact(id)),
				subscribedAttr("waba_id", knownvalue.StringExact(testWABA)),
				subscribedAttr("app_id", knownvalue.StringExact(testApp)),
				subscribedAttr("app_name", knownvalue.StringExact("Acme Terraform App")),
				subscribedAttr("app_link", knownvalue.StringExact("https://www.facebook.com/games/?app_id="+testApp)),
				subscribedAttr("override_callback_uri", knownvalue.Null()),
				subscribedAttr("verify_token", knownvalue.Null()),
				subscribedAttr("verify_token_wo", knownvalue.Null()),
				subscribedAttr("verify_token_wo_version", knownvalue.Null()),
			},
			Check: a.subscriptionIs("", ""),
		},
		resource.TestStep{ResourceName: subscribedAppName, ImportState: true, ImportStateId: testWABA, ImportStateVerify: true,
			ImportStateVerifyIgnore: []string{"verify_token", "verify_token_wo_version"}},
		// An import block whose config leaves out what import cannot set plans nothing.
		resource.TestStep{
			Config:          subscribedAppConfig(a),
			ResourceName:    subscribedAppName,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
			ImportStateId:   id,
		},
		resource.TestStep{
			Config:            withOverride("https://hooks.example.com/wa", "s3cr3t"),
			ConfigPlanChecks:  expectAction(subscribedAppName, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{subscribedAttr("override_callback_uri", knownvalue.StringExact("https://hooks.example.com/wa"))},
			Check:             a.subscriptionIs("https://hooks.example.com/wa", "s3cr3t"),
		},
		resource.TestStep{ResourceName: subscribedAppName, ImportState: true, ImportStateId: id, ImportStateVerify: true,
			ImportStateVerifyIgnore: []string{"verify_token", "verify_token_wo_version"}},
		resource.TestStep{
			Config:           withOverride("https://hooks.example.com/wa2", "s3cr3t-2"),
			ConfigPlanChecks: expectAction(subscribedAppName, plancheck.ResourceActionUpdate),
			Check:            a.subscriptionIs("https://hooks.example.com/wa2", "s3cr3t-2"),
		},
		resource.TestStep{
			Config:            subscribedAppConfig(a),
			ConfigPlanChecks:  expectAction(subscribedAppName, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{subscribedAttr("override_callback_uri", knownvalue.Null())},
			Check:             a.subscriptionIs("", ""),
		},
		resource.TestStep{
			Config:           strings.Replace(subscribedAppConfig(a), testWABA, sparseWABA, 1),
			ConfigPlanChecks: expectAction(subscribedAppName, plancheck.ResourceActionDestroyBeforeCreate),
		},
	)
}

func TestAccSubscribedAppWriteOnlyVerifyToken(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	cfg := func(token string, version int) string {
		return subscribedAppConfig(a, fmt.Sprintf(`override_callback_uri = "https://hooks.example.com/wa"
  verify_token_wo = %q
  verify_token_wo_version = %d`, token, version))
	}
	runCase(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: a.factories(),
		CheckDestroy:             a.notSubscribed,
		Steps: []resource.TestStep{
			{
				Config: cfg("first-secret", 1),
				ConfigStateChecks: []statecheck.StateCheck{
					subscribedAttr("verify_token_wo", knownvalue.Null()),
					subscribedAttr("verify_token", knownvalue.Null()),
					subscribedAttr("verify_token_wo_version", knownvalue.Int64Exact(1)),
				},
				Check: a.subscriptionIs("https://hooks.example.com/wa", "first-secret"),
			},
			{
				Config:           cfg("second-secret", 2),
				ConfigPlanChecks: expectAction(subscribedAppName, plancheck.ResourceActionUpdate),
				Check:            a.subscriptionIs("https://hooks.example.com/wa", "second-secret"),
			},
		},
	})
}

func TestAccSubscribedAppDriftAndDeletion(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	cfg := subscribedAppConfig(a, `override_callback_uri = "https://hooks.example.com/wa"`, `verify_token = "tok"`)
	a.test(
		resource.TestStep{Config: cfg},
		resource.TestStep{
			// Someone clears the override in the App Dashboard: the plan puts it back.
			PreConfig: func() {
				if err := a.fake.Apply(emulator.Seed{WABAs: []emulator.SeedWABA{{ID: testWABA,
					SubscribedApps: []emulator.SeedSubscribedApp{{AppID: testApp}}}}}); err != nil {
					t.Fatal(err)
				}
			},
			Config:           cfg,
			ConfigPlanChecks: expectAction(subscribedAppName, plancheck.ResourceActionUpdate),
			Check:            a.subscriptionIs("https://hooks.example.com/wa", "tok"),
		},
		resource.TestStep{
			PreConfig: func() {
				if err := a.fake.Delete(emulator.Change{Kind: emulator.KindSubscribedApp, WABAID: testWABA, ID: testApp}); err != nil {
					t.Fatal(err)
				}
			},
			Config:           cfg,
			ConfigPlanChecks: expectAction(subscribedAppName, plancheck.ResourceActionCreate),
			Check:            a.subscriptionIs("https://hooks.example.com/wa", "tok"),
		},
	)
}

func TestAccSubscribedAppErrors(t *testing.T) {
	t.Parallel()
	post := emulator.FaultRule{Method: "POST", Route: "/{waba}/subscribed_apps"}
	permission, rateLimit := post, post
	permission.Kind, rateLimit.Kind = emulator.FaultPermission, emulator.FaultRateLimit4
	testAPIErrors(t, subscribedAppBlock(), []apiErrorCase{
		{name: "permission", rule: permission, want: `Cannot subscribe app.*code 200`},
		{name: "rate limit exhausted", extra: "max_retries = 1", rule: rateLimit, want: `code 4.*after 2 attempts`},
	}, nil)
}

func TestAccSubscribedAppImportOtherApp(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	a.test(resource.TestStep{
		Config:        subscribedAppConfig(a),
		ResourceName:  subscribedAppName,
		ImportState:   true,
		ImportStateId: testWABA + "/" + otherApp,
		ExpectError:   errorRe(`Not the token's app.*` + testWABA + `/` + testApp),
	})
}

func TestAccSubscribedAppImportWithOverrideResendsToken(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) {
		s.WABAs[0].SubscribedApps = append(s.WABAs[0].SubscribedApps,
			emulator.SeedSubscribedApp{AppID: testApp, OverrideCallbackURI: "https://hooks.example.com/old", VerifyToken: "old"})
	})
	cfg := subscribedAppConfig(a, `override_callback_uri = "https://hooks.example.com/old"`, `verify_token = "new"`)
	a.test(
		resource.TestStep{Config: cfg, ResourceName: subscribedAppName, ImportState: true, ImportStateId: testWABA, ImportStatePersist: true},
		resource.TestStep{
			Config:           cfg,
			ConfigPlanChecks: expectAction(subscribedAppName, plancheck.ResourceActionUpdate),
			Check:            a.subscriptionIs("https://hooks.example.com/old", "new"),
		},
	)
}
