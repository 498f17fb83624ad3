package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// Fixture IDs of the default seed.
const (
	testToken     = "EAAG-acceptance-test-token-0123456789"
	limitedToken  = "EAAG-limited-token"
	testAppSecret = "acceptance-app-secret"
	testWABA      = "104996122399160"
	sparseWABA    = "104996122399161"
	testBusiness  = "506914307656634"
	testApp       = "670843887433847"
	otherApp      = "525650000000001"
	botUser       = "122104222222222222"
	janeUser      = "100055555555555"
	samUser       = "100066666666666"
	seededPhone   = "110200345501442"
)

func TestMain(m *testing.M) {
	// Configs that declare required_providers name this namespace.
	if os.Getenv("TF_ACC_PROVIDER_NAMESPACE") == "" {
		_ = os.Setenv("TF_ACC_PROVIDER_NAMESPACE", "waba-terraform")
	}
	leanCLIProcesses()
	// -sweep runs the sweepers (make sweep) instead of the tests.
	resource.TestMain(m)
}

// cliRuntime is how the Terraform and OpenTofu processes the tests start
// run their Go runtime: without garbage collection and on one thread. A run
// of the suite starts about 4,000 of them, each living a fraction of a second
// on a small configuration, so collecting garbage and spreading over both
// cores is most of what they would spend beyond their work: a quarter less
// CPU for the suite (BENCHMARKS.md, "The test suite").
var cliRuntime = map[string]string{"GOGC": "off", "GOMAXPROCS": "1"}

// leanCLIProcesses sets cliRuntime for the CLI processes the tests start,
// leaving alone what the environment already sets. This process read its
// own runtime settings when it started, so only its children see them.
func leanCLIProcesses() {
	for name, value := range cliRuntime {
		if _, set := os.LookupEnv(name); !set {
			_ = os.Setenv(name, value)
		}
	}
}

// testSeed is the fake's state for acceptance tests.
func testSeed() emulator.Seed {
	return emulator.Seed{
		Businesses: []emulator.SeedBusiness{{ID: testBusiness, Name: "Acme GmbH"}},
		Apps: []emulator.SeedApp{
			{ID: testApp, Name: "Acme Terraform App", Secret: testAppSecret},
			{ID: otherApp, Name: "Some BSP App"},
		},
		Users: []emulator.SeedUser{
			{ID: botUser, Name: "terraform-bot", Type: "SYSTEM_USER", BusinessID: testBusiness},
			{ID: janeUser, Name: "Jane Ops", Type: "BUSINESS_USER", BusinessID: testBusiness},
			{ID: samUser, Name: "Sam Support", Type: "BUSINESS_USER", BusinessID: testBusiness},
		},
		Tokens: []emulator.SeedToken{
			{Token: testToken, AppID: testApp, UserID: botUser},
			{Token: limitedToken, AppID: testApp, UserID: botUser, WABAs: []string{"1"}},
		},
		WABAs: []emulator.SeedWABA{
			{
				ID: testWABA, OwnerBusinessID: testBusiness,
				Fields: map[string]any{
					"name": "Acme Support", "timezone_id": "47", "message_template_namespace": "3f0c2a1e_7b9d_4e21_a0c3_5d6e7f8a9b0c",
					"account_review_status": "APPROVED", "business_verification_status": "verified", "country": "DE",
					"currency": "EUR", "is_enabled_for_insights": true, "ownership_type": "SELF_OWNED",
					"primary_funding_id": "2481632641282561", "purchase_order_number": "PO-7", "primary_business_location": "DE",
					"status":                     "ACTIVE",
					"on_behalf_of_business_info": map[string]any{"id": testBusiness, "name": "Acme GmbH", "status": "APPROVED", "type": "SELF"},
					"health_status": map[string]any{"can_send_message": "LIMITED", "entities": []any{
						map[string]any{"entity_type": "WABA", "id": testWABA, "can_send_message": "AVAILABLE"},
						map[string]any{"entity_type": "PHONE_NUMBER", "id": seededPhone, "can_send_message": "LIMITED"},
					}},
				},
				PhoneNumbers: []emulator.SeedPhoneNumber{{
					ID: seededPhone, CC: "49", PhoneNumber: "15112345678", VerifiedName: "Acme Support", Status: "CONNECTED",
					CodeVerificationStatus: "VERIFIED", QualityRating: "GREEN", NameStatus: "APPROVED", PlatformType: "CLOUD_API",
					ThroughputLevel: "STANDARD", AccountMode: "LIVE", LastOnboardedTime: "2026-03-02T10:15:00+0000",
				}},
				SubscribedApps: []emulator.SeedSubscribedApp{{AppID: otherApp}},
				AssignedUsers:  []emulator.SeedAssignedUser{{UserID: botUser, Tasks: []string{"MANAGE"}}},
			},
			{
				ID: sparseWABA, OwnerBusinessID: testBusiness,
				Fields:        map[string]any{"name": "Acme Sparse"},
				AssignedUsers: []emulator.SeedAssignedUser{{UserID: botUser, Tasks: []string{"MANAGE"}}},
			},
		},
	}
}

// acc is one acceptance test's world: its own fake Graph API.
type acc struct {
	t    *testing.T
	fake *emulator.Server
}

// newAcc starts a fake for this test; edit changes the seed first.
func newAcc(t *testing.T, opts emulator.Options, edit ...func(*emulator.Seed)) *acc {
	t.Helper()
	skipWhenLive(t)
	seed := testSeed()
	for _, e := range edit {
		e(&seed)
	}
	opts.Strict = true
	fake, err := emulator.NewServer(seed, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fake.Close)
	return &acc{t: t, fake: fake}
}

// instantClock makes retry waits immediate, so tests never sleep for backoff.
type instantClock struct{}

func (instantClock) Now() time.Time                                   { return time.Now() }
func (instantClock) Sleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// factories serve the provider in-process with test settings injected.
func (a *acc) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"whatsapp": func() (tfprotov6.ProviderServer, error) {
			return newServer("test", testOptions{clock: instantClock{}})(), nil
		},
	}
}

// provider renders a provider block pointing at the fake; extra lines go
// inside, and an extra base_url line replaces the fake's.
func (a *acc) provider(extra ...string) string {
	lines := []string{fmt.Sprintf("access_token = %q", testToken)}
	if !strings.HasPrefix(strings.Join(extra, ""), "base_url") {
		lines = append(lines, fmt.Sprintf("base_url = %q", a.fake.URL))
	}
	return `
terraform {
  required_providers {
    whatsapp = {
      source = "waba-terraform/whatsapp"
    }
  }
}

provider "whatsapp" {
  ` + strings.Join(append(lines, extra...), "\n  ") + `
}
`
}

// test runs steps against this fake with the provider factories.
func (a *acc) test(steps ...resource.TestStep) {
	a.t.Helper()
	runCase(a.t, resource.TestCase{
		ProtoV6ProviderFactories: a.factories(),
		Steps:                    steps,
	})
}

// testWithDestroyCheck also checks the fake after destroy.
func (a *acc) testWithDestroyCheck(check resource.TestCheckFunc, steps ...resource.TestStep) {
	a.t.Helper()
	runCase(a.t, resource.TestCase{
		ProtoV6ProviderFactories: a.factories(),
		CheckDestroy:             check,
		Steps:                    steps,
	})
}

// TestSchemasValid runs the framework's own schema checks on every type.
func TestSchemasValid(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := New("test")()
	var presp fwprovider.SchemaResponse
	p.Schema(ctx, fwprovider.SchemaRequest{}, &presp)
	if presp.Diagnostics.HasError() {
		t.Fatalf("provider schema: %v", presp.Diagnostics)
	}
	for _, newDS := range p.DataSources(ctx) {
		var resp datasource.SchemaResponse
		newDS().Schema(ctx, datasource.SchemaRequest{}, &resp)
		if d := resp.Schema.ValidateImplementation(ctx); d.HasError() {
			t.Errorf("data source schema: %v", d)
		}
	}
	for _, newRes := range p.Resources(ctx) {
		var resp fwresource.SchemaResponse
		newRes().Schema(ctx, fwresource.SchemaRequest{}, &resp)
		if d := resp.Schema.ValidateImplementation(ctx); d.HasError() {
			t.Errorf("resource schema: %v", d)
		}
		for name, a := range resp.Schema.Attributes {
			if a.GetMarkdownDescription() == "" {
				t.Errorf("attribute %s has no description", name)
			}
		}
	}
}

// errorRe compiles an expected-error pattern; a space matches any run of
// white space, since Terraform wraps diagnostics.
func errorRe(s string) *regexp.Regexp {
	return regexp.MustCompile("(?is)" + strings.ReplaceAll(s, " ", `\s+`))
}

// apiErrorCase is one failing API answer and the diagnostic it must produce.
type apiErrorCase struct {
	name  string
	extra string // provider block lines
	rule  emulator.FaultRule
	want  string
}

// testAPIErrors applies config (a resource block) while the fake answers
// with each case's fault, and expects the case's error.
func testAPIErrors(t *testing.T, config string, cases []apiErrorCase, after func(*testing.T, *acc)) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := newAcc(t, emulator.Options{})
			if err := a.fake.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{tc.rule}}); err != nil {
				t.Fatal(err)
			}
			a.test(resource.TestStep{Config: a.provider(tc.extra) + config, ExpectError: errorRe(tc.want)})
			if after != nil {
				after(t, a)
			}
		})
	}
}
