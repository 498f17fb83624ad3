package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi/graphapitest"
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
	a := newAcc(t, graphapitest.Options{})
	var id string
	empty := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
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
		resource.TestStep{Config: onboardingConfig(a, `pin = "123456"`), ConfigPlanChecks: empty},
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
			ImportStateVerifyIgnore: []string{"pin", "pin_wo_version"},
		},
		// A new region: one deregistration and one registration.
		resource.TestStep{
			PreConfig:        a.fake.ResetStats,
			Config:           onboardingConfig(a, `pin = "654321"`, `data_localization_region = "DE"`),
			ConfigPlanChecks: expectAction(registrationName, plancheck.ResourceActionReplace),
			Check: resource.ComposeTestCheckFunc(a.registeredIs(&id, true, "654321", "DE"),
				a.calls("POST /{phone}/deregister", 1), a.calls("POST /{phone}/register", 1)),
		},
		// Deregistered outside Terraform: drift, and the apply registers again.
		resource.TestStep{
			PreConfig: func() {
				if err := a.fake.Modify(graphapitest.Change{Kind: graphapitest.KindPhoneNumber, ID: id,
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
	a := newAcc(t, graphapitest.Options{})
	id := seededPhone
	cfg := func(pin string, version int) string {
		return a.provider() + registrationBlock(fmt.Sprintf("%q", seededPhone), fmt.Sprintf("pin_wo = %q", pin), fmt.Sprintf("pin_wo_version = %d", version))
	}
	// The seeded number is registered without a PIN: deregister it first.
	if err := a.fake.Modify(graphapitest.Change{Kind: graphapitest.KindPhoneNumber, ID: id, Fields: map[string]any{"platform_type": "NOT_APPLICABLE", "status": "DISCONNECTED"}}); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
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
			{Config: cfg("112233", 1), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{
				PreConfig: a.fake.ResetStats,
				Config:    cfg("445566", 2),
				Check:     resource.ComposeTestCheckFunc(a.registeredIs(&id, true, "445566", ""), a.calls("POST /{phone}/register", 0), a.calls("POST /{phone}", 1)),
			},
			{
				// An import block whose config leaves out what import cannot read.
				Config:       a.provider() + registrationBlock(fmt.Sprintf("%q", seededPhone), `pin_wo = "445566"`),
				ResourceName: registrationName, ImportState: true, ImportStateKind: resource.ImportBlockWithID, ImportStateId: seededPhone,
			},
		},
	})
}

func TestAccPhoneNumberRegistrationErrors(t *testing.T) {
	t.Parallel()
	t.Run("72-hour budget used up", func(t *testing.T) {
		t.Parallel()
		a := newAcc(t, graphapitest.Options{})
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
		a := newAcc(t, graphapitest.Options{}, func(s *graphapitest.Seed) { s.WABAs[0].PhoneNumbers[0].PIN = "111111" })
		a.test(resource.TestStep{
			Config:      a.provider() + registrationBlock(fmt.Sprintf("%q", seededPhone), `pin = "123456"`),
			ExpectError: errorRe(`code 133005.*not the number's two-step verification PIN`),
		})
	})
	t.Run("import of an unregistered number", func(t *testing.T) {
		t.Parallel()
		a := newAcc(t, graphapitest.Options{})
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
