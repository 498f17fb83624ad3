package graphapi

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// A create whose answer carries the object (read-after-write) costs one
// request: its read-back takes the object from the answer.
func TestReadAfterWriteServesTheReadBack(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()
	if _, err := c.AppID(ctx); err != nil { // debug_token, once per client
		t.Fatal(err)
	}
	if _, err := c.AssignedUsers(ctx, wabaID, business); err != nil { // the check before a create
		t.Fatal(err)
	}
	f.ResetStats()

	id, err := c.CreatePhoneNumber(ctx, wabaID, NewPhoneNumber{CC: "44", PhoneNumber: "7700900001"})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := c.ReadBackPhoneNumber(ctx, wabaID, id); err != nil || got == nil || got.ID != id || got.Status == nil || *got.Status != "PENDING" {
		t.Fatalf("number read back: %+v %v", got, err)
	}
	if err := c.AssignUser(ctx, wabaID, business, janeUser, []string{"VIEW_COST"}); err != nil {
		t.Fatal(err)
	}
	if got, err := c.ReadBackAssignedUser(ctx, wabaID, business, janeUser); err != nil || got == nil || len(got.Tasks) != 1 || got.Tasks[0] != "VIEW_COST" {
		t.Fatalf("user read back: %+v %v", got, err)
	}
	// An update of a user the one-page listing held: the page from the start.
	if err := c.AssignUser(ctx, wabaID, business, botUser, []string{"MANAGE", "DEVELOP"}); err != nil {
		t.Fatal(err)
	}
	if got, err := c.ReadBackAssignedUser(ctx, wabaID, business, botUser); err != nil || got == nil || len(got.Tasks) != 2 {
		t.Fatalf("updated user read back: %+v %v", got, err)
	}
	if err := c.SubscribeApp(ctx, wabaID, nil); err != nil {
		t.Fatal(err)
	}
	if got, err := c.ReadBackSubscribedApp(ctx, wabaID, appID); err != nil || got == nil || got.OverrideCallbackURI != nil {
		t.Fatalf("app read back: %+v %v", got, err)
	}
	st := f.Stats()
	for route, want := range map[string]int{"POST /{waba}/phone_numbers": 1, "POST /{waba}/assigned_users": 2, "POST /{waba}/subscribed_apps": 1} {
		if st.Count(route) != want {
			t.Errorf("%s: %d, want %d", route, st.Count(route), want)
		}
	}
	if st.Total != 4 {
		t.Errorf("4 writes read back from their answers made %v, want the 4 writes alone", st.Requests)
	}
	// A later plain read lists afresh and sees the new objects.
	if got, err := c.FindPhoneNumber(ctx, wabaID, id); err != nil || got == nil {
		t.Fatalf("listing after the create: %+v %v", got, err)
	}
}

// A Graph API that ignores fields= on writes answers without the object:
// the read-back falls back to the engine, at the cost of one read.
func TestReadAfterWriteMissFallsBack(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{IgnoreWriteFields: true})
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()
	if _, err := c.AssignedUsers(ctx, wabaID, business); err != nil {
		t.Fatal(err)
	}
	if err := c.AssignUser(ctx, wabaID, business, janeUser, []string{"VIEW_COST"}); err != nil {
		t.Fatal(err)
	}
	f.ResetStats()
	if got, err := c.ReadBackAssignedUser(ctx, wabaID, business, janeUser); err != nil || got == nil {
		t.Fatalf("%+v %v", got, err)
	}
	if st := f.Stats(); st.Total != 1 || st.Count("GET /{waba}/assigned_users") != 1 {
		t.Errorf("a missed answer made %v, want one read: the page after the tail", st.Requests)
	}
}

// Each create expands the page after the edge's tail, and the tail moves
// past it: after more creates than a page holds, each answer still holds
// its user, so N creates cost N requests.
func TestReadAfterWriteTailAdvancesPastAPage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name         string
		pageSize     int
		seeded, news int
	}{
		{"past 100 creates", 0, 0, 120},
		{"pages of 2 already full", 2, 5, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, emulator.Options{PageSize: tc.pageSize})
			seedUsers(t, f, tc.seeded)
			var s emulator.Seed
			for i := range tc.news {
				s.Users = append(s.Users, emulator.SeedUser{ID: fmt.Sprintf("3000000000%05d", i), Name: "new", BusinessID: business})
			}
			if err := f.Apply(s); err != nil {
				t.Fatal(err)
			}
			c, _ := newClient(t, f.URL, nil)
			ctx := context.Background()
			if _, err := c.AssignedUsers(ctx, wabaID, business); err != nil {
				t.Fatal(err)
			}
			f.ResetStats()
			for i := range tc.news {
				user := fmt.Sprintf("3000000000%05d", i)
				if err := c.AssignUser(ctx, wabaID, business, user, []string{"VIEW_COST"}); err != nil {
					t.Fatal(err)
				}
				if got, err := c.ReadBackAssignedUser(ctx, wabaID, business, user); err != nil || got == nil {
					t.Fatalf("user %d: %+v %v", i, got, err)
				}
			}
			if st := f.Stats(); st.Total != tc.news {
				t.Errorf("%d creates made %v, want %d writes alone", tc.news, st.Requests, tc.news)
			}
		})
	}
}

// Meta refusing the expansion a write carries: an idempotent write is sent
// once more without it, and writes leave it out from then on.
func TestReadAfterWriteRefusedExpansion(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{NoEdgeExpansion: true})
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()
	for _, user := range []string{janeUser, botUser} {
		if err := c.AssignUser(ctx, wabaID, business, user, []string{"VIEW_COST"}); err != nil {
			t.Fatal(err)
		}
	}
	if n := f.Stats().Count("POST /{waba}/assigned_users"); n != 3 {
		t.Errorf("%d POSTs, want 3: the refused one, its resend, the next without fields", n)
	}
	if got, err := c.ReadBackAssignedUser(ctx, wabaID, business, janeUser); err != nil || got == nil {
		t.Fatalf("%+v %v", got, err)
	}
}

// Answers are read liberally: with or without "success", the node's own
// fields beside the edge.
func TestReadAfterWriteAnswers(t *testing.T) {
	t.Parallel()
	l := &listing[AssignedUser]{edge: EdgeAssignedUsers, idOf: func(u AssignedUser) string { return u.ID }}
	page := `"assigned_users":{"data":[{"id":"` + janeUser + `","tasks":["VIEW_COST"]}],"paging":{"cursors":{"before":"B","after":"A"}}}`
	for _, tc := range []struct {
		body    string
		ok      bool
		got     bool
		tail    string
		comment string
	}{
		{`{"id":"` + wabaID + `",` + page + `}`, true, true, "A", "the node read alone"},
		{`{"success":true,"id":"` + wabaID + `",` + page + `}`, true, true, "A", "success beside the node"},
		{`{"success":true}`, true, false, "", "fields= ignored"},
		{`{"id":"` + wabaID + `","assigned_users":{"data":[]}}`, true, false, "", "not on the page expanded"},
		{`{"success":false}`, false, false, "", "refused"},
		{`{}`, false, false, "", "nothing confirmed"},
	} {
		t.Run(tc.comment, func(t *testing.T) {
			var top map[string]json.RawMessage
			if err := json.Unmarshal([]byte(tc.body), &top); err != nil {
				t.Fatal(err)
			}
			if err := confirmed(top, []byte(tc.body)); (err == nil) != tc.ok {
				t.Fatalf("confirmed: %v, want ok %v", err, tc.ok)
			}
			read := readEdgeAnswer(l, writeAnswer{body: []byte(tc.body), fields: top}, janeUser)
			if (read.got != nil) != tc.got || read.tail != tc.tail {
				t.Errorf("read %+v, want object %v, tail %q", read, tc.got, tc.tail)
			}
		})
	}
	for body, want := range map[string]bool{`{"id":"1"}`: false, `{"id":"1","status":"PENDING"}`: true, `{"success":true,"id":"1"}`: false} {
		var top map[string]json.RawMessage
		_ = json.Unmarshal([]byte(body), &top)
		if got := readNodeAnswer[PhoneNumber](writeAnswer{body: []byte(body), fields: top}); (got != nil) != want {
			t.Errorf("%s: node %+v, want one: %v", body, got, want)
		}
	}
}
