package graphapi

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi/lenient"
)

// Rate limits: Meta answers an exhausted budget with an error code (see
// IsRateLimited) and says how long to wait in the X-Business-Use-Case-Usage
// header, in minutes, or in Retry-After. Waits honour the announcement, are
// capped by max_rate_limit_wait and end with the request context.
// https://developers.facebook.com/docs/graph-api/overview/rate-limiting

// ParseUsageWait reads X-Business-Use-Case-Usage and returns the longest
// estimated_time_to_regain_access across its entries (minutes in the header).
// A missing or malformed header yields zero: unknown, not "no wait".
func ParseUsageWait(header string) time.Duration {
	var longest int
	for _, e := range usageEntries(header) {
		if n, ok := lenient.Int(e["estimated_time_to_regain_access"]); ok && n > longest {
			longest = n
		}
	}
	return time.Duration(longest) * time.Minute
}

// usagePercent returns the highest call_count percentage in the header.
func usagePercent(header string) int {
	var highest int
	for _, e := range usageEntries(header) {
		if n, ok := lenient.Int(e["call_count"]); ok && n > highest {
			highest = n
		}
	}
	return highest
}

func usageEntries(header string) []map[string]json.RawMessage {
	if header == "" {
		return nil
	}
	var usage map[string][]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(header), &usage); err != nil {
		return nil
	}
	var out []map[string]json.RawMessage
	for _, entries := range usage {
		out = append(out, entries...)
	}
	return out
}

// parseRetryAfter reads Retry-After as seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// retryWait decides whether to retry after a failed attempt, and how long to
// wait first. It marks err when the announced wait is too long.
func (c *Client) retryWait(r request, err *Error, header http.Header, attempt int) (time.Duration, bool) {
	// The caller's context ended (an attempt's own timeout is a separate error).
	if err.Cancelled() {
		return 0, false
	}
	switch {
	case err.IsRegistrationLimit():
		// A 72-hour budget: no retry, and say when the number is free again.
		err.RetryAt = c.clock.Now().Add(RegistrationWindow)
		return 0, false
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
	case err.OutcomeUnknown && r.unsafeToRepeat():
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
