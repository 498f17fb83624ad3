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

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

const phoneNumberName = "whatsapp_phone_number.test"

func phoneNumberConfig(a *acc, cc, number string, body ...string) string {
	return a.provider() + fmt.Sprintf(`
resource "whatsapp_phone_number" "test" {
  waba_id      = %q
  cc           = %q
  phone_number = %q
  %s
}
`, testWABA, cc, number, strings.Join(body, "\n  "))
}

func phoneAttr(name string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(phoneNumberName, tfjsonpath.New(name), v)
}

// oneNumberInState checks that the test WABA holds exactly one number with
// these digits, and that it is the one state holds: none lost, none doubled.
func (a *acc) oneNumberInState(cc, national string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		if n := a.numbersWith(cc, national); n != 1 {
			return fmt.Errorf("%d numbers on the WABA, want exactly 1", n)
		}
		id := s.RootModule().Resources[phoneNumberName].Primary.ID
		if _, waba, ok := a.fake.PhoneNumber(id); !ok || waba != testWABA {
			return fmt.Errorf("state holds %s, which the fake does not have", id)
		}
		return nil
	}
}

// numbersWith counts the fake's numbers on the test WABA with these digits.
func (a *acc) numbersWith(cc, national string) int {
	n := 0
	for _, p := range a.fake.PhoneNumbers(testWABA) {
		if p.CC == cc && p.PhoneNumber == national {
			n++
		}
	}
	return n
}

// phoneStays is the CheckDestroy of a number: destroy never removes it.
func (a *acc) phoneStays(cc, national, platform string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, p := range a.fake.PhoneNumbers(testWABA) {
			if p.CC == cc && p.PhoneNumber == national {
				if p.PlatformType != platform {
					return fmt.Errorf("number +%s %s has platform_type %s after destroy, want %s", cc, national, p.PlatformType, platform)
				}
				return nil
			}
		}
		return fmt.Errorf("number +%s %s left the WABA: destroy must only forget it", cc, national)
	}
}

func TestAccPhoneNumber(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	var id string
	captureID := func(s *terraform.State) error {
		id = s.RootModule().Resources[phoneNumberName].Primary.ID
		return nil
	}
	importID := func(*terraform.State) (string, error) { return testWABA + "/" + id, nil }
	base := phoneNumberConfig(a, "1", "6315551234", `verified_name = "Acme US"`)
	// Without deregister_on_destroy, destroy leaves the (by then registered) number as it is.
	a.testWithDestroyCheck(a.phoneStays("1", "6315551234", "CLOUD_API"),
		resource.TestStep{
			Config:           base,
			ConfigPlanChecks: expectAction(phoneNumberName, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				phoneAttr("id", knownvalue.StringRegexp(graphapi.IDPattern)),
				phoneAttr("waba_id", knownvalue.StringExact(testWABA)),
				phoneAttr("cc", knownvalue.StringExact("1")),
				phoneAttr("phone_number", knownvalue.StringExact("6315551234")),
				phoneAttr("verified_name", knownvalue.StringExact("Acme US")),
				phoneAttr("migrate_phone_number", knownvalue.Null()),
				phoneAttr("preverified_id", knownvalue.Null()),
				phoneAttr("deregister_on_destroy", knownvalue.Bool(false)),
				phoneAttr("display_phone_number", knownvalue.StringExact("+1 631-555-1234")),
				phoneAttr("status", knownvalue.StringExact("PENDING")),
				phoneAttr("code_verification_status", knownvalue.StringExact("NOT_VERIFIED")),
				phoneAttr("quality_rating", knownvalue.StringExact("UNKNOWN")),
				phoneAttr("name_status", knownvalue.StringExact("PENDING_REVIEW")),
				phoneAttr("platform_type", knownvalue.StringExact("NOT_APPLICABLE")),
				phoneAttr("throughput_level", knownvalue.StringExact("NOT_APPLICABLE")),
				phoneAttr("account_mode", knownvalue.StringExact("SANDBOX")),
				phoneAttr("is_official_business_account", knownvalue.Bool(false)),
				phoneAttr("last_onboarded_time", knownvalue.Null()),
			},
			Check: captureID,
		},
		resource.TestStep{
			ResourceName: phoneNumberName, ImportState: true, ImportStateIdFunc: importID, ImportStateVerify: true,
			ImportStateVerifyIgnore: []string{"migrate_phone_number", "preverified_id", "deregister_on_destroy"},
		},
		resource.TestStep{
			Config: base, ResourceName: phoneNumberName, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
			ImportStateIdFunc: importID,
		},
		resource.TestStep{
			// Creation-only arguments change in place, without an API call.
			PreConfig:        a.fake.ResetStats,
			Config:           phoneNumberConfig(a, "1", "6315551234", `verified_name = "Acme US"`, `migrate_phone_number = true`, `preverified_id = "4242"`),
			ConfigPlanChecks: expectAction(phoneNumberName, plancheck.ResourceActionUpdate),
			Check: func(*terraform.State) error {
				st := a.fake.Stats()
				if writes := st.Count("POST /{waba}/phone_numbers") + st.Count("POST /{phone}/deregister"); writes != 0 {
					return fmt.Errorf("%d write calls for a creation-only change", writes)
				}
				return nil
			},
		},
		resource.TestStep{
			PreConfig: func() {
				// Meta's review moves the number along: no diff, state follows.
				if err := a.fake.Modify(emulator.Change{Kind: emulator.KindPhoneNumber, ID: id,
					Fields: map[string]any{"status": "CONNECTED", "quality_rating": "GREEN", "platform_type": "CLOUD_API"}}); err != nil {
					t.Fatal(err)
				}
			},
			Config:            phoneNumberConfig(a, "1", "6315551234", `verified_name = "Acme US"`, `migrate_phone_number = true`, `preverified_id = "4242"`),
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: []statecheck.StateCheck{phoneAttr("status", knownvalue.StringExact("CONNECTED"))},
		},
	)
	if n := a.numbersWith("1", "6315551234"); n != 1 {
		t.Fatalf("%d numbers with those digits, want 1", n)
	}
}

func TestAccPhoneNumberImportSeededAndDeregister(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	cfg := phoneNumberConfig(a, "49", "15112345678", `deregister_on_destroy = true`)
	a.testWithDestroyCheck(a.phoneStays("49", "15112345678", "NOT_APPLICABLE"),
		resource.TestStep{
			Config: phoneNumberConfig(a, "49", "15112345678"), ResourceName: phoneNumberName, ImportState: true,
			ImportStateKind: resource.ImportBlockWithID, ImportStateId: testWABA + "/" + seededPhone,
		},
		resource.TestStep{Config: cfg, ResourceName: phoneNumberName, ImportState: true, ImportStateId: testWABA + "/" + seededPhone, ImportStatePersist: true},
		resource.TestStep{
			Config:           cfg,
			ConfigPlanChecks: expectAction(phoneNumberName, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				phoneAttr("id", knownvalue.StringExact(seededPhone)),
				phoneAttr("display_phone_number", knownvalue.StringExact("+49 151 12345678")),
				phoneAttr("verified_name", knownvalue.StringExact("Acme Support")),
				phoneAttr("status", knownvalue.StringExact("CONNECTED")),
				phoneAttr("last_onboarded_time", knownvalue.StringExact("2026-03-02T10:15:00+0000")),
				phoneAttr("deregister_on_destroy", knownvalue.Bool(true)),
			},
		},
	)
	if n := a.fake.Stats().Count("POST /{phone}/deregister"); n != 1 {
		t.Fatalf("%d deregister calls, want 1", n)
	}
}

func TestAccPhoneNumberRemovedOutOfBand(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	cfg := phoneNumberConfig(a, "44", "7700900123")
	a.test(
		resource.TestStep{Config: cfg},
		resource.TestStep{
			PreConfig: func() {
				for _, p := range a.fake.PhoneNumbers(testWABA) {
					if p.PhoneNumber == "7700900123" {
						if err := a.fake.Delete(emulator.Change{Kind: emulator.KindPhoneNumber, ID: p.ID}); err != nil {
							t.Fatal(err)
						}
					}
				}
			},
			Config:           cfg,
			ConfigPlanChecks: expectAction(phoneNumberName, plancheck.ResourceActionCreate),
			Check: func(*terraform.State) error {
				if n := a.numbersWith("44", "7700900123"); n != 1 {
					return fmt.Errorf("%d numbers after re-creation", n)
				}
				return nil
			},
		},
	)
}

func TestAccPhoneNumberDroppedCreateAdopted(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{emulator.FaultDropAfter, emulator.FaultDropBefore, emulator.FaultHTTP503HTML} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			a := newAcc(t, emulator.Options{})
			if err := a.fake.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{
				{Method: "POST", Route: "/{waba}/phone_numbers", Kind: kind, Times: 1},
			}}); err != nil {
				t.Fatal(err)
			}
			a.test(resource.TestStep{
				Config: phoneNumberConfig(a, "1", "6315550000"),
				Check:  a.oneNumberInState("1", "6315550000"),
			})
		})
	}
}

func TestAccPhoneNumberAlreadyExists(t *testing.T) {
	t.Parallel()
	for _, code := range []int{2388012, 100} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			t.Parallel()
			a := newAcc(t, emulator.Options{DuplicatePhoneCode: code})
			a.test(resource.TestStep{
				Config:      phoneNumberConfig(a, "49", "15112345678"),
				ExpectError: errorRe(`already on WhatsApp Business Account.*terraform import whatsapp_phone_number.<name> ` + testWABA + `/` + seededPhone),
			})
		})
	}
}

func TestAccPhoneNumberReadBackFailureKeepsNumber(t *testing.T) {
	t.Parallel()
	// The create's answer does not carry the number (fields= ignored), so
	// it is read back, and that read fails.
	a := newAcc(t, emulator.Options{IgnoreWriteFields: true})
	if err := a.fake.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{
		{Method: "GET", Route: "/{waba}/phone_numbers", Kind: emulator.FaultPermission, Times: 1},
	}}); err != nil {
		t.Fatal(err)
	}
	cfg := phoneNumberConfig(a, "1", "6315550001")
	a.test(
		resource.TestStep{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				phoneAttr("id", knownvalue.StringRegexp(graphapi.IDPattern)),
				phoneAttr("status", knownvalue.Null()),
			},
		},
		resource.TestStep{
			Config:            cfg,
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: []statecheck.StateCheck{phoneAttr("status", knownvalue.StringExact("PENDING"))},
		},
	)
	if n := a.numbersWith("1", "6315550001"); n != 1 {
		t.Fatalf("%d numbers, want 1", n)
	}
}

// TestAccPhoneNumberDisplayName: a verified_name change requests a display
// name; pending and approved requests plan nothing, a declined one warns once
// and is not requested again, and a rename outside Terraform is drift.
func TestAccPhoneNumberDisplayName(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	named := func(name string) string {
		return phoneNumberConfig(a, "1", "6315551234", fmt.Sprintf("verified_name = %q", name))
	}
	var id string
	requests := func() int { return a.fake.Stats().Count("POST /{phone}") }
	empty := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	decide := func(approve bool) func() {
		return func() {
			if err := a.fake.DecideDisplayName(id, approve); err != nil {
				t.Fatal(err)
			}
		}
	}
	a.test(
		resource.TestStep{
			Config: named("Acme US"),
			Check: func(st *terraform.State) error {
				id = st.RootModule().Resources[phoneNumberName].Primary.ID
				return nil
			},
		},
		resource.TestStep{
			PreConfig:        a.fake.ResetStats,
			Config:           named("Acme Care"),
			ConfigPlanChecks: expectAction(phoneNumberName, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				phoneAttr("verified_name", knownvalue.StringExact("Acme Care")),
				phoneAttr("new_display_name", knownvalue.StringExact("Acme Care")),
				phoneAttr("new_name_status", knownvalue.StringExact("PENDING_REVIEW")),
			},
			Check: func(*terraform.State) error {
				if p, _, _ := a.fake.PhoneNumber(id); p.NewDisplayName != "Acme Care" || p.VerifiedName != "Acme US" || requests() != 1 {
					return fmt.Errorf("fake holds %+v after %d requests", p, requests())
				}
				return nil
			},
		},
		// Approved: the name reads back as approved.
		resource.TestStep{
			PreConfig: decide(true), Config: named("Acme Care"), ConfigPlanChecks: empty,
			ConfigStateChecks: []statecheck.StateCheck{
				phoneAttr("verified_name", knownvalue.StringExact("Acme Care")),
				phoneAttr("name_status", knownvalue.StringExact("APPROVED")),
				phoneAttr("new_name_status", knownvalue.Null()),
			},
		},
		resource.TestStep{Config: named("Acme Unlikely"), ConfigPlanChecks: expectAction(phoneNumberName, plancheck.ResourceActionUpdate)},
		// Declined: a warning, no diff, and no second request.
		resource.TestStep{
			PreConfig: func() { decide(false)(); a.fake.ResetStats() },
			Config:    named("Acme Unlikely"), ConfigPlanChecks: empty,
			ConfigStateChecks: []statecheck.StateCheck{phoneAttr("new_name_status", knownvalue.StringExact("DECLINED"))},
			Check: func(*terraform.State) error {
				if n := requests(); n != 0 {
					return fmt.Errorf("a declined name was requested again (%d requests)", n)
				}
				return nil
			},
		},
		// Renamed in WhatsApp Manager: ordinary drift, planned as a request.
		resource.TestStep{
			PreConfig: func() {
				if err := a.fake.Modify(emulator.Change{Kind: emulator.KindPhoneNumber, ID: id,
					Fields: map[string]any{"verified_name": "Acme Elsewhere", "new_display_name": "", "new_name_status": ""}}); err != nil {
					t.Fatal(err)
				}
			},
			Config: named("Acme Care"), PlanOnly: true, ExpectNonEmptyPlan: true,
		},
	)
}

// TestAccPhoneNumberDisplayNameBackToMetas: on a number whose display-name
// request Meta declined, changing verified_name back to the name the number
// has at Meta files no new review: the apply sends nothing and records it.
func TestAccPhoneNumberDisplayNameBackToMetas(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) {
		p := &s.WABAs[0].PhoneNumbers[0]
		p.NewDisplayName, p.NewNameStatus = "Acme Unlikely", "DECLINED"
	})
	named := func(name string) string {
		return a.provider() + fmt.Sprintf(`
resource "whatsapp_phone_number" "test" {
  waba_id       = %q
  cc            = "49"
  phone_number  = "15112345678"
  verified_name = %q
}
`, testWABA, name)
	}
	importBlock := fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", phoneNumberName, testWABA+"/"+seededPhone)
	nodeRequests := func(want int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			st := a.fake.Stats()
			if n := st.Count("POST /{phone}") + st.Count("GET /{phone}"); n != want {
				return fmt.Errorf("%d requests to the number's node, want %d", n, want)
			}
			return nil
		}
	}
	a.test(
		// The user insists on the declined name (one request), Meta declines it again.
		resource.TestStep{Config: named("Acme Unlikely") + importBlock, Check: nodeRequests(1)},
		resource.TestStep{
			PreConfig: func() {
				if err := a.fake.DecideDisplayName(seededPhone, false); err != nil {
					t.Fatal(err)
				}
			},
			Config: named("Acme Unlikely"), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		resource.TestStep{
			PreConfig:        a.fake.ResetStats,
			Config:           named("Acme Support"),
			ConfigPlanChecks: expectAction(phoneNumberName, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				phoneAttr("verified_name", knownvalue.StringExact("Acme Support")),
				phoneAttr("new_display_name", knownvalue.StringExact("Acme Unlikely")),
				phoneAttr("new_name_status", knownvalue.StringExact("DECLINED")),
			},
			Check: resource.ComposeTestCheckFunc(nodeRequests(0), func(*terraform.State) error {
				if p, _, _ := a.fake.PhoneNumber(seededPhone); p.VerifiedName != "Acme Support" || p.NewDisplayName != "Acme Unlikely" || p.NewNameStatus != "DECLINED" {
					return fmt.Errorf("fake holds %q, request %q %s", p.VerifiedName, p.NewDisplayName, p.NewNameStatus)
				}
				return nil
			}),
		},
	)
}
