package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// countCalls is a plan check that records how many API calls the plan made.
type countCalls struct {
	a   *acc
	got *int
}

func (c countCalls) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	*c.got = c.a.fake.Stats().Total
}

const discoveryBlocks = `
data "whatsapp_phone_numbers" "all" {
  waba_id = "104996122399160"
}

data "whatsapp_assigned_users" "all" {
  waba_id     = "104996122399160"
  business_id = "506914307656634" # saves the owner lookup
}

data "whatsapp_subscribed_apps" "all" {
  waba_id = "104996122399160"
}
`

func TestAccDiscoveryDataSources(t *testing.T) {
	t.Parallel()
	// One item a page: every listing takes several pages.
	a := newAcc(t, emulator.Options{PageSize: 1}, func(s *emulator.Seed) {
		w := &s.WABAs[0]
		w.PhoneNumbers = append(w.PhoneNumbers, emulator.SeedPhoneNumber{ID: "110200345501443", CC: "1", PhoneNumber: "6315551234", VerifiedName: "Acme US"})
		w.AssignedUsers = append(w.AssignedUsers, emulator.SeedAssignedUser{UserID: samUser, Tasks: []string{"VIEW_COST", "MANAGE_TEMPLATES"}})
		w.SubscribedApps = append(w.SubscribedApps, emulator.SeedSubscribedApp{AppID: testApp, OverrideCallbackURI: "https://hooks.example.com/wa"})
	})
	resources := a.provider() + assignedUserBlock(janeUser, []string{"VIEW_COST"}) + subscribedAppBlock(`override_callback_uri = "https://hooks.example.com/wa"`, `verify_token = "t"`) + fmt.Sprintf(`
resource "whatsapp_phone_number" "test" {
  waba_id      = %q
  cc           = "49"
  phone_number = "15112345678"
}
`, testWABA)
	ds := func(name string) tfjsonpath.Path { return tfjsonpath.New(name) }
	var alone, together int
	a.test(
		resource.TestStep{Config: resources, ResourceName: phoneNumberName, ImportState: true, ImportStateId: testWABA + "/" + seededPhone, ImportStatePersist: true},
		resource.TestStep{Config: resources, ResourceName: subscribedAppName, ImportState: true, ImportStateId: testWABA, ImportStatePersist: true},
		resource.TestStep{Config: resources},
		resource.TestStep{
			PreConfig: a.fake.ResetStats, Config: resources, PlanOnly: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{countCalls{a, &alone}}},
		},
		resource.TestStep{
			PreConfig: a.fake.ResetStats, Config: resources + discoveryBlocks,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{countCalls{a, &together}}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.whatsapp_phone_numbers.all", ds("phone_numbers"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(seededPhone), "cc": knownvalue.StringExact("49"),
						"phone_number": knownvalue.StringExact("15112345678"), "verified_name": knownvalue.StringExact("Acme Support"), "status": knownvalue.StringExact("CONNECTED")}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact("110200345501443"), "cc": knownvalue.StringExact("1"),
						"phone_number": knownvalue.StringExact("6315551234"), "display_phone_number": knownvalue.StringExact("+1 631-555-1234")}),
				})),
				statecheck.ExpectKnownValue("data.whatsapp_assigned_users.all", ds("business_id"), knownvalue.StringExact(testBusiness)),
				statecheck.ExpectKnownValue("data.whatsapp_assigned_users.all", ds("users"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{"user_id": knownvalue.StringExact(botUser), "name": knownvalue.StringExact("terraform-bot"),
						"user_type": knownvalue.StringExact("SYSTEM_USER"), "tasks": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("MANAGE")})}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{"user_id": knownvalue.StringExact(samUser), "name": knownvalue.StringExact("Sam Support"),
						"user_type": knownvalue.StringExact("BUSINESS_USER"), "tasks": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("VIEW_COST"), knownvalue.StringExact("MANAGE_TEMPLATES")})}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{"user_id": knownvalue.StringExact(janeUser), "name": knownvalue.StringExact("Jane Ops"),
						"user_type": knownvalue.StringExact("BUSINESS_USER"), "tasks": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("VIEW_COST")})}),
				})),
				statecheck.ExpectKnownValue("data.whatsapp_subscribed_apps.all", ds("apps"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{"app_id": knownvalue.StringExact(otherApp), "name": knownvalue.StringExact("Some BSP App"),
						"link": knownvalue.StringExact("https://www.facebook.com/games/?app_id=" + otherApp), "override_callback_uri": knownvalue.Null()}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{"app_id": knownvalue.StringExact(testApp), "name": knownvalue.StringExact("Acme Terraform App"),
						"link": knownvalue.StringExact("https://www.facebook.com/games/?app_id=" + testApp), "override_callback_uri": knownvalue.StringExact("https://hooks.example.com/wa")}),
				})),
			},
		},
	)
	t.Logf("plan calls: resources alone %d, with the three data sources %d", alone, together)
	if together > alone {
		t.Errorf("the three data sources next to resources of the same WABA cost %d plan calls, the resources alone %d: the data sources must read the resources' listings", together, alone)
	}
}

func TestAccBusinessAccountsDataSource(t *testing.T) {
	t.Parallel()
	const partner, clientWABA = "506914307656699", "104996122399170"
	a := newAcc(t, emulator.Options{PageSize: 1}, func(s *emulator.Seed) {
		s.Businesses = append(s.Businesses, emulator.SeedBusiness{ID: partner, Name: "Partner BSP"})
		s.WABAs = append(s.WABAs, emulator.SeedWABA{ID: clientWABA, OwnerBusinessID: partner, Fields: map[string]any{"name": "Partner Own"}})
		s.WABAs[1].ClientBusinessIDs = []string{partner}
	})
	accounts := func(rel string) string {
		return a.provider() + fmt.Sprintf("data \"whatsapp_business_accounts\" \"x\" {\n  business_id = %q\n  %s\n}\n", testBusiness, rel)
	}
	acct := func(id, rel, name string) knownvalue.Check {
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(id), "relationship": knownvalue.StringExact(rel), "name": knownvalue.StringExact(name)})
	}
	path := tfjsonpath.New("accounts")
	a.test(
		resource.TestStep{
			Config: accounts(""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.whatsapp_business_accounts.x", tfjsonpath.New("relationship"), knownvalue.StringExact("owned")),
				statecheck.ExpectKnownValue("data.whatsapp_business_accounts.x", path, knownvalue.ListExact([]knownvalue.Check{
					acct(testWABA, "owned", "Acme Support"), acct(sparseWABA, "owned", "Acme Sparse")})),
			},
		},
		resource.TestStep{
			Config: strings.Replace(accounts(`relationship = "all"`), testBusiness, partner, 1),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.whatsapp_business_accounts.x", path, knownvalue.ListExact([]knownvalue.Check{
					acct(clientWABA, "owned", "Partner Own"), acct(sparseWABA, "client", "Acme Sparse")})),
			},
		},
	)
}
