// Package graphapi is a client for the parts of Meta's Graph API that manage
// WhatsApp Business Accounts (the WhatsApp Business Management API,
// https://developers.facebook.com/docs/whatsapp/business-management-api):
// the account node and its edges, one file per node or edge, and debug_token.
//
// It knows HTTP and the Graph API and nothing of Terraform (tflog aside). It
// sends the token only in the Authorization header, signs requests with
// appsecret_proof when an app secret is set, retries rate-limited and transient
// failures with capped, jittered backoff that honours Meta's announced waits,
// pages through lists by cursor, and reads lists through a per-client
// listings cache so that many readers of one WABA cost one listing.
package graphapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Defaults for Config fields left zero.
const (
	DefaultBaseURL          = "https://graph.facebook.com"
	DefaultAPIVersion       = "v25.0"
	DefaultMaxRetries       = 8
	DefaultMaxRateLimitWait = 5 * time.Minute
	DefaultRequestTimeout   = 60 * time.Second
	DefaultBackoffBase      = 500 * time.Millisecond
	DefaultBackoffCap       = 30 * time.Second

	// pageLimit is Graph's largest page.
	pageLimit = 100
	// maxBodyBytes bounds what is read of one answer.
	maxBodyBytes = 8 << 20
	// logSubsystem is the tflog subsystem of this package.
	logSubsystem = "graphapi"
)

// Clock lets tests run retry schedules without sleeping.
type Clock interface {
	Now() time.Time
	// Sleep waits for d or until ctx ends, whichever is first.
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	return realClock{}.Wait(ctx, d, nil)
}

// ReadBackClock is the read-back engine's time (see listing.readBack): when
// writes end, and waits for an edge to be quiet that a change cuts short.
// It is apart from Clock so that a test can make retry backoff instant while
// read-backs still batch on real time, or drive the engine's time by hand.
type ReadBackClock interface {
	Now() time.Time
	// Wait waits for d, until wake yields (closes or sends) or until ctx
	// ends, whichever is first; only the end of ctx is an error.
	Wait(ctx context.Context, d time.Duration, wake <-chan struct{}) error
}

func (realClock) Wait(ctx context.Context, d time.Duration, wake <-chan struct{}) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-wake:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

// Config configures a Client. Zero values take the defaults above, except
// MaxRetries, where the caller says what it wants (0 turns retries off).
type Config struct {
	BaseURL          string
	APIVersion       string
	AccessToken      string
	AppSecret        string
	AppID            string
	MaxRetries       int
	MaxRateLimitWait time.Duration
	RequestTimeout   time.Duration
	UserAgent        string

	// For tests: an HTTP client, a clock for retries and polls, the
	// read-back engine's clock, the backoff base and cap, and the jitter
	// source (a float in [0,1)). Both clocks default to real time.
	HTTPClient    *http.Client
	Clock         Clock
	ReadBackClock ReadBackClock
	BackoffBase   time.Duration
	BackoffCap    time.Duration
	Jitter        func() float64
}

// Client talks to the Graph API. It is safe for concurrent use; its caches
// live as long as it does, so make one per provider instance.
type Client struct {
	cfg   Config
	base  *url.URL
	http  *http.Client
	clock Clock
	// readBackClock is the read-back engine's time (listings, expansions).
	readBackClock ReadBackClock
	cache         *cache

	// usage is the highest BUC call_count percentage Meta reported last, so
	// that polls slow down as the budget runs low.
	usage atomic.Int64
}

// New checks cfg and returns a client.
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	if cfg.APIVersion == "" {
		cfg.APIVersion = DefaultAPIVersion
	}
	if cfg.MaxRateLimitWait == 0 {
		cfg.MaxRateLimitWait = DefaultMaxRateLimitWait
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.BackoffBase == 0 {
		cfg.BackoffBase = DefaultBackoffBase
	}
	if cfg.BackoffCap == 0 {
		cfg.BackoffCap = DefaultBackoffCap
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "terraform-provider-whatsapp/dev"
	}
	if cfg.Jitter == nil {
		cfg.Jitter = rand.Float64
	}
	if cfg.AccessToken == "" {
		return nil, errors.New("an access token is required")
	}
	if cfg.MaxRetries < 0 {
		return nil, errors.New("max retries must be 0 or more")
	}
	if !VersionPattern.MatchString(cfg.APIVersion) {
		return nil, fmt.Errorf("API version %q must look like v25.0", cfg.APIVersion)
	}
	if cfg.AppID != "" && !ValidID(cfg.AppID) {
		return nil, fmt.Errorf("app ID %q must be decimal", cfg.AppID)
	}
	base, err := CheckBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{cfg: cfg, base: base, http: cfg.HTTPClient, clock: cfg.Clock, readBackClock: cfg.ReadBackClock}
	if c.http == nil {
		c.http = &http.Client{}
		if t, ok := http.DefaultTransport.(*http.Transport); ok {
			c.http.Transport = t.Clone()
		}
	}
	if c.clock == nil {
		c.clock = realClock{}
	}
	if c.readBackClock == nil {
		c.readBackClock = realClock{}
	}
	c.cache = newCache(c)
	return c, nil
}

// CheckBaseURL parses a base URL: https anywhere, http only to a loopback host
// (127.0.0.0/8, ::1, localhost), no query or fragment.
func CheckBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("base URL %q is not an absolute URL", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("base URL %q must not carry a query, fragment or user info", raw)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !IsLoopbackHost(u.Hostname()) {
			return nil, fmt.Errorf("base URL %q uses http to a host that is not loopback; use https (http is allowed only for 127.0.0.0/8, ::1 and localhost)", raw)
		}
	default:
		return nil, fmt.Errorf("base URL %q must use https", raw)
	}
	return u, nil
}

// IsLoopbackHost reports whether host is localhost or a loopback IP.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// IDPattern is what can go into a URL path: 1 to 32 decimal digits. The
// provider's plan-time validators use the same pattern.
var IDPattern = regexp.MustCompile(`^[0-9]{1,32}$`)

// VersionPattern is a Graph API version such as v25.0.
var VersionPattern = regexp.MustCompile(`^v[0-9]+\.0$`)

// ValidID reports whether s can go into a URL path: 1 to 32 decimal digits.
func ValidID(s string) bool { return IDPattern.MatchString(s) }

// do sends r with retries and returns the body of a 2xx answer.
func (c *Client) do(ctx context.Context, r request) ([]byte, error) {
	ctx = c.logContext(ctx)
	for attempt := 1; ; attempt++ {
		body, header, err := c.attempt(ctx, r)
		if err == nil {
			return body, nil
		}
		err.Method, err.Path, err.Attempts = r.method, c.pathString(r), attempt
		if r.unsafeToRepeat() && err.IsTransient() && !err.IsRateLimited() {
			// Meta has answered transient errors (code 2, HTTP 500) to writes
			// that took effect; a rate limit is refused before anything is done.
			err.OutcomeUnknown = true
		}
		wait, retry := c.retryWait(r, err, header, attempt)
		if !retry {
			return nil, err
		}
		tflog.SubsystemWarn(ctx, logSubsystem, "retrying Graph API request", map[string]any{
			"method": r.method, "path": err.Path, "attempt": attempt, "wait": wait.String(), "error": err.Error(),
		})
		if serr := c.clock.Sleep(ctx, wait); serr != nil {
			return nil, &Error{Method: err.Method, Path: err.Path, Attempts: attempt,
				Err: fmt.Errorf("cancelled while waiting %s to retry (%w); the last answer was: %s", wait, serr, err.Detail())}
		}
	}
}

var errAttemptTimeout = errors.New("request_timeout reached")

// attempt sends r once. It returns the body of a 2xx answer, or an *Error.
func (c *Client) attempt(ctx context.Context, r request) ([]byte, http.Header, *Error) {
	ctx, cancel := context.WithTimeoutCause(ctx, c.cfg.RequestTimeout, errAttemptTimeout)
	defer cancel()

	httpReq, err := c.newHTTPRequest(ctx, r)
	if err != nil {
		return nil, nil, &Error{Err: err}
	}
	start := time.Now()
	resp, err := c.http.Do(httpReq)
	if err != nil {
		// *url.Error quotes the whole URL, which can carry input_token and
		// appsecret_proof; Error already names the method and path.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		if cause := context.Cause(ctx); errors.Is(cause, errAttemptTimeout) {
			err = fmt.Errorf("%w after %s", errAttemptTimeout, c.cfg.RequestTimeout)
		}
		c.logResponse(ctx, r, 0, time.Since(start), nil)
		// The request may have reached the server: its outcome is unknown.
		return nil, nil, &Error{Err: err, OutcomeUnknown: r.method != http.MethodGet}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes+1))
	c.logResponse(ctx, r, resp.StatusCode, time.Since(start), body)
	if err != nil {
		return nil, resp.Header, &Error{HTTPStatus: resp.StatusCode, Err: fmt.Errorf("reading the answer: %w", err), OutcomeUnknown: r.method != http.MethodGet}
	}
	if len(body) > maxBodyBytes {
		return nil, resp.Header, &Error{HTTPStatus: resp.StatusCode, Err: fmt.Errorf("the answer is larger than %d bytes", maxBodyBytes)}
	}
	c.noteUsage(resp.Header)
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return body, resp.Header, nil
	}
	if gerr := DecodeError(body); gerr != nil {
		gerr.HTTPStatus = resp.StatusCode
		return nil, resp.Header, gerr
	}
	// No Graph error body: a proxy or load balancer answered.
	e := &Error{HTTPStatus: resp.StatusCode, Message: describeBody(resp.Header.Get("Content-Type"), body)}
	if resp.StatusCode >= 500 {
		e.OutcomeUnknown = r.method != http.MethodGet
	}
	return nil, resp.Header, e
}

func describeBody(contentType string, body []byte) string {
	if len(body) == 0 {
		return "empty answer"
	}
	if strings.Contains(contentType, "html") || strings.HasPrefix(strings.TrimSpace(string(body)), "<") {
		return "an HTML page instead of a Graph API answer"
	}
	return truncate(strings.TrimSpace(string(body)), 120)
}
