package provider

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

const assignedUserName = "whatsapp_assigned_user.test"

func assignedUserConfig(a *acc, user string, tasks []string) string {
	return a.provider() + assignedUserBlock(user, tasks)
}

func assignedUserBlock(user string, tasks []string) string {
	return fmt.Sprintf(`
resource "whatsapp_assigned_user" "test" {
  waba_id = %q
  user_id = %q
  tasks   = [%s]
}
`, testWABA, user, quoteList(tasks))
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}

func tasksValue(tasks ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(tasks))
	for i, t := range tasks {
		checks[i] = knownvalue.StringExact(t)
	}
	return knownvalue.SetExact(checks)
}

// assignmentIs checks the fake holds exactly these tasks for the user.
func (a *acc) assignmentIs(user string, tasks ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got, ok := a.fake.Assignment(testWABA, user)
		sort.Strings(got)
		want := append([]string(nil), tasks...)
		sort.Strings(want)
		if !ok || !slices.Equal(got, want) {
			return fmt.Errorf("fake holds %v (assigned %v) for user %s, want %v", got, ok, user, want)
		}
		return nil
	}
}

// setTasks changes a user's tasks in the fake, as WhatsApp Manager would.
func (a *acc) setTasks(user string, tasks ...string) {
	a.t.Helper()
	if err := a.fake.Modify(emulator.Change{Kind: emulator.KindAssignedUser, WABAID: testWABA, ID: user,
		Fields: map[string]any{"tasks": tasks}}); err != nil {
		a.t.Fatal(err)
	}
}

func (a *acc) unassigned(users ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, u := range users {
			if _, ok := a.fake.Assignment(testWABA, u); ok {
				return fmt.Errorf("user %s is still assigned in the fake", u)
			}
		}
		return nil
	}
}

func TestAccAssignedUser(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	importID := testWABA + "/" + janeUser
	a.testWithDestroyCheck(a.unassigned(janeUser, samUser),
		resource.TestStep{
			Config:           assignedUserConfig(a, janeUser, []string{"VIEW_COST", "MANAGE_TEMPLATES"}),
			ConfigPlanChecks: expectAction(assignedUserName, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(assignedUserName, tfjsonpath.New("id"), knownvalue.StringExact(importID)),
				statecheck.ExpectKnownValue(assignedUserName, tfjsonpath.New("waba_id"), knownvalue.StringExact(testWABA)),
				statecheck.ExpectKnownValue(assignedUserName, tfjsonpath.New("user_id"), knownvalue.StringExact(janeUser)),
				statecheck.ExpectKnownValue(assignedUserName, tfjsonpath.New("tasks"), tasksValue("MANAGE_TEMPLATES", "VIEW_COST")),
				statecheck.ExpectKnownValue(assignedUserName, tfjsonpath.New("business_id"), knownvalue.StringExact(testBusiness)),
				statecheck.ExpectKnownValue(assignedUserName, tfjsonpath.New("name"), knownvalue.StringExact("Jane Ops")),
				statecheck.ExpectKnownValue(assignedUserName, tfjsonpath.New("user_type"), knownvalue.StringExact("BUSINESS_USER")),
			},
			Check: a.assignmentIs(janeUser, "VIEW_COST", "MANAGE_TEMPLATES"),
		},
		// Every attribute comes back from the API, so nothing is ignored.
		resource.TestStep{ResourceName: assignedUserName, ImportState: true, ImportStateId: importID, ImportStateVerify: true},
		resource.TestStep{
			Config:          assignedUserConfig(a, janeUser, []string{"VIEW_COST", "MANAGE_TEMPLATES"}),
			ResourceName:    assignedUserName,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
			ImportStateId:   importID,
		},
		resource.TestStep{
			Config:           assignedUserConfig(a, janeUser, []string{"MESSAGING"}),
			ConfigPlanChecks: expectAction(assignedUserName, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(assignedUserName, tfjsonpath.New("tasks"), tasksValue("MESSAGING")),
			},
			Check: a.assignmentIs(janeUser, "MESSAGING"),
		},
		resource.TestStep{
			Config:           assignedUserConfig(a, samUser, []string{"MESSAGING"}),
			ConfigPlanChecks: expectAction(assignedUserName, plancheck.ResourceActionDestroyBeforeCreate),
			Check:            resource.ComposeTestCheckFunc(a.assignmentIs(samUser, "MESSAGING"), a.unassigned(janeUser)),
		},
	)
}

func TestAccAssignedUserDeletedOutOfBand(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	cfg := assignedUserConfig(a, janeUser, []string{"VIEW_COST"})
	a.test(
		resource.TestStep{Config: cfg},
		resource.TestStep{
			PreConfig: func() {
				if err := a.fake.Delete(emulator.Change{Kind: emulator.KindAssignedUser, WABAID: testWABA, ID: janeUser}); err != nil {
					t.Fatal(err)
				}
			},
			Config:           cfg,
			ConfigPlanChecks: expectAction(assignedUserName, plancheck.ResourceActionCreate),
			Check:            a.assignmentIs(janeUser, "VIEW_COST"),
		},
		resource.TestStep{
			PreConfig:        func() { a.setTasks(janeUser, "MANAGE") },
			Config:           cfg,
			ConfigPlanChecks: expectAction(assignedUserName, plancheck.ResourceActionUpdate),
			Check:            a.assignmentIs(janeUser, "VIEW_COST"),
		},
	)
}

func TestAccAssignedUserExistingAssignmentRefused(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	a.test(resource.TestStep{
		Config:      assignedUserConfig(a, botUser, []string{"MANAGE"}),
		ExpectError: errorRe(`User already assigned.*with whatsapp_assigned_user.test.*"with" line.*terraform import <address> ` + testWABA + `/` + botUser),
	})
	if got, _ := a.fake.Assignment(testWABA, botUser); !slices.Equal(got, []string{"MANAGE"}) {
		t.Fatalf("the existing assignment was touched: %v", got)
	}
}

func TestAccAssignedUserReplacesMergedTasks(t *testing.T) {
	t.Parallel()
	// This fake merges a re-POSTed task set into the old one, so an update
	// must fall back to DELETE then POST.
	a := newAcc(t, emulator.Options{MergeTasks: true})
	a.test(
		resource.TestStep{Config: assignedUserConfig(a, janeUser, []string{"VIEW_COST", "MESSAGING"})},
		resource.TestStep{
			Config: assignedUserConfig(a, janeUser, []string{"MESSAGING"}),
			Check:  a.assignmentIs(janeUser, "MESSAGING"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(assignedUserName, tfjsonpath.New("tasks"), tasksValue("MESSAGING")),
			},
		},
	)
	if n := a.fake.Stats().Count("DELETE /{waba}/assigned_users"); n < 1 {
		t.Fatal("the update did not fall back to DELETE + POST")
	}
}

func TestAccAssignedUserReassignFailureLeavesState(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{MergeTasks: true})
	cfg := assignedUserConfig(a, janeUser, []string{"MESSAGING"})
	a.test(
		resource.TestStep{Config: assignedUserConfig(a, janeUser, []string{"VIEW_COST", "MESSAGING"})},
		resource.TestStep{
			// Set before this step: the update's first POST (merged by this
			// fake) goes through, the POST after the DELETE fails for good.
			PreConfig: func() {
				if err := a.fake.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{
					{Method: "POST", Route: "/{waba}/assigned_users", Kind: emulator.FaultPermission, Skip: 1},
				}}); err != nil {
					t.Fatal(err)
				}
			},
			Config:      cfg,
			ExpectError: errorRe(`User unassigned, re-assignment failed.*left state`),
		},
		resource.TestStep{
			PreConfig: func() {
				if _, ok := a.fake.Assignment(testWABA, janeUser); ok {
					t.Fatal("the user should be unassigned after the failed re-assignment")
				}
				if err := a.fake.SetFaults(emulator.FaultConfig{}); err != nil {
					t.Fatal(err)
				}
			},
			Config:           cfg,
			ConfigPlanChecks: expectAction(assignedUserName, plancheck.ResourceActionCreate),
			Check:            a.assignmentIs(janeUser, "MESSAGING"),
		},
	)
}

func TestAccAssignedUserTokenOwnUserNotReplaced(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{MergeTasks: true}, func(s *emulator.Seed) {
		s.WABAs[0].AssignedUsers = []emulator.SeedAssignedUser{{UserID: samUser, Tasks: []string{"MANAGE"}}}
	})
	a.test(
		resource.TestStep{Config: assignedUserConfig(a, botUser, []string{"MANAGE", "DEVELOP"})},
		resource.TestStep{
			Config:      assignedUserConfig(a, botUser, []string{"MANAGE"}),
			ExpectError: errorRe(`Cannot replace the token's own tasks.*locking it out`),
		},
		resource.TestStep{
			// The refused update never unassigned the token's user, and state
			// holds what Meta holds, so the old config plans nothing.
			PreConfig: func() {
				if n := a.fake.Stats().Count("DELETE /{waba}/assigned_users"); n != 0 {
					t.Fatalf("%d DELETEs of the token's own user", n)
				}
			},
			Config:           assignedUserConfig(a, botUser, []string{"MANAGE", "DEVELOP"}),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check:            a.assignmentIs(botUser, "MANAGE", "DEVELOP"),
		},
	)
}

func TestAccAssignedUserWrongBusinessIsAnError(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	cfg := assignedUserConfig(a, janeUser, []string{"VIEW_COST"})
	a.test(
		resource.TestStep{Config: cfg},
		resource.TestStep{
			// Every assignment gone at once looks like a wrong business: it must
			// be an error, not N removals.
			PreConfig: func() {
				for _, u := range []string{botUser, janeUser} {
					if err := a.fake.Delete(emulator.Change{Kind: emulator.KindAssignedUser, WABAID: testWABA, ID: u}); err != nil {
						t.Fatal(err)
					}
				}
			},
			Config:      cfg,
			ExpectError: errorRe(`No assigned users listed.*business_id`),
		},
		resource.TestStep{
			PreConfig:        func() { a.setTasks(botUser, "MANAGE") },
			Config:           cfg,
			ConfigPlanChecks: expectAction(assignedUserName, plancheck.ResourceActionCreate),
		},
	)
}

func TestAccAssignedUserAPIErrors(t *testing.T) {
	t.Parallel()
	post := emulator.FaultRule{Method: "POST", Route: "/{waba}/assigned_users"}
	permission, rateLimit := post, post
	permission.Kind, rateLimit.Kind = emulator.FaultPermission, emulator.FaultRateLimit80007
	testAPIErrors(t, assignedUserBlock(janeUser, []string{"VIEW_COST"}), []apiErrorCase{
		{name: "permission", rule: permission, want: `Cannot assign user.*code 200`},
		{name: "rate limit exhausted", extra: "max_retries = 1", rule: rateLimit, want: `code 80007.*after 2 attempts`},
	}, func(t *testing.T, a *acc) {
		if _, ok := a.fake.Assignment(testWABA, janeUser); ok {
			t.Error("assigned despite the error")
		}
	})
}

// seedBusinessUsers seeds n business users of the test business and
// appends their IDs to ids.
func seedBusinessUsers(n int, ids *[]string) func(*emulator.Seed) {
	return func(s *emulator.Seed) {
		for i := range n {
			id := fmt.Sprintf("3000000000%05d", i)
			*ids = append(*ids, id)
			s.Users = append(s.Users, emulator.SeedUser{ID: id, Name: "user " + id, Type: "BUSINESS_USER", BusinessID: testBusiness})
		}
	}
}

func TestAccAssignedUserFiftyInParallel(t *testing.T) {
	t.Parallel()
	var ids []string
	a := newAcc(t, emulator.Options{}, seedBusinessUsers(50, &ids))
	cfg := a.provider() + fmt.Sprintf(`
locals {
  users = [%s]
}

resource "whatsapp_assigned_user" "team" {
  count   = length(local.users)
  waba_id = %q
  user_id = local.users[count.index]
  tasks   = count.index %% 2 == 0 ? ["MESSAGING"] : ["VIEW_COST", "VIEW_TEMPLATES"]
}
`, quoteList(ids), testWABA)
	exactlyAssigned := func(*terraform.State) error {
		st := a.fake.State()
		got := map[string][]string{}
		for _, au := range st.WABAs[0].AssignedUsers {
			got[au.UserID] = au.Tasks
		}
		if len(got) != 51 {
			return fmt.Errorf("fake holds %d assignments, want 51 (50 + the seeded bot)", len(got))
		}
		for i, id := range ids {
			want := []string{"MESSAGING"}
			if i%2 == 1 {
				want = []string{"VIEW_COST", "VIEW_TEMPLATES"}
			}
			tasks := append([]string(nil), got[id]...)
			sort.Strings(tasks)
			if !slices.Equal(tasks, want) {
				return fmt.Errorf("user %s holds %v, want %v", id, got[id], want)
			}
		}
		return nil
	}
	a.testWithDestroyCheck(a.unassigned(ids...),
		resource.TestStep{Config: cfg, Check: exactlyAssigned},
	)
}

// A partner business that manages testWABA for its owner, and its system user.
const (
	partnerBusiness = "506914307650001"
	partnerUser     = "122104333333333333"
	strangeBusiness = "506914307650002"
)

// noAssignedUsers seeds accounts that list no users yet, as one made by
// Embedded Signup or used only through an admin's token, and a partner
// business with the first account among its client WABAs.
func noAssignedUsers(s *emulator.Seed) {
	for i := range s.WABAs {
		s.WABAs[i].AssignedUsers = nil
	}
	s.WABAs[0].ClientBusinessIDs = []string{partnerBusiness}
	s.Businesses = append(s.Businesses,
		emulator.SeedBusiness{ID: partnerBusiness, Name: "Some BSP"},
		emulator.SeedBusiness{ID: strangeBusiness, Name: "Unrelated Ltd"})
	s.Users = append(s.Users, emulator.SeedUser{ID: partnerUser, Name: "bsp-bot", Type: "SYSTEM_USER", BusinessID: partnerBusiness})
}

func TestAccAssignedUserFirstOfAccount(t *testing.T) {
	t.Parallel()
	const clientListing = "GET /{business}/client_whatsapp_business_accounts"
	for _, tc := range []struct {
		name, user, business string
		clientListings       int // reads of the business's client WABAs
		wantErr              string
	}{
		{name: "owner by default", user: janeUser},
		{name: "owner named", user: janeUser, business: testBusiness},
		{name: "partner", user: partnerUser, business: partnerBusiness, clientListings: 1},
		{name: "unrelated business", user: janeUser, business: strangeBusiness, clientListings: 1,
			wantErr: `Business does not manage the account.*business_id ` + strangeBusiness + ` lists no users.*owner business is ` + testBusiness + `.*Nothing was written`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := newAcc(t, emulator.Options{}, noAssignedUsers)
			businessLine := ""
			if tc.business != "" {
				businessLine = fmt.Sprintf("business_id = %q", tc.business)
			}
			cfg := a.provider() + fmt.Sprintf(`
resource "whatsapp_assigned_user" "test" {
  waba_id = %q
  user_id = %q
  tasks   = ["MESSAGING"]
  %s
}
`, testWABA, tc.user, businessLine)
			counts := func(*terraform.State) error {
				st := a.fake.Stats()
				if n := st.Count(clientListing); n != tc.clientListings {
					return fmt.Errorf("%d reads of client WABAs, want %d", n, tc.clientListings)
				}
				return nil
			}
			if tc.wantErr != "" {
				a.test(resource.TestStep{Config: cfg, ExpectError: errorRe(tc.wantErr)})
				if err := counts(nil); err != nil {
					t.Fatal(err)
				}
				if n := a.fake.Stats().Count("POST /{waba}/assigned_users"); n != 0 {
					t.Fatalf("%d assignments written through a business that does not manage the account", n)
				}
				return
			}
			wantBusiness := tc.business
			if wantBusiness == "" {
				wantBusiness = testBusiness
			}
			a.testWithDestroyCheck(a.unassigned(tc.user),
				resource.TestStep{
					Config:           cfg,
					ConfigPlanChecks: expectAction(assignedUserName, plancheck.ResourceActionCreate),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(assignedUserName, tfjsonpath.New("tasks"), tasksValue("MESSAGING")),
						statecheck.ExpectKnownValue(assignedUserName, tfjsonpath.New("business_id"), knownvalue.StringExact(wantBusiness)),
					},
					Check: resource.ComposeTestCheckFunc(a.assignmentIs(tc.user, "MESSAGING"), counts),
				},
			)
		})
	}
}

func TestAccAssignedUserBulkOnFreshAccounts(t *testing.T) {
	t.Parallel()
	var ids []string
	a := newAcc(t, emulator.Options{}, noAssignedUsers, seedBusinessUsers(40, &ids))
	cfg := a.provider() + fmt.Sprintf(`
locals {
  users = [%s]
  pairs = setproduct([%q, %q], local.users)
}

resource "whatsapp_assigned_user" "team" {
  count   = length(local.pairs)
  waba_id = local.pairs[count.index][0]
  user_id = local.pairs[count.index][1]
  tasks   = ["MESSAGING"]
}
`, quoteList(ids), testWABA, sparseWABA)
	assignedEverywhere := func(*terraform.State) error {
		for _, w := range a.fake.State().WABAs {
			if len(w.AssignedUsers) != len(ids) {
				return fmt.Errorf("WABA %s holds %d assignments, want %d", w.ID, len(w.AssignedUsers), len(ids))
			}
		}
		st := a.fake.Stats()
		if n := st.Count("POST /{waba}/assigned_users"); n != 2*len(ids) {
			return fmt.Errorf("%d assignment POSTs, want %d", n, 2*len(ids))
		}
		// The owner business needs no check beyond the account node that
		// business_id defaults from, read once per account.
		if n, nodes := st.Count("GET /{business}/client_whatsapp_business_accounts"), st.Count("GET /{waba}"); n != 0 || nodes != 2 {
			return fmt.Errorf("%d reads of client WABAs and %d of account nodes, want 0 and 2", n, nodes)
		}
		return nil
	}
	a.testWithDestroyCheck(a.unassigned(ids...),
		resource.TestStep{Config: cfg, Check: assignedEverywhere},
	)
}

// Importing from an account that lists no users is a plain "not found".
func TestAccAssignedUserImportFromAccountWithoutUsers(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{}, noAssignedUsers)
	a.test(resource.TestStep{
		Config: assignedUserConfig(a, janeUser, []string{"VIEW_COST"}), ResourceName: assignedUserName, ImportState: true, ImportStateId: testWABA + "/" + janeUser,
		ExpectError: errorRe(`Cannot Import: Not Found.*User ` + janeUser + ` has no tasks on WhatsApp Business Account ` + testWABA + `.*lists: none`),
	})
}
