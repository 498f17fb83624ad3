package graphapi

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

const templateID = "700000000000001"

// settleSeed is seed() with a registered number (the seeded one is not) and
// an approved template to edit.
func settleSeed() emulator.Seed {
	s := seed()
	s.WABAs[0].PhoneNumbers = append(s.WABAs[0].PhoneNumbers, emulator.SeedPhoneNumber{
		ID: registeredPhone, CC: "49", PhoneNumber: "15199999999", VerifiedName: "Acme", PlatformType: "CLOUD_API", Status: "CONNECTED", PIN: "111111",
	})
	s.WABAs[0].MessageTemplates = []emulator.SeedMessageTemplate{{
		ID: templateID, Name: "order_ready", Language: "en_US", Category: "UTILITY", Status: "APPROVED",
		Components: []any{map[string]any{"type": "BODY", "text": "Your order is ready."}},
	}}
	s.WABAs[0].Flows = []emulator.SeedFlow{
		{ID: draftFlow, Name: "ready_draft", Categories: []string{"OTHER"}, FlowJSON: validFlowJSON},
		{ID: publishedFlow, Name: "live_survey", Categories: []string{"SURVEY"}, Status: FlowPublished, FlowJSON: validFlowJSON},
	}
	return s
}

const draftFlow, publishedFlow = "300000000000001", "300000000000002"

const registeredPhone = "200000000000099"

// TestWritesAfterTransientErrorAreSettled: Meta has answered code 2 (HTTP
// 500) to writes that took effect. The fake applies each write and then
// answers so; no write that is not harmless to repeat is sent twice, and
// those a read can settle report success.
func TestWritesAfterTransientErrorAreSettled(t *testing.T) {
	t.Parallel()
	edit := NewMessageTemplate{Category: "UTILITY", Components: json.RawMessage(`[{"type":"BODY","text":"Your order is on its way."}]`)}
	create := NewMessageTemplate{Name: "order_shipped", Language: "en_US", Category: "UTILITY", Components: json.RawMessage(`[{"type":"BODY","text":"Shipped."}]`)}
	about, websites := "Open 9 to 5", []string{"https://acme.example"}
	tests := []struct {
		name  string
		route string // the write's "METHOD route" at the fake
		write func(context.Context, *Client) error
		// unknown: the error must match ErrOutcomeUnknown (nothing can settle
		// it here: a create's caller adopts, a template edit's caller reads
		// back, a PIN cannot be read); otherwise the write must succeed.
		unknown bool
		applied func(*emulator.Server) bool
		// reads are the GETs settling it.
		reads map[string]int
	}{
		{
			name: "phone number create", route: "POST /{waba}/phone_numbers", unknown: true,
			write: func(ctx context.Context, c *Client) error {
				_, err := c.CreatePhoneNumber(ctx, wabaID, NewPhoneNumber{CC: "1", PhoneNumber: "6315550000"})
				return err
			},
			applied: func(f *emulator.Server) bool { return len(f.PhoneNumbers(wabaID)) == 3 },
		},
		{
			name: "template create", route: "POST /{waba}/message_templates", unknown: true,
			write: func(ctx context.Context, c *Client) error {
				_, err := c.CreateMessageTemplate(ctx, wabaID, create)
				return err
			},
			applied: func(f *emulator.Server) bool { return len(f.State().WABAs[0].MessageTemplates) == 2 },
		},
		{
			name: "template edit", route: "POST /{template}", unknown: true,
			write: func(ctx context.Context, c *Client) error {
				return c.EditMessageTemplate(ctx, wabaID, templateID, edit)
			},
			applied: func(f *emulator.Server) bool {
				b, _ := json.Marshal(f.State().WABAs[0].MessageTemplates[0].Components)
				return strings.Contains(string(b), "on its way")
			},
		},
		{
			name: "register", route: "POST /{phone}/register", reads: map[string]int{"GET /{phone}": 1},
			write: func(ctx context.Context, c *Client) error {
				return c.RegisterPhoneNumber(ctx, phoneID, Registration{PIN: "123456"})
			},
			applied: func(f *emulator.Server) bool {
				p, _, _ := f.PhoneNumber(phoneID)
				return p.PlatformType == "CLOUD_API"
			},
		},
		{
			name: "deregister", route: "POST /{phone}/deregister", reads: map[string]int{"GET /{phone}": 1},
			write: func(ctx context.Context, c *Client) error { return c.DeregisterPhoneNumber(ctx, "", registeredPhone) },
			applied: func(f *emulator.Server) bool {
				p, _, _ := f.PhoneNumber(registeredPhone)
				return p.PlatformType != "CLOUD_API"
			},
		},
		{
			name: "deregister on destroy", route: "POST /{phone}/deregister", reads: map[string]int{"GET /{phone}": 1},
			write: func(ctx context.Context, c *Client) error {
				return c.DeregisterPhoneNumber(ctx, wabaID, registeredPhone)
			},
			applied: func(f *emulator.Server) bool {
				p, _, _ := f.PhoneNumber(registeredPhone)
				return p.PlatformType != "CLOUD_API"
			},
		},
		{
			name: "PIN", route: "POST /{phone}", unknown: true,
			write:   func(ctx context.Context, c *Client) error { return c.SetPIN(ctx, registeredPhone, "222222") },
			applied: func(f *emulator.Server) bool { p, _, _ := f.PhoneNumber(registeredPhone); return p.PIN == "222222" },
		},
		{
			name: "display name", route: "POST /{phone}", reads: map[string]int{"GET /{phone}": 1},
			write: func(ctx context.Context, c *Client) error {
				return c.RequestDisplayName(ctx, wabaID, phoneID, "Acme Support")
			},
			applied: func(f *emulator.Server) bool {
				p, _, _ := f.PhoneNumber(phoneID)
				return p.NewDisplayName == "Acme Support"
			},
		},
		{
			name: "business profile", route: "POST /{phone}/whatsapp_business_profile", reads: map[string]int{"GET /{phone}/whatsapp_business_profile": 1},
			write: func(ctx context.Context, c *Client) error {
				return c.UpdateBusinessProfile(ctx, phoneID, BusinessProfileUpdate{About: &about, Websites: &websites})
			},
			applied: func(f *emulator.Server) bool {
				p, _ := f.BusinessProfile(phoneID)
				return p.About == about
			},
		},
		{
			name: "flow create", route: "POST /{waba}/flows", reads: map[string]int{"GET /{waba}/flows": 1},
			write: func(ctx context.Context, c *Client) error {
				created, err := c.CreateFlow(ctx, wabaID, NewFlow{Name: "signup", Categories: []string{"SIGN_UP"}, FlowJSON: validFlowJSON, Publish: true})
				if err == nil && created.ID == "" {
					err = errors.New("no Flow ID after the settled create")
				}
				return err
			},
			applied: func(f *emulator.Server) bool {
				for _, fl := range f.State().WABAs[0].Flows {
					if fl.Name == "signup" {
						return fl.Status == FlowPublished
					}
				}
				return false
			},
		},
		{
			name: "flow publish", route: "POST /{flow}/publish", reads: map[string]int{"GET /{flow}": 1},
			write:   func(ctx context.Context, c *Client) error { return c.PublishFlow(ctx, wabaID, draftFlow) },
			applied: func(f *emulator.Server) bool { fl, _ := f.Flow(draftFlow); return fl.Status == FlowPublished },
		},
		{
			name: "flow deprecate", route: "POST /{flow}/deprecate", reads: map[string]int{"GET /{flow}": 1},
			write:   func(ctx context.Context, c *Client) error { return c.DeprecateFlow(ctx, wabaID, publishedFlow) },
			applied: func(f *emulator.Server) bool { fl, _ := f.Flow(publishedFlow); return fl.Status == FlowDeprecated },
		},
		{
			name: "conversational automation", route: "POST /{phone}/conversational_automation", reads: map[string]int{"GET /{phone}": 1},
			write: func(ctx context.Context, c *Client) error {
				return c.SetConversationalAutomation(ctx, phoneID, true, []string{"Hours?"}, []Command{{Name: "status", Description: "Order status"}})
			},
			applied: func(f *emulator.Server) bool { p, _, _ := f.PhoneNumber(phoneID); return p.Automation != nil },
		},
		{
			name: "QR code create", route: "POST /{phone}/message_qrdls", reads: map[string]int{"GET /{phone}/message_qrdls": 2},
			write: func(ctx context.Context, c *Client) error {
				_, err := c.CreateQRCode(ctx, phoneID, "Hi", "PNG")
				return err
			},
			applied: func(f *emulator.Server) bool { return len(f.QRCodes(phoneID)) == 1 },
		},
		{
			name: "commerce settings", route: "POST /{phone}/whatsapp_commerce_settings", reads: map[string]int{"GET /{phone}/whatsapp_commerce_settings": 1},
			write: func(ctx context.Context, c *Client) error { return c.SetCommerceSettings(ctx, phoneID, true, true) },
			applied: func(f *emulator.Server) bool {
				s, _ := f.CommerceSettings(phoneID)
				return s.IsCartEnabled && s.IsCatalogVisible
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, err := emulator.NewServer(settleSeed(), emulator.Options{Strict: true})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(f.Close)
			method, route, _ := strings.Cut(tc.route, " ")
			if err := f.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{{Method: method, Route: route, Kind: emulator.FaultTransientAfter, Times: 1}}}); err != nil {
				t.Fatal(err)
			}
			c, _ := newClient(t, f.URL, nil)
			err = tc.write(context.Background(), c)
			if tc.unknown != errors.Is(err, ErrOutcomeUnknown) || (!tc.unknown && err != nil) {
				t.Fatalf("got %v; want outcome unknown: %v", err, tc.unknown)
			}
			st := f.Stats()
			if n := st.Count(tc.route); n != 1 {
				t.Fatalf("%s sent %d times, want exactly 1", tc.route, n)
			}
			for r, want := range tc.reads {
				if n := st.Count(r); n != want {
					t.Fatalf("%s %d times, want %d: %v", r, n, want, st.Requests)
				}
			}
			if !tc.applied(f) {
				t.Fatal("the write did not take effect at the fake")
			}
		})
	}
}

// TestTransientErrorBeforeWriteResentAfterRead: a code 2 for a register that
// did not take effect is settled by reading the number, then sent again;
// never two registrations without a read between them.
func TestTransientErrorBeforeWriteResentAfterRead(t *testing.T) {
	t.Parallel()
	f, err := emulator.NewServer(settleSeed(), emulator.Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	if err := f.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{{Method: "POST", Route: "/{phone}/register", Kind: emulator.FaultTransient, Times: 1}}}); err != nil {
		t.Fatal(err)
	}
	c, clock := newClient(t, f.URL, nil)
	if err := c.RegisterPhoneNumber(context.Background(), phoneID, Registration{PIN: "123456"}); err != nil {
		t.Fatal(err)
	}
	st := f.Stats()
	if st.Count("POST /{phone}/register") != 2 || st.Count("GET /{phone}") != 1 || len(clock.waits()) != 1 {
		t.Fatalf("requests %v, waits %v: want register, read, register", st.Requests, clock.waits())
	}
}

// TestSettleBounded: a write whose outcome stays unknown is sent at most
// 1 + min(max_retries, 3) times, each after a read; max_retries = 0 sends once.
func TestSettleBounded(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ maxRetries, sends int }{{0, 1}, {1, 2}, {8, 4}} {
		f, err := emulator.NewServer(settleSeed(), emulator.Options{Strict: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(f.Close)
		if err := f.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{{Method: "POST", Route: "/{phone}/deregister", Kind: emulator.FaultTransient}}}); err != nil {
			t.Fatal(err)
		}
		c, _ := newClient(t, f.URL, func(c *Config) { c.MaxRetries = tc.maxRetries })
		err = c.DeregisterPhoneNumber(context.Background(), "", registeredPhone)
		if !errors.Is(err, ErrOutcomeUnknown) {
			t.Fatalf("max_retries %d: got %v", tc.maxRetries, err)
		}
		st := f.Stats()
		if st.Count("POST /{phone}/deregister") != tc.sends || st.Count("GET /{phone}") != tc.sends {
			t.Fatalf("max_retries %d: %v, want %d deregisters each after a read", tc.maxRetries, st.Requests, tc.sends)
		}
	}
}

// TestIdempotentWriteRetriedAfterTransientError: an assignment sets what it
// sets, so a code 2 is simply retried.
func TestIdempotentWriteRetriedAfterTransientError(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	if err := f.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{{Method: "POST", Kind: emulator.FaultTransientAfter, Times: 1}}}); err != nil {
		t.Fatal(err)
	}
	c, _ := newClient(t, f.URL, nil)
	if err := c.AssignUser(context.Background(), wabaID, business, janeUser, []string{"VIEW_COST"}); err != nil {
		t.Fatal(err)
	}
	if n := f.Stats().Count("POST /{waba}/assigned_users"); n != 2 {
		t.Fatalf("%d POSTs, want 2 (retried)", n)
	}
}

// TestSettleReadBackFailureReported: when the read that should settle an
// unknown outcome fails too, nothing is sent again and the error says both.
func TestSettleReadBackFailureReported(t *testing.T) {
	t.Parallel()
	f, err := emulator.NewServer(settleSeed(), emulator.Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	if err := f.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{
		{Method: "POST", Route: "/{phone}/register", Kind: emulator.FaultTransientAfter, Times: 1},
		{Method: "GET", Route: "/{phone}", Kind: emulator.FaultPermission, Times: 1},
	}}); err != nil {
		t.Fatal(err)
	}
	c, _ := newClient(t, f.URL, nil)
	err = c.RegisterPhoneNumber(context.Background(), phoneID, Registration{PIN: "123456"})
	e, ok := As(err)
	if !ok || !errors.Is(err, ErrOutcomeUnknown) || e.ReadBackErr == nil || !strings.Contains(err.Error(), "reading back whether it took effect failed too") {
		t.Fatalf("got %v", err)
	}
	if n := f.Stats().Count("POST /{phone}/register"); n != 1 {
		t.Fatalf("%d registrations, want 1", n)
	}
}
