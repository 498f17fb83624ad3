package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

const appSubName = "whatsapp_app_subscription.test"

// webhookEndpoint is a user's webhook on loopback: it answers Meta's
// verification request as Meta asks when echo is set (the challenge, for the
// right verify token) and refuses it otherwise. It counts the requests.
func webhookEndpoint(t *testing.T, verifyToken string, echo bool) (*httptest.Server, *atomic.Int64) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		q := r.URL.Query()
		if !echo || q.Get("hub.mode") != "subscribe" || q.Get("hub.verify_token") != verifyToken {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		fmt.Fprint(w, q.Get("hub.challenge"))
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func appSubProvider(a *acc) string {
	return a.provider(fmt.Sprintf("app_id = %q", testApp), fmt.Sprintf("app_secret = %q", testAppSecret))
}

func appSubConfig(a *acc, callback string, fields ...string) string {
	quoted := make([]string, len(fields))
	for i, f := range fields {
		quoted[i] = fmt.Sprintf("%q", f)
	}
	return appSubProvider(a) + fmt.Sprintf("\nresource \"whatsapp_app_subscription\" \"test\" {\n  callback_url = %q\n  verify_token = \"s3cret-verify\"\n  fields       = [%s]\n}\n",
		callback, strings.Join(quoted, ", "))
}

// appSubIs checks the app's WhatsApp subscription at the fake ("" for none),
// and that the app's page subscription was never touched.
func (a *acc) appSubIs(callback string, fields ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if page, ok := a.fake.AppSubscription(testApp, "page"); !ok || page.CallbackURL != "https://hooks.example.com/page" {
			return fmt.Errorf("the app's page subscription changed: %+v %v", page, ok)
		}
		got, ok := a.fake.AppSubscription(testApp, "whatsapp_business_account")
		if callback == "" {
			if ok {
				return fmt.Errorf("the app still has a WhatsApp subscription: %+v", got)
			}
			return nil
		}
		slices.Sort(got.Fields)
		slices.Sort(fields)
		if !ok || got.CallbackURL != callback || !slices.Equal(got.Fields, fields) {
			return fmt.Errorf("fake subscription %+v (%v), want %s %v", got, ok, callback, fields)
		}
		return nil
	}
}

// withPageSubscription seeds a subscription of another object, which the
// resource must never touch.
func withPageSubscription(s *emulator.Seed) {
	s.Apps[0].Subscriptions = []emulator.SeedAppSubscription{{Object: "page", CallbackURL: "https://hooks.example.com/page", Fields: []string{"feed"}}}
}

func TestAccAppSubscription(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{}, withPageSubscription)
	endpoint, hits := webhookEndpoint(t, "s3cret-verify", true)
	cb := endpoint.URL + "/whatsapp"
	a.testWithDestroyCheck(a.appSubIs(""),
		resource.TestStep{
			Config: appSubConfig(a, cb, "messages", "message_template_status_update"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(appSubName, tfjsonpath.New("id"), knownvalue.StringExact(testApp)),
				statecheck.ExpectKnownValue(appSubName, tfjsonpath.New("object"), knownvalue.StringExact("whatsapp_business_account")),
				statecheck.ExpectKnownValue(appSubName, tfjsonpath.New("active"), knownvalue.Bool(true)),
			},
			Check: resource.ComposeTestCheckFunc(a.appSubIs(cb, "messages", "message_template_status_update"),
				a.calls("POST /{app}/subscriptions", 1), func(*terraform.State) error {
					if hits.Load() != 1 {
						return fmt.Errorf("%d verification requests, want 1", hits.Load())
					}
					return nil
				}),
		},
		// In place: a field goes (a DELETE of that field, as a POST only adds), another comes.
		resource.TestStep{
			Config:           appSubConfig(a, cb, "messages", "account_update"),
			ConfigPlanChecks: expectAction(appSubName, plancheck.ResourceActionUpdate),
			Check: resource.ComposeTestCheckFunc(a.appSubIs(cb, "messages", "account_update"),
				a.calls("POST /{app}/subscriptions", 2), a.calls("DELETE /{app}/subscriptions", 1)),
		},
		// Changed in the App Dashboard: drift, set back.
		resource.TestStep{
			PreConfig: func() {
				if err := a.fake.Modify(emulator.Change{Kind: emulator.KindAppSubscription, ID: testApp,
					Fields: map[string]any{"callback_url": "https://elsewhere.example.com/hook"}}); err != nil {
					t.Fatal(err)
				}
			},
			Config:           appSubConfig(a, cb, "messages", "account_update"),
			ConfigPlanChecks: expectAction(appSubName, plancheck.ResourceActionUpdate),
			Check:            a.appSubIs(cb, "messages", "account_update"),
		},
		resource.TestStep{ResourceName: appSubName, ImportState: true, ImportStateId: testApp, ImportStateVerify: true,
			ImportStateVerifyIgnore: []string{"verify_token"}},
	)
}

// An endpoint that does not echo the challenge: a clear error, and nothing
// saved in state or at the fake.
func TestAccAppSubscriptionVerificationFails(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{}, withPageSubscription)
	endpoint, hits := webhookEndpoint(t, "s3cret-verify", false)
	a.testWithDestroyCheck(a.appSubIs(""),
		resource.TestStep{
			Config:      appSubConfig(a, endpoint.URL+"/whatsapp", "messages"),
			ExpectError: errorRe(`Callback Verification Failed.*must answer a GET carrying hub.mode=subscribe.*echoing hub.challenge.*Nothing was saved.*2200`),
			Check:       a.appSubIs(""),
		},
	)
	if hits.Load() != 1 {
		t.Errorf("%d verification requests, want 1", hits.Load())
	}
	if got, ok := a.fake.AppSubscription(testApp, "whatsapp_business_account"); ok {
		t.Errorf("the refused subscription is at the fake: %+v", got)
	}
}

// The app already has a WhatsApp subscription: the create fails before any
// write, with what is set and the import ID.
func TestAccAppSubscriptionAlreadySubscribed(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) {
		withPageSubscription(s)
		s.Apps[0].Subscriptions = append(s.Apps[0].Subscriptions, emulator.SeedAppSubscription{Object: "whatsapp_business_account",
			CallbackURL: "https://hooks.example.com/old", VerifyToken: "old", Fields: []string{"messages"}})
	})
	a.test(resource.TestStep{
		Config:      appSubConfig(a, "https://hooks.example.com/new", "messages"),
		ExpectError: errorRe(`App Already Subscribed.*App ` + testApp + ` already has a WhatsApp webhook subscription \(callback https://hooks.example.com/old, fields messages\).*nothing was written.*terraform import <address> ` + testApp),
	})
	if n := a.writesTo("/{app}/subscriptions"); n != 0 {
		t.Errorf("%d writes after a refused create, want 0", n)
	}
}

// The app access token (app_id|app_secret) never reaches the trace log or
// state, and the secret is never sent as a proof of it.
func TestAccAppSubscriptionTokenNeverPrinted(t *testing.T) {
	clearProviderEnv(t)
	a := newAcc(t, emulator.Options{}, withPageSubscription)
	endpoint, _ := webhookEndpoint(t, "s3cret-verify", true)
	logPath := filepath.Join(t.TempDir(), "terraform.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv(envAppSecret, testAppSecret)
	// The verify token comes from a variable, as in a pipeline: the test
	// harness logs the configuration text itself.
	cfg := a.provider(fmt.Sprintf("app_id = %q", testApp)) + fmt.Sprintf(`
variable "verify_token" {
  type      = string
  sensitive = true
}

resource "whatsapp_app_subscription" "test" {
  callback_url = %q
  verify_token = var.verify_token
  fields       = ["messages"]
}
`, endpoint.URL)
	vars := config.Variables{"verify_token": config.StringVariable("s3cret-verify")}
	appToken := testApp + "|" + testAppSecret
	a.testWithDestroyCheck(a.appSubIs(""),
		resource.TestStep{Config: cfg, ConfigVariables: vars, Check: func(s *terraform.State) error {
			for k, v := range s.RootModule().Resources[appSubName].Primary.Attributes {
				if strings.Contains(v, testAppSecret) {
					return fmt.Errorf("state attribute %s holds the app secret", k)
				}
			}
			return nil
		}},
		resource.TestStep{RefreshState: true},
	)
	logs, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(logs), "/subscriptions") {
		t.Fatalf("the trace log has no subscription requests; the test would prove nothing (%d bytes)", len(logs))
	}
	for _, secret := range []string{appToken, testAppSecret, "s3cret-verify"} {
		if strings.Contains(string(logs), secret) {
			t.Errorf("the trace log contains %q", secret)
		}
	}
}
