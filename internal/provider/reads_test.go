package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// seedUsers adds n business users of the test business and returns their IDs.
func seedUsers(s *emulator.Seed, prefix string, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%s%05d", prefix, i)
		s.Users = append(s.Users, emulator.SeedUser{ID: ids[i], Name: "user " + ids[i], Type: "BUSINESS_USER", BusinessID: testBusiness})
	}
	return ids
}

// teamBlock assigns the users ids on the test WABA with one task each
// (whatsapp_assigned_user.team[i]).
func teamBlock(ids []string) string {
	return fmt.Sprintf(`
locals {
  users = [%s]
}

resource "whatsapp_assigned_user" "team" {
  count   = length(local.users)
  waba_id = %[2]q
  user_id = local.users[count.index]
  tasks   = ["VIEW_COST"]
}
`, quoteList(ids), testWABA)
}

// TestAccRefreshCostsListingPages pins the call formula: refreshing 25
// resources on one WABA costs the pages of each listing plus one debug_token,
// not a call per resource. The fake's pages hold 10 (Meta's up to 100), so
// the assignments span 3 pages as 250 would.
func TestAccRefreshCostsListingPages(t *testing.T) {
	t.Parallel()
	var ids []string
	a := newAcc(t, emulator.Options{PageSize: 10}, func(s *emulator.Seed) { ids = seedUsers(s, "3100000000", 24) })
	cfg := a.provider() + teamBlock(ids) + fmt.Sprintf(`
resource "whatsapp_subscribed_app" "app" {
  waba_id = %q
}
`, testWABA)
	a.test(
		resource.TestStep{Config: cfg},
		resource.TestStep{
			PreConfig:    a.fake.ResetStats,
			RefreshState: true,
			Check: func(*terraform.State) error {
				st := a.fake.Stats()
				// 25 assignments (24 + the seeded bot) are 3 pages of 10.
				want := map[string]int{"GET /{waba}/assigned_users": 3, "GET /{waba}/subscribed_apps": 1, "GET /debug_token": 1}
				for route, n := range want {
					if st.Count(route) != n {
						return fmt.Errorf("refresh made %v, want %v", st.Requests, want)
					}
				}
				if st.Total != 5 {
					return fmt.Errorf("refresh of 25 resources cost %d calls (%v), want 5", st.Total, st.Requests)
				}
				return nil
			},
		},
	)
}
