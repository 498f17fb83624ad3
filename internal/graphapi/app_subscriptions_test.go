package graphapi

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// The app's WhatsApp subscription with the app access token: the fake
// verifies the loopback callback, a POST adds fields and the set removes
// the ones no longer wanted, and delete leaves other objects alone. Without
// the app secret nothing is sent.
func TestAppSubscriptionRoundTrip(t *testing.T) {
	t.Parallel()
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("hub.verify_token") == "vt" {
			fmt.Fprint(w, r.URL.Query().Get("hub.challenge"))
		}
	}))
	t.Cleanup(echo.Close)
	s := seed()
	s.Apps[0].Secret = appSecret
	s.Apps[0].Subscriptions = []emulator.SeedAppSubscription{{Object: "page", CallbackURL: "https://p.example.com", Fields: []string{"feed"}}}
	f, err := emulator.NewServer(s, emulator.Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	ctx := context.Background()
	bare, _ := newClient(t, f.URL, nil)
	if _, err := bare.GetAppSubscription(ctx); err == nil || f.Stats().Total != 0 {
		t.Fatalf("without the app token: %v, %d requests", err, f.Stats().Total)
	}
	c, _ := newClient(t, f.URL, func(cfg *Config) { cfg.AppID, cfg.AppSecret = appID, appSecret })
	if err := c.SetAppSubscription(ctx, echo.URL, "vt", []string{"messages", "account_update"}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetAppSubscription(ctx, echo.URL, "vt", []string{"messages"}); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetAppSubscription(ctx)
	if err != nil || got == nil || !slices.Equal(got.FieldNames(), []string{"messages"}) || deref(got.CallbackURL) != echo.URL {
		t.Fatalf("after the update: %+v %v", got, err)
	}
	if err := c.SetAppSubscription(ctx, echo.URL, "wrong", []string{"messages"}); !IsCallbackVerificationFailed(err) {
		t.Fatalf("a callback that does not echo: got %v, want code 2200", err)
	}
	if err := c.DeleteAppSubscription(ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := c.GetAppSubscription(ctx); err != nil || got != nil {
		t.Fatalf("after the delete: %+v %v", got, err)
	}
	if _, ok := f.AppSubscription(appID, "page"); !ok {
		t.Fatal("the page subscription was removed")
	}
	if st := f.Stats(); st.MissingAppSecretProof != 0 || st.TokenOutsideHeader != 0 {
		t.Fatalf("proof missing %d, token outside the header %d", st.MissingAppSecretProof, st.TokenOutsideHeader)
	}
}
