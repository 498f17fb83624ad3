package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// These tests set environment variables, so they cannot run in parallel
// (Go runs them before the parallel tests start).

const requiredProviders = `
terraform {
  required_providers {
    whatsapp = {
      source = "waba-terraform/whatsapp"
    }
  }
}
`

func clearProviderEnv(t *testing.T) {
	for _, v := range []string{envAccessToken, envAppSecret, envAppID, envAPIVersion, envBaseURL, envMaxRetries} {
		t.Setenv(v, "")
	}
}

func TestAccProviderEnvFallbacks(t *testing.T) {
	clearProviderEnv(t)
	a := newAcc(t, emulator.Options{})
	t.Setenv(envAccessToken, testToken)
	t.Setenv(envBaseURL, a.fake.URL)
	t.Setenv(envAPIVersion, "v24.0")
	t.Setenv(envMaxRetries, "3")
	a.test(resource.TestStep{
		Config:            requiredProviders + `provider "whatsapp" {}` + "\n" + dataSource(),
		ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue("data.whatsapp_business_account.x", tfjsonpath.New("name"), knownvalue.StringExact("Acme Support"))},
	})
}

func TestAccProviderConfigWinsOverEnv(t *testing.T) {
	clearProviderEnv(t)
	a := newAcc(t, emulator.Options{})
	t.Setenv(envAccessToken, "wrong-token-from-env")
	t.Setenv(envBaseURL, "http://127.0.0.1:1")
	t.Setenv(envAPIVersion, "not-a-version")
	a.test(resource.TestStep{
		Config:            a.provider(`api_version = "v25.0"`) + dataSource(),
		ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue("data.whatsapp_business_account.x", tfjsonpath.New("name"), knownvalue.StringExact("Acme Support"))},
	})
}

func TestAccProviderEnvErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"missing token", nil, `Missing access token.*access_token.*WHATSAPP_ACCESS_TOKEN`},
		{"bad env api version", map[string]string{envAccessToken: testToken, envAPIVersion: "25"}, `WHATSAPP_API_VERSION must look like v25.0`},
		{"negative env retries", map[string]string{envAccessToken: testToken, envMaxRetries: "-3"}, `WHATSAPP_MAX_RETRIES must be a whole number`},
		{"http env base url", map[string]string{envAccessToken: testToken, envBaseURL: "http://graph.example.com"}, `WHATSAPP_BASE_URL.*not loopback`},
		{"bad env app id", map[string]string{envAccessToken: testToken, envAppID: "my-app"}, `WHATSAPP_APP_ID must be a Graph ID`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clearProviderEnv(t)
			a := newAcc(t, emulator.Options{})
			if _, ok := tc.env[envBaseURL]; !ok {
				t.Setenv(envBaseURL, a.fake.URL)
			}
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			a.test(resource.TestStep{
				Config:      requiredProviders + `provider "whatsapp" {}` + "\n" + dataSource(),
				ExpectError: errorRe(tc.want),
			})
			if n := a.fake.Stats().Total; n != 0 {
				t.Fatalf("%d requests despite a bad configuration", n)
			}
		})
	}
}

// TestAccProviderUnknownConfigDeferred: a token that comes from another
// resource is unknown at plan; that is no error until an API call needs it.
func TestAccProviderUnknownConfigDeferred(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	cfg := requiredProviders + fmt.Sprintf(`
resource "terraform_data" "token" {
  input = %q
}

provider "whatsapp" {
  access_token = terraform_data.token.output
  base_url     = %q
}

resource "whatsapp_assigned_user" "x" {
  waba_id = %q
  user_id = %q
  tasks   = ["VIEW_COST"]
}
`, testToken, a.fake.URL, testWABA, janeUser)
	a.test(resource.TestStep{Config: cfg, Check: a.assignmentIs(janeUser, "VIEW_COST")})
}

// TestAccSecretsNeverPrinted runs apply, refresh and destroy of every type
// with TF_LOG=trace and checks the token and app secret appear nowhere: not in
// the log, not in state, and never outside the Authorization header.
func TestAccSecretsNeverPrinted(t *testing.T) {
	clearProviderEnv(t)
	a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) { s.Apps[0].RequireAppSecret = true })
	logPath := filepath.Join(t.TempDir(), "terraform.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	// Secrets come from the environment and a variable, as in a CI pipeline:
	// the test harness logs the configuration text itself.
	t.Setenv(envAccessToken, testToken)
	t.Setenv(envAppSecret, testAppSecret)
	t.Setenv(envBaseURL, a.fake.URL)
	cfg := requiredProviders + `provider "whatsapp" {}` + "\n" + dataSource() + fmt.Sprintf(`
variable "verify_token" {
  type      = string
  sensitive = true
}

resource "whatsapp_assigned_user" "x" {
  waba_id = %[1]q
  user_id = %[2]q
  tasks   = ["VIEW_COST"]
}

resource "whatsapp_subscribed_app" "x" {
  waba_id               = %[1]q
  override_callback_uri = "https://hooks.example.com/wa"
  verify_token          = var.verify_token
}

resource "whatsapp_phone_number" "x" {
  waba_id      = %[1]q
  cc           = "1"
  phone_number = "6315559999"
}
`, testWABA, janeUser)
	stateClean := func(s *terraform.State) error {
		for name, r := range s.RootModule().Resources {
			for k, v := range r.Primary.Attributes {
				if strings.Contains(v, testToken) || strings.Contains(v, testAppSecret) {
					return fmt.Errorf("state of %s.%s holds a secret", name, k)
				}
			}
		}
		return nil
	}
	vars := config.Variables{"verify_token": config.StringVariable("user-chosen-verify-token")}
	a.test(
		resource.TestStep{Config: cfg, ConfigVariables: vars, Check: stateClean},
		resource.TestStep{RefreshState: true, Check: stateClean},
	)
	logs, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(logs), "Graph API request") {
		t.Fatalf("the trace log has no provider request lines; the test would prove nothing (%d bytes)", len(logs))
	}
	for _, secret := range []string{testToken, testAppSecret, "user-chosen-verify-token"} {
		if strings.Contains(string(logs), secret) {
			t.Errorf("the trace log contains %q", secret)
		}
	}
	st := a.fake.Stats()
	if st.TokenOutsideHeader != 0 || st.MissingAppSecretProof != 0 {
		t.Errorf("token outside the header %d times, requests without a valid appsecret_proof %d", st.TokenOutsideHeader, st.MissingAppSecretProof)
	}
	if st.Total < 8 {
		t.Errorf("only %d requests: the run did not exercise the API", st.Total)
	}
}
