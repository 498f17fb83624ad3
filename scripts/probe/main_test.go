package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

var starterAccount = account{waba: starterWABA, phone: starterPhone, user: starterUser, business: starterBusiness, name: "tfacc_abcdefgh"}

func emulatorSide(t *testing.T, edit func(string) string) *side {
	t.Helper()
	path := filepath.Join(t.TempDir(), "seed.json")
	doc, err := emulator.LiveSeed()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(edit(doc)), 0o600); err != nil {
		t.Fatal(err)
	}
	seed, err := emulator.LoadSeedFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fake, err := emulator.NewServer(seed, emulator.Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fake.Close)
	return &side{base: fake.URL, token: starterToken, http: http.DefaultClient, captured: map[string]string{}}
}

func same(s string) string { return s }

// Two emulators on one seed answer alike; one whose number has no address
// differs exactly where the probes read it before clearing it.
func TestCompare(t *testing.T) {
	t.Parallel()
	if results := compare(emulatorSide(t, same), emulatorSide(t, same), starterAccount); differing(results) != "" {
		t.Fatalf("equal emulators differ at %s", differing(results))
	}
	const address = `"address": "Hauptstr. 1, 10115 Berlin",`
	if doc, _ := emulator.LiveSeed(); !strings.Contains(doc, address) {
		t.Fatal("the starter seed's number has another address")
	}
	noAddress := func(s string) string { return strings.Replace(s, address, "", 1) }
	results := compare(emulatorSide(t, same), emulatorSide(t, noAddress), starterAccount)
	if got := differing(results); got != "12" {
		t.Fatalf("probes %q differ, want 12 only (the snapshot; once cleared, both read alike)", got)
	}
	// Every write was undone on both sides: a second round still agrees.
	a, b := emulatorSide(t, same), emulatorSide(t, same)
	compare(a, b, starterAccount)
	if results := compare(a, b, starterAccount); differing(results) != "" {
		t.Fatalf("second round differs at %s", differing(results))
	}
}

func differing(results []result) string {
	var ns []string
	for _, r := range results {
		if r.differs() {
			ns = append(ns, strconv.Itoa(r.n))
		}
	}
	return strings.Join(ns, " ")
}

// The report holds no token, secret, ID, phone number or test name, and
// keeps codes, subcodes and the date.
func TestReportIsRedacted(t *testing.T) {
	t.Parallel()
	acct := account{waba: "104996122399160", phone: "110200345501442", user: "100055555555555", business: "506914307656634", name: "tfacc_qwertyui"}
	redact := redactor(acct, "EAAGsecretToken123", "app-secret-xyz")
	in := "2026-12-03 10:34 UTC token EAAGsecretToken123 EAAHotherToken9 secret app-secret-xyz waba 104996122399160 " +
		"number +49 151 12345678 other 987654321012345 template tfacc_qwertyui code 100/2388024 status 400"
	got := redact(in)
	for _, leak := range []string{"EAAG", "EAAH", "app-secret", "104996122399160", "12345678", "987654321012345", "qwertyui"} {
		if strings.Contains(got, leak) {
			t.Errorf("the report keeps %q: %s", leak, got)
		}
	}
	for _, keep := range []string{"2026-12-03 10:34 UTC", "{waba}", "{name}", "code 100/2388024", "status 400"} {
		if !strings.Contains(got, keep) {
			t.Errorf("the report lost %q: %s", keep, got)
		}
	}
	report := render([]result{{n: 1, probe: probes[0], a: answer{status: 200, shape: `{"id":"string"}`}, b: answer{status: 400, shape: `{"error":{"code":100}}`}}},
		false, time.Date(2026, 12, 3, 10, 34, 0, 0, time.UTC), redact)
	if !strings.Contains(report, "1 probes, 1 differ") || !strings.Contains(report, "## Differences") {
		t.Errorf("a difference is not reported:\n%s", report)
	}
}
