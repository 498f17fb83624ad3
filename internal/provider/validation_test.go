package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// invalidConfig is a configuration the provider refuses before any API call.
type invalidConfig struct {
	name     string
	provider string // extra lines in the provider block
	config   string
	importID string // with resource: an import instead of a plan
	resource string
	want     string // errorRe of the diagnostic
}

// TestInvalidConfigsMakeNoAPICall checks that every kind of bad input fails
// at plan (or import) with a diagnostic naming the attribute and the allowed
// form, before a single request reaches the API. It sends the provider server
// Terraform's RPCs in-process; TestAccInvalidConfigsMakeNoAPICall runs a few
// cases through the CLI.
func TestInvalidConfigsMakeNoAPICall(t *testing.T) {
	t.Parallel()
	testInvalidConfigs(t, invalidConfigs(), nil)
}

// TestAccInvalidConfigsMakeNoAPICall runs cases of each kind (a resource's
// attribute, a nested attribute, the provider block, an import ID) through
// the CLI: Terraform renders the provider's diagnostics as the in-process
// test reads them, and still no request reaches the API.
func TestAccInvalidConfigsMakeNoAPICall(t *testing.T) {
	t.Parallel()
	testInvalidConfigs(t, invalidConfigs(), map[string]bool{
		"waba_id with letters": true, "both verify tokens": true, "pin and pin_wo": true, "command with slash": true,
		"bad api_version": true, "http base_url to remote host": true, "import phone number with letters": true,
	})
}

func invalidConfigs() []invalidConfig {
	long := "https://hooks.example.com/" + strings.Repeat("a", 180)
	return []invalidConfig{
		{name: "data source id with letters", config: `data "whatsapp_business_account" "x" { id = "12a" }`, want: `id.*1 to 32 decimal digits`},
		{name: "data source id path traversal", config: `data "whatsapp_business_account" "x" { id = "123/../me" }`, want: `id.*1 to 32 decimal digits`},
		{name: "waba_id with letters", config: assignedUser(`waba_id = "abc"`, `user_id = "1"`, `tasks = ["MANAGE"]`), want: `waba_id.*decimal digits`},
		{name: "user_id path traversal", config: assignedUser(`waba_id = "1"`, `user_id = "123/../me"`, `tasks = ["MANAGE"]`), want: `user_id.*decimal digits`},
		{name: "no tasks", config: assignedUser(`waba_id = "1"`, `user_id = "2"`, `tasks = []`), want: `tasks.*at least 1`},
		{name: "unknown task", config: assignedUser(`waba_id = "1"`, `user_id = "2"`, `tasks = ["FLY"]`), want: `tasks.*MANAGE.*FULL_CONTROL`},
		{name: "empty task", config: assignedUser(`waba_id = "1"`, `user_id = "2"`, `tasks = [""]`), want: `tasks.*value must be one of`},
		{name: "lowercase task", config: assignedUser(`waba_id = "1"`, `user_id = "2"`, `tasks = ["manage"]`), want: `tasks.*value must be one of`},
		{name: "business_id with letters", config: assignedUser(`waba_id = "1"`, `user_id = "2"`, `tasks = ["MANAGE"]`, `business_id = "b1"`), want: `business_id.*decimal digits`},
		{name: "cc with plus", config: phone(`cc = "+49"`, `phone_number = "15112345678"`), want: `cc.*1 to 3 digits, without \+`},
		{name: "cc too long", config: phone(`cc = "4912"`, `phone_number = "15112345678"`), want: `cc.*1 to 3 digits`},
		{name: "number with dash", config: phone(`cc = "49"`, `phone_number = "151-12345678"`), want: `phone_number.*4 to 15 digits`},
		{name: "number with plus", config: phone(`cc = "49"`, `phone_number = "+4915112345678"`), want: `phone_number.*4 to 15 digits`},
		{name: "number with letters", config: phone(`cc = "49"`, `phone_number = "1511234567x"`), want: `phone_number.*4 to 15 digits`},
		{name: "number too short", config: phone(`cc = "49"`, `phone_number = "151"`), want: `phone_number.*4 to 15 digits`},
		{name: "preverified_id with letters", config: phone(`cc = "49"`, `phone_number = "15112345678"`, `preverified_id = "pv"`), want: `preverified_id.*decimal digits`},
		{name: "callback over http", config: subscribed(`override_callback_uri = "http://hooks.example.com/wa"`, `verify_token = "t"`), want: `override_callback_uri.*https URL`},
		{name: "callback too long", config: subscribed(fmt.Sprintf(`override_callback_uri = %q`, long), `verify_token = "t"`), want: `override_callback_uri.*at most 200`},
		{name: "override without verify token", config: subscribed(`override_callback_uri = "https://hooks.example.com/wa"`), want: `override_callback_uri.*verify_token or verify_token_wo`},
		{name: "both verify tokens", config: subscribed(`override_callback_uri = "https://hooks.example.com/wa"`, `verify_token = "a"`, `verify_token_wo = "b"`), want: `cannot be configured together.*verify_token,verify_token_wo`},
		{name: "verify token without override", config: subscribed(`verify_token = "a"`), want: `verify_token.*only sent with override_callback_uri`},
		{name: "version without write-only token", config: subscribed(`verify_token_wo_version = 1`), want: `verify_token_wo.*must be specified`},
		{name: "bad api_version", provider: `api_version = "25.0"`, config: dataSource(), want: `api_version.*v25.0`},
		{name: "http base_url to remote host", provider: `base_url = "http://graph.example.com"`, config: dataSource(), want: `base_url.*not loopback`},
		{name: "negative max_retries", provider: `max_retries = -1`, config: dataSource(), want: `max_retries.*at least 0`},
		{name: "bad max_rate_limit_wait", provider: `max_rate_limit_wait = "5 minutes"`, config: dataSource(), want: `max_rate_limit_wait.*Go duration`},
		{name: "negative request_timeout", provider: `request_timeout = "-1s"`, config: dataSource(), want: `request_timeout.*positive`},
		{name: "app_id with letters", provider: `app_id = "app"`, config: dataSource(), want: `app_id.*decimal digits`},
		{name: "import assigned user without user", resource: "whatsapp_assigned_user.x", importID: "104996122399160",
			config: assignedUser(`waba_id = "1"`, `user_id = "2"`, `tasks = ["MANAGE"]`), want: `<waba_id>/<user_id>`},
		{name: "import phone number with letters", resource: "whatsapp_phone_number.x", importID: "abc/123",
			config: phone(`cc = "49"`, `phone_number = "15112345678"`), want: `<waba_id>/<phone_number_id>.*waba_id "abc"`},
		{name: "flow without categories", config: flow(`name = "f"`, `categories = []`, `flow_json = "{}"`), want: `categories.*at least 1`},
		{name: "flow unknown category", config: flow(`name = "f"`, `categories = ["BOOKING"]`, `flow_json = "{}"`), want: `categories.*APPOINTMENT_BOOKING`},
		{name: "flow json not JSON", config: flow(`name = "f"`, `categories = ["OTHER"]`, `flow_json = "{version: 7.2"`), want: `flow_json is not JSON`},
		{name: "flow name too long", config: flow(`categories = ["OTHER"]`, `flow_json = "{}"`, fmt.Sprintf(`name = %q`, strings.Repeat("f", 201))), want: `name.*between 1 and 200`},
		{name: "flow endpoint over http", config: flow(`name = "f"`, `categories = ["OTHER"]`, `flow_json = "{}"`, `endpoint_uri = "http://flows.example.com"`), want: `endpoint_uri.*https URL`},
		{name: "flow clone_flow_id with letters", config: flow(`name = "f"`, `categories = ["OTHER"]`, `flow_json = "{}"`, `clone_flow_id = "f1"`), want: `clone_flow_id.*decimal digits`},
		{name: "flows data source unknown status", config: `data "whatsapp_flows" "x" {
  waba_id = "1"
  status  = "LIVE"
}`, want: `status.*PUBLISHED`},
		{name: "business public key not PEM", config: perNumber("business_encryption", `business_public_key = "ssh-rsa AAAA"`), want: `business_public_key.*not PEM`},
		{name: "business public key private", config: perNumber("business_encryption", `business_public_key = "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----"`), want: `business_public_key.*never the private key`},
		{name: "business public key 1024 bits", config: perNumber("business_encryption", fmt.Sprintf("business_public_key = %q", shortPublicKey)), want: `business_public_key.*1024-bit RSA key.*2048-bit`},
		{name: "import flow without flow ID", resource: "whatsapp_flow.x", importID: "104996122399160",
			config: flow(`name = "f"`, `categories = ["OTHER"]`, `flow_json = "{}"`), want: `<waba_id>/<flow_id>`},
		{name: "import subscribed app with three parts", resource: "whatsapp_subscribed_app.x", importID: "1/2/3",
			config: subscribed(), want: `<waba_id>/<app_id>`},
		{name: "pin of five digits", config: registration(`pin = "12345"`), want: `pin.*exactly 6 digits`},
		{name: "pin with letters", config: registration(`pin = "12345a"`), want: `pin.*exactly 6 digits`},
		{name: "pin_wo of seven digits", config: registration(`pin_wo = "1234567"`), want: `pin_wo.*exactly 6 digits`},
		{name: "pin and pin_wo", config: registration(`pin = "123456"`, `pin_wo = "123456"`), want: `Exactly one of these attributes must be configured: \[pin,pin_wo\]`},
		{name: "no pin", config: registration(), want: `Exactly one of these attributes must be configured: \[pin,pin_wo\]`},
		{name: "pin_wo_version without pin_wo", config: registration(`pin = "123456"`, `pin_wo_version = 1`), want: `pin_wo.*must be specified`},
		{name: "unknown region", config: registration(`pin = "123456"`, `data_localization_region = "XX"`), want: `data_localization_region.*DE`},
		{name: "registration of a path", config: strings.Replace(registration(`pin = "123456"`), `"2"`, `"2/../me"`, 1), want: `phone_number_id.*decimal digits`},
		{name: "display name too short", config: phone(`cc = "49"`, `phone_number = "15112345678"`, `verified_name = "A"`), want: `verified_name.*between 3 and 512`},
		{name: "about empty", config: perNumber("business_profile", `about = ""`), want: `about.*between 1 and 139`},
		{name: "about too long", config: perNumber("business_profile", fmt.Sprintf("about = %q", strings.Repeat("a", 140))), want: `about.*between 1 and 139`},
		{name: "address too long", config: perNumber("business_profile", fmt.Sprintf("address = %q", strings.Repeat("a", 257))), want: `address.*between 1 and 256`},
		{name: "description too long", config: perNumber("business_profile", fmt.Sprintf("description = %q", strings.Repeat("a", 513))), want: `description.*between 1 and 512`},
		{name: "email not an address", config: perNumber("business_profile", `email = "support"`), want: `email.*email address`},
		{name: "email too long", config: perNumber("business_profile", fmt.Sprintf("email = %q", strings.Repeat("a", 120)+"@acme.example")), want: `email.*at most 128`},
		{name: "three websites", config: perNumber("business_profile", `websites = ["https://a.example", "https://b.example", "https://c.example"]`), want: `websites list must contain at least 1 elements and at most 2`},
		{name: "website without scheme", config: perNumber("business_profile", `websites = ["acme.example"]`), want: `websites.*http:// or https://`},
		{name: "website over ftp", config: perNumber("business_profile", `websites = ["ftp://acme.example"]`), want: `websites.*http:// or https://`},
		{name: "unknown vertical", config: perNumber("business_profile", `vertical = "FOOD"`), want: `vertical.*RESTAURANT`},
		{name: "picture as gif", config: perNumber("business_profile", `profile_picture_file = "logo.gif"`), want: `profile_picture_file.*\.png`},
		{name: "picture hash not hex", config: perNumber("business_profile", `profile_picture_file = "logo.png"`, `profile_picture_sha256 = "abc"`), want: `profile_picture_sha256.*64 lowercase hex`},
		{name: "picture hash without file", config: perNumber("business_profile", fmt.Sprintf("profile_picture_sha256 = %q", strings.Repeat("0", 64))), want: `profile_picture_file.*must be specified`},
		{name: "number webhook over http", config: perNumber("phone_number_webhook", `override_callback_uri = "http://hooks.example.com"`, `verify_token = "t"`), want: `override_callback_uri.*https URL`},
		{name: "number webhook too long", config: perNumber("phone_number_webhook", fmt.Sprintf("override_callback_uri = %q", long), `verify_token = "t"`), want: `override_callback_uri.*at most 200`},
		{name: "number webhook without token", config: perNumber("phone_number_webhook", `override_callback_uri = "https://hooks.example.com"`), want: `Exactly one of these attributes must be configured: \[verify_token,verify_token_wo\]`},
		{name: "number webhook with both tokens", config: perNumber("phone_number_webhook", `override_callback_uri = "https://hooks.example.com"`, `verify_token = "a"`, `verify_token_wo = "b"`), want: `Exactly one of these attributes must be configured`},
		{name: "five prompts", config: perNumber("conversational_automation", `prompts = ["a", "b", "c", "d", "e"]`), want: `prompts list must contain at least 1 elements and at most 4`},
		{name: "prompt too long", config: perNumber("conversational_automation", fmt.Sprintf("prompts = [%q]", strings.Repeat("a", 81))), want: `prompts.*between 1 and 80`},
		{name: "empty prompt", config: perNumber("conversational_automation", `prompts = [""]`), want: `prompts.*between 1 and 80`},
		{name: "command with slash", config: perNumber("conversational_automation", `commands = [{ name = "/status", description = "d" }]`), want: `commands\[0\].name.*must not start with /`},
		{name: "command name too long", config: perNumber("conversational_automation", fmt.Sprintf("commands = [{ name = %q, description = \"d\" }]", strings.Repeat("a", 33))), want: `commands\[0\].name.*between 1 and 32`},
		{name: "command description too long", config: perNumber("conversational_automation", fmt.Sprintf("commands = [{ name = \"a\", description = %q }]", strings.Repeat("a", 257))), want: `commands\[0\].description.*between 1 and 256`},
		{name: "duplicate command names", config: perNumber("conversational_automation", `commands = [{ name = "help", description = "a" }, { name = "help", description = "b" }]`), want: `commands\[0\] and commands\[1\] are both named "help"`},
		{name: "import profile with two parts", resource: "whatsapp_business_profile.x", importID: "1/2", config: perNumber("business_profile"), want: `<phone_number_id>`},
		{name: "commerce settings of a number with letters", config: `resource "whatsapp_commerce_settings" "x" { phone_number_id = "pn1" }`, want: `phone_number_id.*decimal digits`},
		{name: "prefilled message of 141", config: perNumber("qr_code", fmt.Sprintf("prefilled_message = %q", strings.Repeat("a", 141))), want: `prefilled_message.*at most 140`},
		{name: "QR image format GIF", config: perNumber("qr_code", `prefilled_message = "Hi"`, `image_format = "GIF"`), want: `image_format.*"PNG".*"SVG"`},
		{name: "import QR code without a code", resource: "whatsapp_qr_code.x", importID: "1",
			config: perNumber("qr_code", `prefilled_message = "Hi"`), want: `<phone_number_id>/<code>`},
		{name: "import QR code with a path", resource: "whatsapp_qr_code.x", importID: "1/../me",
			config: perNumber("qr_code", `prefilled_message = "Hi"`), want: `<phone_number_id>/<code>`},
		{name: "app subscription without the app token", config: appSub(`callback_url = "https://hooks.example.com/wa"`, `verify_token = "t"`, `fields = ["messages"]`), want: `App Access Token Needed.*app_id and app_secret`},
		{name: "app subscription field unknown", provider: `app_id = "1"` + "\n" + `app_secret = "s"`, config: appSub(`callback_url = "https://hooks.example.com/wa"`, `verify_token = "t"`, `fields = ["messages", "message"]`), want: `fields.*message_template_status_update`},
		{name: "app subscription over http", provider: `app_id = "1"` + "\n" + `app_secret = "s"`, config: appSub(`callback_url = "http://hooks.example.com/wa"`, `verify_token = "t"`, `fields = ["messages"]`), want: `callback_url.*https URL \(http only on a loopback host\)`},
		{name: "app subscription without verify token", provider: `app_id = "1"` + "\n" + `app_secret = "s"`, config: appSub(`callback_url = "https://hooks.example.com/wa"`, `fields = ["messages"]`), want: `verify_token`},
		{name: "import app subscription without the app token", resource: "whatsapp_app_subscription.x", importID: "670843887433847",
			config: appSub(`callback_url = "https://hooks.example.com/wa"`, `verify_token = "t"`, `fields = ["messages"]`), want: `App Access Token Needed.*app_id and app_secret`},
		{name: "import commerce settings with two parts", resource: "whatsapp_commerce_settings.x", importID: "1/2",
			config: perNumber("commerce_settings"), want: `<phone_number_id>`},
		{name: "import registration with two parts", resource: "whatsapp_phone_number_registration.x", importID: "1/2",
			config: registration(`pin = "123456"`), want: `<phone_number_id>`},
	}
}

// testInvalidConfigs expects each case's error and no API call: through the
// CLI for the cases viaCLI names, else every case in-process (planInProcess).
func testInvalidConfigs(t *testing.T, cases []invalidConfig, viaCLI map[string]bool) {
	t.Helper()
	for _, tc := range cases {
		if viaCLI != nil && !viaCLI[tc.name] {
			continue
		}
		delete(viaCLI, tc.name)
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := newAcc(t, emulator.Options{})
			config := a.provider(tc.provider) + tc.config
			if viaCLI != nil {
				step := resource.TestStep{Config: config, ExpectError: errorRe(tc.want)}
				if tc.importID != "" {
					step.ResourceName, step.ImportState, step.ImportStateId = tc.resource, true, tc.importID
				} else {
					step.PlanOnly = true
				}
				a.test(step)
			} else {
				got, err := a.planInProcess(config, tc.resource, tc.importID)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(got, "Error: ") || !errorRe(tc.want).MatchString(got) {
					t.Fatalf("want an error matching %q, got:\n%s", tc.want, got)
				}
			}
			if n := a.fake.Stats().Total; n != 0 {
				t.Fatalf("%d requests reached the API: %v", n, a.fake.Stats().Requests)
			}
		})
	}
	for name := range viaCLI {
		t.Errorf("no case is named %q", name)
	}
}

func assignedUser(lines ...string) string {
	return "resource \"whatsapp_assigned_user\" \"x\" {\n  " + strings.Join(lines, "\n  ") + "\n}\n"
}

func phone(lines ...string) string {
	return "resource \"whatsapp_phone_number\" \"x\" {\n  waba_id = \"1\"\n  " + strings.Join(lines, "\n  ") + "\n}\n"
}

func subscribed(lines ...string) string {
	return "resource \"whatsapp_subscribed_app\" \"x\" {\n  waba_id = \"1\"\n  " + strings.Join(lines, "\n  ") + "\n}\n"
}

func appSub(lines ...string) string {
	return "resource \"whatsapp_app_subscription\" \"x\" {\n  " + strings.Join(lines, "\n  ") + "\n}\n"
}

func flow(lines ...string) string {
	return "resource \"whatsapp_flow\" \"x\" {\n  waba_id = \"1\"\n  " + strings.Join(lines, "\n  ") + "\n}\n"
}

func perNumber(typ string, lines ...string) string {
	return "resource \"whatsapp_" + typ + "\" \"x\" {\n  phone_number_id = \"2\"\n  " + strings.Join(lines, "\n  ") + "\n}\n"
}

func registration(lines ...string) string {
	return "resource \"whatsapp_phone_number_registration\" \"x\" {\n  phone_number_id = \"2\"\n  " + strings.Join(lines, "\n  ") + "\n}\n"
}

func dataSource() string {
	return `data "whatsapp_business_account" "x" { id = "` + testWABA + `" }` + "\n"
}
