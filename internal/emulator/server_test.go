package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	testToken  = "test-token"
	otherToken = "other-app-token"
	wabaID     = "104996122399160"
	business   = "506914307656634"
	appID      = "670843887433847"
	botUser    = "122104222222222222"
	janeUser   = "100055555555555"
)

func testSeed() Seed {
	s, err := LoadSeedFile("testdata/seed.json")
	if err != nil {
		panic(err)
	}
	s.Tokens = append(s.Tokens,
		SeedToken{Token: testToken, AppID: appID, UserID: botUser},
		SeedToken{Token: otherToken, AppID: "525650000000001", WABAs: []string{"999"}},
	)
	return s
}

func newFake(t *testing.T, opts Options) *Server {
	t.Helper()
	opts.Strict = true
	s, err := NewServer(testSeed(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

type answer struct {
	status int
	header http.Header
	body   map[string]any
}

func (a answer) errorCode() int {
	e, _ := a.body["error"].(map[string]any)
	code, _ := e["code"].(float64)
	return int(code)
}

func (a answer) errorSubcode() int {
	e, _ := a.body["error"].(map[string]any)
	code, _ := e["error_subcode"].(float64)
	return int(code)
}

func call(t *testing.T, s *Server, method, path string, form url.Values, token string) answer {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, s.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, header: resp.Header}
	if err := json.Unmarshal(raw, &a.body); err != nil {
		a.body = map[string]any{"raw": string(raw)}
	}
	return a
}

func TestGraphRoutes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		method      string
		path        string
		form        url.Values
		token       string
		wantStatus  int
		wantCode    int
		wantSubcode int
		check       func(t *testing.T, a answer)
	}{
		{
			name: "waba default fields", method: "GET", path: "/v25.0/" + wabaID, token: testToken, wantStatus: 200,
			check: func(t *testing.T, a answer) {
				if a.body["name"] != "Acme Support" || a.body["timezone_id"] != "47" || a.body["currency"] != nil {
					t.Errorf("default fields: %v", a.body)
				}
			},
		},
		{
			name: "waba selected fields with nested braces", method: "GET", token: testToken, wantStatus: 200,
			path: "/v24.0/" + wabaID + "?fields=" + url.QueryEscape("id,country,owner_business_info{id,name},purchase_order_number"),
			check: func(t *testing.T, a answer) {
				owner, _ := a.body["owner_business_info"].(map[string]any)
				if a.body["country"] != "DE" || owner["id"] != business || a.body["name"] != nil {
					t.Errorf("selected fields: %v", a.body)
				}
				if _, ok := a.body["purchase_order_number"]; ok {
					t.Errorf("unset field should be omitted, got %v", a.body)
				}
			},
		},
		{name: "unknown field", method: "GET", path: "/v25.0/" + wabaID + "?fields=id,bogus", token: testToken, wantStatus: 400, wantCode: 100},
		{name: "unknown object", method: "GET", path: "/v25.0/123456", token: testToken, wantStatus: 400, wantCode: 100, wantSubcode: 33},
		{name: "bad version", method: "GET", path: "/v25.1/" + wabaID, token: testToken, wantStatus: 400, wantCode: 2500},
		{name: "invalid token", method: "GET", path: "/v25.0/" + wabaID, token: "nope", wantStatus: 400, wantCode: 190, wantSubcode: 467},
		{name: "no token", method: "GET", path: "/v25.0/" + wabaID, wantStatus: 400, wantCode: 2500},
		{name: "token in query refused in strict mode", method: "GET", path: "/v25.0/" + wabaID + "?access_token=" + testToken, wantStatus: 400, wantCode: 100},
		{name: "permission", method: "GET", path: "/v25.0/" + wabaID, token: otherToken, wantStatus: 403, wantCode: 200},
		{
			name: "debug_token", method: "GET", path: "/v25.0/debug_token?input_token=" + testToken, token: testToken, wantStatus: 200,
			check: func(t *testing.T, a answer) {
				d, _ := a.body["data"].(map[string]any)
				if d["app_id"] != appID || d["user_id"] != botUser || d["is_valid"] != true {
					t.Errorf("debug_token: %v", a.body)
				}
			},
		},
		{name: "phone delete refused", method: "DELETE", path: "/v25.0/110200345501442", token: testToken, wantStatus: 400, wantCode: 100},
		{
			name: "phone node", method: "GET", path: "/v25.0/110200345501442?fields=id,display_phone_number,throughput,status", token: testToken, wantStatus: 200,
			check: func(t *testing.T, a answer) {
				if a.body["display_phone_number"] != "+49 151 12345678" || a.body["status"] != "CONNECTED" {
					t.Errorf("phone: %v", a.body)
				}
			},
		},
		{name: "assigned_users needs business", method: "GET", path: "/v25.0/" + wabaID + "/assigned_users", token: testToken, wantStatus: 400, wantCode: 100},
		{
			name: "assigned_users wrong business is empty", method: "GET", path: "/v25.0/" + wabaID + "/assigned_users?business=42", token: testToken, wantStatus: 200,
			check: func(t *testing.T, a answer) {
				if d := a.body["data"].([]any); len(d) != 0 {
					t.Errorf("want empty data, got %v", d)
				}
			},
		},
		{name: "assign unknown task", method: "POST", path: "/v25.0/" + wabaID + "/assigned_users", form: url.Values{"user": {janeUser}, "tasks": {`["FLY"]`}}, token: testToken, wantStatus: 400, wantCode: 100},
		{name: "assign unknown user", method: "POST", path: "/v25.0/" + wabaID + "/assigned_users", form: url.Values{"user": {"1"}, "tasks": {`["MANAGE"]`}}, token: testToken, wantStatus: 400, wantCode: 100},
		{name: "unassign not assigned", method: "DELETE", path: "/v25.0/" + wabaID + "/assigned_users?user=" + janeUser, token: testToken, wantStatus: 404, wantCode: 803},
		{name: "override without verify token", method: "POST", path: "/v25.0/" + wabaID + "/subscribed_apps", form: url.Values{"override_callback_uri": {"https://x.example"}}, token: testToken, wantStatus: 400, wantCode: 100},
		{name: "override over http", method: "POST", path: "/v25.0/" + wabaID + "/subscribed_apps", form: url.Values{"override_callback_uri": {"http://x.example"}, "verify_token": {"v"}}, token: testToken, wantStatus: 400, wantCode: 2200},
		{name: "add phone with letters", method: "POST", path: "/v25.0/" + wabaID + "/phone_numbers", form: url.Values{"cc": {"49"}, "phone_number": {"15x"}}, token: testToken, wantStatus: 400, wantCode: 100},
		{name: "add phone twice", method: "POST", path: "/v25.0/" + wabaID + "/phone_numbers", form: url.Values{"cc": {"49"}, "phone_number": {"15112345678"}}, token: testToken, wantStatus: 400, wantCode: 2388012},
	}
	s := newFake(t, Options{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := call(t, s, tc.method, tc.path, tc.form, tc.token)
			if a.status != tc.wantStatus || a.errorCode() != tc.wantCode || a.errorSubcode() != tc.wantSubcode {
				t.Fatalf("got status %d code %d subcode %d, want %d %d %d: %v", a.status, a.errorCode(), a.errorSubcode(), tc.wantStatus, tc.wantCode, tc.wantSubcode, a.body)
			}
			if tc.wantCode != 0 {
				e := a.body["error"].(map[string]any)
				if e["fbtrace_id"] == "" || e["message"] == "" || e["type"] == "" {
					t.Errorf("error envelope incomplete: %v", e)
				}
			}
			if tc.check != nil {
				tc.check(t, a)
			}
		})
	}
}

func TestPagingAcrossPages(t *testing.T) {
	t.Parallel()
	s := newFake(t, Options{})
	for i := range 7 {
		a := call(t, s, "POST", "/v25.0/"+wabaID+"/phone_numbers", url.Values{"cc": {"1"}, "phone_number": {fmt.Sprintf("631555%04d", i)}}, testToken)
		if a.status != 200 || a.body["id"] == nil {
			t.Fatalf("create: %v", a.body)
		}
	}
	var ids []string
	path := "/v25.0/" + wabaID + "/phone_numbers?limit=3&fields=id,display_phone_number"
	pages := 0
	for {
		a := call(t, s, "GET", path, nil, testToken)
		pages++
		for _, d := range a.body["data"].([]any) {
			ids = append(ids, d.(map[string]any)["id"].(string))
		}
		paging := a.body["paging"].(map[string]any)
		next, ok := paging["next"].(string)
		if !ok {
			break
		}
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		after := paging["cursors"].(map[string]any)["after"].(string)
		if !strings.Contains(next, "after="+after) {
			t.Errorf("next %q does not carry cursor %q", next, after)
		}
		path = "/v25.0/" + wabaID + "/phone_numbers?limit=3&fields=id,display_phone_number&after=" + after
	}
	if pages != 3 || len(ids) != 8 {
		t.Fatalf("pages %d, ids %d (%v); want 3 pages of 8 numbers", pages, len(ids), ids)
	}
	a := call(t, s, "GET", "/v25.0/"+wabaID+"/phone_numbers?summary=total_count&limit=100", nil, testToken)
	if _, hasNext := a.body["paging"].(map[string]any)["next"]; hasNext {
		t.Error("a last page has no next")
	}
	if a.body["summary"].(map[string]any)["total_count"].(float64) != 8 {
		t.Errorf("summary: %v", a.body["summary"])
	}
}

func TestPageSizeCapsLimit(t *testing.T) {
	t.Parallel()
	s := newFake(t, Options{PageSize: 1})
	call(t, s, "POST", "/v25.0/"+wabaID+"/assigned_users", url.Values{"user": {janeUser}, "tasks": {`["VIEW_COST"]`}}, testToken)
	a := call(t, s, "GET", "/v25.0/"+wabaID+"/assigned_users?business="+business+"&limit=100", nil, testToken)
	if n := len(a.body["data"].([]any)); n != 1 {
		t.Fatalf("page of %d, want 1", n)
	}
	if _, ok := a.body["paging"].(map[string]any)["next"]; !ok {
		t.Fatal("want next with more items left")
	}
}

func TestAssignedUsersLifecycle(t *testing.T) {
	t.Parallel()
	s := newFake(t, Options{})
	edge := "/v25.0/" + wabaID + "/assigned_users"
	for _, tasks := range []string{`["MANAGE_TEMPLATES","VIEW_COST"]`, `['VIEW_COST']`} {
		if a := call(t, s, "POST", edge, url.Values{"user": {janeUser}, "tasks": {tasks}}, testToken); a.status != 200 || a.body["success"] != true {
			t.Fatalf("assign %s: %v", tasks, a.body)
		}
	}
	if got, ok := s.Assignment(wabaID, janeUser); !ok || strings.Join(got, ",") != "VIEW_COST" {
		t.Fatalf("re-POST replaces the task set: got %v", got)
	}
	a := call(t, s, "GET", edge+"?business="+business+"&fields=id,name,tasks,user_type", nil, testToken)
	if len(a.body["data"].([]any)) != 2 {
		t.Fatalf("list: %v", a.body)
	}
	if a := call(t, s, "DELETE", edge, url.Values{"user": {janeUser}}, testToken); a.status != 200 {
		t.Fatalf("unassign: %v", a.body)
	}
	if _, ok := s.Assignment(wabaID, janeUser); ok {
		t.Fatal("still assigned")
	}
}

func TestRejectReassignAndLenientDelete(t *testing.T) {
	t.Parallel()
	s := newFake(t, Options{RejectReassign: true, UnassignedDeleteSucceeds: true})
	edge := "/v25.0/" + wabaID + "/assigned_users"
	if a := call(t, s, "POST", edge, url.Values{"user": {botUser}, "tasks": {`["DEVELOP"]`}}, testToken); a.status != 422 || a.errorCode() != 100 {
		t.Fatalf("want 422/100, got %d %v", a.status, a.body)
	}
	if a := call(t, s, "DELETE", edge+"?user="+janeUser, nil, testToken); a.status != 200 {
		t.Fatalf("want success, got %v", a.body)
	}
}

func TestMergeTasks(t *testing.T) {
	t.Parallel()
	s := newFake(t, Options{MergeTasks: true})
	call(t, s, "POST", "/v25.0/"+wabaID+"/assigned_users", url.Values{"user": {botUser}, "tasks": {`["DEVELOP"]`}}, testToken)
	if got, _ := s.Assignment(wabaID, botUser); strings.Join(got, ",") != "MANAGE,DEVELOP" {
		t.Fatalf("merge: %v", got)
	}
}

func TestSubscribedAppsOverride(t *testing.T) {
	t.Parallel()
	s := newFake(t, Options{})
	edge := "/v25.0/" + wabaID + "/subscribed_apps"
	call(t, s, "POST", edge, url.Values{"override_callback_uri": {"https://hooks.example/wa"}, "verify_token": {"v1"}}, testToken)
	if sub, ok := s.Subscription(wabaID, appID); !ok || sub.OverrideCallbackURI != "https://hooks.example/wa" || sub.VerifyToken != "v1" {
		t.Fatalf("override not set: %+v", sub)
	}
	a := call(t, s, "GET", edge, nil, testToken)
	data := a.body["data"].([]any)
	if len(data) != 2 || data[1].(map[string]any)["override_callback_uri"] != "https://hooks.example/wa" {
		t.Fatalf("list: %v", data)
	}
	call(t, s, "POST", edge, nil, testToken)
	if sub, _ := s.Subscription(wabaID, appID); sub.OverrideCallbackURI != "" {
		t.Fatalf("POST without parameters clears the override: %+v", sub)
	}
	for range 2 { // unsubscribing twice succeeds
		if a := call(t, s, "DELETE", edge, nil, testToken); a.status != 200 {
			t.Fatalf("unsubscribe: %v", a.body)
		}
	}
	if _, ok := s.Subscription(wabaID, appID); ok {
		t.Fatal("still subscribed")
	}
	if _, ok := s.Subscription(wabaID, "525650000000001"); !ok {
		t.Fatal("another app's subscription must stay")
	}
}

func TestPhoneNumberLifecycle(t *testing.T) {
	t.Parallel()
	s := newFake(t, Options{})
	a := call(t, s, "POST", "/v25.0/"+wabaID+"/phone_numbers", url.Values{"cc": {"1"}, "phone_number": {"6315551234"}, "verified_name": {"Acme"}}, testToken)
	id, _ := a.body["id"].(string)
	p, waba, ok := s.PhoneNumber(id)
	if !ok || waba != wabaID || p.Status != "PENDING" || p.CodeVerificationStatus != "NOT_VERIFIED" || p.PlatformType != "NOT_APPLICABLE" || p.NameStatus != "PENDING_REVIEW" {
		t.Fatalf("new number: %+v", p)
	}
	a = call(t, s, "GET", "/v25.0/"+id+"?fields=display_phone_number", nil, testToken)
	if a.body["display_phone_number"] != "+1 631-555-1234" {
		t.Errorf("display: %v", a.body)
	}
	call(t, s, "POST", "/v25.0/"+id+"/register", url.Values{"messaging_product": {"whatsapp"}, "pin": {"123456"}}, testToken)
	if p, _, _ := s.PhoneNumber(id); p.PlatformType != "CLOUD_API" {
		t.Errorf("register: %+v", p)
	}
	call(t, s, "POST", "/v25.0/"+id+"/deregister", nil, testToken)
	if p, _, _ := s.PhoneNumber(id); p.PlatformType != "NOT_APPLICABLE" {
		t.Errorf("deregister: %+v", p)
	}
}

func TestJSONBodyAccepted(t *testing.T) {
	t.Parallel()
	s := newFake(t, Options{})
	req, _ := http.NewRequest("POST", s.URL+"/v25.0/"+wabaID+"/assigned_users", strings.NewReader(`{"user":"`+janeUser+`","tasks":["MESSAGING"]}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got, ok := s.Assignment(wabaID, janeUser); !ok || got[0] != "MESSAGING" {
		t.Fatalf("JSON body: %v %v", got, ok)
	}
}

func TestAppSecretProof(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_800_000_000, 0)
	seed := testSeed()
	seed.Apps[0].RequireAppSecret = true
	s, err := NewServer(seed, Options{Strict: true, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	proof := func(msg string) string {
		m := hmac.New(sha256.New, []byte("demo-app-secret"))
		m.Write([]byte(msg))
		return hex.EncodeToString(m.Sum(nil))
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	old := strconv.FormatInt(now.Add(-6*time.Minute).Unix(), 10)
	tests := []struct {
		name  string
		query string
		ok    bool
	}{
		{"missing", "", false},
		{"timestamped", "appsecret_proof=" + proof(testToken+"|"+ts) + "&appsecret_time=" + ts, true},
		{"legacy", "appsecret_proof=" + proof(testToken), true},
		{"wrong", "appsecret_proof=" + proof("x"), false},
		{"expired", "appsecret_proof=" + proof(testToken+"|"+old) + "&appsecret_time=" + old, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := call(t, s, "GET", "/v25.0/"+wabaID+"?"+tc.query, nil, testToken)
			if (a.status == 200) != tc.ok {
				t.Fatalf("status %d: %v", a.status, a.body)
			}
		})
	}
}

func TestBudgetAndUsageHeader(t *testing.T) {
	t.Parallel()
	s := newFake(t, Options{})
	s.SetBudget(Budget{Calls: 2, RegainMinutes: 7})
	for i := range 3 {
		a := call(t, s, "GET", "/v25.0/"+wabaID, nil, testToken)
		var usage map[string][]map[string]any
		if err := json.Unmarshal([]byte(a.header.Get("X-Business-Use-Case-Usage")), &usage); err != nil {
			t.Fatalf("usage header: %v", err)
		}
		u := usage[wabaID][0]
		if i < 2 && a.status != 200 {
			t.Fatalf("call %d within budget: %v", i, a.body)
		}
		if i == 2 {
			if a.errorCode() != 80008 || u["estimated_time_to_regain_access"].(float64) != 7 || u["call_count"].(float64) != 100 {
				t.Fatalf("over budget: %v %v", a.body, u)
			}
		}
	}
}

func TestFaultKinds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind       string
		wantStatus int
		wantCode   int
		dropped    bool
	}{
		{FaultRateLimit4, 400, 4, false},
		{FaultRateLimit17, 400, 17, false},
		{FaultRateLimit80007, 400, 80007, false},
		{FaultRateLimit80008, 400, 80008, false},
		{FaultHTTP429, 429, 4, false},
		{FaultHTTP500, 500, 0, false},
		{FaultHTTP503HTML, 503, 0, false},
		{FaultTransient, 500, 2, false},
		{FaultPermission, 403, 200, false},
		{FaultAuth, 400, 190, false},
		{FaultDropBefore, 0, 0, true},
		{FaultDropAfter, 0, 0, true},
		{FaultTransientAfter, 500, 2, false},
	}
	for _, tc := range tests {
		t.Run(tc.kind, func(t *testing.T) {
			t.Parallel()
			s := newFake(t, Options{})
			if err := s.SetFaults(FaultConfig{Rules: []FaultRule{{Method: "POST", Route: "/{waba}/assigned_users", Kind: tc.kind, Times: 1}}}); err != nil {
				t.Fatal(err)
			}
			req, _ := http.NewRequest("POST", s.URL+"/v25.0/"+wabaID+"/assigned_users", strings.NewReader(url.Values{"user": {janeUser}, "tasks": {`["VIEW_COST"]`}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Authorization", "Bearer "+testToken)
			resp, err := http.DefaultClient.Do(req)
			if tc.dropped {
				if err == nil {
					resp.Body.Close()
					t.Fatal("want a dropped connection")
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				raw, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				a := answer{status: resp.StatusCode}
				_ = json.Unmarshal(raw, &a.body)
				if a.status != tc.wantStatus || a.errorCode() != tc.wantCode {
					t.Fatalf("got %d code %d: %s", a.status, a.errorCode(), raw)
				}
			}
			_, applied := s.Assignment(wabaID, janeUser)
			if applied != (tc.kind == FaultDropAfter || tc.kind == FaultTransientAfter) {
				t.Fatalf("applied = %v", applied)
			}
			if s.Stats().Faults[tc.kind] != 1 {
				t.Fatalf("fault not counted: %v", s.Stats().Faults)
			}
			// Times: 1 means the next request goes through.
			if a := call(t, s, "POST", "/v25.0/"+wabaID+"/assigned_users", url.Values{"user": {janeUser}, "tasks": {`["VIEW_COST"]`}}, testToken); a.status != 200 {
				t.Fatalf("second request: %v", a.body)
			}
		})
	}
}

// TestRateFaultsReproducible checks that hash-based faults hit the same
// requests whatever order they arrive in.
func TestOptionalErrorFieldsOmitted(t *testing.T) {
	t.Parallel()
	s := newFake(t, Options{OmitOptionalErrorFields: true})
	first := call(t, s, "GET", "/v25.0/"+wabaID, nil, "nope")
	second := call(t, s, "GET", "/v25.0/"+wabaID, nil, "nope")
	if first.errorCode() != 190 || first.errorSubcode() != 467 {
		t.Fatalf("first error: %v", first.body)
	}
	e := second.body["error"].(map[string]any)
	if _, has := e["error_subcode"]; has || second.errorCode() != 190 || e["fbtrace_id"] == "" {
		t.Fatalf("second error should keep code and fbtrace_id and drop error_subcode: %v", e)
	}
}

func TestAppUsageHeaderOutsideWABA(t *testing.T) {
	t.Parallel()
	s := newFake(t, Options{})
	a := call(t, s, "GET", "/v25.0/debug_token?input_token="+testToken, nil, testToken)
	if a.header.Get("X-App-Usage") == "" || a.header.Get("X-Business-Use-Case-Usage") != "" {
		t.Fatalf("headers: %v", a.header)
	}
}

func TestFaultRuleSkip(t *testing.T) {
	t.Parallel()
	s := newFake(t, Options{})
	if err := s.SetFaults(FaultConfig{Rules: []FaultRule{{Method: "GET", Kind: FaultHTTP500, Skip: 2, Times: 1}}}); err != nil {
		t.Fatal(err)
	}
	var got []int
	for range 4 {
		got = append(got, call(t, s, "GET", "/v25.0/"+wabaID, nil, testToken).status)
	}
	if fmt.Sprint(got) != "[200 200 500 200]" {
		t.Fatalf("statuses %v, want the third request to fail", got)
	}
}

func TestRateFaultsReproducible(t *testing.T) {
	t.Parallel()
	run := func(order []int) map[int]int {
		s := newFake(t, Options{})
		if err := s.SetFaults(FaultConfig{Seed: 42, Rate: 0.3, Kinds: []string{FaultHTTP500}}); err != nil {
			t.Fatal(err)
		}
		out := map[int]int{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		for _, i := range order {
			wg.Add(1)
			go func() {
				defer wg.Done()
				a := call(t, s, "GET", fmt.Sprintf("/v25.0/%s/assigned_users?business=%d", wabaID, i), nil, testToken)
				mu.Lock()
				out[i] = a.status
				mu.Unlock()
			}()
		}
		wg.Wait()
		return out
	}
	order := make([]int, 40)
	reversed := make([]int, 40)
	for i := range order {
		order[i], reversed[len(order)-1-i] = i, i
	}
	a, b := run(order), run(reversed)
	failed := 0
	for i := range order {
		if a[i] != b[i] {
			t.Fatalf("request %d: %d in one run, %d in the other", i, a[i], b[i])
		}
		if a[i] == 500 {
			failed++
		}
	}
	if failed == 0 || failed == len(order) {
		t.Fatalf("%d of %d failed at rate 0.3", failed, len(order))
	}
}

func TestControlRoutes(t *testing.T) {
	t.Parallel()
	s := newFake(t, Options{})
	post := func(path, body string) int {
		resp, err := http.Post(s.URL+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	call(t, s, "GET", "/v25.0/"+wabaID, nil, testToken)
	if got := s.Stats().Count("GET /{waba}"); got != 1 {
		t.Fatalf("counter: %d", got)
	}
	if code := post("/_fake/delete", `{"kind":"assigned_user","waba_id":"`+wabaID+`","id":"`+botUser+`"}`); code != 200 {
		t.Fatalf("delete: %d", code)
	}
	if _, ok := s.Assignment(wabaID, botUser); ok {
		t.Fatal("out-of-band delete did not delete")
	}
	if code := post("/_fake/change", `{"kind":"waba","waba_id":"`+wabaID+`","fields":{"name":"Renamed"}}`); code != 200 {
		t.Fatalf("change: %d", code)
	}
	if a := call(t, s, "GET", "/v25.0/"+wabaID, nil, testToken); a.body["name"] != "Renamed" {
		t.Fatalf("change not visible: %v", a.body)
	}
	if code := post("/_fake/faults", `{"rules":[{"kind":"http_500"}]}`); code != 200 {
		t.Fatalf("faults: %d", code)
	}
	if a := call(t, s, "GET", "/v25.0/"+wabaID, nil, testToken); a.status != 500 {
		t.Fatalf("fault rule not applied: %d", a.status)
	}
	if code := post("/_fake/faults", `{"rules":[{"kind":"nonsense"}]}`); code != 400 {
		t.Fatalf("unknown fault kind accepted: %d", code)
	}
	if code := post("/_fake/latency?ms=1", ``); code != 200 {
		t.Fatalf("latency: %d", code)
	}
	if code := post("/_fake/reset?state=1", ``); code != 200 {
		t.Fatalf("reset: %d", code)
	}
	if _, ok := s.Assignment(wabaID, botUser); !ok || s.Stats().Total != 0 {
		t.Fatal("reset did not restore the seed and counters")
	}
	resp, err := http.Get(s.URL + "/_fake/state")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st Seed
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil || len(st.WABAs) != 1 {
		t.Fatalf("state: %v %+v", err, st)
	}
	if strings.Contains(fmt.Sprint(st.Apps), "demo-app-secret") {
		t.Fatal("state leaks the app secret")
	}
}

func TestRegistrationRules(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	s := newFake(t, Options{Now: clock})
	a := call(t, s, "POST", "/v25.0/"+wabaID+"/phone_numbers", url.Values{"cc": {"1"}, "phone_number": {"6315551234"}}, testToken)
	id, _ := a.body["id"].(string)
	reg := func(pin string) int {
		return (call(t, s, "POST", "/v25.0/"+id+"/register", url.Values{"messaging_product": {"whatsapp"}, "pin": {pin}}, testToken).errorCode())
	}
	tests := []struct {
		name string
		do   func() int
		want int
	}{
		{"no messaging_product", func() int {
			return call(t, s, "POST", "/v25.0/"+id+"/register", url.Values{"pin": {"123456"}}, testToken).errorCode()
		}, 100},
		{"pin of 5 digits", func() int { return reg("12345") }, 100},
		{"unknown region", func() int {
			return (call(t, s, "POST", "/v25.0/"+id+"/register", url.Values{"messaging_product": {"whatsapp"}, "pin": {"123456"}, "data_localization_region": {"XX"}}, testToken).errorCode())
		}, 100},
		{"pin while not registered", func() int {
			return call(t, s, "POST", "/v25.0/"+id, url.Values{"pin": {"654321"}}, testToken).errorCode()
		}, 133010},
		{"register sets the pin", func() int { return reg("123456") }, 0},
		{"another pin is refused", func() int { return reg("111111") }, 133005},
		{"pin change", func() int {
			return call(t, s, "POST", "/v25.0/"+id, url.Values{"pin": {"654321"}}, testToken).errorCode()
		}, 0},
		{"the new pin registers", func() int { return reg("654321") }, 0},
	}
	for _, tc := range tests {
		if got := tc.do(); got != tc.want {
			t.Fatalf("%s: code %d, want %d", tc.name, got, tc.want)
		}
	}
	// 2 registrations so far (refused ones do not count); 8 more fit in 72
	// hours, the 11th does not.
	for i := range 8 {
		if got := reg("654321"); got != 0 {
			t.Fatalf("registration %d: code %d", i+3, got)
		}
	}
	if got := reg("654321"); got != 133016 {
		t.Fatalf("11th registration in 72 h: code %d, want 133016", got)
	}
	advance(72 * time.Hour)
	if got := reg("654321"); got != 0 {
		t.Fatalf("after 72 h: code %d", got)
	}
	// Display names wait for review.
	call(t, s, "POST", "/v25.0/"+id+"?new_display_name=Acme%20Care", nil, testToken)
	a = call(t, s, "GET", "/v25.0/"+id+"?fields=verified_name,new_display_name,new_name_status,is_pin_enabled", nil, testToken)
	if a.body["new_display_name"] != "Acme Care" || a.body["new_name_status"] != "PENDING_REVIEW" || a.body["is_pin_enabled"] != true {
		t.Fatalf("pending: %v", a.body)
	}
	if err := s.DecideDisplayName(id, false); err != nil {
		t.Fatal(err)
	}
	if p, _, _ := s.PhoneNumber(id); p.NewNameStatus != "DECLINED" || p.VerifiedName != "" {
		t.Fatalf("declined: %+v", p)
	}
	call(t, s, "POST", "/v25.0/"+id+"?new_display_name=Acme%20Help", nil, testToken)
	if err := s.DecideDisplayName(id, true); err != nil {
		t.Fatal(err)
	}
	if p, _, _ := s.PhoneNumber(id); p.VerifiedName != "Acme Help" || p.NewDisplayName != "" || p.NameStatus != "APPROVED" {
		t.Fatalf("approved: %+v", p)
	}
}

func TestNumberSettingsLimits(t *testing.T) {
	t.Parallel()
	s := newFake(t, Options{})
	a := call(t, s, "POST", "/v25.0/"+wabaID+"/phone_numbers", url.Values{"cc": {"1"}, "phone_number": {"6315551234"}}, testToken)
	id, _ := a.body["id"].(string)
	profile := func(kv ...string) url.Values {
		v := url.Values{"messaging_product": {"whatsapp"}}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	long := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name, path string
		form       url.Values
		want       int
	}{
		{"profile without messaging_product", "/whatsapp_business_profile", url.Values{"about": {"Hi"}}, 100},
		{"about of 139", "/whatsapp_business_profile", profile("about", long(139)), 0},
		{"about of 140", "/whatsapp_business_profile", profile("about", long(140)), 100},
		{"empty about", "/whatsapp_business_profile", profile("about", ""), 100},
		{"address of 257", "/whatsapp_business_profile", profile("address", long(257)), 100},
		{"description of 513", "/whatsapp_business_profile", profile("description", long(513)), 100},
		{"email without @", "/whatsapp_business_profile", profile("email", "support"), 100},
		{"three websites", "/whatsapp_business_profile", profile("websites", `["https://a.x","https://b.x","https://c.x"]`), 100},
		{"website without scheme", "/whatsapp_business_profile", profile("websites", `["a.x"]`), 100},
		{"unknown vertical", "/whatsapp_business_profile", profile("vertical", "FOOD"), 100},
		{"unknown picture handle", "/whatsapp_business_profile", profile("profile_picture_handle", "4::nope"), 100},
		{"five prompts", "/conversational_automation", url.Values{"prompts": {`["a","b","c","d","e"]`}}, 105},
		{"prompt of 81", "/conversational_automation", url.Values{"prompts": {`["` + long(81) + `"]`}}, 100},
		{"command with slash", "/conversational_automation", url.Values{"commands": {`[{"command_name":"/x","command_description":"d"}]`}}, 100},
		{"duplicate commands", "/conversational_automation", url.Values{"commands": {`[{"command_name":"x","command_description":"d"},{"command_name":"x","command_description":"e"}]`}}, 100},
		{"commerce settings with neither", "/whatsapp_commerce_settings", url.Values{}, 100},
		{"cart not a boolean", "/whatsapp_commerce_settings", url.Values{"is_cart_enabled": {"yes"}}, 100},
		{"catalog shown", "/whatsapp_commerce_settings", url.Values{"is_catalog_visible": {"true"}}, 0},
		{"override before subscribing", "", url.Values{"webhook_configuration": {`{"override_callback_uri":"https://h.x/wa","verify_token":"t"}`}}, 100},
		{"override over http", "", url.Values{"webhook_configuration": {`{"override_callback_uri":"http://h.x/wa","verify_token":"t"}`}}, 2200},
		{"override of 201", "", url.Values{"webhook_configuration": {`{"override_callback_uri":"https://` + long(193) + `","verify_token":"t"}`}}, 100},
	}
	for _, tc := range tests {
		if got := call(t, s, "POST", "/v25.0/"+id+tc.path, tc.form, testToken).errorCode(); got != tc.want {
			t.Errorf("%s: code %d, want %d", tc.name, got, tc.want)
		}
	}
	// Subscribed, the override is accepted and read back; "" clears it.
	call(t, s, "POST", "/v25.0/"+wabaID+"/subscribed_apps", nil, testToken)
	call(t, s, "POST", "/v25.0/"+id, url.Values{"webhook_configuration": {`{"override_callback_uri":"https://h.x/wa","verify_token":"t"}`}}, testToken)
	got := call(t, s, "GET", "/v25.0/"+id+"?fields=webhook_configuration", nil, testToken).body
	if wc, _ := got["webhook_configuration"].(map[string]any); wc["phone_number"] != "https://h.x/wa" {
		t.Fatalf("override: %v", got)
	}
	call(t, s, "POST", "/v25.0/"+id, url.Values{"webhook_configuration": {`{"override_callback_uri":""}`}}, testToken)
	if _, set := s.PhoneWebhook(id); set {
		t.Fatal("an empty override did not clear it")
	}
	// A profile reads back as a list of one, with only what is set.
	call(t, s, "POST", "/v25.0/"+id+"/whatsapp_business_profile", profile("about", "Hi", "websites", `["https://a.x"]`), testToken)
	got = call(t, s, "GET", "/v25.0/"+id+"/whatsapp_business_profile?fields=about,address,websites", nil, testToken).body
	data, _ := got["data"].([]any)
	if len(data) != 1 || data[0].(map[string]any)["about"] != "Hi" || data[0].(map[string]any)["address"] != nil {
		t.Fatalf("profile: %v", got)
	}
}

// The profile's read-back carries messaging_product in data[0], as Meta's
// does, whether or not fields= names it.
func TestBusinessProfileMessagingProduct(t *testing.T) {
	t.Parallel()
	s := newFake(t, Options{})
	phone := testSeed().WABAs[0].PhoneNumbers[0].ID
	for _, query := range []string{"", "?fields=about,address,websites", "?fields=messaging_product"} {
		got := call(t, s, "GET", "/v25.0/"+phone+"/whatsapp_business_profile"+query, nil, testToken)
		data, _ := got.body["data"].([]any)
		if got.status != http.StatusOK || len(data) != 1 {
			t.Fatalf("%q: %d %v", query, got.status, got.body)
		}
		if p, _ := data[0].(map[string]any); p["messaging_product"] != "whatsapp" {
			t.Errorf("%q: data[0] = %v, want messaging_product whatsapp", query, p)
		}
	}
}
