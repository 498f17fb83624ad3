package emulator

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStateFileSurvivesARestart(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "state.json")
	s := newFake(t, Options{})
	if err := s.SetStateFile(file); err != nil {
		t.Fatal(err)
	}
	a := call(t, s, "POST", "/v25.0/"+wabaID+"/phone_numbers", url.Values{"cc": {"1"}, "phone_number": {"6315551234"}}, testToken)
	first, _ := a.body["id"].(string)
	call(t, s, "POST", "/v25.0/"+first+"/register", url.Values{"messaging_product": {"whatsapp"}, "pin": {"123456"}}, testToken)

	seed, err := LoadSeedFile(file)
	if err != nil {
		t.Fatal(err)
	}
	again, err := NewServer(seed, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(again.Close)
	p, waba, ok := again.PhoneNumber(first)
	if !ok || waba != wabaID || p.PlatformType != "CLOUD_API" || p.PIN != "123456" {
		t.Fatalf("after a restart: %+v on %s (found %v)", p, waba, ok)
	}
	// Tokens and secrets are kept, so the same token works; new IDs do not collide.
	b := call(t, again, "POST", "/v25.0/"+wabaID+"/phone_numbers", url.Values{"cc": {"1"}, "phone_number": {"6315559999"}}, testToken)
	if second, _ := b.body["id"].(string); second == "" || second == first {
		t.Fatalf("a new number after the restart: %v", b.body)
	}
	// Out-of-band changes are saved too.
	if err := again.SetStateFile(file); err != nil {
		t.Fatal(err)
	}
	if err := again.Delete(Change{Kind: KindPhoneNumber, ID: first}); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(file)
	if !strings.Contains(string(raw), "6315559999") || strings.Contains(string(raw), first) {
		t.Fatal("the state file does not follow the changes")
	}
}

func TestStarterSeedLoads(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(file, []byte(StarterSeed), 0o600); err != nil {
		t.Fatal(err)
	}
	seed, err := LoadSeedFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewServer(seed, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	a := call(t, s, "GET", "/v25.0/104996122399160?fields=name&access_token=emulator-token", nil, "")
	if a.body["name"] != "Acme Support" {
		t.Fatalf("the starter seed's WABA with its token in the query: %v", a.body)
	}
	// Its number has a filled profile, as real numbers do.
	a = call(t, s, "GET", "/v25.0/110200345501442/whatsapp_business_profile?fields=address,email,websites,vertical&access_token=emulator-token", nil, "")
	data, _ := a.body["data"].([]any)
	if len(data) != 1 {
		t.Fatalf("the starter seed's profile: %v", a.body)
	}
	if p, _ := data[0].(map[string]any); p["address"] == nil || p["email"] == nil || p["websites"] == nil || p["vertical"] != "RETAIL" {
		t.Fatalf("the starter seed's profile is not filled: %v", a.body)
	}
}

func TestPagingLinksCarryTheQueryToken(t *testing.T) {
	t.Parallel()
	s, err := NewServer(Seed{Apps: []SeedApp{{ID: "1", Name: "App"}}, Tokens: []SeedToken{{Token: testToken, AppID: "1"}},
		WABAs: []SeedWABA{{ID: wabaID}}}, Options{PageSize: 1}) // not strict: Meta's SDKs send the token in the query
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	for _, n := range []string{"6315551234", "6315551235"} {
		call(t, s, "POST", "/v25.0/"+wabaID+"/phone_numbers", url.Values{"cc": {"1"}, "phone_number": {n}}, testToken)
	}
	a := call(t, s, "GET", "/v25.0/"+wabaID+"/phone_numbers?access_token="+testToken, nil, "")
	paging, _ := a.body["paging"].(map[string]any)
	next, _ := paging["next"].(string)
	u, err := url.Parse(next)
	if err != nil || u.Query().Get("access_token") != testToken || u.Query().Get("after") == "" {
		t.Fatalf("next %q", next)
	}
	b := call(t, s, "GET", strings.TrimPrefix(next, s.URL), nil, "")
	if data, _ := b.body["data"].([]any); len(data) != 1 {
		t.Fatalf("following next: %v", b.body)
	}
	prev, _ := b.body["paging"].(map[string]any)["previous"].(string)
	if pu, _ := url.Parse(prev); pu == nil || pu.Query().Get("before") == "" || pu.Query().Get("access_token") != testToken {
		t.Fatalf("previous %q", prev)
	}
}
