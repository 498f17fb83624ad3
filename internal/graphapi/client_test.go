package graphapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

const (
	token     = "EAAG-secret-token-value"
	appSecret = "app-secret-value"
	wabaID    = "104996122399160"
	business  = "506914307656634"
	appID     = "670843887433847"
	botUser   = "122104222222222222"
	janeUser  = "100055555555555"
	phoneID   = "110200345501442"
)

func seed() emulator.Seed {
	return emulator.Seed{
		Businesses: []emulator.SeedBusiness{{ID: business, Name: "Acme GmbH"}},
		Apps:       []emulator.SeedApp{{ID: appID, Name: "Acme App", Secret: appSecret}},
		Users: []emulator.SeedUser{
			{ID: botUser, Name: "terraform-bot", BusinessID: business},
			{ID: janeUser, Name: "Jane Ops", Type: "BUSINESS_USER", BusinessID: business},
		},
		Tokens: []emulator.SeedToken{{Token: token, AppID: appID, UserID: botUser}},
		WABAs: []emulator.SeedWABA{{
			ID: wabaID, OwnerBusinessID: business,
			Fields:        map[string]any{"name": "Acme Support", "timezone_id": "47", "is_enabled_for_insights": true},
			PhoneNumbers:  []emulator.SeedPhoneNumber{{ID: phoneID, CC: "49", PhoneNumber: "15112345678", VerifiedName: "Acme"}},
			AssignedUsers: []emulator.SeedAssignedUser{{UserID: botUser, Tasks: []string{"MANAGE"}}},
		}},
	}
}

// fakeClock records waits instead of sleeping; block makes Sleep wait for ctx.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
	block  bool
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	block := c.block
	c.mu.Unlock()
	if block {
		<-ctx.Done()
		return ctx.Err()
	}
	return nil
}

func (c *fakeClock) waits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

func newFake(t *testing.T, opts emulator.Options) *emulator.Server {
	t.Helper()
	opts.Strict = true
	f, err := emulator.NewServer(seed(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	return f
}

func newClient(t *testing.T, url string, mod func(*Config)) (*Client, *fakeClock) {
	t.Helper()
	clock := &fakeClock{now: time.Now()}
	cfg := Config{BaseURL: url, AccessToken: token, MaxRetries: 3, Clock: clock, ReadBackClock: newManualClock(true), Jitter: func() float64 { return 0.5 }}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, clock
}

func TestConfigValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no token", Config{}, "access token"},
		{"bad version", Config{AccessToken: "t", APIVersion: "25"}, "v25.0"},
		{"http to remote host", Config{AccessToken: "t", BaseURL: "http://graph.example.com"}, "not loopback"},
		{"ftp", Config{AccessToken: "t", BaseURL: "ftp://127.0.0.1"}, "https"},
		{"query in base", Config{AccessToken: "t", BaseURL: "https://graph.example.com?x=1"}, "query"},
		{"negative retries", Config{AccessToken: "t", MaxRetries: -1}, "0 or more"},
		{"app id with letters", Config{AccessToken: "t", AppID: "12a"}, "decimal"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
	for _, ok := range []string{"http://127.0.0.1:8080", "http://localhost", "http://[::1]:1", "http://127.3.4.5", "https://graph.facebook.com"} {
		if _, err := New(Config{AccessToken: "t", BaseURL: ok}); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
}

func TestEndpointsAgainstFake(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()

	w, err := c.GetWABA(ctx, wabaID)
	if err != nil {
		t.Fatal(err)
	}
	if *w.Name != "Acme Support" || *w.OwnerBusinessInfo.ID != business || !*w.IsEnabledForInsights {
		t.Errorf("WABA: %+v", w)
	}
	if w.Currency != nil || w.HealthStatus != nil {
		t.Errorf("absent fields must decode as nil: %+v", w)
	}

	info, err := c.DebugToken(ctx)
	if err != nil || info.AppID != appID || *info.UserID != botUser {
		t.Fatalf("debug_token: %+v %v", info, err)
	}

	id, err := c.CreatePhoneNumber(ctx, wabaID, NewPhoneNumber{CC: "1", PhoneNumber: "6315551234", VerifiedName: "Acme US"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.GetPhoneNumber(ctx, id)
	if err != nil || *p.DisplayPhoneNumber != "+1 631-555-1234" || *p.Status != "PENDING" || *p.ThroughputLevel() != "NOT_APPLICABLE" {
		t.Fatalf("phone: %+v %v", p, err)
	}
	phones, err := c.ListPhoneNumbers(ctx, wabaID)
	if err != nil || len(phones) != 2 {
		t.Fatalf("phones: %v %v", phones, err)
	}
	if err := c.DeregisterPhoneNumber(ctx, wabaID, id); err != nil {
		t.Fatal(err)
	}

	if err := c.SubscribeApp(ctx, wabaID, &CallbackOverride{CallbackURI: "https://hooks.example/wa", VerifyToken: "v"}); err != nil {
		t.Fatal(err)
	}
	apps, err := c.ListSubscribedApps(ctx, wabaID)
	if err != nil || len(apps) != 1 || apps[0].App.ID != appID || *apps[0].OverrideCallbackURI != "https://hooks.example/wa" {
		t.Fatalf("apps: %+v %v", apps, err)
	}
	if err := c.UnsubscribeApp(ctx, wabaID); err != nil {
		t.Fatal(err)
	}

	if err := c.AssignUser(ctx, wabaID, business, janeUser, []string{"VIEW_COST", "MANAGE_TEMPLATES"}); err != nil {
		t.Fatal(err)
	}
	users, err := c.ListAssignedUsers(ctx, wabaID, business)
	if err != nil || len(users) != 2 || users[1].ID != janeUser || len(users[1].Tasks) != 2 || *users[1].UserType != "BUSINESS_USER" {
		t.Fatalf("users: %+v %v", users, err)
	}
	if err := c.UnassignUser(ctx, wabaID, janeUser); err != nil {
		t.Fatal(err)
	}
	if err := c.UnassignUser(ctx, wabaID, janeUser); !IsNotFound(err) {
		t.Fatalf("unassigning twice: want not found, got %v", err)
	}
	if f.Stats().TokenOutsideHeader != 0 { // debug_token's input_token is the allowed exception
		t.Fatalf("token outside the header %d times", f.Stats().TokenOutsideHeader)
	}
}

func TestErrorClasses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		kind  string
		check func(error) bool
	}{
		{"auth", emulator.FaultAuth, IsAuth},
		{"permission", emulator.FaultPermission, IsPermission},
		{"rate limited", emulator.FaultRateLimit80008, IsRateLimited},
		{"transient", emulator.FaultTransient, func(err error) bool { e, ok := As(err); return ok && e.IsTransient() }},
		{"html 503", emulator.FaultHTTP503HTML, func(err error) bool {
			e, ok := As(err)
			return ok && e.HTTPStatus == 503 && strings.Contains(err.Error(), "HTML page")
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, emulator.Options{})
			if err := f.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{{Kind: tc.kind}}}); err != nil {
				t.Fatal(err)
			}
			c, _ := newClient(t, f.URL, func(c *Config) { c.MaxRetries = 0 })
			_, err := c.GetWABA(context.Background(), wabaID)
			if err == nil || !tc.check(err) {
				t.Fatalf("got %v", err)
			}
		})
	}
	f := newFake(t, emulator.Options{})
	c, _ := newClient(t, f.URL, nil)
	_, err := c.GetWABA(context.Background(), "999")
	if !IsNotFound(err) {
		t.Fatalf("unknown WABA: %v", err)
	}
	e, _ := As(err)
	if e.Code != 100 || e.Subcode != 33 || e.TraceID == "" || !strings.Contains(err.Error(), "fbtrace_id") {
		t.Fatalf("error fields: %+v", e)
	}
}

func TestInvalidIDsNeverSent(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()
	for _, bad := range []string{"123/../me", "", "12a", "me", "1 2"} {
		if _, err := c.GetWABA(ctx, bad); err == nil {
			t.Errorf("GetWABA(%q) accepted", bad)
		}
		if err := c.AssignUser(ctx, wabaID, business, bad, []string{"MANAGE"}); err == nil {
			t.Errorf("AssignUser(%q) accepted", bad)
		}
	}
	if n := f.Stats().Total; n != 0 {
		t.Fatalf("%d requests reached the server", n)
	}
}

func TestRetryScheduleWithInjectedClock(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	if err := f.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{{Method: "GET", Kind: emulator.FaultTransient, Times: 3}}}); err != nil {
		t.Fatal(err)
	}
	c, clock := newClient(t, f.URL, func(c *Config) {
		c.MaxRetries = 5
		c.BackoffBase = time.Second
		c.BackoffCap = 3 * time.Second
	})
	if _, err := c.GetWABA(context.Background(), wabaID); err != nil {
		t.Fatal(err)
	}
	// Jitter 0.5 gives 3/4 of the exponential step, capped at 3s.
	want := []time.Duration{750 * time.Millisecond, 1500 * time.Millisecond, 2250 * time.Millisecond}
	if got := clock.waits(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("waits %v, want %v", got, want)
	}
	if n := f.Stats().Count("GET /{waba}"); n != 4 {
		t.Fatalf("%d attempts, want 4", n)
	}
}

func TestRetriesExhausted(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	if err := f.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{{Kind: emulator.FaultHTTP500}}}); err != nil {
		t.Fatal(err)
	}
	c, _ := newClient(t, f.URL, func(c *Config) { c.MaxRetries = 2 })
	_, err := c.GetWABA(context.Background(), wabaID)
	e, ok := As(err)
	if !ok || e.Attempts != 3 || e.HTTPStatus != 500 {
		t.Fatalf("got %v", err)
	}
}

func TestRateLimitHonoursAnnouncedWait(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	if err := f.SetFaults(emulator.FaultConfig{RegainMinutes: 2, Rules: []emulator.FaultRule{{Kind: emulator.FaultRateLimit80008, Times: 1}}}); err != nil {
		t.Fatal(err)
	}
	c, clock := newClient(t, f.URL, nil)
	if _, err := c.GetWABA(context.Background(), wabaID); err != nil {
		t.Fatal(err)
	}
	if got := clock.waits(); len(got) != 1 || got[0] != 2*time.Minute {
		t.Fatalf("waits %v, want [2m]", got)
	}
}

func TestRetryAfterHeader(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	if err := f.SetFaults(emulator.FaultConfig{RetryAfterSeconds: 7, Rules: []emulator.FaultRule{{Kind: emulator.FaultHTTP429, Times: 1}}}); err != nil {
		t.Fatal(err)
	}
	c, clock := newClient(t, f.URL, nil)
	if _, err := c.GetWABA(context.Background(), wabaID); err != nil {
		t.Fatal(err)
	}
	if got := clock.waits(); len(got) != 1 || got[0] != 7*time.Second {
		t.Fatalf("waits %v, want [7s]", got)
	}
}

func TestRateLimitWaitTooLongFailsAtOnce(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	f.SetBudget(emulator.Budget{Calls: 1, RegainMinutes: 30})
	c, clock := newClient(t, f.URL, func(c *Config) { c.MaxRateLimitWait = 5 * time.Minute })
	ctx := context.Background()
	if _, err := c.GetWABA(ctx, wabaID); err != nil {
		t.Fatal(err)
	}
	_, err := c.ListPhoneNumbers(ctx, wabaID)
	e, ok := As(err)
	if !ok || !e.WaitTooLong || e.RetryAfter != 30*time.Minute || !e.IsRateLimited() {
		t.Fatalf("got %v", err)
	}
	if len(clock.waits()) != 0 || e.Attempts != 1 {
		t.Fatalf("waited %v over %d attempts; want none", clock.waits(), e.Attempts)
	}
	if !strings.Contains(err.Error(), "30m0s") {
		t.Fatalf("message %q", err)
	}
}

func TestContextCancelEndsWait(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	if err := f.SetFaults(emulator.FaultConfig{RegainMinutes: 4, Rules: []emulator.FaultRule{{Kind: emulator.FaultRateLimit4}}}); err != nil {
		t.Fatal(err)
	}
	c, clock := newClient(t, f.URL, nil)
	clock.block = true
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.GetWABA(ctx, wabaID)
		done <- err
	}()
	for len(clock.waits()) == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("cancel did not end the wait")
	}
	if n := f.Stats().Total; n != 1 {
		t.Fatalf("%d requests; the cancelled wait must not retry", n)
	}
}

func TestDroppedPhoneNumberPostNotRepeated(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	if err := f.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{{Method: "POST", Route: "/{waba}/phone_numbers", Kind: emulator.FaultDropAfter, Times: 1}}}); err != nil {
		t.Fatal(err)
	}
	c, _ := newClient(t, f.URL, nil)
	_, err := c.CreatePhoneNumber(context.Background(), wabaID, NewPhoneNumber{CC: "1", PhoneNumber: "6315550000"})
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("got %v, want ErrOutcomeUnknown", err)
	}
	if n := f.Stats().Count("POST /{waba}/phone_numbers"); n != 1 {
		t.Fatalf("%d POSTs, want exactly 1", n)
	}
	if n := len(f.PhoneNumbers(wabaID)); n != 2 {
		t.Fatalf("%d numbers on the WABA, want 2", n)
	}
}

func TestIdempotentWriteRetriedAfterDrop(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	if err := f.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{{Method: "POST", Kind: emulator.FaultDropBefore, Times: 1}}}); err != nil {
		t.Fatal(err)
	}
	c, _ := newClient(t, f.URL, nil)
	if err := c.AssignUser(context.Background(), wabaID, business, janeUser, []string{"VIEW_COST"}); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.Assignment(wabaID, janeUser); !ok {
		t.Fatal("not assigned")
	}
}

func TestPagingWithSmallPages(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{PageSize: 2})
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()
	for i := range 6 {
		if _, err := c.CreatePhoneNumber(ctx, wabaID, NewPhoneNumber{CC: "44", PhoneNumber: fmt.Sprintf("7700900%03d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	f.ResetStats()
	phones, err := c.ListPhoneNumbers(ctx, wabaID)
	if err != nil || len(phones) != 7 {
		t.Fatalf("%d phones, %v", len(phones), err)
	}
	if n := f.Stats().Count("GET /{waba}/phone_numbers"); n != 4 {
		t.Fatalf("%d pages fetched, want 4", n)
	}
}

// scripted serves canned answers in order and records the requests.
func scripted(t *testing.T, answers ...string) (*httptest.Server, *[]*http.Request) {
	t.Helper()
	var mu sync.Mutex
	var seen []*http.Request
	i := 0
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, r.Clone(context.Background()))
		if i >= len(answers) {
			http.Error(w, "no more answers", http.StatusTeapot)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(answers[i]))
		i++
	}))
	t.Cleanup(s.Close)
	return s, &seen
}

func TestNextURLToAnotherHostNotFollowed(t *testing.T) {
	t.Parallel()
	s, seen := scripted(t,
		`{"data":[{"id":"1","name":"a","tasks":["MANAGE"]}],"paging":{"cursors":{"after":"CUR1"},"next":"https://evil.example/v25.0/x?access_token=steal"}}`,
		`{"data":[{"id":"2","name":"b","tasks":["DEVELOP"]}],"paging":{"cursors":{"after":"CUR2"}}}`,
	)
	c, _ := newClient(t, s.URL, nil)
	users, err := c.ListAssignedUsers(context.Background(), wabaID, business)
	if err != nil || len(users) != 2 {
		t.Fatalf("%v %v", users, err)
	}
	second := (*seen)[1]
	if second.URL.Path != "/v25.0/"+wabaID+"/assigned_users" || second.URL.Query().Get("after") != "CUR1" || second.URL.Query().Get("business") != business {
		t.Fatalf("second page asked as %s", second.URL)
	}
}

func TestRepeatedCursorIsAnError(t *testing.T) {
	t.Parallel()
	page := `{"data":[{"id":"1"}],"paging":{"cursors":{"after":"SAME"},"next":"x"}}`
	s, _ := scripted(t, page, page, page)
	c, _ := newClient(t, s.URL, nil)
	_, err := c.ListAssignedUsers(context.Background(), wabaID, business)
	if err == nil || !strings.Contains(err.Error(), "twice") {
		t.Fatalf("got %v", err)
	}
}

func TestLiberalDecoding(t *testing.T) {
	t.Parallel()
	s, _ := scripted(t,
		`{"data":{"app_id":"670843887433847","is_valid":"true"}}`, // debug_token, once: writes name the token's app
		`{"success":"true"}`,
		`{"success":false}`,
		`{"id":104996122399160,"name":"N","is_enabled_for_insights":"false","timezone_id":47,"unknown_field":{"x":1}}`,
		`{"data":[{"whatsapp_business_api_data":{"id":"1","name":"A"}}]}`,
	)
	c, _ := newClient(t, s.URL, nil)
	ctx := context.Background()
	if err := c.UnsubscribeApp(ctx, wabaID); err != nil {
		t.Fatalf(`"success":"true" refused: %v`, err)
	}
	if err := c.UnsubscribeApp(ctx, wabaID); err == nil {
		t.Fatal(`"success":false accepted`)
	}
	w, err := c.GetWABA(ctx, wabaID)
	if err != nil || w.ID != wabaID || *w.TimezoneID != "47" || *w.IsEnabledForInsights || w.Country != nil {
		t.Fatalf("%+v %v", w, err)
	}
	apps, err := c.ListSubscribedApps(ctx, wabaID)
	if err != nil || apps[0].App.Link != nil || apps[0].OverrideCallbackURI != nil {
		t.Fatalf("%+v %v", apps, err)
	}
}

func TestMalformedResponses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, want string
	}{
		{"truncated JSON", `{"id":"1","na`, "not a JSON object"},
		{"empty body", ``, "not a JSON object"},
		{"null", `null`, "null"},
		{"wrong type", `{"id":"104996122399160","is_enabled_for_insights":{"a":1}}`, "is_enabled_for_insights"},
		{"id with letters", `{"id":"12ab"}`, "decimal ID"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, _ := scripted(t, tc.body)
			c, _ := newClient(t, s.URL, nil)
			_, err := c.GetWABA(context.Background(), wabaID)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestHugeBodyBounded(t *testing.T) {
	t.Parallel()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"id":"1","name":"`))
		chunk := bytes.Repeat([]byte("x"), 1<<20)
		for range 12 {
			_, _ = w.Write(chunk)
		}
	}))
	defer s.Close()
	c, _ := newClient(t, s.URL, nil)
	_, err := c.GetWABA(context.Background(), wabaID)
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("got %v", err)
	}
}

func TestAppSecretProofSent(t *testing.T) {
	t.Parallel()
	sd := seed()
	sd.Apps[0].RequireAppSecret = true
	f, err := emulator.NewServer(sd, emulator.Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, _ := newClient(t, f.URL, func(c *Config) { c.AppSecret = appSecret; c.Clock = nil })
	ctx := context.Background()
	if _, err := c.GetWABA(ctx, wabaID); err != nil {
		t.Fatal(err)
	}
	if err := c.AssignUser(ctx, wabaID, business, janeUser, []string{"VIEW_COST"}); err != nil {
		t.Fatal(err)
	}
	bare, _ := newClient(t, f.URL, func(c *Config) { c.Clock = nil })
	if _, err := bare.GetWABA(ctx, wabaID); err == nil {
		t.Fatal("a request without proof was accepted")
	}
}

func TestUserAgentAndBearer(t *testing.T) {
	t.Parallel()
	s, seen := scripted(t, `{"id":"1"}`)
	c, _ := newClient(t, s.URL, func(c *Config) { c.UserAgent = "terraform-provider-whatsapp/1.2.3" })
	if _, err := c.GetWABA(context.Background(), wabaID); err != nil {
		t.Fatal(err)
	}
	r := (*seen)[0]
	if r.Header.Get("User-Agent") != "terraform-provider-whatsapp/1.2.3" || r.Header.Get("Authorization") != "Bearer "+token {
		t.Fatalf("headers %v", r.Header)
	}
	if strings.Contains(r.URL.String(), token) {
		t.Fatal("token in URL")
	}
}

func TestLogsNeverContainSecrets(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	if err := f.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{{Kind: emulator.FaultTransient, Times: 1}}}); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	c, _ := newClient(t, f.URL, func(c *Config) { c.AppSecret = appSecret })
	if _, err := c.DebugToken(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.SubscribeApp(ctx, wabaID, &CallbackOverride{CallbackURI: "https://hooks.example/x", VerifyToken: "verify-me"}); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if !strings.Contains(out, "Graph API request") || !strings.Contains(out, "debug_token") || !strings.Contains(out, "retrying") {
		t.Fatalf("expected request logs, got:\n%s", out)
	}
	for _, secret := range []string{token, appSecret, "verify-me"} {
		if strings.Contains(out, secret) {
			t.Fatalf("log contains %q:\n%s", secret, out)
		}
	}
}

// TestBudgetExhaustedWaitsAsAnnounced shares one clock between the fake and
// the client: the fake's budget runs out, it announces 3 minutes, the client
// waits exactly that (no real sleeping) and the retry lands in a new window.
func TestBudgetExhaustedWaitsAsAnnounced(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{now: time.Unix(1_800_000_000, 0)}
	f, err := emulator.NewServer(seed(), emulator.Options{Strict: true, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.SetBudget(emulator.Budget{Calls: 1, RegainMinutes: 3, Window: 3 * time.Minute})
	c, _ := newClient(t, f.URL, func(c *Config) { c.Clock = clock; c.MaxRateLimitWait = 5 * time.Minute })
	ctx := context.Background()
	if _, err := c.GetWABA(ctx, wabaID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListPhoneNumbers(ctx, wabaID); err != nil {
		t.Fatalf("after waiting out the window: %v", err)
	}
	if got := clock.waits(); len(got) != 1 || got[0] != 3*time.Minute {
		t.Fatalf("waits %v, want [3m]", got)
	}
	if st := f.Stats(); st.Count("GET /{waba}/phone_numbers") != 2 {
		t.Fatalf("requests %v", st.Requests)
	}
}

func TestErrorsNeverContainSecrets(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{emulator.FaultAuth, emulator.FaultDropBefore, emulator.FaultHTTP503HTML} {
		f := newFake(t, emulator.Options{})
		if err := f.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{{Kind: kind}}}); err != nil {
			t.Fatal(err)
		}
		c, _ := newClient(t, f.URL, func(c *Config) { c.AppSecret = appSecret; c.MaxRetries = 1 })
		for _, err := range []error{
			func() error { _, err := c.DebugToken(context.Background()); return err }(),
			c.SubscribeApp(context.Background(), wabaID, &CallbackOverride{CallbackURI: "https://x.example", VerifyToken: "verify-me"}),
		} {
			if err == nil {
				t.Fatalf("%s: want an error", kind)
			}
			e, _ := As(err)
			for _, secret := range []string{token, appSecret, "verify-me"} {
				if strings.Contains(err.Error(), secret) || strings.Contains(e.Detail(), secret) {
					t.Fatalf("%s: error %q contains a secret", kind, err)
				}
			}
		}
	}
}

// TestClassifiedByCodeWithoutOptionalFields: Meta may leave out error_subcode
// and is_transient; rate limits and transient errors are still retried by code.
func TestClassifiedByCodeWithoutOptionalFields(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{OmitOptionalErrorFields: true})
	if err := f.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{
		{Kind: emulator.FaultRateLimit80008, Times: 2}, {Kind: emulator.FaultTransient, Times: 2},
	}}); err != nil {
		t.Fatal(err)
	}
	c, clock := newClient(t, f.URL, func(c *Config) { c.MaxRetries = 4 })
	if _, err := c.GetWABA(context.Background(), wabaID); err != nil {
		t.Fatal(err)
	}
	if n := len(clock.waits()); n != 4 {
		t.Fatalf("%d retries, want 4", n)
	}
}

func TestUploadReturnsHandle(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	c, _ := newClient(t, f.URL, func(c *Config) { c.AppID = appID })
	data := bytes.Repeat([]byte{0xff, 0xd8}, 1000)
	h, err := c.Upload(context.Background(), "logo.jpg", "image/jpeg", data)
	if err != nil {
		t.Fatal(err)
	}
	ups := f.Uploads()
	if len(ups) != 1 || ups[0].Handle != h || ups[0].Length != len(data) || ups[0].FileName != "logo.jpg" {
		t.Fatalf("handle %q, uploads %+v", h, ups)
	}
	if f.Stats().TokenOutsideHeader != 0 {
		t.Fatal("the upload sent the token outside the Authorization header")
	}
}

func TestUploadSessionIDChecked(t *testing.T) {
	t.Parallel()
	for _, id := range []string{"upload:../../me", "upload:a/b", "nope", "upload:"} {
		if _, _, ok := uploadSession(id); ok {
			t.Errorf("%q accepted", id)
		}
	}
	if p, q, ok := uploadSession("upload:MTphdHRh_Y2g-=?sig=ARZ"); !ok || p != "upload:MTphdHRh_Y2g-=" || q.Get("sig") != "ARZ" {
		t.Errorf("got %q %v %v", p, q, ok)
	}
}

func TestJSONBodyCarriesProofInQuery(t *testing.T) {
	t.Parallel()
	var got *http.Request
	var body []byte
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		body, _ = io.ReadAll(r.Body)
		_, _ = w.Write([]byte(`{"success":true}`))
	}))
	t.Cleanup(s.Close)
	c, _ := newClient(t, s.URL, func(c *Config) { c.AppSecret = appSecret })
	err := c.doSuccess(context.Background(), request{method: http.MethodPost, path: []string{phoneID}, json: map[string]any{"messaging_product": "whatsapp", "about": "Hi"}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Header.Get("Content-Type") != "application/json" || !strings.Contains(string(body), `"about":"Hi"`) {
		t.Fatalf("content type %q, body %s", got.Header.Get("Content-Type"), body)
	}
	if got.URL.Query().Get("appsecret_proof") == "" || got.Header.Get("Authorization") != "Bearer "+token {
		t.Fatalf("proof or token misplaced: %v %q", got.URL.Query(), got.Header.Get("Authorization"))
	}
}

func TestPINNeverLogged(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	c, _ := newClient(t, f.URL, nil)
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	if err := c.RegisterPhoneNumber(ctx, phoneID, Registration{PIN: "987654", DataLocalizationRegion: "DE"}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetPIN(ctx, phoneID, "876543"); err != nil {
		t.Fatal(err)
	}
	err := c.RegisterPhoneNumber(ctx, phoneID, Registration{PIN: "765432"})
	if e, ok := As(err); !ok || !e.IsPINMismatch() || strings.Contains(err.Error(), "765432") {
		t.Fatalf("wrong PIN: %v", err)
	}
	if !strings.Contains(logs.String(), "register") {
		t.Fatal("no request was logged; the check below would prove nothing")
	}
	for _, pin := range []string{"987654", "876543", "765432"} {
		if strings.Contains(logs.String(), pin) {
			t.Fatalf("the PIN %s is in the logs", pin)
		}
	}
}

func TestRegistrationLimitNotRetried(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	if err := f.RecordRegistrations(phoneID, 10, 0); err != nil {
		t.Fatal(err)
	}
	c, clock := newClient(t, f.URL, nil)
	err := c.RegisterPhoneNumber(context.Background(), phoneID, Registration{PIN: "123456"})
	e, ok := As(err)
	if !ok || !e.IsRegistrationLimit() || !e.RetryAt.Equal(clock.Now().Add(72*time.Hour)) {
		t.Fatalf("got %v", err)
	}
	if n := f.Stats().Count("POST /{phone}/register"); n != 1 || len(clock.waits()) != 0 {
		t.Fatalf("%d attempts and waits %v: a 72-hour limit must not be retried", n, clock.waits())
	}
}
