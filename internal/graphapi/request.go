package graphapi

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// request is one API call before it is sent. At most one body is set: form
// (Graph's usual form-encoded writes), json (templates, business profile,
// webhook configuration) or raw (bytes with headers, as the Resumable Upload
// API takes a file).
type request struct {
	method string
	path   []string // segments after the version; IDs already checked
	query  url.Values
	form   url.Values
	json   any
	raw    *rawBody
	// idempotent requests may be repeated when their outcome is unknown (a
	// dropped connection, a transient error): reads, DELETEs, and writes that
	// set what they set whatever happened before (subscribed_apps,
	// assigned_users). Any other write is settled by reading back (Settle).
	idempotent bool
	// appToken sends the app access token (app_id|app_secret) instead of
	// the configured token, as the app's own edges require; it carries no
	// appsecret_proof (the proof signs the user token).
	appToken bool
}

// unsafeToRepeat reports a write that must not be sent again before a read
// shows it did not take effect.
func (r request) unsafeToRepeat() bool {
	return r.method != http.MethodGet && !r.idempotent
}

// rawBody is a request body sent as is, with its own headers.
type rawBody struct {
	data   []byte
	header http.Header
}

// pathString renders the path for URLs and logs (no query, no token).
func (c *Client) pathString(r request) string {
	return "/" + c.cfg.APIVersion + "/" + strings.Join(r.path, "/")
}

func (c *Client) newHTTPRequest(ctx context.Context, r request) (*http.Request, error) {
	u := *c.base
	u.Path = strings.TrimRight(c.base.Path, "/") + c.pathString(r)
	query := maps.Clone(r.query)
	if query == nil {
		query = url.Values{}
	}
	form := maps.Clone(r.form)
	if form == nil {
		form = url.Values{}
	}
	if c.cfg.AppSecret != "" && !r.appToken {
		// The proof travels with the parameters: in the form of a form write,
		// in the query otherwise.
		proofTo := query
		if r.isForm() {
			proofTo = form
		}
		now := strconv.FormatInt(c.clock.Now().Unix(), 10)
		mac := hmac.New(sha256.New, []byte(c.cfg.AppSecret))
		mac.Write([]byte(c.cfg.AccessToken + "|" + now))
		proofTo.Set("appsecret_proof", hex.EncodeToString(mac.Sum(nil)))
		proofTo.Set("appsecret_time", now)
	}
	u.RawQuery = query.Encode()

	body, contentType, logged, err := r.encodeBody(form)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), body)
	if err != nil {
		return nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if r.raw != nil {
		for k, vs := range r.raw.header {
			req.Header[k] = slices.Clone(vs)
		}
	}
	switch {
	case r.appToken:
		req.Header.Set("Authorization", "Bearer "+c.cfg.AppID+"|"+c.cfg.AppSecret)
	case r.raw != nil:
		// The Resumable Upload API documents the OAuth scheme for file bytes.
		req.Header.Set("Authorization", "OAuth "+c.cfg.AccessToken)
	default:
		req.Header.Set("Authorization", "Bearer "+c.cfg.AccessToken)
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("Accept", "application/json")
	c.logRequest(ctx, r, u.Query(), logged)
	return req, nil
}

// isForm reports a form-encoded body: every POST without a JSON or raw body.
func (r request) isForm() bool {
	return r.json == nil && r.raw == nil && (r.method == http.MethodPost || r.form != nil)
}

// encodeBody returns the body, its content type, and what may be logged of it.
func (r request) encodeBody(form url.Values) (io.Reader, string, string, error) {
	switch {
	case r.json != nil:
		b, err := json.Marshal(r.json)
		if err != nil {
			return nil, "", "", fmt.Errorf("encoding the request body: %w", err)
		}
		return bytes.NewReader(b), "application/json", redactJSON(b), nil
	case r.raw != nil:
		return bytes.NewReader(r.raw.data), r.raw.header.Get("Content-Type"), fmt.Sprintf("(%d bytes)", len(r.raw.data)), nil
	case r.isForm():
		return strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", redact(form), nil
	}
	return nil, "", "", nil
}

// sensitiveParams never appear in logs.
var sensitiveParams = []string{"access_token", "input_token", "appsecret_proof", "verify_token", "pin"}

func redact(v url.Values) string {
	out := url.Values{}
	for k, vs := range v {
		out[k] = vs
		if slices.Contains(sensitiveParams, k) {
			out[k] = []string{"***"}
		}
	}
	return out.Encode()
}

// redactJSON masks sensitive top-level keys of a JSON body for the log.
func redactJSON(b []byte) string {
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Sprintf("(%d bytes)", len(b))
	}
	for _, k := range sensitiveParams {
		if _, ok := m[k]; ok {
			m[k] = "***"
		}
	}
	out, _ := json.Marshal(m)
	return string(out)
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

func (c *Client) logRequest(ctx context.Context, r request, query url.Values, body string) {
	fields := map[string]any{"method": r.method, "path": c.pathString(r), "query": redact(query)}
	tflog.SubsystemDebug(ctx, logSubsystem, "Graph API request", fields)
	if body != "" {
		tflog.SubsystemTrace(ctx, logSubsystem, "Graph API request body", map[string]any{"body": body})
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

// noteUsage remembers the BUC usage Meta reported, for Poll.
func (c *Client) noteUsage(h http.Header) {
	if v := h.Get("X-Business-Use-Case-Usage"); v != "" {
		c.usage.Store(int64(usagePercent(v)))
	}
}

// doSuccess sends r and expects {"success": true}.
func (c *Client) doSuccess(ctx context.Context, r request) error {
	body, err := c.do(ctx, r)
	if err != nil {
		return err
	}
	if err := decodeSuccess(body); err != nil {
		return &Error{Method: r.method, Path: c.pathString(r), Err: err}
	}
	return nil
}

// doDecode sends r and decodes the answer into out (a pointer to a struct).
func (c *Client) doDecode(ctx context.Context, r request, out any) error {
	body, err := c.do(ctx, r)
	if err != nil {
		return err
	}
	if err := decodeBody(body, out); err != nil {
		return &Error{Method: r.method, Path: c.pathString(r), Err: err, undecodable: true}
	}
	return nil
}

// checkIDs refuses any ID that is not decimal before a path is built, so a
// value like "123/../me" never reaches another endpoint.
func checkIDs(ids ...string) error {
	for _, id := range ids {
		if !ValidID(id) {
			return &Error{Err: fmt.Errorf("ID %q is not a decimal Graph ID", id)}
		}
	}
	return nil
}
