// Package graphapi is a client for the parts of Meta's Graph API that manage
// WhatsApp Business Accounts: the account node, its phone numbers, webhook
// subscriptions and assigned users, and debug_token.
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
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
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
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
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

	// For tests: an HTTP client, a clock, the backoff base and cap, and the
	// jitter source (a float in [0,1)).
	HTTPClient  *http.Client
	Clock       Clock
	BackoffBase time.Duration
	BackoffCap  time.Duration
	Jitter      func() float64
}

// Client talks to the Graph API. It is safe for concurrent use; its caches
// live as long as it does, so make one per provider instance.
type Client struct {
	cfg      Config
	base     *url.URL
	http     *http.Client
	clock    Clock
	listings *listings

	edgeLocks sync.Map // edgeKey -> *sync.Mutex
}

var versionPattern = regexp.MustCompile(`^v[0-9]+\.0$`)

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
	if !versionPattern.MatchString(cfg.APIVersion) {
		return nil, fmt.Errorf("API version %q must look like v25.0", cfg.APIVersion)
	}
	if cfg.AppID != "" && !ValidID(cfg.AppID) {
		return nil, fmt.Errorf("app ID %q must be decimal", cfg.AppID)
	}
	base, err := CheckBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{cfg: cfg, base: base, http: cfg.HTTPClient, clock: cfg.Clock}
	if c.http == nil {
		c.http = &http.Client{}
		if t, ok := http.DefaultTransport.(*http.Transport); ok {
			c.http.Transport = t.Clone()
		}
	}
	if c.clock == nil {
		c.clock = realClock{}
	}
	c.listings = newListings(c)
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

var idPattern = regexp.MustCompile(`^[0-9]{1,32}$`)

// ValidID reports whether s can go into a URL path: 1 to 32 decimal digits.
func ValidID(s string) bool { return idPattern.MatchString(s) }

// request is one API call before it is sent.
type request struct {
	method string
	path   []string // segments after the version; IDs already checked
	query  url.Values
	form   url.Values
	// idempotent requests may be repeated after a dropped connection.
	idempotent bool
}

// pathString renders the path for URLs and logs (no query, no token).
func (c *Client) pathString(r request) string {
	return "/" + c.cfg.APIVersion + "/" + strings.Join(r.path, "/")
}

// do sends r with retries and returns the body of a 2xx answer.
func (c *Client) do(ctx context.Context, r request) ([]byte, error) {
	ctx = c.logContext(ctx)
	for attempt := 1; ; attempt++ {
		body, header, err := c.attempt(ctx, r)
		if err == nil {
			return body, nil
		}
		err.Method, err.Path, err.Attempts = r.method, c.pathString(r), attempt
		wait, retry := c.retryWait(r, err, header, attempt)
		if !retry {
			return nil, err
		}
		tflog.SubsystemWarn(ctx, logSubsystem, "retrying Graph API request", map[string]any{
			"method": r.method, "path": err.Path, "attempt": attempt, "wait": wait.String(), "error": err.Error(),
		})
		if serr := c.clock.Sleep(ctx, wait); serr != nil {
			return nil, &Error{Method: err.Method, Path: err.Path, Attempts: attempt,
				Err: fmt.Errorf("gave up waiting to retry: %w (last error: %s)", serr, err.Error())}
		}
	}
}

// retryWait decides whether to retry after a failed attempt, and how long to
// wait first. It marks err when the announced wait is too long.
func (c *Client) retryWait(r request, err *Error, header http.Header, attempt int) (time.Duration, bool) {
	// The caller's context ended (an attempt's own timeout is a separate error).
	if errors.Is(err.Err, context.Canceled) || errors.Is(err.Err, context.DeadlineExceeded) {
		return 0, false
	}
	switch {
	case err.IsRateLimited():
		announced := max(ParseUsageWait(header.Get("X-Business-Use-Case-Usage")), parseRetryAfter(header.Get("Retry-After"), c.clock.Now()))
		err.RetryAfter = announced
		if announced > c.cfg.MaxRateLimitWait {
			err.WaitTooLong = true
			err.RetryAt = c.clock.Now().Add(announced)
			return 0, false
		}
		if attempt > c.cfg.MaxRetries {
			return 0, false
		}
		return min(max(announced, c.backoff(attempt)), c.cfg.MaxRateLimitWait), true
	case err.OutcomeUnknown && !r.idempotent:
		return 0, false
	case err.IsTransient():
		if attempt > c.cfg.MaxRetries {
			return 0, false
		}
		return c.backoff(attempt), true
	}
	return 0, false
}

// backoff is capped exponential backoff with full jitter over its upper half.
func (c *Client) backoff(attempt int) time.Duration {
	d := float64(c.cfg.BackoffBase) * math.Pow(2, float64(attempt-1))
	d = math.Min(d, float64(c.cfg.BackoffCap))
	return time.Duration(d/2 + d/2*c.cfg.Jitter())
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

func (c *Client) newHTTPRequest(ctx context.Context, r request) (*http.Request, error) {
	u := *c.base
	u.Path = strings.TrimRight(c.base.Path, "/") + c.pathString(r)
	query := url.Values{}
	for k, v := range r.query {
		query[k] = v
	}
	form := url.Values{}
	for k, v := range r.form {
		form[k] = v
	}
	if c.cfg.AppSecret != "" {
		// The proof travels with the parameters: in the form for writes.
		proofTo := query
		if r.method == http.MethodPost {
			proofTo = form
		}
		now := strconv.FormatInt(c.clock.Now().Unix(), 10)
		mac := hmac.New(sha256.New, []byte(c.cfg.AppSecret))
		mac.Write([]byte(c.cfg.AccessToken + "|" + now))
		proofTo.Set("appsecret_proof", hex.EncodeToString(mac.Sum(nil)))
		proofTo.Set("appsecret_time", now)
	}
	u.RawQuery = query.Encode()
	var body io.Reader
	if r.method == http.MethodPost {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), body)
	if err != nil {
		return nil, err
	}
	if r.method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Authorization", "Bearer "+c.cfg.AccessToken)
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("Accept", "application/json")
	c.logRequest(ctx, r, u.Query(), form)
	return req, nil
}

// sensitiveParams never appear in logs.
var sensitiveParams = []string{"access_token", "input_token", "appsecret_proof", "verify_token"}

func redact(v url.Values) string {
	out := url.Values{}
	for k, vs := range v {
		out[k] = vs
		for _, s := range sensitiveParams {
			if k == s {
				out[k] = []string{"***"}
			}
		}
	}
	return out.Encode()
}

// logContext registers the subsystem and masks secrets in every log line, as
// a second line of defence behind redact.
func (c *Client) logContext(ctx context.Context) context.Context {
	ctx = tflog.NewSubsystem(ctx, logSubsystem)
	secrets := []string{c.cfg.AccessToken}
	if c.cfg.AppSecret != "" {
		secrets = append(secrets, c.cfg.AppSecret)
	}
	ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, logSubsystem, secrets...)
	ctx = tflog.SubsystemMaskMessageStrings(ctx, logSubsystem, secrets...)
	return ctx
}

func (c *Client) logRequest(ctx context.Context, r request, query, form url.Values) {
	fields := map[string]any{"method": r.method, "path": c.pathString(r), "query": redact(query)}
	tflog.SubsystemDebug(ctx, logSubsystem, "Graph API request", fields)
	if len(form) > 0 {
		tflog.SubsystemTrace(ctx, logSubsystem, "Graph API request body", map[string]any{"body": redact(form)})
	}
}

func (c *Client) logResponse(ctx context.Context, r request, status int, took time.Duration, body []byte) {
	tflog.SubsystemDebug(ctx, logSubsystem, "Graph API response", map[string]any{
		"method": r.method, "path": c.pathString(r), "status": status, "duration_ms": took.Milliseconds(),
	})
	if body != nil {
		tflog.SubsystemTrace(ctx, logSubsystem, "Graph API response body", map[string]any{"body": truncate(string(body), 4096)})
	}
}

// LockEdge serialises writes to one edge of one WABA (or to one node), for the
// whole of a write sequence; call the returned func to unlock. Reads never
// take it.
func (c *Client) LockEdge(id, edge string) func() {
	m, _ := c.edgeLocks.LoadOrStore(edgeKey{id, edge}, &sync.Mutex{})
	mu, ok := m.(*sync.Mutex)
	if !ok {
		panic("graphapi: edge lock map holds a non-mutex")
	}
	mu.Lock()
	return mu.Unlock
}
