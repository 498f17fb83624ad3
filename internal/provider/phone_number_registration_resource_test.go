package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

const registrationName = "whatsapp_phone_number_registration.test"

// onboardingConfig adds a number and registers it in one apply.
func onboardingConfig(a *acc, body ...string) string {
	return phoneNumberConfig(a, "1", "6315551234", `verified_name = "Acme US"`) + registrationBlock("whatsapp_phone_number.test.id", body...)
}

func registrationBlock(phoneID string, body ...string) string {
	b := fmt.Sprintf("\nresource \"whatsapp_phone_number_registration\" \"test\" {\n  phone_number_id = %s\n", phoneID)
	for _, line := range body {
		b += "  " + line + "\n"
	}
	return b + "}\n"
}

func registrationAttr(name string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(registrationName, tfjsonpath.New(name), v)
}

// registeredIs checks the fake's number: registered or not, PIN and region.
func (a *acc) registeredIs(id *string, registered bool, pin, region string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		p, _, ok := a.fake.PhoneNumber(*id)
		is := p.PlatformType == "CLOUD_API" && p.Status == "CONNECTED"
		if !ok || is != registered || p.PIN != pin || p.DataLocalizationRegion != region {
			return fmt.Errorf("fake number %s: %s/%s, PIN %q, region %q; want registered=%v, PIN %q, region %q",
				*id, p.PlatformType, p.Status, p.PIN, p.DataLocalizationRegion, registered, pin, region)
		}
		return nil
	}
}

func (a *acc) calls(route string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := a.fake.Stats().Count(route); got != want {
			return fmt.Errorf("%d calls to %s, want %d", got, route, want)
		}
		return nil
	}
}

func TestAccPhoneNumberRegistration(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	var id string
	a.testWithDestroyCheck(a.registeredIs(&id, false, "654321", ""),
		resource.TestStep{
			Config: onboardingConfig(a, `pin = "123456"`),
			ConfigStateChecks: []statecheck.StateCheck{
				registrationAttr("status", knownvalue.StringExact("CONNECTED")),
				registrationAttr("platform_type", knownvalue.StringExact("CLOUD_API")),
				registrationAttr("is_pin_enabled", knownvalue.Bool(true)),
				registrationAttr("pin", knownvalue.StringExact("123456")),
			},
			Check: resource.ComposeTestCheckFunc(
				func(st *terraform.State) error {
					id = st.RootModule().Resources[registrationName].Primary.ID
					return nil
				},
				func(st *terraform.State) error { return a.registeredIs(&id, true, "123456", "")(st) },
			),
		},
		// A new PIN is set in place: one POST /{phone}, no registration.
		resource.TestStep{
			PreConfig:        a.fake.ResetStats,
			Config:           onboardingConfig(a, `pin = "654321"`),
			ConfigPlanChecks: expectAction(registrationName, plancheck.ResourceActionUpdate),
			Check: resource.ComposeTestCheckFunc(a.registeredIs(&id, true, "654321", ""),
				a.calls("POST /{phone}", 1), a.calls("POST /{phone}/register", 0), a.calls("POST /{phone}/deregister", 0)),
		},
		resource.TestStep{
			ResourceName: registrationName, ImportState: true, ImportStateVerify: true,
			ImportStateIdFunc:       func(*terraform.State) (string, error) { return id, nil },
			ImportStateVerifyIgnore: []string{"pin", "pin_wo_version", "data_localization_region"},
		},
		// A new region: the PIN, one deregistration and one registration.
		resource.TestStep{
			PreConfig:        a.fake.ResetStats,
			Config:           onboardingConfig(a, `pin = "654321"`, `data_localization_region = "DE"`),
			ConfigPlanChecks: expectAction(registrationName, plancheck.ResourceActionUpdate),
			Check: resource.ComposeTestCheckFunc(a.registeredIs(&id, true, "654321", "DE"),
				a.calls("POST /{phone}", 1), a.calls("POST /{phone}/deregister", 1), a.calls("POST /{phone}/register", 1)),
		},
		// Deregistered outside Terraform: drift, and the apply registers again.
		resource.TestStep{
			PreConfig: func() {
				if err := a.fake.Modify(emulator.Change{Kind: emulator.KindPhoneNumber, ID: id,
					Fields: map[string]any{"platform_type": "NOT_APPLICABLE", "status": "DISCONNECTED", "data_localization_region": ""}}); err != nil {
					t.Fatal(err)
				}
			},
			Config:           onboardingConfig(a, `pin = "654321"`, `data_localization_region = "DE"`),
			ConfigPlanChecks: expectAction(registrationName, plancheck.ResourceActionCreate),
			Check:            a.registeredIs(&id, true, "654321", "DE"),
		},
	)
}

func TestAccPhoneNumberRegistrationWriteOnlyPIN(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	id := seededPhone
	cfg := func(pin string, version int) string {
		return a.provider() + registrationBlock(fmt.Sprintf("%q", seededPhone), fmt.Sprintf("pin_wo = %q", pin), fmt.Sprintf("pin_wo_version = %d", version))
	}
	// The seeded number is registered without a PIN: deregister it first.
	if err := a.fake.Modify(emulator.Change{Kind: emulator.KindPhoneNumber, ID: id, Fields: map[string]any{"platform_type": "NOT_APPLICABLE", "status": "DISCONNECTED"}}); err != nil {
		t.Fatal(err)
	}
	runCase(t, resource.TestCase{
		ProtoV6ProviderFactories: a.factories(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				Config: cfg("112233", 1),
				ConfigStateChecks: []statecheck.StateCheck{
					registrationAttr("pin_wo", knownvalue.Null()), registrationAttr("pin", knownvalue.Null()),
					registrationAttr("is_pin_enabled", knownvalue.Bool(true)),
				},
				Check: a.registeredIs(&id, true, "112233", ""),
			},
			{
				PreConfig: a.fake.ResetStats,
				Config:    cfg("445566", 2),
				Check:     resource.ComposeTestCheckFunc(a.registeredIs(&id, true, "445566", ""), a.calls("POST /{phone}/register", 0), a.calls("POST /{phone}", 1)),
			},
			{
				// An import block whose config leaves out what import cannot read.
				Config:       a.provider() + registrationBlock(fmt.Sprintf("%q", seededPhone), `pin_wo = "445566"`),
				ResourceName: registrationName, ImportState: true, ImportStateKind: resource.ImportBlockWithID, ImportStateId: seededPhone,
				// It records the region as configured (none), which import cannot read.
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

func TestAccPhoneNumberRegistrationErrors(t *testing.T) {
	t.Parallel()
	t.Run("72-hour budget used up", func(t *testing.T) {
		t.Parallel()
		a := newAcc(t, emulator.Options{})
		if err := a.fake.RecordRegistrations(seededPhone, 10, 0); err != nil {
			t.Fatal(err)
		}
		a.test(resource.TestStep{
			Config:      a.provider() + registrationBlock(fmt.Sprintf("%q", seededPhone), `pin = "123456"`),
			ExpectError: errorRe(`Cannot Register Phone Number.*code 133016.*10 registrations and 10 deregistrations per number in 72 hours.*registered again after about 20`),
		})
		if n := a.fake.Stats().Count("POST /{phone}/register"); n != 1 {
			t.Fatalf("%d registration attempts, want 1 (no retries)", n)
		}
	})
	t.Run("wrong PIN", func(t *testing.T) {
		t.Parallel()
		a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) { s.WABAs[0].PhoneNumbers[0].PIN = "111111" })
		a.test(resource.TestStep{
			Config:      a.provider() + registrationBlock(fmt.Sprintf("%q", seededPhone), `pin = "123456"`),
			ExpectError: errorRe(`code 133005.*not the number's two-step verification PIN`),
		})
	})
	t.Run("import of an unregistered number", func(t *testing.T) {
		t.Parallel()
		a := newAcc(t, emulator.Options{})
		a.test(
			resource.TestStep{Config: phoneNumberConfig(a, "1", "6315551234")},
			resource.TestStep{
				Config:       phoneNumberConfig(a, "1", "6315551234") + registrationBlock("whatsapp_phone_number.test.id", `pin = "123456"`),
				ResourceName: registrationName, ImportState: true,
				ImportStateIdFunc: func(st *terraform.State) (string, error) {
					return st.RootModule().Resources[phoneNumberName].Primary.ID, nil
				},
				ExpectError: errorRe(`is not registered with the Cloud API \(platform_type NOT_APPLICABLE, status PENDING\)`),
			},
		)
	})
}

// writeLog records the writes that reach the fake through a proxy, in order,
// as "METHOD /path" without the API version.
type writeLog struct {
	mu     sync.Mutex
	writes []string
}

func (l *writeLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.writes
	l.writes = nil
	return w
}

var apiVersionPrefix = regexp.MustCompile(`^/v[0-9.]+`)

// recordWrites serves the fake through a loopback proxy that logs every
// request but GETs; the provider block points at the proxy.
func (a *acc) recordWrites() (provider string, log *writeLog) {
	a.t.Helper()
	target, err := url.Parse(a.fake.URL)
	if err != nil {
		a.t.Fatal(err)
	}
	log = &writeLog{}
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && !strings.HasPrefix(r.URL.Path, "/_fake/") {
			log.mu.Lock()
			log.writes = append(log.writes, r.Method+" "+apiVersionPrefix.ReplaceAllString(r.URL.Path, ""))
			log.mu.Unlock()
		}
		proxy.ServeHTTP(w, r)
	}))
	a.t.Cleanup(srv.Close)
	return a.provider(fmt.Sprintf("base_url = %q", srv.URL)), log
}

func (log *writeLog) are(want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := log.take(); !slices.Equal(got, want) {
			return fmt.Errorf("writes in order: %q, want %q", got, want)
		}
		return nil
	}
}

// An imported registration, whose PIN was changed in WhatsApp Manager, moves
// to another region: PIN, deregister, register, in that order; a register
// that fails after the deregister leaves state saying the number is offline,
// and the next apply registers it.
func TestAccPhoneNumberRegistrationImportedRegionChange(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) {
		p := &s.WABAs[0].PhoneNumbers[0]
		p.PIN, p.DataLocalizationRegion = "111111", "DE"
	})
	provider, writes := a.recordWrites()
	id := seededPhone
	cfg := func(region string) string {
		return provider + registrationBlock(fmt.Sprintf("%q", seededPhone), `pin = "111111"`, fmt.Sprintf("data_localization_region = %q", region))
	}
	pinSet, deregistered, registeredAgain := "POST /"+id, "POST /"+id+"/deregister", "POST /"+id+"/register"
	a.testWithDestroyCheck(a.registeredIs(&id, false, "111111", ""),
		resource.TestStep{
			// The import records the configured region without an API call
			// (and re-sends the PIN, which import cannot read).
			Config: cfg("DE") + fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", registrationName, seededPhone),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(registrationName, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{registrationAttr("data_localization_region", knownvalue.StringExact("DE"))},
			Check:             resource.ComposeTestCheckFunc(writes.are(pinSet), a.registeredIs(&id, true, "111111", "DE")),
		},
		resource.TestStep{
			PreConfig: func() {
				if err := a.fake.Modify(emulator.Change{Kind: emulator.KindPhoneNumber, ID: id, Fields: map[string]any{"pin": "999999"}}); err != nil {
					t.Fatal(err)
				}
			},
			Config:           cfg("CH"),
			ConfigPlanChecks: expectAction(registrationName, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				registrationAttr("data_localization_region", knownvalue.StringExact("CH")),
				registrationAttr("status", knownvalue.StringExact("CONNECTED")),
			},
			Check: resource.ComposeTestCheckFunc(writes.are(pinSet, deregistered, registeredAgain), a.registeredIs(&id, true, "111111", "CH")),
		},
		resource.TestStep{
			PreConfig: func() {
				writes.take()
				if err := a.fake.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{
					{Method: "POST", Route: "/{phone}/register", Kind: emulator.FaultPermission},
				}}); err != nil {
					t.Fatal(err)
				}
			},
			Config:      cfg("DE"),
			ExpectError: errorRe(`Phone Number Left Disconnected.*deregistered to move it to region DE.*now DISCONNECTED.*left Terraform state.*next terraform apply registers it`),
		},
		resource.TestStep{
			PreConfig: func() {
				if got := writes.take(); !slices.Equal(got, []string{pinSet, deregistered, registeredAgain}) {
					t.Fatalf("writes in order: %q", got)
				}
				if p, _, _ := a.fake.PhoneNumber(id); p.Status != "DISCONNECTED" {
					t.Fatalf("number is %s, want DISCONNECTED", p.Status)
				}
				if err := a.fake.SetFaults(emulator.FaultConfig{}); err != nil {
					t.Fatal(err)
				}
			},
			Config:           cfg("DE"),
			ConfigPlanChecks: expectAction(registrationName, plancheck.ResourceActionCreate),
			Check:            resource.ComposeTestCheckFunc(writes.are(registeredAgain), a.registeredIs(&id, true, "111111", "DE")),
		},
	)
}

// TestRegistrationPlanWarns checks the plan-time warnings (acceptance tests
// cannot see warnings): a region change re-registers and says what that
// spends, as does a new number; the first region after an import is recorded.
func TestRegistrationPlanWarns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := &phoneNumberRegistrationResource{}
	var sr fwresource.SchemaResponse
	r.Schema(ctx, fwresource.SchemaRequest{}, &sr)
	region := func(v string) types.String {
		if v == "none" {
			return types.StringNull()
		}
		return types.StringValue(v)
	}
	model := func(phone, pin, reg string) registrationModel {
		return registrationModel{
			ID: types.StringValue(phone), PhoneNumberID: types.StringValue(phone), PIN: types.StringValue(pin), PINWO: types.StringNull(),
			PINWOVersion: types.Int64Null(), DataLocalizationRegion: region(reg), Status: types.StringValue("CONNECTED"),
			PlatformType: types.StringValue("CLOUD_API"), IsPinEnabled: types.BoolValue(false),
		}
	}
	tests := []struct {
		name         string
		prior, plan  registrationModel
		warning      string // "" for none
		pinEnabled   bool
		statusUnread bool
	}{
		{"region change", model(seededPhone, "111111", "DE"), model(seededPhone, "111111", "CH"),
			`Registration Will Be Replaced: Changing data_localization_region from DE to CH sets the configured PIN.*10 registrations and 10 deregistrations`, true, true},
		{"region turned off", model(seededPhone, "111111", "DE"), model(seededPhone, "111111", "none"),
			`from DE to none \(Local Storage off\)`, true, true},
		{"first region after import", model(seededPhone, "111111", regionUnread), model(seededPhone, "111111", "DE"),
			`Region Taken From the Configuration: .*records DE for number ` + seededPhone + ` without an API call`, false, false},
		{"no region after import", model(seededPhone, "111111", regionUnread), model(seededPhone, "111111", "none"), "", false, false},
		{"new PIN", model(seededPhone, "111111", "DE"), model(seededPhone, "222222", "DE"), "", true, false},
		{"another number", model(seededPhone, "111111", "DE"), model("110200345509999", "111111", "DE"),
			`Registration Will Be Replaced: Changing phone_number_id deregisters number ` + seededPhone + `.*10 registrations`, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			state, plan := tfsdk.State{Schema: sr.Schema}, tfsdk.Plan{Schema: sr.Schema}
			if d := state.Set(ctx, &tc.prior); d.HasError() {
				t.Fatal(d)
			}
			if d := plan.Set(ctx, &tc.plan); d.HasError() {
				t.Fatal(d)
			}
			resp := fwresource.ModifyPlanResponse{Plan: plan}
			r.ModifyPlan(ctx, fwresource.ModifyPlanRequest{State: state, Plan: plan, Config: tfsdk.Config{Schema: sr.Schema, Raw: plan.Raw}}, &resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			var warnings []string
			for _, w := range resp.Diagnostics.Warnings() {
				warnings = append(warnings, w.Summary()+": "+w.Detail())
			}
			if tc.warning == "" && len(warnings) > 0 || tc.warning != "" && (len(warnings) != 1 || !regexp.MustCompile(tc.warning).MatchString(warnings[0])) {
				t.Errorf("warnings %q, want %q", warnings, tc.warning)
			}
			var got registrationModel
			resp.Diagnostics.Append(resp.Plan.Get(ctx, &got)...)
			if got.IsPinEnabled.ValueBool() != tc.pinEnabled || got.Status.IsUnknown() != tc.statusUnread {
				t.Errorf("planned is_pin_enabled %s, status %s; want %v, unknown %v", got.IsPinEnabled, got.Status, tc.pinEnabled, tc.statusUnread)
			}
		})
	}
}
