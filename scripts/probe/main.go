// Command probe sends 26 read-mostly requests, each to two Graph APIs,
// and writes a Markdown report of where their answers differ: Meta (or any
// API named by WHATSAPP_BASE_URL) against a fresh in-process emulator holding
// the live seed (emulator.LiveSeed) on the same IDs. The requests settle what Meta does not
// document: field-expansion modifiers on WABA edges, the tasks stored for an
// assignment, business profile fields cleared with "" and [], whether locale
// pins error_user_msg, the order of a WABA's phone numbers, and the error
// codes of template edits. Writes use the tfacc_ prefix and are undone.
//
//	WHATSAPP_LIVE=1 WHATSAPP_ACCESS_TOKEN=... WHATSAPP_LIVE_WABA_ID=... go run ./scripts/probe [-out probe-report.md]
//	go run ./scripts/probe -emulated   (make testacc-live-emulated: the API is a fakegraph; any difference fails)
//
// The report keeps answers' shapes (keys and value types) and a few values
// that decide questions (codes, tasks, statuses); tokens, phone numbers,
// names and IDs never reach it. CONTRIBUTING.md shows one.
package main

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// The starter seed's IDs, which the fresh emulator replaces by the live ones.
const (
	starterWABA     = "104996122399160"
	starterPhone    = "110200345501442"
	starterUser     = "100055555555555"
	starterBusiness = "506914307656634"
	starterToken    = "emulator-token"
)

// side is one API the probes are sent to, with what its answers captured.
type side struct {
	name, base, token, secret string
	http                      *http.Client
	captured                  map[string]string // template ID, profile snapshot
}

// probe is one request. Path, query and body name the account through
// {waba}, {phone}, {user}, {business}, {name} and captured {template},
// {address}, {websites}; only these templates reach the report.
type probe struct {
	question string
	method   string
	path     string
	query    string
	form     string
	json     string
	needs    string // "phone" or "user": skipped without it
	// unversioned sends the path without /vNN.N (Meta serves the app's default version).
	unversioned bool
	capture     func(s *side, answer map[string]any)           // keeps what later probes use
	summary     func(status int, answer map[string]any) string // a finding beyond the shape
}

var probes = []probe{
	{question: "field expansion: baseline", method: "GET", path: "/{waba}", query: "fields=id,name,currency"},
	{question: "field expansion: .limit() on phone_numbers (documented)", method: "GET", path: "/{waba}", query: "fields=phone_numbers.limit(1){id,status}"},
	{question: "field expansion: .after() on phone_numbers", method: "GET", path: "/{waba}", query: "fields=phone_numbers.after(QVFIUmFiY2RlZmc){id}"},
	{question: "field expansion: .business() on assigned_users", method: "GET", path: "/{waba}", query: "fields=assigned_users.business({business}){id,tasks}"},
	{question: "field expansion: several edges at once", method: "GET", path: "/{waba}", query: "fields=subscribed_apps{whatsapp_business_api_data{id}},phone_numbers.limit(1){id}"},
	{question: "a path without a version", method: "GET", path: "/{waba}", query: "fields=id", unversioned: true},
	{question: "phone numbers: paging shape", method: "GET", path: "/{waba}/phone_numbers", query: "fields=id&limit=1"},
	{question: "phone numbers: listing order", method: "GET", path: "/{waba}/phone_numbers", query: "fields=id,last_onboarded_time", summary: phoneOrder},
	{question: "tasks stored: assign the test user MESSAGING", method: "POST", path: "/{waba}/assigned_users", form: `user={user}&tasks=["MESSAGING"]`, needs: "user"},
	{question: "tasks stored: what the listing reports", method: "GET", path: "/{waba}/assigned_users", query: "business={business}&fields=id,tasks", needs: "user", summary: userTasks},
	{question: "tasks stored: unassign (undo)", method: "DELETE", path: "/{waba}/assigned_users", query: "user={user}", needs: "user"},
	{question: "profile: snapshot", method: "GET", path: "/{phone}/whatsapp_business_profile", query: "fields=about,address,description,email,websites,vertical", needs: "phone", capture: captureProfile},
	{question: `profile: clear address with ""`, method: "POST", path: "/{phone}/whatsapp_business_profile", json: `{"messaging_product":"whatsapp","address":""}`, needs: "phone"},
	{question: `profile: address after ""`, method: "GET", path: "/{phone}/whatsapp_business_profile", query: "fields=address", needs: "phone", summary: field("address")},
	{question: "profile: clear websites with []", method: "POST", path: "/{phone}/whatsapp_business_profile", json: `{"messaging_product":"whatsapp","websites":[]}`, needs: "phone"},
	{question: "profile: websites after []", method: "GET", path: "/{phone}/whatsapp_business_profile", query: "fields=websites", needs: "phone", summary: field("websites")},
	{question: "profile: restore (undo)", method: "POST", path: "/{phone}/whatsapp_business_profile", json: `{"messaging_product":"whatsapp","address":{address},"websites":{websites}}`, needs: "phone"},
	{question: "error_user_msg: no locale", method: "GET", path: "/{waba}", query: "fields=no_such_field"},
	{question: "error_user_msg: locale=en_US", method: "GET", path: "/{waba}", query: "fields=no_such_field&locale=en_US"},
	{question: "error_user_msg: locale=de_DE", method: "GET", path: "/{waba}", query: "fields=no_such_field&locale=de_DE"},
	{question: "template edits: create tfacc_ template", method: "POST", path: "/{waba}/message_templates", capture: captureTemplate,
		json: `{"name":"{name}","language":"en_US","category":"UTILITY","components":[{"type":"BODY","text":"Your order {{1}} has shipped.","example":{"body_text":[["A-1042"]]}}]}`},
	{question: "template edits: status after create", method: "GET", path: "/{template}", query: "fields=status,category", summary: values("status", "category")},
	{question: "template edits: components without category (documented optional)", method: "POST", path: "/{template}",
		json: `{"components":[{"type":"BODY","text":"Your order {{1}} is on its way.","example":{"body_text":[["A-1042"]]}}]}`},
	{question: "template edits: edit a just-created template (status)", method: "POST", path: "/{template}",
		json: `{"category":"UTILITY","components":[{"type":"BODY","text":"Your order {{1}} is on its way.","example":{"body_text":[["A-1042"]]}}]}`},
	{question: "template edits: a second edit at once (quota)", method: "POST", path: "/{template}",
		json: `{"category":"UTILITY","components":[{"type":"BODY","text":"Order {{1}} shipped.","example":{"body_text":[["A-1042"]]}}]}`},
	{question: "template edits: delete (undo)", method: "DELETE", path: "/{waba}/message_templates", query: "hsm_id={template}&name={name}"},
}

func main() {
	out := flag.String("out", "probe-report.md", "the Markdown report to write")
	printSeed := flag.Bool("print-seed", false, "print the seed of the fresh emulator on the starter seed's IDs (make testacc-live-emulated starts fakegraph with it) and exit")
	emulated := flag.Bool("emulated", false, "the API is an emulator on loopback: any difference fails")
	flag.Parse()
	if *printSeed {
		doc, err := emulator.LiveSeed()
		if err != nil {
			fmt.Fprintln(os.Stderr, "probe:", err)
			os.Exit(2)
		}
		fmt.Print(doc)
		return
	}
	code, err := run(*out, *emulated)
	if err != nil {
		fmt.Fprintln(os.Stderr, "probe:", err)
	}
	os.Exit(code)
}

type account struct{ waba, phone, user, business, name string }

func run(out string, emulated bool) (int, error) {
	getenv := os.Getenv
	base := getenv("WHATSAPP_BASE_URL")
	if base == "" {
		base = graphapi.DefaultBaseURL
	}
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return 2, fmt.Errorf("WHATSAPP_BASE_URL=%q is not a URL", base)
	}
	loopback := graphapi.IsLoopbackHost(u.Hostname())
	switch {
	case emulated && !loopback:
		return 2, fmt.Errorf("-emulated refuses WHATSAPP_BASE_URL=%s: it must be a loopback address", base)
	case !loopback && (getenv("WHATSAPP_LIVE") != "1" || getenv("WHATSAPP_ACCESS_TOKEN") == ""):
		return 2, fmt.Errorf("probing %s needs WHATSAPP_LIVE=1 and WHATSAPP_ACCESS_TOKEN (CONTRIBUTING.md)", base)
	}
	acct := account{waba: getenv("WHATSAPP_LIVE_WABA_ID"), phone: getenv("WHATSAPP_LIVE_PHONE_NUMBER_ID"),
		user: getenv("WHATSAPP_LIVE_USER_ID"), business: getenv("WHATSAPP_LIVE_BUSINESS_ID"), name: "tfacc_" + randomName()}
	for v, id := range map[string]string{"WHATSAPP_LIVE_WABA_ID": acct.waba, "WHATSAPP_LIVE_PHONE_NUMBER_ID": acct.phone,
		"WHATSAPP_LIVE_USER_ID": acct.user, "WHATSAPP_LIVE_BUSINESS_ID": acct.business} {
		if (id != "" || v == "WHATSAPP_LIVE_WABA_ID") && !graphapi.IDPattern.MatchString(id) {
			return 2, fmt.Errorf("%s=%q is not a Graph API ID", v, id)
		}
	}
	if acct.business == "" {
		acct.business = starterBusiness // the fresh emulator's; Meta answers the .business() probe with an error
	}

	fresh, err := freshEmulator(acct)
	if err != nil {
		return 2, err
	}
	defer fresh.Close()
	client := &http.Client{Timeout: 30 * time.Second}
	a := &side{name: "A", base: base, token: getenv("WHATSAPP_ACCESS_TOKEN"), secret: getenv("WHATSAPP_APP_SECRET"), http: client, captured: map[string]string{}}
	b := &side{name: "B", base: fresh.URL, token: starterToken, http: client, captured: map[string]string{}}

	results := compare(a, b, acct)
	redact := redactor(acct, a.token, a.secret)
	report := render(results, emulated, time.Now().UTC(), redact)
	if err := os.WriteFile(out, []byte(report), 0o600); err != nil {
		return 2, err
	}
	differ := 0
	for _, r := range results {
		if r.differs() {
			differ++
		}
	}
	fmt.Printf("probe: %d requests to each API, %d differ; report in %s\n", len(results), differ, out)
	if emulated && differ > 0 {
		fmt.Print(report)
		return 1, fmt.Errorf("an emulator against a fresh emulator must not differ")
	}
	return 0, nil
}

// compare sends each probe to a, then to b.
func compare(a, b *side, acct account) []result {
	var results []result
	for i, p := range probes {
		if (p.needs == "phone" && acct.phone == "") || (p.needs == "user" && acct.user == "") {
			results = append(results, result{n: i + 1, probe: p, skipped: "WHATSAPP_LIVE_" + map[string]string{"phone": "PHONE_NUMBER_ID", "user": "USER_ID"}[p.needs] + " is not set"})
			continue
		}
		ra, rb := a.send(p, acct), b.send(p, acct)
		results = append(results, result{n: i + 1, probe: p, a: ra, b: rb})
	}
	return results
}

func randomName() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = 'a' + b[i]%26
	}
	return string(b)
}

// freshEmulator serves the live seed with the live account's IDs.
func freshEmulator(acct account) (*emulator.Server, error) {
	doc, err := emulator.LiveSeed()
	if err != nil {
		return nil, err
	}
	seedDoc := strings.NewReplacer(starterWABA, acct.waba, starterPhone, or(acct.phone, starterPhone),
		starterUser, or(acct.user, starterUser), starterBusiness, acct.business).Replace(doc)
	dir, err := os.MkdirTemp("", "probe")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "seed.json")
	if err := os.WriteFile(path, []byte(seedDoc), 0o600); err != nil {
		return nil, err
	}
	seed, err := emulator.LoadSeedFile(path)
	if err != nil {
		return nil, err
	}
	return emulator.NewServer(seed, emulator.Options{})
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// answer is what one side answered to one probe.
type answer struct {
	status int
	shape  string // keys, value types and the deciding values, as JSON
	note   string
	err    string
}

type result struct {
	n       int
	probe   probe
	a, b    answer
	skipped string
}

func (r result) differs() bool {
	return r.skipped == "" && (r.a.status != r.b.status || r.a.shape != r.b.shape || r.a.note != r.b.note || r.a.err != r.b.err)
}

func (s *side) fill(text string, acct account) string {
	return strings.NewReplacer("{waba}", acct.waba, "{phone}", acct.phone, "{user}", acct.user, "{business}", acct.business,
		"{name}", acct.name, "{template}", or(s.captured["template"], "0"),
		"{address}", or(s.captured["address"], `""`), "{websites}", or(s.captured["websites"], "[]")).Replace(text)
}

func (s *side) send(p probe, acct account) answer {
	path := s.fill(p.path, acct)
	if !p.unversioned {
		path = "/" + graphapi.DefaultAPIVersion + path
	}
	query, _ := url.ParseQuery(s.fill(p.query, acct))
	var body io.Reader
	contentType := ""
	switch {
	case p.form != "":
		form, _ := url.ParseQuery(s.fill(p.form, acct))
		s.prove(form)
		body, contentType = strings.NewReader(form.Encode()), "application/x-www-form-urlencoded"
	case p.json != "":
		s.prove(query)
		body, contentType = strings.NewReader(s.fill(p.json, acct)), "application/json"
	default:
		s.prove(query)
	}
	target := strings.TrimSuffix(s.base, "/") + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	req, err := http.NewRequest(p.method, target, body)
	if err != nil {
		return answer{err: err.Error()}
	}
	req.Header.Set("Authorization", "Bearer "+s.token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := s.http.Do(req)
	if err != nil {
		return answer{err: "no answer"}
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var decoded map[string]any
	if json.Unmarshal(raw, &decoded) != nil {
		return answer{status: resp.StatusCode, shape: "not a JSON object"}
	}
	if p.capture != nil && resp.StatusCode == http.StatusOK {
		p.capture(s, decoded)
	}
	a := answer{status: resp.StatusCode, shape: mustJSON(shapeOf("", decoded))}
	if p.summary != nil {
		a.note = p.summary(resp.StatusCode, decoded)
	}
	return a
}

// prove adds appsecret_proof when the app requires it.
func (s *side) prove(v url.Values) {
	if s.secret == "" {
		return
	}
	mac := hmac.New(sha256.New, []byte(s.secret))
	mac.Write([]byte(s.token))
	v.Set("appsecret_proof", hex.EncodeToString(mac.Sum(nil)))
}
