package graphapi

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi/graphapitest"
)

// seedUsers adds n business users to the WABA, assigned with VIEW_COST.
func seedUsers(t *testing.T, f *graphapitest.Server, n int) {
	t.Helper()
	var s graphapitest.Seed
	w := graphapitest.SeedWABA{ID: wabaID}
	for i := range n {
		id := fmt.Sprintf("2000000000%05d", i)
		s.Users = append(s.Users, graphapitest.SeedUser{ID: id, Name: "user " + id, BusinessID: business})
		w.AssignedUsers = append(w.AssignedUsers, graphapitest.SeedAssignedUser{UserID: id, Tasks: []string{"VIEW_COST"}})
	}
	s.WABAs = []graphapitest.SeedWABA{w}
	if err := f.Apply(s); err != nil {
		t.Fatal(err)
	}
}

func TestConcurrentReadsShareOneListing(t *testing.T) {
	t.Parallel()
	f := newFake(t, graphapitest.Options{})
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
	f := newFake(t, graphapitest.Options{})
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()
	users, _ := c.AssignedUsers(ctx, wabaID, business)
	if len(users) != 1 {
		t.Fatalf("%d users", len(users))
	}
	if err := c.AssignUser(ctx, wabaID, janeUser, []string{"VIEW_COST"}); err != nil {
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

func TestFailedListingNotCached(t *testing.T) {
	t.Parallel()
	f := newFake(t, graphapitest.Options{})
	if err := f.SetFaults(graphapitest.FaultConfig{Rules: []graphapitest.FaultRule{{Kind: graphapitest.FaultPermission, Times: 1}}}); err != nil {
		t.Fatal(err)
	}
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()
	if _, err := c.SubscribedApps(ctx, wabaID); !IsPermission(err) {
		t.Fatalf("got %v", err)
	}
	if _, err := c.SubscribedApps(ctx, wabaID); err != nil {
		t.Fatalf("the failure was cached: %v", err)
	}
}

func TestOncePerClientLookups(t *testing.T) {
	t.Parallel()
	f := newFake(t, graphapitest.Options{})
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
