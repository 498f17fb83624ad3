package graphapi

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

func TestExpansionOfAnEdge(t *testing.T) {
	t.Parallel()
	tests := []struct {
		edge, fields, want string
		params             url.Values
	}{
		{"phone_numbers", "id,status", "phone_numbers.after(QUJD).limit(100){id,status}", url.Values{"limit": {"100"}, "after": {"QUJD"}}},
		{"assigned_users", "id", "assigned_users.business(506914307656634).limit(100){id}", url.Values{"limit": {"100"}, "business": {"506914307656634"}}},
		{"subscribed_apps", "whatsapp_business_api_data{id,name}", "subscribed_apps{whatsapp_business_api_data{id,name}}", url.Values{}},
	}
	for _, tc := range tests {
		if got := expansion(tc.edge, tc.params, tc.fields); got != tc.want {
			t.Errorf("expansion(%s) = %s, want %s", tc.edge, got, tc.want)
		}
	}
}

// writeAndReadBack assigns users and adds numbers on one WABA at once, each
// read back, as one wave of a Terraform apply does.
func writeAndReadBack(t *testing.T, c *Client, users, phones int) {
	writeAndReadBackFrom(t, c, 0, users, phones)
}

func writeAndReadBackFrom(t *testing.T, c *Client, from, users, phones int) {
	t.Helper()
	ctx := context.Background()
	clock := c.readBackClock.(*manualClock)
	var readers atomic.Int64
	readers.Store(int64(users + phones))
	failed := func() { readers.Add(-1); clock.recount() }
	var wg sync.WaitGroup
	errs := make(chan error, users+phones)
	for i := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			user := fmt.Sprintf("3000000000%05d", from+i)
			if err := c.AssignUser(ctx, wabaID, business, user, []string{"VIEW_COST"}); err != nil {
				failed()
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
	for i := range phones {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id, err := c.CreatePhoneNumber(ctx, wabaID, NewPhoneNumber{CC: "44", PhoneNumber: fmt.Sprintf("77009%05d", from+i)})
			if err != nil {
				failed()
				errs <- err
				return
			}
			got, err := c.ReadBackPhoneNumber(ctx, wabaID, id)
			if err == nil && got == nil {
				err = fmt.Errorf("number %s not read back", id)
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
}

// newUsers makes n users of the business that can be assigned.
func newUsers(t *testing.T, f *emulator.Server, n int) {
	t.Helper()
	var s emulator.Seed
	for i := range n {
		s.Users = append(s.Users, emulator.SeedUser{ID: fmt.Sprintf("3000000000%05d", i), Name: "new", BusinessID: business})
	}
	if err := f.Apply(s); err != nil {
		t.Fatal(err)
	}
}

func TestReadBacksOfTwoEdgesShareOneRequest(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{IgnoreWriteFields: true})
	newUsers(t, f, 5)
	c, _ := newClient(t, f.URL, heldReadBacks)
	ctx := context.Background()
	// The plan's reads: both edges listed, so read-backs read after the cursors.
	if _, err := c.AssignedUsers(ctx, wabaID, business); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PhoneNumbers(ctx, wabaID); err != nil {
		t.Fatal(err)
	}
	f.ResetStats()
	writeAndReadBack(t, c, 5, 5)
	// One expanded read of the WABA. (The read-back clock is held until all
	// ten wait, so no write ends after the gathering window; the bound still
	// allows one straggler's own read, as on a slow machine.)
	st := f.Stats()
	reads := st.Count("GET /{waba}") + st.Count("GET /{waba}/assigned_users") + st.Count("GET /{waba}/phone_numbers")
	if st.Count("GET /{waba}") < 1 || reads > 2 {
		t.Fatalf("10 read-backs on two edges made %v, want one expanded read of the WABA", st.Requests)
	}
	t.Logf("10 read-backs on two edges: %v", st.Requests)
}

func TestLoneEdgeReadsItself(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{IgnoreWriteFields: true})
	newUsers(t, f, 3)
	c, _ := newClient(t, f.URL, heldReadBacks)
	ctx := context.Background()
	if _, err := c.AssignedUsers(ctx, wabaID, business); err != nil {
		t.Fatal(err)
	}
	f.ResetStats()
	writeAndReadBack(t, c, 3, 0)
	if st := f.Stats(); st.Count("GET /{waba}") != 0 || st.Count("GET /{waba}/assigned_users") != 1 {
		t.Fatalf("read-backs of one edge made %v, want its own page after the cursor", st.Requests)
	}

}

func TestRefusedExpansionFallsBackToEdgeReads(t *testing.T) {
	t.Parallel()
	// A Graph API that refuses the expanded request, with code 100 (it does
	// not expand edges) or another 4xx (a permission on one of the edges):
	// the read-backs read each edge on its own, and expansion is not tried
	// again.
	for _, tc := range []struct {
		name  string
		opts  emulator.Options
		fault string
	}{
		{"code 100", emulator.Options{NoEdgeExpansion: true}, ""},
		{"permission 403", emulator.Options{}, emulator.FaultPermission},
		{"auth 400", emulator.Options{}, emulator.FaultAuth},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.opts.IgnoreWriteFields = true // the read-backs under test
			f := newFake(t, tc.opts)
			newUsers(t, f, 10)
			c, _ := newClient(t, f.URL, heldReadBacks)
			ctx := context.Background()
			if _, err := c.AssignedUsers(ctx, wabaID, business); err != nil {
				t.Fatal(err)
			}
			if _, err := c.PhoneNumbers(ctx, wabaID); err != nil {
				t.Fatal(err)
			}
			f.ResetStats()
			if tc.fault != "" {
				if err := f.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{{Method: "GET", Route: "/{waba}", Kind: tc.fault, Times: 1}}}); err != nil {
					t.Fatal(err)
				}
			}
			writeAndReadBack(t, c, 5, 5)
			st := f.Stats()
			if n := c.cache.expansions.requests.Load(); n != 1 || !c.cache.expansions.refused.Load() {
				t.Fatalf("%d expanded requests (refused %v), want 1, then none", n, c.cache.expansions.refused.Load())
			}
			if st.Count("GET /{waba}/assigned_users") == 0 || st.Count("GET /{waba}/phone_numbers") == 0 {
				t.Fatalf("after the refusal the edges were not read: %v", st.Requests)
			}
			f.ResetStats()
			writeAndReadBackFrom(t, c, 5, 5, 3)
			if n := f.Stats().Count("GET /{waba}"); n != 0 {
				t.Fatalf("expansion tried again after Meta refused it (%d requests)", n)
			}
		})
	}
}

func TestFakeAnswersFieldExpansionOfEdges(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{IgnoreWriteFields: true, PageSize: 1})
	newUsers(t, f, 2)
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()
	for _, u := range []string{"300000000000000", "300000000000001"} {
		if err := c.AssignUser(ctx, wabaID, business, u, []string{"VIEW_COST"}); err != nil {
			t.Fatal(err)
		}
	}
	fields := expansion(EdgeAssignedUsers, url.Values{"business": {business}, "limit": {"100"}}, fieldsOf[AssignedUser]()) + ",name"
	body, err := c.do(ctx, request{method: "GET", path: []string{wabaID}, query: url.Values{"fields": {fields}}, idempotent: true})
	if err != nil {
		t.Fatal(err)
	}
	m, err := objectOf(body)
	if err != nil {
		t.Fatal(err)
	}
	page, err := nestedPage[AssignedUser](m["assigned_users"])
	if err != nil {
		t.Fatal(err)
	}
	next, cursor := page.links()
	// One item a page: the nested answer is the edge's first page, with a
	// link to the edge itself for the next.
	if len(page.Data) != 1 || cursor == "" || !strings.Contains(next, "/"+wabaID+"/assigned_users?") || !strings.Contains(next, "business="+business) {
		t.Fatalf("nested page %+v, next %q", page.Data, next)
	}
	if _, ok := m["name"]; !ok {
		t.Fatalf("the node's own fields are missing: %s", body)
	}
	_, err = c.do(ctx, request{method: "GET", path: []string{wabaID}, query: url.Values{"fields": {"assigned_users.business(" + business + "{id}"}}, idempotent: true})
	if e, ok := As(err); !ok || e.Code != 100 {
		t.Fatalf("a malformed expansion answered %v, want code 100", err)
	}
}

// TestPhoneReadBackWhateverTheOrder: Meta does not document the order of a
// WABA's numbers. Listed newest first, new numbers are not after the last
// listing's cursor; each is still read back, from a listing begun after it.
func TestPhoneReadBackWhateverTheOrder(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{IgnoreWriteFields: true, PhoneNumbersNewestFirst: true, PageSize: 2})
	c, _ := newClient(t, f.URL, heldReadBacks)
	if _, err := c.PhoneNumbers(context.Background(), wabaID); err != nil {
		t.Fatal(err)
	}
	writeAndReadBack(t, c, 0, 3)
	writeAndReadBackFrom(t, c, 3, 0, 2)
	all, err := c.ListPhoneNumbers(context.Background(), wabaID)
	if err != nil || len(all) != 6 || all[5].ID != phoneID {
		t.Fatalf("listing %+v (%v): want 6 numbers, the seeded one last", all, err)
	}
}
