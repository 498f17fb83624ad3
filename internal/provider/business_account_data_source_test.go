package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

func dataSourceConfig(a *acc, id string, extra ...string) string {
	return a.provider(extra...) + fmt.Sprintf(`
data "whatsapp_business_account" "test" {
  id = %q
}
`, id)
}

func wabaAttr(name string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("data.whatsapp_business_account.test", tfjsonpath.New(name), v)
}

func TestAccBusinessAccountDataSource(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	a.test(resource.TestStep{
		Config: dataSourceConfig(a, testWABA),
		ConfigStateChecks: []statecheck.StateCheck{
			wabaAttr("id", knownvalue.StringExact(testWABA)),
			wabaAttr("name", knownvalue.StringExact("Acme Support")),
			wabaAttr("timezone_id", knownvalue.StringExact("47")),
			wabaAttr("message_template_namespace", knownvalue.StringExact("3f0c2a1e_7b9d_4e21_a0c3_5d6e7f8a9b0c")),
			wabaAttr("account_review_status", knownvalue.StringExact("APPROVED")),
			wabaAttr("business_verification_status", knownvalue.StringExact("verified")),
			wabaAttr("country", knownvalue.StringExact("DE")),
			wabaAttr("currency", knownvalue.StringExact("EUR")),
			wabaAttr("is_enabled_for_insights", knownvalue.Bool(true)),
			wabaAttr("ownership_type", knownvalue.StringExact("SELF_OWNED")),
			wabaAttr("primary_funding_id", knownvalue.StringExact("2481632641282561")),
			wabaAttr("purchase_order_number", knownvalue.StringExact("PO-7")),
			wabaAttr("primary_business_location", knownvalue.StringExact("DE")),
			wabaAttr("status", knownvalue.StringExact("ACTIVE")),
			wabaAttr("on_behalf_of_business_info", knownvalue.ObjectExact(map[string]knownvalue.Check{
				"id": knownvalue.StringExact(testBusiness), "name": knownvalue.StringExact("Acme GmbH"),
				"status": knownvalue.StringExact("APPROVED"), "type": knownvalue.StringExact("SELF"),
			})),
			wabaAttr("owner_business_info", knownvalue.ObjectExact(map[string]knownvalue.Check{
				"id": knownvalue.StringExact(testBusiness), "name": knownvalue.StringExact("Acme GmbH"),
			})),
			wabaAttr("health_status", knownvalue.ObjectExact(map[string]knownvalue.Check{
				"can_send_message": knownvalue.StringExact("LIMITED"),
				"entities": knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"entity_type": knownvalue.StringExact("WABA"), "id": knownvalue.StringExact(testWABA),
						"can_send_message": knownvalue.StringExact("AVAILABLE"),
						"errors":           knownvalue.ListExact([]knownvalue.Check{}), "additional_info": knownvalue.ListExact([]knownvalue.Check{}),
					}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"entity_type": knownvalue.StringExact("PHONE_NUMBER"), "id": knownvalue.StringExact(seededPhone),
						"can_send_message": knownvalue.StringExact("LIMITED"),
						"errors":           knownvalue.ListExact([]knownvalue.Check{}), "additional_info": knownvalue.ListExact([]knownvalue.Check{}),
					}),
				}),
			})),
		},
	})
	st := a.fake.Stats()
	if st.TokenOutsideHeader != 0 {
		t.Errorf("the token travelled outside the Authorization header %d times", st.TokenOutsideHeader)
	}
}

// TestAccBusinessAccountDataSourceBlockedSaysWhy reads the fields Meta's SDK
// declares beyond the first set, and a BLOCKED account's reasons.
func TestAccBusinessAccountDataSourceBlockedSaysWhy(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) {
		f := s.WABAs[1].Fields
		f["creation_time"] = 1767607200
		f["is_shared_with_partners"] = "true"
		f["whatsapp_business_manager_messaging_limit"] = "TIER_2K"
		f["marketing_messages_lite_api_status"] = "ONBOARDED"
		f["marketing_messages_onboarding_status"] = "ELIGIBLE"
		f["auth_international_rate_eligibility"] = map[string]any{"exception_countries": []any{"IN"}}
		f["linked_commerce_account"] = map[string]any{"id": "8800112233"}
		f["health_status"] = map[string]any{"can_send_message": "BLOCKED", "entities": []any{
			map[string]any{"entity_type": "WABA", "id": sparseWABA, "can_send_message": "BLOCKED",
				"errors":          []any{map[string]any{"error_code": 141006, "error_description": "Payment method issue", "possible_solution": "Add a valid payment method"}},
				"additional_info": []any{"Business verification pending"}},
		}}
	})
	a.test(resource.TestStep{
		Config: dataSourceConfig(a, sparseWABA),
		ConfigStateChecks: []statecheck.StateCheck{
			wabaAttr("creation_time", knownvalue.StringExact("1767607200")),
			wabaAttr("is_shared_with_partners", knownvalue.Bool(true)),
			wabaAttr("whatsapp_business_manager_messaging_limit", knownvalue.StringExact("TIER_2K")),
			wabaAttr("marketing_messages_lite_api_status", knownvalue.StringExact("ONBOARDED")),
			wabaAttr("marketing_messages_onboarding_status", knownvalue.StringExact("ELIGIBLE")),
			wabaAttr("auth_international_rate_eligibility", knownvalue.StringExact(`{"exception_countries":["IN"]}`)),
			wabaAttr("linked_commerce_account", knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact("8800112233")})),
			wabaAttr("owner_business", knownvalue.ObjectExact(map[string]knownvalue.Check{
				"id": knownvalue.StringExact(testBusiness), "name": knownvalue.StringExact("Acme GmbH"),
			})),
			statecheck.ExpectKnownValue("data.whatsapp_business_account.test", tfjsonpath.New("health_status").AtMapKey("entities").AtSliceIndex(0),
				knownvalue.ObjectExact(map[string]knownvalue.Check{
					"entity_type": knownvalue.StringExact("WABA"), "id": knownvalue.StringExact(sparseWABA), "can_send_message": knownvalue.StringExact("BLOCKED"),
					"errors": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
						"error_code": knownvalue.Int64Exact(141006), "error_description": knownvalue.StringExact("Payment method issue"),
						"possible_solution": knownvalue.StringExact("Add a valid payment method"),
					})}),
					"additional_info": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("Business verification pending")}),
				})),
		},
	})
}

func TestAccBusinessAccountDataSourceAbsentFieldsAreNull(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	checks := []statecheck.StateCheck{wabaAttr("name", knownvalue.StringExact("Acme Sparse"))}
	for _, name := range []string{
		"timezone_id", "message_template_namespace", "account_review_status", "business_verification_status", "country",
		"currency", "is_enabled_for_insights", "ownership_type", "primary_funding_id", "purchase_order_number",
		"primary_business_location", "status", "on_behalf_of_business_info", "health_status",
		"creation_time", "is_shared_with_partners", "whatsapp_business_manager_messaging_limit", "marketing_messages_lite_api_status",
		"marketing_messages_onboarding_status", "auth_international_rate_eligibility", "linked_commerce_account",
	} {
		checks = append(checks, wabaAttr(name, knownvalue.Null()))
	}
	a.test(resource.TestStep{Config: dataSourceConfig(a, sparseWABA), ConfigStateChecks: checks})
}

func TestAccBusinessAccountDataSourceErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		id     string
		extra  []string
		faults emulator.FaultConfig
		want   string
	}{
		{name: "unknown WABA", id: "999999", want: `(?s)Cannot read WhatsApp Business Account.*code 100, subcode 33.*does not exist`},
		{name: "bad token", id: testWABA, extra: []string{`max_retries = 0`}, faults: emulator.FaultConfig{Rules: []emulator.FaultRule{{Kind: emulator.FaultAuth}}},
			want: `(?s)code 190.*access token is invalid or expired`},
		{name: "permission", id: testWABA, faults: emulator.FaultConfig{Rules: []emulator.FaultRule{{Kind: emulator.FaultPermission}}},
			want: `(?s)code 200.*whatsapp_business_management`},
		{name: "rate limit longer than max_rate_limit_wait", id: testWABA, extra: []string{`max_rate_limit_wait = "2m"`},
			faults: emulator.FaultConfig{RegainMinutes: 30, Rules: []emulator.FaultRule{{Kind: emulator.FaultRateLimit80008}}},
			want:   `(?s)code 80008.*longer than max_rate_limit_wait.*Run again after`},
		{name: "rate limit outlasting retries", id: testWABA, extra: []string{`max_retries = 2`},
			faults: emulator.FaultConfig{Rules: []emulator.FaultRule{{Kind: emulator.FaultRateLimit4}}},
			want:   `(?s)code 4.*after 3 attempts.*raise max_retries`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := newAcc(t, emulator.Options{})
			if err := a.fake.SetFaults(tc.faults); err != nil {
				t.Fatal(err)
			}
			a.test(resource.TestStep{Config: dataSourceConfig(a, tc.id, tc.extra...), ExpectError: errorRe(tc.want)})
		})
	}
}

func TestAccBusinessAccountDataSourceRateLimitThenSuccess(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	if err := a.fake.SetFaults(emulator.FaultConfig{RegainMinutes: 1, Rules: []emulator.FaultRule{{Kind: emulator.FaultRateLimit80008, Times: 2}}}); err != nil {
		t.Fatal(err)
	}
	a.test(resource.TestStep{
		Config:            dataSourceConfig(a, testWABA),
		ConfigStateChecks: []statecheck.StateCheck{wabaAttr("name", knownvalue.StringExact("Acme Support"))},
	})
	if got := a.fake.Stats().Faults[emulator.FaultRateLimit80008]; got != 2 {
		t.Fatalf("%d rate-limit faults served, want 2", got)
	}
}
