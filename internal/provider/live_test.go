package provider

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// Live mode: the tests in live_acc_test.go run against the Graph API named by
// the environment (Meta, or a started fakegraph in `make testacc-live-emulated`)
// instead of an in-process fake. CONTRIBUTING.md says how and what it costs.
const (
	envLive             = "WHATSAPP_LIVE"
	envLiveDestructive  = "WHATSAPP_LIVE_DESTRUCTIVE"
	envLiveLoopbackOnly = "WHATSAPP_LIVE_LOOPBACK_ONLY"
	envLiveWABA         = "WHATSAPP_LIVE_WABA_ID"
	envLivePhone        = "WHATSAPP_LIVE_PHONE_NUMBER_ID"
	envLiveUser         = "WHATSAPP_LIVE_USER_ID"
	envLiveBusiness     = "WHATSAPP_LIVE_BUSINESS_ID"
	envLiveCallbackURL  = "WHATSAPP_LIVE_CALLBACK_URL"
	envLiveVerifyToken  = "WHATSAPP_LIVE_VERIFY_TOKEN"
	envLivePIN          = "WHATSAPP_LIVE_PIN"

	// livePrefix starts the name of everything a live test or the probe
	// creates; the sweepers delete by it and by nothing else.
	livePrefix = "tfacc_"
)

// liveTarget is the account a live-safe test works on: the live one from
// the environment, or the emulator's starter seed.
type liveTarget struct {
	baseURL, token, appSecret string
	waba, phone, user         string
	business                  string
	callbackURL, verifyToken  string
	pin                       string
	destructive               bool
}

// loadLiveTarget reads live mode from the environment: nil when WHATSAPP_LIVE
// is unset. Anything but WHATSAPP_LIVE=1 with a token and a WABA is refused,
// and with WHATSAPP_LIVE_LOOPBACK_ONLY=1 (CI) so is a base URL off loopback.
func loadLiveTarget(getenv func(string) string) (*liveTarget, error) {
	switch getenv(envLive) {
	case "":
		return nil, nil
	case "1":
	default:
		return nil, fmt.Errorf("%s=%q: set %s=1 to run against the API named by %s (default %s), or unset it", envLive, getenv(envLive), envLive, envBaseURL, graphapi.DefaultBaseURL)
	}
	t := &liveTarget{
		baseURL: getenv(envBaseURL), token: getenv(envAccessToken), appSecret: getenv(envAppSecret),
		waba: getenv(envLiveWABA), phone: getenv(envLivePhone), user: getenv(envLiveUser), business: getenv(envLiveBusiness),
		callbackURL: getenv(envLiveCallbackURL), verifyToken: getenv(envLiveVerifyToken), pin: getenv(envLivePIN),
		destructive: getenv(envLiveDestructive) == "1",
	}
	if t.baseURL == "" {
		t.baseURL = graphapi.DefaultBaseURL
	}
	if t.token == "" {
		return nil, fmt.Errorf("%s=1 needs %s (a token of the test WABA's app)", envLive, envAccessToken)
	}
	if t.waba == "" {
		return nil, fmt.Errorf("%s=1 needs %s (the test WhatsApp Business Account)", envLive, envLiveWABA)
	}
	for name, id := range map[string]string{envLiveWABA: t.waba, envLivePhone: t.phone, envLiveUser: t.user, envLiveBusiness: t.business} {
		if id != "" && !graphapi.IDPattern.MatchString(id) {
			return nil, fmt.Errorf("%s=%q is not a Graph API ID (digits only)", name, id)
		}
	}
	u, err := url.Parse(t.baseURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("%s=%q is not an http(s) URL", envBaseURL, t.baseURL)
	}
	if getenv(envLiveLoopbackOnly) == "1" && !graphapi.IsLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("%s=1 refuses %s=%q: it must be a loopback address (an emulator)", envLiveLoopbackOnly, envBaseURL, t.baseURL)
	}
	return t, nil
}

var liveMode = sync.OnceValues(func() (*liveTarget, error) { return loadLiveTarget(os.Getenv) })

// isLive reports live mode; a bad live environment fails the test.
func isLive(t *testing.T) bool {
	t.Helper()
	target, err := liveMode()
	if err != nil {
		t.Fatal(err)
	}
	return target != nil
}

// skipWhenLive is how every test built on newAcc stays off a live account:
// they assert the emulator's seed, its request counts or its /_fake/ state.
func skipWhenLive(t *testing.T) {
	t.Helper()
	if isLive(t) {
		t.Skip("emulator-only: asserts the emulator's seeded objects, request counts or /_fake/ state; " +
			"the live-safe counterpart is a TestAccLive test (CONTRIBUTING.md has the table)")
	}
}

// liveNeed is what a live-safe test needs beyond the WABA.
type liveNeed int

const (
	needPhone liveNeed = iota
	needUser
	needBusiness
	needCallback    // a reachable callback URL that answers Meta's verification
	needDestructive // spends a Meta budget or changes a number
	needPIN         // the test number's two-step verification PIN
)

// liveAcc is a live-safe test's world: the live account in live mode, else
// an in-process emulator holding emulator.LiveSeed, the seed `make
// testacc-live-emulated` starts fakegraph with.
type liveAcc struct {
	*acc   // fake is nil in live mode
	target liveTarget
	live   bool
	client *graphapi.Client // checks and restores, through the same API
	name   string           // tfacc_<random>
}

// starterTarget is the live seed's account (the starter seed's), with Jane
// Ops as the test user (assigned to nothing) and a callback the emulator
// accepts.
func starterTarget(baseURL string) liveTarget {
	return liveTarget{baseURL: baseURL, token: "emulator-token", waba: "104996122399160", phone: "110200345501442",
		user: "100055555555555", business: "506914307656634", callbackURL: "https://hooks.example.com/tfacc",
		verifyToken: "tfacc-verify", pin: "123456", destructive: true}
}

// newLiveAcc decides live or emulator, and skips, saying why, when live mode
// lacks what the test needs.
func newLiveAcc(t *testing.T, needs ...liveNeed) *liveAcc {
	t.Helper()
	la := &liveAcc{acc: &acc{t: t}, name: livePrefix + acctest.RandStringFromCharSet(8, acctest.CharSetAlpha)}
	if target, _ := liveMode(); isLive(t) {
		la.live, la.target = true, *target
		for _, n := range needs {
			if why := target.lacks(n); why != "" {
				t.Skip("live: " + why)
			}
		}
	} else {
		seed, err := loadLiveSeed(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		fake, err := emulator.NewServer(seed, emulator.Options{Strict: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(fake.Close)
		la.fake, la.target = fake, starterTarget(fake.URL)
	}
	client, err := graphapi.New(graphapi.Config{BaseURL: la.target.baseURL, AccessToken: la.target.token, AppSecret: la.target.appSecret})
	if err != nil {
		t.Fatal(err)
	}
	la.client = client
	return la
}

func (l *liveTarget) lacks(n liveNeed) string {
	switch {
	case n == needPhone && l.phone == "":
		return "set " + envLivePhone + " to the test number"
	case n == needUser && l.user == "":
		return "set " + envLiveUser + " to a test user of the WABA's business (it is assigned and unassigned)"
	case n == needBusiness && l.business == "":
		return "set " + envLiveBusiness + " to the WABA's owner business"
	case n == needCallback && (l.callbackURL == "" || l.verifyToken == ""):
		return "set " + envLiveCallbackURL + " and " + envLiveVerifyToken + " to an HTTPS endpoint that answers Meta's verification request"
	case n == needDestructive && !l.destructive:
		return "spends a Meta budget or changes the number: set " + envLiveDestructive + "=1 to run it"
	case n == needPIN && l.pin == "":
		return "set " + envLivePIN + " to the test number's two-step verification PIN"
	}
	return ""
}

func loadLiveSeed(dir string) (emulator.Seed, error) {
	doc, err := emulator.LiveSeed()
	if err != nil {
		return emulator.Seed{}, err
	}
	path := filepath.Join(dir, "seed.json")
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		return emulator.Seed{}, err
	}
	return emulator.LoadSeedFile(path)
}

// factories serve the provider in-process; live, with real waits.
func (la *liveAcc) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	if !la.live {
		return la.acc.factories()
	}
	return map[string]func() (tfprotov6.ProviderServer, error){
		"whatsapp": func() (tfprotov6.ProviderServer, error) { return newServer("test", testOptions{})(), nil },
	}
}

// provider renders the provider block. Live, the token, app secret and base
// URL come from the environment, so no configuration file holds the token.
func (la *liveAcc) provider() string {
	block := `
terraform {
  required_providers {
    whatsapp = {
      source = "waba-terraform/whatsapp"
    }
  }
}
`
	if la.live {
		return block + "\nprovider \"whatsapp\" {}\n"
	}
	return block + fmt.Sprintf("\nprovider \"whatsapp\" {\n  access_token = %q\n  base_url     = %q\n}\n", la.target.token, la.target.baseURL)
}

// test runs steps; check, when set, runs after destroy.
func (la *liveAcc) test(check resource.TestCheckFunc, steps ...resource.TestStep) {
	la.t.Helper()
	runCase(la.t, resource.TestCase{ProtoV6ProviderFactories: la.factories(), CheckDestroy: check, Steps: steps})
}

// expectRequests asserts a request count at the in-process emulator; live,
// nothing counts requests, and it asserts nothing.
func (la *liveAcc) expectRequests(route string, want int) {
	la.t.Helper()
	if la.live {
		return
	}
	if got := la.fake.Stats().Count(route); got != want {
		la.t.Errorf("%d requests %s, want %d", got, route, want)
	}
}

// restore runs undo after the test, failing it if undo fails: a live test
// leaves the account as it found it.
func (la *liveAcc) restore(what string, undo func() error) {
	la.t.Cleanup(func() {
		if err := undo(); err != nil {
			la.t.Errorf("restoring %s: %v", what, err)
		}
	})
}

// hclString quotes s for HCL, escaping template sequences.
func hclString(s string) string {
	q := fmt.Sprintf("%q", s)
	return strings.NewReplacer("${", "$${", "%{", "%%{").Replace(q)
}

// Live mode needs WHATSAPP_LIVE=1 exactly, a token and a WABA; CI's
// loopback-only switch refuses any host off loopback.
func TestLoadLiveTarget(t *testing.T) {
	t.Parallel()
	base := map[string]string{envLive: "1", envAccessToken: "EAAG-live", envLiveWABA: "104996122399160"}
	with := func(kv ...string) map[string]string {
		env := map[string]string{}
		for k, v := range base {
			env[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			env[kv[i]] = kv[i+1]
		}
		return env
	}
	for _, tc := range []struct {
		name    string
		env     map[string]string
		wantURL string // "" with wantErr "": not live
		wantErr string
	}{
		{name: "unset is the emulator", env: map[string]string{envAccessToken: "EAAG-live", envBaseURL: "https://graph.facebook.com"}},
		{name: "Meta by default", env: base, wantURL: graphapi.DefaultBaseURL},
		{name: "an emulator on loopback", env: with(envBaseURL, "http://127.0.0.1:4001", envLiveLoopbackOnly, "1"), wantURL: "http://127.0.0.1:4001"},
		{name: "localhost is loopback", env: with(envBaseURL, "http://localhost:4001", envLiveLoopbackOnly, "1"), wantURL: "http://localhost:4001"},
		{name: "true is not 1", env: with(envLive, "true"), wantErr: "set WHATSAPP_LIVE=1"},
		{name: "no token", env: with(envAccessToken, ""), wantErr: "needs WHATSAPP_ACCESS_TOKEN"},
		{name: "no WABA", env: with(envLiveWABA, ""), wantErr: "needs WHATSAPP_LIVE_WABA_ID"},
		{name: "an ID that is not one", env: with(envLivePhone, "+4915112345678"), wantErr: "WHATSAPP_LIVE_PHONE_NUMBER_ID"},
		{name: "not a URL", env: with(envBaseURL, "graph.facebook.com"), wantErr: "not an http(s) URL"},
		{name: "CI refuses Meta", env: with(envLiveLoopbackOnly, "1"), wantErr: "must be a loopback address"},
		{name: "CI refuses another host", env: with(envBaseURL, "http://10.0.0.8:4001", envLiveLoopbackOnly, "1"), wantErr: "must be a loopback address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := loadLiveTarget(func(k string) string { return tc.env[k] })
			switch {
			case tc.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tc.wantErr)
				}
			case err != nil:
				t.Fatal(err)
			case tc.wantURL == "" && got != nil:
				t.Fatalf("live mode %+v without WHATSAPP_LIVE", got)
			case tc.wantURL != "" && (got == nil || got.baseURL != tc.wantURL):
				t.Fatalf("target %+v, want base URL %s", got, tc.wantURL)
			}
		})
	}
}

// CI never goes live off loopback: .ci/run clears any live setting and runs
// only the emulated target, whose script refuses other hosts and probes an
// emulator.
func TestCILiveModeStaysOnLoopback(t *testing.T) {
	t.Parallel()
	read := func(path string) string {
		b, err := os.ReadFile(filepath.Join("..", "..", path))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	ci, script := read(".ci/run"), read("scripts/live-emulated.sh")
	if !strings.Contains(ci, "unset WHATSAPP_LIVE ") {
		t.Error(".ci/run does not clear WHATSAPP_LIVE from its environment")
	}
	for _, line := range strings.Split(ci, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "#") {
			continue
		}
		if strings.Contains(line, "WHATSAPP_LIVE=") || strings.Contains(line, "WHATSAPP_BASE_URL=") ||
			strings.Contains(line, "make testacc-live ") || strings.HasSuffix(line, "make testacc-live") ||
			strings.Contains(line, "make sweep") || strings.Contains(line, "make probe") {
			t.Errorf(".ci/run goes live outside make testacc-live-emulated: %q", line)
		}
	}
	for _, want := range []string{"WHATSAPP_LIVE_LOOPBACK_ONLY=1", `WHATSAPP_BASE_URL="$emulator_url"`, "-emulated"} {
		if !strings.Contains(script, want) {
			t.Errorf("scripts/live-emulated.sh lacks %q", want)
		}
	}
}
