package emulator

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
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
	// TemplateReviewDelay is how long a message template stays PENDING after
	// a create or an edit before it is APPROVED; 0 approves it at the next
	// read, and a negative delay keeps it PENDING until a control route
	// (KindMessageTemplate) decides.
	TemplateReviewDelay time.Duration
	// NoEdgeExpansion refuses field expansion of a node's edges (such as
	// GET /{waba}?fields=phone_numbers{id}) with code 100, as a Graph API
	// that does not expand them would.
	NoEdgeExpansion bool
	// IgnoreWriteFields answers a write sent with fields= as without it (no
	// read-after-write), as a Graph API that ignores the parameter there would.
	IgnoreWriteFields bool
	// PhoneNumbersNewestFirst lists a WABA's numbers newest first: Meta does
	// not document the order, and a reader must not depend on it.
	PhoneNumbersNewestFirst bool
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

	stateFile string // see SetStateFile

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
	out.Requests = maps.Clone(s.stats.Requests)
	out.Faults = maps.Clone(s.stats.Faults)
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
	if err := s.st.apply(seed); err != nil {
		return err
	}
	return s.persist()
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
	body   []byte // the raw body of a POST or DELETE
	token  SeedToken
	app    SeedApp
	// appToken: the request carries the app access token (app_id|secret).
	appToken bool
}

var (
	versionRe     = regexp.MustCompile(`^v[0-9]+\.0$`)
	versionLikeRe = regexp.MustCompile(`^v[0-9]`)
)

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
	req, gerr := parse(r)
	// One lock from naming the route to the answer: a concurrent reset or
	// out-of-band delete cannot pull an object from under a handler.
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.Total++
	route := "?"
	if req != nil {
		req.route = s.routeOf(req.parts)
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
	if r.Method != http.MethodGet {
		if err := s.persist(); err != nil {
			writeError(w, errf(500, 2, 0, "OAuthException", "the emulator cannot save its state: %v", err))
			return
		}
	}
	writeJSON(w, http.StatusOK, body)
}

// parse splits the path and reads parameters from the query, a form body or a
// JSON body; any other body (a file upload) is kept as bytes.
func parse(r *http.Request) (*request, *graphError) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	// Meta serves a path without a version with the app's default version;
	// a version it does not know (v25.1) is refused.
	versioned := versionRe.MatchString(parts[0])
	if versioned {
		parts = parts[1:]
	}
	if len(parts) == 0 || parts[0] == "" || !versioned && versionLikeRe.MatchString(parts[0]) {
		return nil, errf(400, 2500, 0, "OAuthException", "Unknown path components: %s", r.URL.Path)
	}
	req := &request{r: r, parts: parts}
	params, body, err := readParams(r)
	if err != nil {
		return req, invalidParam("%v", err)
	}
	req.params, req.body = params, body
	return req, nil
}

func readParams(r *http.Request) (url.Values, []byte, error) {
	params := r.URL.Query()
	if r.Method != http.MethodPost && r.Method != http.MethodDelete {
		return params, nil, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
	if err != nil {
		return nil, nil, err
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return params, nil, nil
	}
	switch ct := r.Header.Get("Content-Type"); {
	case strings.HasPrefix(ct, "application/json"):
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			return nil, nil, fmt.Errorf("request body is not valid JSON: %v", err)
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
		return params, body, nil
	case ct == "" || strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, nil, fmt.Errorf("request body is not form-encoded: %v", err)
		}
		for k, v := range form {
			params[k] = v
		}
		return params, body, nil
	}
	return params, body, nil
}

// maxBodyBytes bounds a request body (a file upload is the largest).
const maxBodyBytes = 16 << 20

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
