package graphapi

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// seedUsers adds n business users to the WABA, assigned with VIEW_COST.
func seedUsers(t *testing.T, f *emulator.Server, n int) {
	t.Helper()
	var s emulator.Seed
	w := emulator.SeedWABA{ID: wabaID}
	for i := range n {
		id := fmt.Sprintf("2000000000%05d", i)
		s.Users = append(s.Users, emulator.SeedUser{ID: id, Name: "user " + id, BusinessID: business})
		w.AssignedUsers = append(w.AssignedUsers, emulator.SeedAssignedUser{UserID: id, Tasks: []string{"VIEW_COST"}})
	}
	s.WABAs = []emulator.SeedWABA{w}
	if err := f.Apply(s); err != nil {
		t.Fatal(err)
	}
}

func TestConcurrentReadsShareOneListing(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{IgnoreWriteFields: true})
	seedUsers(t, f, 299) // 300 with the seeded bot: 3 pages of 100
	f.SetLatency(20 * time.Millisecond)
	c, _ := newClient(t, f.URL, nil)
	var wg sync.WaitGroup
	errs := make(chan error, 300)
	for range 300 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			users, err := c.AssignedUsers(context.Background(), wabaID, business)
			if err == nil && len(users) != 300 {
				err = fmt.Errorf("%d users", len(users))
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := f.Stats().Total; n != 3 {
		t.Fatalf("300 reads cost %d requests, want 3 (the listing's pages)", n)
	}
}

func TestWriteInvalidatesListing(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{IgnoreWriteFields: true})
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()
	users, _ := c.AssignedUsers(ctx, wabaID, business)
	if len(users) != 1 {
		t.Fatalf("%d users", len(users))
	}
	if err := c.AssignUser(ctx, wabaID, business, janeUser, []string{"VIEW_COST"}); err != nil {
		t.Fatal(err)
	}
	users, _ = c.AssignedUsers(ctx, wabaID, business)
	if len(users) != 2 {
		t.Fatalf("after the write the listing shows %d users, want 2", len(users))
	}
	// Other edges and WABAs keep their cached listings.
	if _, err := c.PhoneNumbers(ctx, wabaID); err != nil {
		t.Fatal(err)
	}
	before := f.Stats().Total
	if _, err := c.PhoneNumbers(ctx, wabaID); err != nil {
		t.Fatal(err)
	}
	if f.Stats().Total != before {
		t.Fatal("a cached listing was fetched again")
	}
}

// A failure on the first attempt is asked again by the next reader; one
// whose retries ran out is kept for the run (until a write to the node), so a
// plan of many resources against an unreachable API fails after one retry
// schedule instead of one per reader.
func TestFailedListingKeptOnlyOnceRetriesRanOut(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		kind         string
		kept         bool
		wantRequests int
	}{
		{"permission error, one attempt", emulator.FaultPermission, false, 2},
		{"HTTP 500 until the retries ran out", emulator.FaultHTTP500, true, 3},
		{"connection dropped until the retries ran out", emulator.FaultDropBefore, true, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, emulator.Options{IgnoreWriteFields: true})
			if err := f.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{{Method: "GET", Route: "/{waba}/phone_numbers", Kind: tc.kind}}}); err != nil {
				t.Fatal(err)
			}
			c, _ := newClient(t, f.URL, func(c *Config) { c.MaxRetries = 2 })
			ctx := context.Background()
			_, first := c.FindPhoneNumber(ctx, wabaID, "1")
			if first == nil {
				t.Fatal("the listing did not fail")
			}
			if err := f.SetFaults(emulator.FaultConfig{}); err != nil {
				t.Fatal(err)
			}
			_, second := c.FindPhoneNumber(ctx, wabaID, "1")
			if kept := second != nil; kept != tc.kept {
				t.Errorf("the next reader got %v after %v: kept %t, want %t", second, first, kept, tc.kept)
			}
			if n := f.Stats().Count("GET /{waba}/phone_numbers"); n != tc.wantRequests {
				t.Errorf("%d listing requests, want %d", n, tc.wantRequests)
			}
		})
	}
}

func TestOncePerClientLookups(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{IgnoreWriteFields: true})
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()
	for range 5 {
		if id, err := c.AppID(ctx); err != nil || id != appID {
			t.Fatalf("%q %v", id, err)
		}
		if b, err := c.OwnerBusiness(ctx, wabaID); err != nil || b != business {
			t.Fatalf("%q %v", b, err)
		}
		if _, err := c.WABA(ctx, wabaID); err != nil {
			t.Fatal(err)
		}
	}
	st := f.Stats()
	if st.Count("GET /debug_token") != 1 || st.Count("GET /{waba}") != 1 {
		t.Fatalf("lookups repeated: %v", st.Requests)
	}
	// A configured app_id is checked against the token, once per client.
	configured, _ := newClient(t, f.URL, func(c *Config) { c.AppID = appID })
	for range 3 {
		if id, err := configured.AppID(ctx); id != appID || err != nil {
			t.Fatalf("%q %v", id, err)
		}
	}
	if n := f.Stats().Count("GET /debug_token"); n != 2 {
		t.Fatalf("%d debug_token calls for two clients, want 2", n)
	}
	wrong, _ := newClient(t, f.URL, func(c *Config) { c.AppID = "42" })
	if _, err := wrong.AppID(ctx); !errors.Is(err, ErrAppMismatch) || !strings.Contains(err.Error(), "app_id is 42, but the access token belongs to app "+appID) {
		t.Fatalf("got %v", err)
	}
}

func TestConcurrentWritesShareReadBacks(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{IgnoreWriteFields: true})
	seedUsers(t, f, 299) // 300 assigned: 3 pages of 100
	var s emulator.Seed
	for i := range 30 {
		s.Users = append(s.Users, emulator.SeedUser{ID: fmt.Sprintf("3000000000%05d", i), Name: "new", BusinessID: business})
	}
	if err := f.Apply(s); err != nil {
		t.Fatal(err)
	}
	c, _ := newClient(t, f.URL, heldReadBacks)
	clock := c.readBackClock.(*manualClock)
	var readers atomic.Int64
	readers.Store(30)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 30)
	for i := range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			user := fmt.Sprintf("3000000000%05d", i)
			if err := c.AssignUser(ctx, wabaID, business, user, []string{"VIEW_COST"}); err != nil {
				readers.Add(-1)
				clock.recount()
				errs <- err
				return
			}
			got, err := c.ReadBackAssignedUser(ctx, wabaID, business, user)
			if err == nil && got == nil {
				err = fmt.Errorf("user %s not read back", user)
			}
			errs <- err
		}()
	}
	clock.release(&readers)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	st := f.Stats()
	if n := st.Count("POST /{waba}/assigned_users"); n != 30 {
		t.Fatalf("%d writes, want 30", n)
	}
	// One listing of 4 pages per write would be 120 requests.
	if n := st.Count("GET /{waba}/assigned_users"); n > 16 {
		t.Fatalf("30 read-backs cost %d listing pages, want them shared (at most 4 listings)", n)
	}
	t.Logf("30 writes, %d listing pages for their read-backs", st.Count("GET /{waba}/assigned_users"))
}

func TestReadBackNeverUsesAListingFromBeforeTheWrite(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{IgnoreWriteFields: true})
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()
	if got, _, _ := c.FindAssignedUser(ctx, wabaID, business, janeUser); got != nil {
		t.Fatal("jane is assigned before the test")
	}
	if err := c.AssignUser(ctx, wabaID, business, janeUser, []string{"VIEW_COST"}); err != nil {
		t.Fatal(err)
	}
	got, err := c.ReadBackAssignedUser(ctx, wabaID, business, janeUser)
	if err != nil || got == nil {
		t.Fatalf("read back %v %v", got, err)
	}
}

func TestRecentListingServesChecksBeforeWrites(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{IgnoreWriteFields: true})
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()
	if _, _, err := c.RecentAssignedUser(ctx, wabaID, business, janeUser); err != nil {
		t.Fatal(err)
	}
	if err := c.AssignUser(ctx, wabaID, business, botUser, []string{"MANAGE", "DEVELOP"}); err != nil {
		t.Fatal(err)
	}
	f.ResetStats()
	// Another user was written since: the listing still answers for jane.
	if got, all, err := c.RecentAssignedUser(ctx, wabaID, business, janeUser); err != nil || got != nil || len(all) != 1 {
		t.Fatalf("%v %v %v", got, all, err)
	}
	if n := f.Stats().Total; n != 0 {
		t.Fatalf("%d requests, want the recent listing", n)
	}
	// The bot itself was written since: its entry is stale, so fetch afresh.
	got, _, err := c.RecentAssignedUser(ctx, wabaID, business, botUser)
	if err != nil || got == nil || len(got.Tasks) != 2 || f.Stats().Total != 1 {
		t.Fatalf("%+v %v, %d requests", got, err, f.Stats().Total)
	}
}

func TestLoneReadBackReadsTheNodeWhenCheaper(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{IgnoreWriteFields: true, PageSize: 2})
	var s emulator.Seed
	w := emulator.SeedWABA{ID: wabaID}
	for i := range 5 {
		w.PhoneNumbers = append(w.PhoneNumbers, emulator.SeedPhoneNumber{CC: "44", PhoneNumber: fmt.Sprintf("770090000%d", i)})
	}
	s.WABAs = []emulator.SeedWABA{w}
	if err := f.Apply(s); err != nil {
		t.Fatal(err)
	}
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()
	if _, err := c.PhoneNumbers(ctx, wabaID); err != nil { // 6 numbers: 3 pages
		t.Fatal(err)
	}
	id, err := c.CreatePhoneNumber(ctx, wabaID, NewPhoneNumber{CC: "44", PhoneNumber: "7700999999"})
	if err != nil {
		t.Fatal(err)
	}
	f.ResetStats()
	got, err := c.ReadBackPhoneNumber(ctx, wabaID, id)
	if err != nil || got == nil || got.ID != id {
		t.Fatalf("%+v %v", got, err)
	}
	if st := f.Stats(); st.Total != 1 || st.Count("GET /{waba}/phone_numbers") != 1 {
		t.Fatalf("a lone read-back of a 3-page listing made %v, want one page: the one after the last listing's end", st.Requests)
	}
	// Without a cursor to read after (Meta forgot it), the node is cheaper.
	c.phoneNumberListing().mu.Lock()
	delete(c.phoneNumberListing().tailAt, listKey{node: wabaID})
	c.phoneNumberListing().mu.Unlock()
	id, err = c.CreatePhoneNumber(ctx, wabaID, NewPhoneNumber{CC: "44", PhoneNumber: "7700999998"})
	if err != nil {
		t.Fatal(err)
	}
	f.ResetStats()
	if got, err := c.ReadBackPhoneNumber(ctx, wabaID, id); err != nil || got == nil {
		t.Fatalf("%+v %v", got, err)
	}
	if st := f.Stats(); st.Total != 1 || st.Count("GET /{phone}") != 1 {
		t.Fatalf("a lone read-back without a cursor made %v, want one node read", st.Requests)
	}
}

func TestReadBackAfterTheCursorFallsBackToAWholeListing(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{IgnoreWriteFields: true})
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()
	if _, err := c.AssignedUsers(ctx, wabaID, business); err != nil {
		t.Fatal(err)
	}
	// The bot was listed before: a change to it is not after the cursor.
	if err := c.AssignUser(ctx, wabaID, business, botUser, []string{"MANAGE", "DEVELOP"}); err != nil {
		t.Fatal(err)
	}
	f.ResetStats()
	got, err := c.ReadBackAssignedUser(ctx, wabaID, business, botUser)
	if err != nil || got == nil || len(got.Tasks) != 2 {
		t.Fatalf("%+v %v", got, err)
	}
	if n := f.Stats().Count("GET /{waba}/assigned_users"); n != 2 {
		t.Fatalf("%d listing calls, want 2 (the page after the cursor, then the whole listing)", n)
	}
}

// A partner's client WABAs are read once per client; a partner lists the
// assignments of its own users, a business the token cannot see is an error
// the caller reads as "manages nothing".
func TestManagesClientWABA(t *testing.T) {
	t.Parallel()
	const partner, partnerUser, stranger = "506914307650001", "122104333333333333", "506914307650002"
	f := newFake(t, emulator.Options{IgnoreWriteFields: true})
	if err := f.Apply(emulator.Seed{
		Businesses: []emulator.SeedBusiness{{ID: partner, Name: "Some BSP"}},
		Users:      []emulator.SeedUser{{ID: partnerUser, Name: "bsp-bot", Type: "SYSTEM_USER", BusinessID: partner}},
		WABAs: []emulator.SeedWABA{{ID: wabaID, ClientBusinessIDs: []string{partner},
			AssignedUsers: []emulator.SeedAssignedUser{{UserID: partnerUser, Tasks: []string{"MESSAGING"}}}}},
	}); err != nil {
		t.Fatal(err)
	}
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()
	for range 3 {
		if ok, err := c.ManagesClientWABA(ctx, partner, wabaID); !ok || err != nil {
			t.Fatalf("partner: %v %v", ok, err)
		}
	}
	if n := f.Stats().Count("GET /{business}/client_whatsapp_business_accounts"); n != 1 {
		t.Fatalf("%d reads of the partner's client WABAs, want 1", n)
	}
	if ok, err := c.ManagesClientWABA(ctx, business, wabaID); ok || err != nil {
		t.Fatalf("the owner has the WABA among its client WABAs: %v %v", ok, err)
	}
	if ok, err := c.ManagesClientWABA(ctx, stranger, wabaID); ok || !IsNotFound(err) {
		t.Fatalf("a business the token cannot see: %v %v", ok, err)
	}
	users, err := c.ListAssignedUsers(ctx, wabaID, partner)
	if err != nil || len(users) != 1 || users[0].ID != partnerUser {
		t.Fatalf("the partner lists %+v (%v), want only its own user", users, err)
	}
}
