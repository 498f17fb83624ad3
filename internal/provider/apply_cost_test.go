package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// TestAccApplyCostsOneCallPerCreate pins what an apply of creates costs on
// an account that already has users and a number: one POST per object
// (each answer reads its object back, Graph API read-after-write) plus the
// constant reads: the owner business (GET /{waba}, which business_id
// defaults from) and the users listing of the check before a create.
func TestAccApplyCostsOneCallPerCreate(t *testing.T) {
	t.Parallel()
	var ids []string
	a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) { ids = seedUsers(s, "3300000000", 3) })
	cfg := a.provider() + teamBlock(ids) + fmt.Sprintf(`
resource "whatsapp_phone_number" "line" {
  count        = 3
  waba_id      = %q
  cc           = "44"
  phone_number = format("77009003%%02d", count.index)
}
`, testWABA)
	var checks []statecheck.StateCheck
	for i := range 3 {
		checks = append(checks,
			statecheck.ExpectKnownValue(fmt.Sprintf("whatsapp_assigned_user.team[%d]", i), tfjsonpath.New("name"), knownvalue.StringExact("user "+ids[i])),
			statecheck.ExpectKnownValue(fmt.Sprintf("whatsapp_phone_number.line[%d]", i), tfjsonpath.New("status"), knownvalue.StringExact("PENDING")),
		)
	}
	a.testWithDestroyCheck(
		func(*terraform.State) error {
			for _, id := range ids {
				if _, ok := a.fake.Assignment(testWABA, id); ok {
					return fmt.Errorf("user %s still assigned after destroy", id)
				}
			}
			// Destroy leaves a number on the account (Meta deletes none): one each.
			for i := range 3 {
				if n := a.numbersWith("44", fmt.Sprintf("77009003%02d", i)); n != 1 {
					return fmt.Errorf("%d numbers +44 77009003%02d after destroy, want 1", n, i)
				}
			}
			return nil
		},
		resource.TestStep{
			PreConfig:         a.fake.ResetStats,
			Config:            cfg,
			ConfigStateChecks: checks,
			Check: func(*terraform.State) error {
				st := a.fake.Stats()
				want := map[string]int{
					"POST /{waba}/assigned_users": 3, "POST /{waba}/phone_numbers": 3,
					"GET /{waba}": 1, "GET /{waba}/assigned_users": 1,
				}
				total := 0
				for route, n := range want {
					total += n
					if st.Count(route) != n {
						return fmt.Errorf("the apply made %v, want %v", st.Requests, want)
					}
				}
				if st.Total != total {
					return fmt.Errorf("the apply of 6 creates cost %d calls (%v), want %d", st.Total, st.Requests, total)
				}
				return nil
			},
		},
	)
}
