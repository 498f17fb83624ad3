package emulator_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// TestMetaNodeSDK drives Meta's official Node.js Business SDK (the version
// pinned in testdata/node-sdk) against a default emulator: read the WABA with
// every field the SDK declares, page through numbers with the SDK's cursor,
// add a number, subscribe and unsubscribe, assign and unassign a user. The
// package is installed from the npm registry with its lock file into a cache
// folder outside the repository.
func TestMetaNodeSDK(t *testing.T) {
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not on PATH: install Node.js 20 or later to run Meta's Node.js SDK against the emulator", tool)
		}
	}
	dir := installNodeSDK(t)

	const (
		waba, business, app, user = "104996122399160", "506914307656634", "670843887433847", "100055555555555"
		token                     = "sdk-token"
	)
	seed := emulator.Seed{
		Businesses: []emulator.SeedBusiness{{ID: business, Name: "Acme"}},
		Apps:       []emulator.SeedApp{{ID: app, Name: "Acme App"}},
		Users:      []emulator.SeedUser{{ID: user, Name: "Jane", Type: "BUSINESS_USER", BusinessID: business}},
		Tokens:     []emulator.SeedToken{{Token: token, AppID: app}},
		WABAs: []emulator.SeedWABA{{ID: waba, OwnerBusinessID: business,
			Fields: map[string]any{"name": "Acme Support", "currency": "EUR", "creation_time": "2026-01-05T10:00:00+0000", "is_shared_with_partners": false},
			PhoneNumbers: []emulator.SeedPhoneNumber{
				{ID: "110200345501442", CC: "49", PhoneNumber: "15112345678"},
				{ID: "110200345501443", CC: "49", PhoneNumber: "15112345679"},
				{ID: "110200345501444", CC: "49", PhoneNumber: "15112345680"},
			}}},
	}
	fake, err := emulator.NewServer(seed, emulator.Options{PageSize: 1}) // defaults: Meta-compatible
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fake.Close)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "check.js")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "FAKEGRAPH_URL="+fake.URL, "FAKEGRAPH_TOKEN="+token, "FAKEGRAPH_WABA="+waba,
		"FAKEGRAPH_USER="+user, "FAKEGRAPH_BUSINESS="+business)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node check.js: %v\n%s", err, out)
	}
	var report struct {
		WABA struct {
			ID, Name string
			Fields   int
		}
		Numbers                  []string
		Added                    string
		Subscribed, Unsubscribed bool
		Assigned, Unassigned     bool
		AssignedTasks            [][]string `json:"assignedTasks"`
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	t.Logf("SDK report: %s", out)
	switch {
	case report.WABA.ID != waba || report.WABA.Name != "Acme Support" || report.WABA.Fields < 25:
		t.Errorf("WABA read: %+v", report.WABA)
	case len(report.Numbers) != 3:
		t.Errorf("paged numbers: %v (want 3, one per page)", report.Numbers)
	case report.Added == "":
		t.Error("no number added")
	case !report.Subscribed || !report.Unsubscribed || !report.Assigned || !report.Unassigned:
		t.Errorf("writes: %+v", report)
	case !slices.ContainsFunc(report.AssignedTasks, func(ts []string) bool { return slices.Equal(ts, []string{"MANAGE_TEMPLATES"}) }):
		t.Errorf("assigned tasks: %v", report.AssignedTasks)
	}
	// What the emulator holds afterwards.
	if got := fake.PhoneNumbers(waba); len(got) != 4 {
		t.Errorf("%d numbers on the WABA, want 4", len(got))
	}
	if _, ok := fake.Subscription(waba, app); ok {
		t.Error("the app is still subscribed")
	}
	if _, ok := fake.Assignment(waba, user); ok {
		t.Error("the user is still assigned")
	}
	if fake.Stats().TokenOutsideHeader == 0 {
		t.Error("the SDK sent no token in the query: this test would not show that the emulator accepts it")
	}
}

// installNodeSDK runs npm ci for testdata/node-sdk in a cache folder named by
// the lock file's hash, and returns it with check.js beside node_modules.
func installNodeSDK(t *testing.T) string {
	t.Helper()
	src := filepath.Join("testdata", "node-sdk")
	lock, err := os.ReadFile(filepath.Join(src, "package-lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(lock)
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "terraform-provider-whatsapp", "node-sdk-"+hex.EncodeToString(sum[:6]))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"package.json", "package-lock.json", "check.js"} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, f), b, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "facebook-nodejs-business-sdk", "package.json")); err == nil {
		return dir
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci (installing the SDK pinned in %s): %v\n%s", src, err, out)
	}
	return dir
}
