package graphapi

import (
	"context"
	"slices"
	"testing"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// The per-number settings (business profile, conversational automation, the
// number's webhook) against the fake: a number arrives with them filled, a
// write costs one POST and no read when Meta answers, and the next Get reads
// what was written.
func TestPhoneNodeSettingsRoundTrip(t *testing.T) {
	t.Parallel()
	about, email, websites := "Mon-Fri 8-18", "help@acme.example", []string{"https://acme.example"}
	tests := []struct {
		name   string
		seed   func(*emulator.SeedPhoneNumber)
		prior  func(t *testing.T, ctx context.Context, c *Client) // checks what the seed shows
		write  func(ctx context.Context, c *Client) error
		route  string
		reread func(t *testing.T, ctx context.Context, c *Client)
	}{
		{
			name: "business profile",
			seed: func(p *emulator.SeedPhoneNumber) {
				p.BusinessProfile = &emulator.SeedBusinessProfile{About: "Hello", Address: "Hauptstr. 1", Vertical: "RETAIL"}
			},
			prior: func(t *testing.T, ctx context.Context, c *Client) {
				p, err := c.GetBusinessProfile(ctx, phoneID)
				if err != nil || deref(p.About) != "Hello" || deref(p.Address) != "Hauptstr. 1" || deref(p.Vertical) != "RETAIL" || p.Email != nil {
					t.Fatalf("seeded profile: %+v %v", p, err)
				}
			},
			write: func(ctx context.Context, c *Client) error {
				return c.UpdateBusinessProfile(ctx, phoneID, BusinessProfileUpdate{About: &about, Email: &email, Websites: &websites})
			},
			route: "POST /{phone}/whatsapp_business_profile",
			reread: func(t *testing.T, ctx context.Context, c *Client) {
				p, err := c.GetBusinessProfile(ctx, phoneID)
				if err != nil || deref(p.About) != about || deref(p.Email) != email || !slices.Equal(p.Websites, websites) || deref(p.Address) != "Hauptstr. 1" {
					t.Fatalf("profile after the update (fields not sent are kept): %+v %v", p, err)
				}
			},
		},
		{
			name: "conversational automation",
			seed: func(p *emulator.SeedPhoneNumber) {
				p.Automation = &emulator.SeedAutomation{EnableWelcomeMessage: true, Prompts: []string{"Track my order"}}
			},
			prior: func(t *testing.T, ctx context.Context, c *Client) {
				a, err := c.GetConversationalAutomation(ctx, phoneID)
				if err != nil || a == nil || a.EnableWelcomeMessage == nil || !*a.EnableWelcomeMessage || !slices.Equal(a.Prompts, []string{"Track my order"}) {
					t.Fatalf("seeded automation: %+v %v", a, err)
				}
			},
			// nil lists are sent as [], which clears them at Meta.
			write: func(ctx context.Context, c *Client) error {
				return c.SetConversationalAutomation(ctx, phoneID, false, nil, []Command{{Name: "status", Description: "Order status"}})
			},
			route: "POST /{phone}/conversational_automation",
			reread: func(t *testing.T, ctx context.Context, c *Client) {
				a, err := c.GetConversationalAutomation(ctx, phoneID)
				if err != nil || a == nil || *a.EnableWelcomeMessage || len(a.Prompts) != 0 ||
					!slices.Equal(a.Commands, []Command{{Name: "status", Description: "Order status"}}) {
					t.Fatalf("automation after the write: %+v %v", a, err)
				}
			},
		},
		{
			name: "phone number webhook",
			seed: func(p *emulator.SeedPhoneNumber) {
				p.WebhookOverride = &emulator.SeedWebhookOverride{OverrideCallbackURI: "https://hooks.example.com/old", VerifyToken: "v0"}
			},
			prior: func(t *testing.T, ctx context.Context, c *Client) {
				w, err := c.GetPhoneWebhook(ctx, phoneID)
				if err != nil || w == nil || deref(w.PhoneNumber) != "https://hooks.example.com/old" {
					t.Fatalf("seeded webhook: %+v %v", w, err)
				}
			},
			write: func(ctx context.Context, c *Client) error {
				return c.SetPhoneWebhook(ctx, phoneID, CallbackOverride{CallbackURI: "https://hooks.example.com/new", VerifyToken: "v1"})
			},
			route: "POST /{phone}",
			reread: func(t *testing.T, ctx context.Context, c *Client) {
				w, err := c.GetPhoneWebhook(ctx, phoneID)
				if err != nil || w == nil || deref(w.PhoneNumber) != "https://hooks.example.com/new" {
					t.Fatalf("webhook after the write: %+v %v", w, err)
				}
			},
		},
		{
			name: "commerce settings",
			seed: func(p *emulator.SeedPhoneNumber) {
				p.CommerceSettings = &emulator.SeedCommerceSettings{IsCartEnabled: true}
			},
			prior: func(t *testing.T, ctx context.Context, c *Client) {
				s, err := c.GetCommerceSettings(ctx, phoneID)
				if err != nil || !s.CartEnabled() || s.CatalogVisible() {
					t.Fatalf("seeded commerce settings: %+v %v", s, err)
				}
			},
			write: func(ctx context.Context, c *Client) error { return c.SetCommerceSettings(ctx, phoneID, false, true) },
			route: "POST /{phone}/whatsapp_commerce_settings",
			reread: func(t *testing.T, ctx context.Context, c *Client) {
				s, err := c.GetCommerceSettings(ctx, phoneID)
				if err != nil || s.CartEnabled() || !s.CatalogVisible() {
					t.Fatalf("commerce settings after the write: %+v %v", s, err)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := seed()
			s.WABAs[0].SubscribedApps = []emulator.SeedSubscribedApp{{AppID: appID}}
			tc.seed(&s.WABAs[0].PhoneNumbers[0])
			f, err := emulator.NewServer(s, emulator.Options{Strict: true})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(f.Close)
			c, _ := newClient(t, f.URL, nil)
			ctx := context.Background()
			tc.prior(t, ctx, c)
			before := f.Stats().Total
			if err := tc.write(ctx, c); err != nil {
				t.Fatal(err)
			}
			if st := f.Stats(); st.Total-before != 1 || st.Count(tc.route) != 1 {
				t.Fatalf("the write cost %d requests (%s: %d), want one POST and no read: %v", st.Total-before, tc.route, st.Count(tc.route), st.Requests)
			}
			tc.reread(t, ctx, c)
		})
	}
}

// TestPhoneWebhookRefusedWithoutSubscribedApp: Meta refuses a number's
// override while the token's app is not subscribed to its WABA; the error is
// classified by its code, so the provider can say what to do.
func TestPhoneWebhookRefusedWithoutSubscribedApp(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	c, _ := newClient(t, f.URL, nil)
	err := c.SetPhoneWebhook(context.Background(), phoneID, CallbackOverride{CallbackURI: "https://hooks.example.com/new", VerifyToken: "v1"})
	if !IsAppNotSubscribed(err) {
		t.Fatalf("got %v, want the app-not-subscribed refusal", err)
	}
	if _, ok := f.PhoneWebhook(phoneID); ok {
		t.Fatal("the refused override is stored at the fake")
	}
}

// TestProfileOfUnknownNumberIsNotFound: a profile read or write for a number
// that does not exist is a not-found error (the resource's Read removes it).
func TestProfileOfUnknownNumberIsNotFound(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()
	if _, err := c.GetBusinessProfile(ctx, "110200345500000"); !IsNotFound(err) {
		t.Fatalf("read: got %v, want not found", err)
	}
	if _, err := c.GetConversationalAutomation(ctx, "110200345500000"); !IsNotFound(err) {
		t.Fatalf("automation read: got %v, want not found", err)
	}
	if _, err := c.GetCommerceSettings(ctx, "110200345500000"); !IsNotFound(err) {
		t.Fatalf("commerce settings read: got %v, want not found", err)
	}
}
