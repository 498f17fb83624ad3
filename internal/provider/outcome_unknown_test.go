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

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// Meta has answered code 2 (HTTP 500) to writes that took effect. These
// tests make the fake apply a write and then answer so (transient_after):
// each write reaches the fake exactly once, what exists lands in state, and
// no create ends in a false "already exists".

// transientAfter makes the next POST to route take effect and fail with code 2.
func (a *acc) transientAfter(route string) func() {
	return func() {
		a.fake.ResetStats()
		if err := a.fake.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{{Method: "POST", Route: route, Kind: emulator.FaultTransientAfter, Times: 1}}}); err != nil {
			a.t.Fatal(err)
		}
	}
}

// sentOnce checks the fake saw exactly one write to route since the fault was set.
func (a *acc) sentOnce(route string) func() {
	return func() {
		if n := a.fake.Stats().Count(route); n != 1 {
			a.t.Fatalf("%s sent %d times, want exactly 1", route, n)
		}
	}
}

func TestAccPhoneNumberCreateAfterTransientError(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	a.transientAfter("/{waba}/phone_numbers")()
	a.test(resource.TestStep{
		Config: phoneNumberConfig(a, "1", "6315550000"),
		Check:  resource.ComposeTestCheckFunc(a.calls("POST /{waba}/phone_numbers", 1), a.oneNumberInState("1", "6315550000")),
	})
}

func TestAccMessageTemplateCreateAfterTransientError(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	a.transientAfter("/{waba}/message_templates")()
	a.test(resource.TestStep{
		Config:            a.provider() + utilityTemplate(shippedBody),
		ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(templateName, tfjsonpath.New("status"), knownvalue.StringExact("APPROVED"))},
		Check: resource.ComposeTestCheckFunc(a.calls("POST /{waba}/message_templates", 1), func(s *terraform.State) error {
			got := a.templateOnFake("order_shipped")
			if got == nil || got.ID != s.RootModule().Resources[templateName].Primary.ID {
				return fmt.Errorf("the fake holds %+v, state another template", got)
			}
			return nil
		}),
	})
}

// TestAccMessageTemplateEditAfterTransientError: the edit is never sent
// twice (it spends Meta's 1-per-24-h quota); the template read back holds
// what was sent, so the edit took effect: no error, and the next plan is
// empty.
func TestAccMessageTemplateEditAfterTransientError(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	edited := a.provider() + utilityTemplate("Hello {{first_name}}, order {{order_id}} has shipped.")
	a.testWithDestroyCheck(a.templateGone("order_shipped"),
		resource.TestStep{Config: a.provider() + utilityTemplate(shippedBody)},
		resource.TestStep{
			PreConfig: a.transientAfter("/{template}"),
			Config:    edited,
			Check:     a.calls("POST /{template}", 1),
		},
		resource.TestStep{
			PreConfig:        a.sentOnce("POST /{template}"),
			Config:           edited,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check:            a.calls("POST /{template}", 1),
		},
	)
}

// registrationOfSeeded registers the seeded number, deregistered first.
func registrationOfSeeded(a *acc, pin string) string {
	return a.provider() + registrationBlock(fmt.Sprintf("%q", seededPhone), fmt.Sprintf("pin = %q", pin))
}

func (a *acc) deregisterSeeded() {
	if err := a.fake.Modify(emulator.Change{Kind: emulator.KindPhoneNumber, ID: seededPhone, Fields: map[string]any{"platform_type": "NOT_APPLICABLE", "status": "DISCONNECTED"}}); err != nil {
		a.t.Fatal(err)
	}
}

// TestAccRegistrationAfterTransientError: register and deregister spend a
// budget of 10 each per 72 hours, so each is sent once; reading the number
// settles that it took effect, and the registration is in state.
func TestAccRegistrationAfterTransientError(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	a.deregisterSeeded()
	id := seededPhone
	a.test(
		resource.TestStep{
			PreConfig:         a.transientAfter("/{phone}/register"),
			Config:            registrationOfSeeded(a, "123456"),
			ConfigStateChecks: []statecheck.StateCheck{registrationAttr("status", knownvalue.StringExact("CONNECTED"))},
			Check:             resource.ComposeTestCheckFunc(a.registeredIs(&id, true, "123456", ""), a.calls("POST /{phone}/register", 1)),
		},
		// Removing the registration deregisters the number, once.
		resource.TestStep{
			PreConfig: a.transientAfter("/{phone}/deregister"),
			Config:    a.provider(),
			Check:     resource.ComposeTestCheckFunc(a.registeredIs(&id, false, "123456", ""), a.calls("POST /{phone}/deregister", 1)),
		},
	)
}

// TestAccPINAfterTransientError: Meta gives no read of a PIN, so a PIN
// whose outcome is unknown is not sent again in that apply; the prior state
// is kept and the next apply sets it again (harmless: no budget).
func TestAccPINAfterTransientError(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	a.deregisterSeeded()
	id := seededPhone
	a.test(
		resource.TestStep{Config: registrationOfSeeded(a, "123456")},
		resource.TestStep{
			PreConfig:   a.transientAfter("/{phone}"),
			Config:      registrationOfSeeded(a, "654321"),
			ExpectError: errorRe(`Meta cannot say whether the PIN was set`),
		},
		resource.TestStep{
			PreConfig: func() {
				a.sentOnce("POST /{phone}")()
				if err := a.registeredIs(&id, true, "654321", "")(nil); err != nil {
					t.Fatal(err)
				}
				a.fake.ResetStats()
			},
			Config:           registrationOfSeeded(a, "654321"),
			ConfigPlanChecks: expectAction(registrationName, plancheck.ResourceActionUpdate),
			Check:            resource.ComposeTestCheckFunc(a.registeredIs(&id, true, "654321", ""), a.calls("POST /{phone}", 1), a.calls("POST /{phone}/register", 0)),
		},
	)
}
