package emulator

import (
	"fmt"
	"hash/fnv"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Fault kinds.
const (
	FaultRateLimit4     = "rate_limit_4"     // code 4, application request limit
	FaultRateLimit17    = "rate_limit_17"    // code 17, user request limit
	FaultRateLimit80007 = "rate_limit_80007" // code 80007, WABA rate limit
	FaultRateLimit80008 = "rate_limit_80008" // code 80008, BUC limit, with usage header
	FaultHTTP429        = "http_429"         // HTTP 429 with Retry-After and code 4
	FaultHTTP500        = "http_500"         // HTTP 500, plain text body (no Graph error)
	FaultHTTP503HTML    = "http_503_html"    // HTTP 503 with an HTML page
	FaultTransient      = "transient"        // code 2, is_transient true, HTTP 500
	FaultDropBefore     = "drop_before"      // connection closed before the request is applied
	FaultDropAfter      = "drop_after"       // request applied, then connection closed unanswered
	FaultTransientAfter = "transient_after"  // request applied, then code 2, is_transient true, HTTP 500
	FaultPermission     = "permission"       // code 200, HTTP 403
	FaultAuth           = "auth"             // code 190 subcode 463, token expired
)

// AllFaultKinds lists every kind, for rate-based soaks.
var AllFaultKinds = []string{
	FaultRateLimit4, FaultRateLimit17, FaultRateLimit80007, FaultRateLimit80008, FaultHTTP429,
	FaultHTTP500, FaultHTTP503HTML, FaultTransient, FaultDropBefore, FaultDropAfter,
	FaultTransientAfter, FaultPermission, FaultAuth,
}

// FaultConfig says which requests fail and how.
type FaultConfig struct {
	// Seed and Rate drive hash-based faults: a request fails when
	// hash(Seed, method, path, key parameters, attempt) falls under Rate (0..1).
	Seed uint64  `json:"seed"`
	Rate float64 `json:"rate"`
	// Kinds are the kinds rate-based faults pick from (by hash); empty means none.
	Kinds []string `json:"kinds,omitempty"`
	// Routes limits rate-based faults to these "METHOD route" keys; empty means all.
	Routes []string `json:"routes,omitempty"`
	// Rules fail matching requests first, in order.
	Rules []FaultRule `json:"rules,omitempty"`
	// RegainMinutes is what rate-limit faults announce in
	// estimated_time_to_regain_access; RetryAfterSeconds is http_429's Retry-After.
	RegainMinutes     int `json:"regain_minutes,omitempty"`
	RetryAfterSeconds int `json:"retry_after_seconds,omitempty"`
}

// FaultRule fails requests to one route.
type FaultRule struct {
	Method string `json:"method"` // empty matches any
	Route  string `json:"route"`  // e.g. "/{waba}/phone_numbers"; empty matches any
	Kind   string `json:"kind"`
	// Skip lets this many matching requests through first.
	Skip int `json:"skip,omitempty"`
	// Times is how many matching requests fail; 0 means all of them.
	Times   int `json:"times,omitempty"`
	matched int
	fired   int
}

// SetFaults replaces the fault configuration.
func (s *Server) SetFaults(fc FaultConfig) error {
	for _, k := range fc.Kinds {
		if !slices.Contains(AllFaultKinds, k) {
			return fmt.Errorf("unknown fault kind %q", k)
		}
	}
	for _, r := range fc.Rules {
		if !slices.Contains(AllFaultKinds, r.Kind) {
			return fmt.Errorf("unknown fault kind %q", r.Kind)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = fc
	return nil
}

// faultKeyParams are the parameters that tell two requests to one path apart.
var faultKeyParams = []string{"after", "business", "user", "cc", "phone_number", "override_callback_uri", "input_token"}

// pickFault decides whether this request fails. The caller holds s.mu.
func (s *Server) pickFault(req *request) string {
	method := req.r.Method
	for i := range s.faults.Rules {
		r := &s.faults.Rules[i]
		if (r.Method != "" && r.Method != method) || (r.Route != "" && r.Route != req.route) {
			continue
		}
		r.matched++
		if r.matched > r.Skip && (r.Times == 0 || r.fired < r.Times) {
			r.fired++
			return r.Kind
		}
	}
	if s.faults.Rate <= 0 || len(s.faults.Kinds) == 0 {
		return ""
	}
	if len(s.faults.Routes) > 0 && !slices.Contains(s.faults.Routes, method+" "+req.route) {
		return ""
	}
	var key strings.Builder
	key.WriteString(method + " " + req.r.URL.Path)
	for _, p := range faultKeyParams {
		key.WriteString("|" + req.params.Get(p))
	}
	attempt := s.seen[key.String()]
	s.seen[key.String()]++
	h := hash64(fmt.Sprintf("%d|%s|%d", s.faults.Seed, key.String(), attempt))
	if float64(h>>11)/float64(1<<53) >= s.faults.Rate {
		return ""
	}
	kinds := append([]string(nil), s.faults.Kinds...)
	sort.Strings(kinds)
	return kinds[hash64(fmt.Sprintf("kind|%d", h))%uint64(len(kinds))]
}

func hash64(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	// fnv's low bits mix poorly for similar inputs; finish with a 64-bit mixer.
	x := h.Sum64()
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// injectFault writes the fault's answer; false means the request should go on
// as usual. The caller holds s.mu.
func (s *Server) injectFault(w http.ResponseWriter, req *request, kind string) bool {
	yes := true
	regain := s.faults.RegainMinutes
	rateLimit := func(code int, msg string) {
		if len(req.parts) > 0 {
			setUsageHeader(w, req.parts[0], 100, regain)
		}
		e := errf(400, code, 0, "OAuthException", "(#%d) %s", code, msg)
		e.Transient = &yes
		s.writeError(w, e)
	}
	switch kind {
	case FaultRateLimit4:
		rateLimit(4, "Application request limit reached")
	case FaultRateLimit17:
		rateLimit(17, "User request limit reached")
	case FaultRateLimit80007:
		rateLimit(80007, "Rate limit issues: the WhatsApp Business Account has reached its rate limit")
	case FaultRateLimit80008:
		rateLimit(80008, "There have been too many calls to this WhatsApp Business account. Wait a bit and try again.")
	case FaultHTTP429:
		w.Header().Set("Retry-After", strconv.Itoa(s.faults.RetryAfterSeconds))
		s.writeError(w, errf(429, 4, 0, "OAuthException", "(#4) Application request limit reached"))
	case FaultHTTP500:
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte("Internal Server Error"))
	case FaultHTTP503HTML:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h1>Sorry, something went wrong.</h1></body></html>"))
	case FaultTransient:
		s.writeError(w, transientError())
	case FaultTransientAfter:
		// Meta has answered code 2 to writes that took effect.
		s.applyUnanswered(req)
		s.writeError(w, transientError())
	case FaultPermission:
		s.writeError(w, errf(403, 200, 0, "OAuthException", "(#200) Permissions error"))
	case FaultAuth:
		s.writeError(w, errf(400, 190, 463, "OAuthException", "Error validating access token: Session has expired"))
	case FaultDropBefore:
		dropConnection(w)
	case FaultDropAfter:
		s.applyUnanswered(req)
		dropConnection(w)
	default:
		return false
	}
	return true
}

// applyUnanswered applies the request as usual and throws its answer away.
func (s *Server) applyUnanswered(req *request) {
	rec := httptest.NewRecorder()
	if s.authenticate(req) == nil && s.charge(rec, req) == nil {
		_, _ = s.dispatch(req)
	}
}

// transientError is Meta's documented temporary failure: code 2, HTTP 500.
func transientError() *graphError {
	yes := true
	e := errf(500, 2, 0, "OAuthException", "(#2) Service temporarily unavailable")
	e.Transient = &yes
	return e
}

// dropConnection closes the client's connection without an answer.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
