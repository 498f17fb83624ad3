// Command bench measures what a terraform plan costs: wall time, API calls and
// the provider's peak memory, for N resources over two WABAs, with and without
// injected latency. It drives the real terraform CLI against cmd/fakegraph on
// loopback (`make bench`; not part of `make test`). Each plan is timed next to
// two floors: floor/ (a provider that does no work, with one small resource)
// and shapefloor/ (our resource types and schemas without our code).
//
//	go run ./scripts/bench [-n 10,100,1000] [-latency 0ms,20ms]
package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

const (
	token    = "bench-token"
	business = "506914307656634"
	app      = "670843887433847"
	botUser  = "122104222222222222"
)

var wabas = []string{"104996122399160", "104996122399161"}

func main() {
	ns := flag.String("n", "10,100,1000", "resource counts")
	latencies := flag.String("latency", "0ms,20ms", "latencies injected during the plan")
	keep := flag.Bool("keep", false, "keep the work directory (configs, state, seeds) for a closer look")
	runs := flag.Int("runs", 1, "time each plan this many times in rounds with a plan of each floor and report the medians and the median of the rounds' ratios (the API calls of every run are counted; the largest is reported)")
	providerSrc := flag.String("provider-src", ".", "the checkout to build the provider from: a worktree of an earlier commit measures it against the same fake, floor and N in one sitting")
	flag.Parse()
	if err := run(parseInts(*ns), parseDurations(*latencies), *keep, *providerSrc, max(*runs, 1)); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type result struct {
	n          int
	applyCalls int
	latency    time.Duration
	wall       time.Duration
	calls      int
	rssKiB     int
	refWall    time.Duration
	floorWall  time.Duration
	// ratio is the median of each round's plan wall over the floor plan
	// timed in the same round, so a machine that slows down between rounds
	// shifts both.
	ratio float64
	// shapeWall and shapeRatio are the same for the shape floor: our
	// resource types and schemas without our code.
	shapeWall  time.Duration
	shapeRatio float64
	requests   map[string]int
}

func run(ns []int, latencies []time.Duration, keep bool, providerSrc string, runs int) error {
	tf, err := exec.LookPath("terraform")
	if err != nil {
		return fmt.Errorf("terraform is not on PATH")
	}
	timeBin, err := exec.LookPath("time")
	if _, statErr := os.Stat("/usr/bin/time"); statErr == nil {
		timeBin, err = "/usr/bin/time", nil
	}
	if err != nil {
		return fmt.Errorf("GNU time (/usr/bin/time) is needed to measure peak RSS: apt-get install time")
	}
	work, err := os.MkdirTemp("", "whatsapp-bench-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Println("work directory kept:", work)
	} else {
		defer os.RemoveAll(work)
	}

	fmt.Println("building the provider and the fake Graph API ...")
	bin := filepath.Join(work, "bin")
	for _, b := range []struct{ dir, out, pkg string }{
		{providerSrc, filepath.Join(bin, "terraform-provider-whatsapp"), "."},
		{".", filepath.Join(work, "fakegraph"), "./cmd/fakegraph"},
		{".", filepath.Join(bin, "terraform-provider-floor"), "./scripts/bench/floor"},
		{".", filepath.Join(work, "shape", "terraform-provider-whatsapp"), "./scripts/bench/shapefloor"},
	} {
		build := exec.Command("go", "build", "-o", b.out, b.pkg)
		build.Dir = b.dir
		if out, err := build.CombinedOutput(); err != nil {
			return fmt.Errorf("go build: %v\n%s", err, out)
		}
	}
	// The wrapper records each provider process's peak RSS (KiB).
	wrapped := filepath.Join(work, "wrapped")
	rssDir := filepath.Join(work, "rss")
	_ = os.MkdirAll(wrapped, 0o755)
	_ = os.MkdirAll(rssDir, 0o755)
	wrapper := fmt.Sprintf("#!/bin/sh\nexec %s -f %%M -o %s/rss.$$ %s \"$@\"\n", timeBin, rssDir, filepath.Join(bin, "terraform-provider-whatsapp"))
	if err := os.WriteFile(filepath.Join(wrapped, "terraform-provider-whatsapp"), []byte(wrapper), 0o755); err != nil {
		return err
	}

	var results []result
	for _, n := range ns {
		rs, err := benchN(work, tf, bin, wrapped, rssDir, n, latencies, runs)
		if err != nil {
			return fmt.Errorf("bench with %d resources: %w", n, err)
		}
		results = append(results, rs...)
	}
	printTable(results)
	return nil
}

// split divides n resources: one subscribed app per WABA, the rest half
// assigned users, half phone numbers.
func split(n int) (users, phones int) {
	rest := n - len(wabas)
	return rest - rest/2, rest / 2
}

func seedFor(n int) emulator.Seed {
	users, _ := split(n)
	s := emulator.Seed{
		Businesses: []emulator.SeedBusiness{{ID: business, Name: "Bench GmbH"}},
		Apps:       []emulator.SeedApp{{ID: app, Name: "Bench App"}},
		Users:      []emulator.SeedUser{{ID: botUser, Name: "terraform-bot", BusinessID: business}},
		Tokens:     []emulator.SeedToken{{Token: token, AppID: app, UserID: botUser}},
	}
	for i := range users {
		s.Users = append(s.Users, emulator.SeedUser{ID: userID(i), Name: "user " + strconv.Itoa(i), Type: "BUSINESS_USER", BusinessID: business})
	}
	for _, w := range wabas {
		s.WABAs = append(s.WABAs, emulator.SeedWABA{ID: w, OwnerBusinessID: business, Fields: map[string]any{"name": "Bench " + w},
			AssignedUsers: []emulator.SeedAssignedUser{{UserID: botUser, Tasks: []string{"MANAGE"}}}})
	}
	return s
}

func userID(i int) string { return fmt.Sprintf("3000000000%05d", i) }

func configFor(n int) string {
	users, phones := split(n)
	var b strings.Builder
	fmt.Fprintf(&b, `terraform {
  required_providers {
    whatsapp = { source = "waba-terraform/whatsapp" }
  }
}

provider "whatsapp" {}

locals {
  wabas = [%q, %q]
}

resource "whatsapp_subscribed_app" "app" {
  count   = 2
  waba_id = local.wabas[count.index]
}

resource "whatsapp_assigned_user" "user" {
  count   = %d
  waba_id = local.wabas[count.index %% 2]
  user_id = format("3000000000%%05d", count.index)
  tasks   = ["VIEW_COST"]
}

resource "whatsapp_phone_number" "phone" {
  count        = %d
  waba_id      = local.wabas[count.index %% 2]
  cc           = "44"
  phone_number = format("77009%%05d", count.index)
}
`, wabas[0], wabas[1], users, phones)
	return b.String()
}

func benchN(work, tf, bin, wrapped, rssDir string, n int, latencies []time.Duration, runs int) ([]result, error) {
	dir := filepath.Join(work, fmt.Sprintf("n%d", n))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	seedJSON, _ := json.Marshal(seedFor(n))
	seedPath := filepath.Join(dir, "seed.json")
	if err := os.WriteFile(seedPath, seedJSON, 0o600); err != nil {
		return nil, err
	}
	addrFile := filepath.Join(dir, "addr")
	fake := exec.Command(filepath.Join(work, "fakegraph"), "-seed", seedPath, "-addr-file", addrFile)
	fake.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := fake.Start(); err != nil {
		return nil, err
	}
	defer func() { _ = fake.Process.Kill(); _ = fake.Wait() }()
	url, err := waitForAddr(addrFile)
	if err != nil {
		return nil, err
	}

	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(configFor(n)), 0o600); err != nil {
		return nil, err
	}
	env := append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"WHATSAPP_ACCESS_TOKEN="+token, "WHATSAPP_BASE_URL="+url)
	applyRC, err := cliConfig(dir, "apply.tfrc", bin)
	if err != nil {
		return nil, err
	}
	planRC, err := cliConfig(dir, "plan.tfrc", wrapped)
	if err != nil {
		return nil, err
	}
	fmt.Printf("N=%d: terraform apply of %d resources ...\n", n, n)
	if out, err := terraform(tf, dir, append(env, "TF_CLI_CONFIG_FILE="+applyRC), "apply", "-auto-approve", "-no-color"); err != nil {
		return nil, fmt.Errorf("apply: %v\n%s", err, tail(out))
	}
	applyStats, err := fakeStats(url)
	if err == nil {
		fmt.Printf("N=%d: apply made %d API calls (%.2f per created object) %v\n", n, applyStats.Total, float64(applyStats.Total)/float64(n), applyStats.Requests)
	}
	if err != nil {
		return nil, err
	}
	ref, err := referencePlan(tf, filepath.Join(work, fmt.Sprintf("ref%d", n)), n, runs)
	if err != nil {
		return nil, err
	}
	planFloor, err := floorPlanner(tf, filepath.Join(work, fmt.Sprintf("floor%d", n)), bin, n)
	if err != nil {
		return nil, err
	}
	planShape, err := shapePlanner(tf, dir, filepath.Join(work, fmt.Sprintf("shape%d", n)), filepath.Join(work, "shape"))
	if err != nil {
		return nil, err
	}

	var out []result
	for _, lat := range latencies {
		if err := control(url, fmt.Sprintf("/_fake/latency?ms=%d", lat.Milliseconds())); err != nil {
			return nil, err
		}
		entries, _ := os.ReadDir(rssDir)
		for _, e := range entries {
			_ = os.Remove(filepath.Join(rssDir, e.Name()))
		}
		calls, requests := 0, map[string]int{}
		timePlan := emptyPlan(tf, dir, append(env, "TF_CLI_CONFIG_FILE="+planRC), "our")
		plan := func() (time.Duration, error) {
			if err := control(url, "/_fake/reset"); err != nil {
				return 0, err
			}
			wall, err := timePlan()
			if err != nil {
				return 0, err
			}
			stats, err := fakeStats(url)
			if err != nil {
				return 0, err
			}
			if stats.Total >= calls {
				calls, requests = stats.Total, stats.Requests
			}
			return wall, nil
		}
		times, err := timeRounds(runs, plan, planFloor, planShape)
		if err != nil {
			return nil, err
		}
		walls, floors, shapes := times[0], times[1], times[2]
		r := result{n: n, applyCalls: applyStats.Total, latency: lat, wall: middle(walls), calls: calls, rssKiB: peakRSS(rssDir), refWall: ref,
			floorWall: middle(floors), ratio: middle(ratios(walls, floors)), shapeWall: middle(shapes), shapeRatio: middle(ratios(walls, shapes)),
			requests: requests}
		out = append(out, r)
		fmt.Printf("N=%d latency=%s: plan %s, floor %s, ratio %.2fx, shape floor %s, ratio %.2fx (medians of %d rounds), %d API calls %v\n", n, lat,
			r.wall.Round(time.Millisecond), r.floorWall.Round(time.Millisecond), r.ratio, r.shapeWall.Round(time.Millisecond), r.shapeRatio,
			runs, calls, requests)
	}
	return out, nil
}

// timeRounds times each of timed runs times, in rounds that time them next
// to each other (round i starts with the one at i mod len(timed), so none is
// always first), and returns the times of each, in the order of timed.
func timeRounds(runs int, timed ...func() (time.Duration, error)) ([][]time.Duration, error) {
	times := make([][]time.Duration, len(timed))
	for i := range runs {
		for j := range timed {
			k := (i + j) % len(timed)
			d, err := timed[k]()
			if err != nil {
				return nil, err
			}
			times[k] = append(times[k], d)
		}
	}
	return times, nil
}

// ratios are a / b of each round.
func ratios(a, b []time.Duration) []float64 {
	out := make([]float64, len(a))
	for i := range a {
		out[i] = a[i].Seconds() / b[i].Seconds()
	}
	return out
}

// median runs timed runs times and returns the median of their times.
func median(runs int, timed func() (time.Duration, error)) (time.Duration, error) {
	times := make([]time.Duration, 0, runs)
	for range runs {
		d, err := timed()
		if err != nil {
			return 0, err
		}
		times = append(times, d)
	}
	return middle(times), nil
}

// middle is the median of xs (the upper one of an even count).
func middle[T cmp.Ordered](xs []T) T {
	xs = slices.Clone(xs)
	slices.Sort(xs)
	return xs[len(xs)/2]
}

// cliConfig points Terraform at our provider in providerDir (bin, the
// wrapped copy beside it, or the shape floor beside it) and at the floor
// provider, always in bin.
func cliConfig(dir, name, providerDir string) (string, error) {
	p := filepath.Join(dir, name)
	floorDir := filepath.Join(filepath.Dir(providerDir), "bin")
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"waba-terraform/whatsapp\" = %q\n    \"waba-terraform/floor\" = %q\n  }\n  direct {}\n}\n", providerDir, floorDir)
	return p, os.WriteFile(p, []byte(rc), 0o600)
}

func terraform(tf, dir string, env []string, args ...string) ([]byte, error) {
	cmd := exec.Command(tf, append([]string{"-chdir=" + dir}, args...)...)
	cmd.Env = env
	return cmd.CombinedOutput()
}

func waitForAddr(path string) (string, error) {
	for range 200 {
		if b, err := os.ReadFile(path); err == nil && len(bytes.TrimSpace(b)) > 0 {
			return strings.TrimSpace(string(b)), nil
		}
		time.Sleep(25 * time.Millisecond)
	}
	return "", fmt.Errorf("fakegraph did not start")
}

func control(url, path string) error {
	resp, err := http.Post(url+path, "application/json", nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: HTTP %d", path, resp.StatusCode)
	}
	return nil
}

func fakeStats(url string) (emulator.Stats, error) {
	var st emulator.Stats
	resp, err := http.Get(url + "/_fake/stats")
	if err != nil {
		return st, err
	}
	defer resp.Body.Close()
	return st, json.NewDecoder(resp.Body).Decode(&st)
}

// peakRSS is the largest peak RSS of the provider processes of one plan.
func peakRSS(dir string) int {
	entries, _ := os.ReadDir(dir)
	peak := 0
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		fields := strings.Fields(string(b))
		if len(fields) == 0 {
			continue
		}
		if kib, err := strconv.Atoi(fields[len(fields)-1]); err == nil && kib > peak {
			peak = kib
		}
	}
	return peak
}

func printTable(rs []result) {
	fmt.Println()
	fmt.Println("| N | latency | plan wall time | floor plan (N) | plan / floor (median of rounds) | shape floor plan | plan / shape floor | plan API calls | plan calls per resource | provider peak RSS | terraform_data plan (N) | apply API calls | apply calls per created object |")
	fmt.Println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rs {
		fmt.Printf("| %d | %s | %.2fs | %.2fs | %.2fx | %.2fs | %.2fx | %d | %.3f | %.1f MiB | %.2fs | %d | %.2f |\n", r.n, r.latency, r.wall.Seconds(), r.floorWall.Seconds(),
			r.ratio, r.shapeWall.Seconds(), r.shapeRatio, r.calls, float64(r.calls)/float64(r.n), float64(r.rssKiB)/1024, r.refWall.Seconds(), r.applyCalls, float64(r.applyCalls)/float64(r.n))
	}
}

func tail(b []byte) string {
	s := string(b)
	if len(s) > 3000 {
		s = "..." + s[len(s)-3000:]
	}
	return s
}

func parseInts(s string) []int {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 3 {
			fmt.Fprintf(os.Stderr, "bench: bad -n value %q (at least 3)\n", f)
			os.Exit(2)
		}
		out = append(out, n)
	}
	return out
}

func parseDurations(s string) []time.Duration {
	var out []time.Duration
	for _, f := range strings.Split(s, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(f))
		if err != nil {
			fmt.Fprintf(os.Stderr, "bench: bad -latency value %q\n", f)
			os.Exit(2)
		}
		out = append(out, d)
	}
	return out
}
