package graphapitest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options tune the fake. The zero value is what tests want: strict token
// placement off, no budget, 100 items a page at most.
type Options struct {
	// Strict rejects a token anywhere but the Authorization header (apart from
	// debug_token's input_token) with an error, and counts the violation.
	Strict bool
	// PageSize caps a page below the client's limit; 0 means Graph's cap of 100.
	PageSize int
	// UnassignedDeleteSucceeds makes DELETE assigned_users of an unassigned user
	// answer success instead of 404 code 803.
	UnassignedDeleteSucceeds bool
	// RejectReassign makes POST assigned_users of an assigned user fail with
	// 422 code 100 "already assigned" instead of replacing the task set.
	RejectReassign bool
	// MergeTasks makes POST assigned_users of an assigned user add the new
	// tasks to the old ones instead of replacing them (undocumented either way).
	MergeTasks bool
	// OmitOptionalErrorFields leaves error_subcode and is_transient out of
	// every other error, as Meta does for some errors and API versions.
	OmitOptionalErrorFields bool
	// DuplicatePhoneCode is the code for adding a number twice: 2388012 (default) or 100.
	DuplicatePhoneCode int
	// Now is the fake's clock (appsecret_time checks, budget windows); default time.Now.
	Now func() time.Time
}

// Server is the fake Graph API. Use [NewServer] for an in-process httptest
// server, or [New] and [Server.ServeHTTP] to mount it yourself.
type Server struct {
	opts Options

	mu      sync.Mutex
	seed    Seed
	st      *state
	stats   Stats
	seen    map[string]int // attempts per request key, for hash-based faults
	faults  FaultConfig
	latency time.Duration
	budget  Budget
	errors  int                     // errors written, for OmitOptionalErrorFields
	usage   map[string]*usageWindow // per app|waba

	// URL is the base URL when the server was started by NewServer.
	URL string
	ts  *httptest.Server
}

// Budget is the per-(app, WABA) call budget; Calls 0 turns it off.
type Budget struct {
	Calls         int           `json:"calls"`
	RegainMinutes int           `json:"regain_minutes"`
	Window        time.Duration `json:"window,omitempty"`
}

type usageWindow struct {
	start time.Time
	calls int
}

// New returns a fake with the seed applied.
func New(seed Seed, opts Options) (*Server, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.DuplicatePhoneCode == 0 {
		opts.DuplicatePhoneCode = 2388012
	}
	s := &Server{opts: opts, seed: seed}
	if err := s.resetState(); err != nil {
		return nil, err
	}
	s.resetStats()
	return s, nil
}

// NewServer starts the fake on a loopback httptest server; Close stops it.
func NewServer(seed Seed, opts Options) (*Server, error) {
	s, err := New(seed, opts)
	if err != nil {
		return nil, err
	}
	s.ts = httptest.NewServer(s)
	s.URL = s.ts.URL
	return s, nil
}

// Close stops a server started by NewServer.
func (s *Server) Close() {
	if s.ts != nil {
		s.ts.Close()
	}
}

func (s *Server) resetState() error {
	st := newState()
	if err := st.apply(s.seed); err != nil {
		return err
	}
	s.st = st
	s.usage = map[string]*usageWindow{}
	return nil
}

func (s *Server) resetStats() {
	s.stats = Stats{Requests: map[string]int{}, Faults: map[string]int{}}
	s.seen = map[string]int{}
}

// Stats counts what the fake received; it never counts /_fake/ routes.
type Stats struct {
	// Total is every API request, faulted ones included.
	Total int `json:"total"`
	// Requests counts by "METHOD route", e.g. "GET /{waba}/phone_numbers".
	Requests map[string]int `json:"requests"`
	// Faults counts injected faults by kind.
	Faults map[string]int `json:"faults"`
	// TokenOutsideHeader counts requests that carried the token elsewhere than
	// the Authorization header (debug_token's input_token aside).
	TokenOutsideHeader int `json:"token_outside_header"`
	// MissingAppSecretProof counts requests without a valid proof for an app that requires one.
	MissingAppSecretProof int `json:"missing_appsecret_proof"`
}

// Count returns the requests made to "METHOD route".
func (st Stats) Count(methodRoute string) int { return st.Requests[methodRoute] }

// Stats returns a copy of the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.stats
	out.Requests = cloneMap(s.stats.Requests)
	out.Faults = cloneMap(s.stats.Faults)
	return out
}

// ResetStats zeroes the counters and the attempt history behind hash faults.
func (s *Server) ResetStats() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resetStats()
}

// Reset restores the seed and zeroes the counters.
func (s *Server) Reset() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resetStats()
	return s.resetState()
}

// Apply merges a seed into the current state.
func (s *Server) Apply(seed Seed) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.apply(seed)
}

// State returns the current state in the seed format (secrets masked).
func (s *Server) State() Seed {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.snapshot()
}

// SetLatency adds d to every API request.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// SetBudget sets the per-(app, WABA) call budget.
func (s *Server) SetBudget(b Budget) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b.Window == 0 {
		b.Window = time.Hour
	}
	s.budget = b
	s.usage = map[string]*usageWindow{}
}

// request is one parsed API request.
type request struct {
	r      *http.Request
	parts  []string // path after the version
	route  string   // e.g. "/{waba}/phone_numbers"
	params url.Values
	token  SeedToken
	app    SeedApp
}

// graphError is Graph's error envelope.
type graphError struct {
	status    int
	Message   string `json:"message"`
	Type      string `json:"type"`
	Code      int    `json:"code"`
	Subcode   int    `json:"error_subcode,omitempty"`
	Transient *bool  `json:"is_transient,omitempty"`
	UserMsg   string `json:"error_user_msg,omitempty"`
	TraceID   string `json:"fbtrace_id"`
}

func (e *graphError) Error() string { return e.Message }

func errf(status, code, subcode int, typ, format string, args ...any) *graphError {
	return &graphError{status: status, Code: code, Subcode: subcode, Type: typ, Message: fmt.Sprintf(format, args...)}
}

func notFound(verb, id string) *graphError {
	return errf(400, 100, 33, "GraphMethodException",
		"Unsupported %s request. Object with ID '%s' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api", verb, id)
}

func invalidParam(format string, args ...any) *graphError {
	return errf(400, 100, 0, "OAuthException", "(#100) "+format, args...)
}

var versionRe = regexp.MustCompile(`^v[0-9]+\.0$`)

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_fake/") {
		s.serveControl(w, r)
		return
	}
	s.mu.Lock()
	latency := s.latency
	s.mu.Unlock()
	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return
		}
	}
	req, gerr := s.parse(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.Total++
	route := "?"
	if req != nil {
		route = req.route
	}
	s.stats.Requests[r.Method+" "+route]++
	if gerr != nil {
		s.writeError(w, gerr)
		return
	}
	if fault := s.pickFault(req); fault != "" {
		s.stats.Faults[fault]++
		if s.injectFault(w, req, fault) {
			return
		}
	}
	if gerr := s.authenticate(req); gerr != nil {
		s.writeError(w, gerr)
		return
	}
	if gerr := s.charge(w, req); gerr != nil {
		s.writeError(w, gerr)
		return
	}
	body, gerr := s.dispatch(req)
	if gerr != nil {
		s.writeError(w, gerr)
		return
	}
	writeJSON(w, http.StatusOK, body)
}

// parse splits the path, reads parameters from the query, a form body or a JSON
// body, and names the route.
func (s *Server) parse(r *http.Request) (*request, *graphError) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) < 2 || !versionRe.MatchString(parts[0]) {
		return nil, errf(400, 2500, 0, "OAuthException", "Unknown path components: %s", r.URL.Path)
	}
	req := &request{r: r, parts: parts[1:]}
	params, err := readParams(r)
	if err != nil {
		return req, invalidParam("%v", err)
	}
	req.params = params
	req.route = s.routeOf(req.parts)
	return req, nil
}

func readParams(r *http.Request) (url.Values, error) {
	params := r.URL.Query()
	if r.Method != http.MethodPost && r.Method != http.MethodDelete {
		return params, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return params, nil
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			return nil, fmt.Errorf("request body is not valid JSON: %v", err)
		}
		for k, v := range m {
			switch v := v.(type) {
			case string:
				params.Set(k, v)
			default:
				b, _ := json.Marshal(v)
				params.Set(k, string(b))
			}
		}
		return params, nil
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, fmt.Errorf("request body is not form-encoded: %v", err)
	}
	for k, v := range form {
		params[k] = v
	}
	return params, nil
}

// routeOf names a path by its shape: "/{waba}", "/{phone}/deregister", ...
func (s *Server) routeOf(parts []string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(parts) == 1 && parts[0] == "debug_token" {
		return "/debug_token"
	}
	kind := "{id}"
	if _, ok := s.st.wabas[parts[0]]; ok {
		kind = "{waba}"
	} else if _, ok := s.st.phones[parts[0]]; ok {
		kind = "{phone}"
	}
	if len(parts) == 1 {
		return "/" + kind
	}
	return "/" + kind + "/" + strings.Join(parts[1:], "/")
}

// tokenOf finds the access token and notes where it came from.
func tokenOf(req *request) (token string, outside bool) {
	if h := req.r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") || strings.HasPrefix(h, "OAuth ") {
		token = strings.TrimSpace(h[strings.Index(h, " ")+1:])
	}
	if t := req.params.Get("access_token"); t != "" {
		outside = true
		if token == "" {
			token = t
		}
	}
	return token, outside
}

func (s *Server) authenticate(req *request) *graphError {
	token, outside := tokenOf(req)
	if outside {
		s.stats.TokenOutsideHeader++
		if s.opts.Strict {
			return invalidParam("strict mode: the access token must travel in the Authorization header only")
		}
	}
	t, ok := s.st.tokens[token]
	if !ok {
		if token == "" {
			return errf(400, 2500, 0, "OAuthException", "An active access token must be used to query information about the current user.")
		}
		return errf(400, 190, 467, "OAuthException", "Invalid OAuth access token - Cannot parse access token")
	}
	req.token = t
	req.app = s.st.apps[t.AppID]
	return s.checkProof(req, token)
}

// checkProof validates appsecret_proof in the legacy and the timestamped form.
func (s *Server) checkProof(req *request, token string) *graphError {
	proof := req.params.Get("appsecret_proof")
	if proof == "" {
		if req.app.RequireAppSecret {
			s.stats.MissingAppSecretProof++
			return invalidParam("API calls from the server require an appsecret_proof argument")
		}
		return nil
	}
	msg := token
	if ts := req.params.Get("appsecret_time"); ts != "" {
		sec, err := strconv.ParseInt(ts, 10, 64)
		if err != nil {
			return invalidParam("appsecret_time must be an integer")
		}
		if age := s.opts.Now().Sub(time.Unix(sec, 0)); age > 5*time.Minute || age < -5*time.Minute {
			s.stats.MissingAppSecretProof++
			return invalidParam("appsecret_time is too old")
		}
		msg = token + "|" + ts
	}
	mac := hmac.New(sha256.New, []byte(s.st.apps[req.token.AppID].Secret))
	mac.Write([]byte(msg))
	if !hmac.Equal([]byte(hex.EncodeToString(mac.Sum(nil))), []byte(strings.ToLower(proof))) {
		s.stats.MissingAppSecretProof++
		return invalidParam("Invalid appsecret_proof provided in the API argument")
	}
	return nil
}

// charge counts a WABA-scoped call against the (app, WABA) budget and sets the
// usage header.
func (s *Server) charge(w http.ResponseWriter, req *request) *graphError {
	if !strings.HasPrefix(req.route, "/{waba}") {
		// Platform-level usage, as percentages; the fake keeps no platform budget.
		w.Header().Set("X-App-Usage", `{"call_count":0,"total_cputime":0,"total_time":0}`)
		return nil
	}
	wabaID := req.parts[0]
	key := req.app.ID + "|" + wabaID
	u := s.usage[key]
	now := s.opts.Now()
	window := s.budget.Window
	if window == 0 {
		window = time.Hour
	}
	if u == nil || now.Sub(u.start) >= window {
		u = &usageWindow{start: now}
		s.usage[key] = u
	}
	u.calls++
	pct, regain := 0, 0
	if s.budget.Calls > 0 {
		pct = min(100, u.calls*100/s.budget.Calls)
		if u.calls > s.budget.Calls {
			regain = s.budget.RegainMinutes
		}
	}
	setUsageHeader(w, wabaID, pct, regain)
	if s.budget.Calls > 0 && u.calls > s.budget.Calls {
		t := true
		e := errf(400, 80008, 2446079, "OAuthException", "(#80008) There have been too many calls to this WhatsApp Business account. Wait a bit and try again.")
		e.Transient = &t
		return e
	}
	return nil
}

func setUsageHeader(w http.ResponseWriter, wabaID string, pct, regainMinutes int) {
	v, _ := json.Marshal(map[string]any{wabaID: []map[string]any{{
		"type": "whatsapp_business_management", "call_count": pct, "total_cputime": pct / 2,
		"total_time": pct / 2, "estimated_time_to_regain_access": regainMinutes,
	}}})
	w.Header().Set("X-Business-Use-Case-Usage", string(v))
}

// dispatch runs the handler for the route. The caller holds s.mu.
func (s *Server) dispatch(req *request) (any, *graphError) {
	m := req.r.Method
	switch {
	case req.route == "/debug_token" && m == http.MethodGet:
		return s.debugToken(req)
	case req.route == "/{waba}" && m == http.MethodGet:
		return s.getWABA(req)
	case req.route == "/{waba}/phone_numbers" && m == http.MethodGet:
		return s.listPhones(req)
	case req.route == "/{waba}/phone_numbers" && m == http.MethodPost:
		return s.createPhone(req)
	case req.route == "/{phone}" && m == http.MethodGet:
		return s.getPhone(req)
	case req.route == "/{phone}" && m == http.MethodDelete:
		return nil, invalidParam("Unsupported delete request: a business phone number cannot be deleted through the API")
	case (req.route == "/{phone}/deregister" || req.route == "/{phone}/register") && m == http.MethodPost:
		return s.registerPhone(req, req.route == "/{phone}/register")
	case req.route == "/{waba}/subscribed_apps" && m == http.MethodGet:
		return s.listSubscriptions(req)
	case req.route == "/{waba}/subscribed_apps" && m == http.MethodPost:
		return s.subscribeApp(req)
	case req.route == "/{waba}/subscribed_apps" && m == http.MethodDelete:
		return s.unsubscribeApp(req)
	case req.route == "/{waba}/assigned_users" && m == http.MethodGet:
		return s.listAssignments(req)
	case req.route == "/{waba}/assigned_users" && m == http.MethodPost:
		return s.assignUser(req)
	case req.route == "/{waba}/assigned_users" && m == http.MethodDelete:
		return s.unassignUser(req)
	case req.route == "/{id}" || strings.HasPrefix(req.route, "/{id}/"):
		return nil, notFound(strings.ToLower(m), req.parts[0])
	default:
		return nil, notFound(strings.ToLower(m), strings.Join(req.parts, "/"))
	}
}

// wabaFor returns the WABA the token may reach, or a permission error.
func (s *Server) wabaFor(req *request) (*waba, *graphError) {
	id := req.parts[0]
	w := s.st.wabas[id]
	if w == nil {
		return nil, notFound(strings.ToLower(req.r.Method), id)
	}
	if len(req.token.WABAs) > 0 && !contains(req.token.WABAs, id) {
		return nil, errf(403, 200, 0, "OAuthException", "(#200) Permissions error")
	}
	return w, nil
}

func (s *Server) debugToken(req *request) (any, *graphError) {
	t, ok := s.st.tokens[req.params.Get("input_token")]
	if !ok {
		return map[string]any{"data": map[string]any{"is_valid": false,
			"error": map[string]any{"code": 190, "message": "Invalid OAuth access token."}}}, nil
	}
	app := s.st.apps[t.AppID]
	data := map[string]any{
		"app_id": app.ID, "application": app.Name, "type": "SYSTEM_USER", "is_valid": true,
		"expires_at": 0, "data_access_expires_at": 0,
		"scopes": []string{"business_management", "whatsapp_business_management", "whatsapp_business_messaging"},
	}
	if t.UserID != "" {
		data["user_id"] = t.UserID
	}
	return map[string]any{"data": data}, nil
}

func (s *Server) getWABA(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	return selectFields(s.st.wabaNode(w), req.params.Get("fields"), wabaFields, wabaDefaultFields, "WhatsAppBusinessAccount")
}

func (s *Server) getPhone(req *request) (any, *graphError) {
	p := s.st.phones[req.parts[0]]
	if len(req.token.WABAs) > 0 && !contains(req.token.WABAs, p.wabaID) {
		return nil, errf(403, 200, 0, "OAuthException", "(#200) Permissions error")
	}
	return selectFields(p.node(), req.params.Get("fields"), phoneFields, phoneDefaultFields, "WhatsAppBusinessPhoneNumber")
}

func (s *Server) listPhones(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	items := make([]pageItem, 0, len(w.phones))
	for _, p := range w.phones {
		items = append(items, pageItem{p.seq, p.node()})
	}
	return s.page(req, items, phoneFields, phoneDefaultFields, "WhatsAppBusinessPhoneNumber")
}

func (s *Server) createPhone(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	p := SeedPhoneNumber{CC: req.params.Get("cc"), PhoneNumber: req.params.Get("phone_number"), VerifiedName: req.params.Get("verified_name")}
	if !isDigits(p.CC, 1, 3) {
		return nil, invalidParam("Param cc must be a country calling code of 1 to 3 digits")
	}
	if !isDigits(p.PhoneNumber, 4, 15) {
		return nil, invalidParam("Param phone_number must be 4 to 15 digits, without the country code")
	}
	if v := req.params.Get("migrate_phone_number"); v != "" && v != "true" && v != "false" {
		return nil, invalidParam("Param migrate_phone_number must be a boolean")
	}
	if v := req.params.Get("preverified_id"); v != "" && !isDecimal(v) {
		return nil, invalidParam("Param preverified_id must be a valid ID")
	}
	for _, x := range w.phones {
		if x.CC == p.CC && x.PhoneNumber == p.PhoneNumber {
			if s.opts.DuplicatePhoneCode == 100 {
				return nil, invalidParam("Phone number +%s%s already exists in this WhatsApp Business Account", p.CC, p.PhoneNumber)
			}
			return nil, errf(400, 2388012, 0, "OAuthException", "(#2388012) Phone number +%s%s is already present in your list", p.CC, p.PhoneNumber)
		}
	}
	ph, err := s.st.addPhone(w, p)
	if err != nil {
		return nil, invalidParam("%v", err)
	}
	return map[string]any{"id": ph.ID}, nil
}

func (s *Server) registerPhone(req *request, register bool) (any, *graphError) {
	p := s.st.phones[req.parts[0]]
	if register {
		p.PlatformType, p.Status = "CLOUD_API", "CONNECTED"
	} else {
		p.PlatformType, p.Status = "NOT_APPLICABLE", "DISCONNECTED"
	}
	return map[string]any{"success": true}, nil
}

func (s *Server) listSubscriptions(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	items := make([]pageItem, 0, len(w.apps))
	for _, a := range w.apps {
		items = append(items, pageItem{a.seq, s.st.subscriptionNode(a)})
	}
	return s.page(req, items, nil, nil, "")
}

func (s *Server) subscribeApp(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	uri, verify := req.params.Get("override_callback_uri"), req.params.Get("verify_token")
	switch {
	case (uri == "") != (verify == ""):
		return nil, invalidParam("override_callback_uri and verify_token must be set together")
	case len(uri) > 200:
		return nil, invalidParam("Param override_callback_uri must be at most 200 characters long")
	case uri != "" && !strings.HasPrefix(uri, "https://"):
		return nil, errf(400, 2200, 0, "OAuthException", "(#2200) Callback verification failed with the following errors: the callback URL must use https")
	}
	s.st.subscribe(w, SeedSubscribedApp{AppID: req.app.ID, OverrideCallbackURI: uri, VerifyToken: verify})
	return map[string]any{"success": true}, nil
}

func (s *Server) unsubscribeApp(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	w.apps = removeWhere(w.apps, func(a *subscription) bool { return a.AppID == req.app.ID })
	return map[string]any{"success": true}, nil
}

func (s *Server) listAssignments(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	business := req.params.Get("business")
	if business == "" {
		return nil, invalidParam("The parameter business is required")
	}
	items := []pageItem{}
	if business == w.ownerBusiness {
		for _, a := range w.users {
			items = append(items, pageItem{a.seq, s.st.assignmentNode(a)})
		}
	}
	return s.page(req, items, assignedUserFields, assignedUserDefaultFields, "AssignedUser")
}

func (s *Server) assignUser(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	userID := req.params.Get("user")
	if _, ok := s.st.users[userID]; !ok {
		return nil, invalidParam("Param user must be a valid business or system user ID")
	}
	tasks, err := parseList(req.params.Get("tasks"))
	if err != nil || len(tasks) == 0 {
		return nil, invalidParam("Param tasks must be a non-empty array of task names")
	}
	for _, t := range tasks {
		if !contains(KnownTasks, t) {
			return nil, invalidParam("Param tasks[] must be one of {%s}", strings.Join(KnownTasks, ", "))
		}
	}
	if s.opts.RejectReassign {
		for _, a := range w.users {
			if a.UserID == userID {
				return nil, errf(422, 100, 0, "OAuthException", "(#100) User is already assigned to this WhatsApp Business Account")
			}
		}
	}
	if s.opts.MergeTasks {
		for _, a := range w.users {
			if a.UserID == userID {
				tasks = append(append([]string(nil), a.Tasks...), tasks...)
			}
		}
	}
	s.st.assign(w, userID, dedupe(tasks))
	return map[string]any{"success": true}, nil
}

func (s *Server) unassignUser(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	userID := req.params.Get("user")
	if userID == "" {
		return nil, invalidParam("The parameter user is required")
	}
	n := len(w.users)
	w.users = removeWhere(w.users, func(a *assignment) bool { return a.UserID == userID })
	if len(w.users) == n && !s.opts.UnassignedDeleteSucceeds {
		return nil, errf(404, 803, 0, "GraphMethodException", "(#803) User is not assigned to this WhatsApp Business Account")
	}
	return map[string]any{"success": true}, nil
}

// parseList reads a list parameter: a JSON array (single quotes tolerated, as
// Meta's guides write them) or a comma-separated string.
func parseList(v string) ([]string, error) {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "[") {
		var out []string
		err := json.Unmarshal([]byte(strings.ReplaceAll(v, "'", `"`)), &out)
		return out, err
	}
	if v == "" {
		return nil, nil
	}
	return strings.Split(v, ","), nil
}

type pageItem struct {
	seq  int64
	node map[string]any
}

// page serves one page of items after the `after` cursor.
func (s *Server) page(req *request, items []pageItem, known map[string]bool, defaults []string, nodeType string) (any, *graphError) {
	limit := 25
	if l := req.params.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 {
			return nil, invalidParam("Param limit must be a positive integer")
		}
		limit = min(n, 100)
	}
	if s.opts.PageSize > 0 {
		limit = min(limit, s.opts.PageSize)
	}
	sort.Slice(items, func(i, j int) bool { return items[i].seq < items[j].seq })
	start := 0
	if after := req.params.Get("after"); after != "" {
		seq, ok := decodeCursor(after)
		if !ok {
			return nil, invalidParam("Invalid cursor: %s", after)
		}
		for start < len(items) && items[start].seq <= seq {
			start++
		}
	}
	end := min(start+limit, len(items))
	data := make([]any, 0, end-start)
	for _, it := range items[start:end] {
		if known == nil {
			data = append(data, it.node)
			continue
		}
		n, gerr := selectFields(it.node, req.params.Get("fields"), known, defaults, nodeType)
		if gerr != nil {
			return nil, gerr
		}
		data = append(data, n)
	}
	out := map[string]any{"data": data}
	if end > start {
		paging := map[string]any{"cursors": map[string]any{
			"before": encodeCursor(items[start].seq), "after": encodeCursor(items[end-1].seq),
		}}
		if end < len(items) {
			next := *req.r.URL
			next.Scheme, next.Host = "http", req.r.Host
			q := next.Query()
			q.Del("access_token")
			q.Set("limit", strconv.Itoa(limit))
			q.Set("after", encodeCursor(items[end-1].seq))
			next.RawQuery = q.Encode()
			paging["next"] = next.String()
		}
		out["paging"] = paging
	}
	if strings.Contains(req.params.Get("summary"), "total_count") {
		out["summary"] = map[string]any{"total_count": len(items)}
	}
	return out, nil
}

func encodeCursor(seq int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("c:" + strconv.FormatInt(seq, 10)))
}

func decodeCursor(c string) (int64, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), "c:") {
		return 0, false
	}
	n, err := strconv.ParseInt(string(b[2:]), 10, 64)
	return n, err == nil
}

// selectFields applies a fields= selection to a node: top-level names, with
// nested selections ({...}) and modifiers (.limit(n)) accepted and ignored.
func selectFields(node map[string]any, fields string, known map[string]bool, defaults []string, nodeType string) (map[string]any, *graphError) {
	names := defaults
	if strings.TrimSpace(fields) != "" {
		names = topLevelFields(fields)
	}
	out := map[string]any{}
	for _, f := range names {
		if !known[f] {
			return nil, invalidParam("Tried accessing nonexisting field (%s) on node type (%s)", f, nodeType)
		}
		if v, ok := node[f]; ok {
			out[f] = v
		}
	}
	return out, nil
}

func topLevelFields(fields string) []string {
	var out []string
	depth, start := 0, 0
	flush := func(end int) {
		f := strings.TrimSpace(fields[start:end])
		if i := strings.IndexAny(f, "{."); i >= 0 {
			f = f[:i]
		}
		if f != "" {
			out = append(out, f)
		}
	}
	for i, r := range fields {
		switch r {
		case '{', '(':
			depth++
		case '}', ')':
			depth--
		case ',':
			if depth == 0 {
				flush(i)
				start = i + 1
			}
		}
	}
	flush(len(fields))
	return out
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// writeError writes a Graph error, leaving out the optional fields of every
// other error when the fake is told to. The caller holds s.mu.
func (s *Server) writeError(w http.ResponseWriter, e *graphError) {
	s.errors++
	if s.opts.OmitOptionalErrorFields && s.errors%2 == 0 {
		e.Subcode, e.Transient = 0, nil
	}
	writeError(w, e)
}

func writeError(w http.ResponseWriter, e *graphError) {
	if e.TraceID == "" {
		e.TraceID = traceID()
	}
	writeJSON(w, e.status, map[string]any{"error": e})
}

func traceID() string {
	const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 11)
	for i := range b {
		b[i] = letters[rand.IntN(len(letters))]
	}
	return string(b)
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	out := xs[:0:0]
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func cloneMap(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
