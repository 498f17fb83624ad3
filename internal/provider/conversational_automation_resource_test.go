package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

const automationName = "whatsapp_conversational_automation.test"

func automationConfig(a *acc, body ...string) string {
	return a.provider() + fmt.Sprintf("\nresource \"whatsapp_conversational_automation\" \"test\" {\n  phone_number_id = %q\n  %s\n}\n", seededPhone, strings.Join(body, "\n  "))
}

func (a *acc) automationIs(want emulator.SeedAutomation) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got, _ := a.fake.Automation(seededPhone)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("fake automation %+v, want %+v", got, want)
		}
		return nil
	}
}

func TestAccConversationalAutomation(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	full := []string{`enable_welcome_message = true`, `prompts = ["Track my order", "Return an item"]`,
		`commands = [{ name = "status", description = "Status of an order" }, { name = "help", description = "Talk to a person" }]`}
	a.testWithDestroyCheck(a.automationIs(emulator.SeedAutomation{}),
		resource.TestStep{
			Config: automationConfig(a, full...),
			Check: a.automationIs(emulator.SeedAutomation{EnableWelcomeMessage: true, Prompts: []string{"Track my order", "Return an item"},
				Commands: []emulator.SeedCommand{{Name: "status", Description: "Status of an order"}, {Name: "help", Description: "Talk to a person"}}}),
		},
		// In place: a prompt goes, the commands leave the config and are removed.
		resource.TestStep{
			Config:           automationConfig(a, `prompts = ["Track my order"]`),
			ConfigPlanChecks: expectAction(automationName, plancheck.ResourceActionUpdate),
			Check:            a.automationIs(emulator.SeedAutomation{Prompts: []string{"Track my order"}}),
		},
		// Edited in WhatsApp Manager: drift.
		resource.TestStep{
			PreConfig: func() {
				if err := a.fake.Modify(emulator.Change{Kind: emulator.KindConversationalAutomation, ID: seededPhone,
					Fields: map[string]any{"prompts": []string{"Something else"}}}); err != nil {
					t.Fatal(err)
				}
			},
			Config:           automationConfig(a, `prompts = ["Track my order"]`),
			ConfigPlanChecks: expectAction(automationName, plancheck.ResourceActionUpdate),
			Check:            a.automationIs(emulator.SeedAutomation{Prompts: []string{"Track my order"}}),
		},
		resource.TestStep{ResourceName: automationName, ImportState: true, ImportStateId: seededPhone, ImportStateVerify: true},
		resource.TestStep{
			Config:       automationConfig(a, `prompts = ["Track my order"]`),
			ResourceName: automationName, ImportState: true, ImportStateKind: resource.ImportBlockWithID, ImportStateId: seededPhone,
		},
	)
}

// Live automation: the create fails before any write, with what is set and
// the import ID; the import plans each change, and the apply makes the
// components the config's.
func TestAccConversationalAutomationLiveRefused(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) {
		s.WABAs[0].PhoneNumbers[0].Automation = &emulator.SeedAutomation{EnableWelcomeMessage: true, Prompts: []string{"Opening hours"},
			Commands: []emulator.SeedCommand{{Name: "agent", Description: "Talk to a person"}}}
	})
	cfg := automationConfig(a, `prompts = ["Track my order"]`)
	a.testWithDestroyCheck(a.automationIs(emulator.SeedAutomation{}),
		resource.TestStep{
			Config: cfg,
			ExpectError: errorRe(`Conversational Automation Already Set.*` + seededPhone + ` already has conversational components: ` +
				`the welcome message is on; prompts \["Opening hours"\]; commands /agent.*nothing was written.*terraform import <address> ` + seededPhone),
		},
		resource.TestStep{
			PreConfig: func() {
				if n := a.writesTo("/{phone}/conversational_automation"); n != 0 {
					t.Fatalf("%d writes to the automation after a refused create, want 0", n)
				}
			},
			Config: cfg + importBlock(automationName, seededPhone),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(automationName, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(automationName, tfjsonpath.New("enable_welcome_message"), knownvalue.Bool(false)),
				plancheck.ExpectKnownValue(automationName, tfjsonpath.New("prompts"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("Track my order")})),
				plancheck.ExpectKnownValue(automationName, tfjsonpath.New("commands"), knownvalue.Null()),
			}},
			Check: resource.ComposeTestCheckFunc(a.automationIs(emulator.SeedAutomation{Prompts: []string{"Track my order"}}),
				a.calls("POST /{phone}/conversational_automation", 1)),
		},
		resource.TestStep{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
	)
}
