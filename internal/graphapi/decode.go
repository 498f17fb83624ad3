package graphapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// DecodeError reads a Graph error envelope. It returns nil when the body is
// not one (an HTML page, plain text, empty), so the caller can tell a Graph
// error from a bare HTTP failure. Liberal: codes may be numbers or numeric
// strings, is_transient a bool or "true", and unknown fields are ignored.
func DecodeError(body []byte) *Error {
	var env struct {
		Error *struct {
			Message   string          `json:"message"`
			Type      string          `json:"type"`
			Code      json.RawMessage `json:"code"`
			Subcode   json.RawMessage `json:"error_subcode"`
			Transient json.RawMessage `json:"is_transient"`
			UserTitle string          `json:"error_user_title"`
			UserMsg   string          `json:"error_user_msg"`
			TraceID   string          `json:"fbtrace_id"`
		} `json:"error"`
	}
	// Invalid JSON leaves env.Error nil; a field of the wrong type leaves the
	// rest decoded, which is as liberal as we want to be.
	_ = json.Unmarshal(body, &env)
	if env.Error == nil {
		return nil // not a Graph error envelope
	}
	e := env.Error
	code, ok := flexInt(e.Code)
	if !ok || code == 0 {
		return nil
	}
	subcode, _ := flexInt(e.Subcode)
	transient, _ := flexBool(e.Transient)
	return &Error{
		Code: code, Subcode: subcode, Type: e.Type, Message: e.Message,
		UserTitle: e.UserTitle, UserMessage: e.UserMsg, Transient: transient, TraceID: e.TraceID,
	}
}

func flexInt(raw json.RawMessage) (int, bool) {
	s := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	if s == "" || s == "null" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

func flexBool(raw json.RawMessage) (bool, bool) {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(string(raw)), `"`)) {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}

// ParseUsageWait reads X-Business-Use-Case-Usage and returns the longest
// estimated_time_to_regain_access across its entries (minutes in the header).
// A missing or malformed header yields zero: unknown, not "no wait".
func ParseUsageWait(header string) time.Duration {
	if header == "" {
		return 0
	}
	var usage map[string][]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(header), &usage); err != nil {
		return 0
	}
	var longest int
	for _, entries := range usage {
		for _, e := range entries {
			if n, ok := flexInt(e["estimated_time_to_regain_access"]); ok && n > longest {
				longest = n
			}
		}
	}
	return time.Duration(longest) * time.Minute
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

// object is a decoded JSON object read with liberal, typed accessors; the
// first type error is kept and reported once.
type object struct {
	m    map[string]json.RawMessage
	path string
	err  *error
}

func decodeObject(raw []byte) (object, error) {
	var m map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return object{}, fmt.Errorf("the response is not a JSON object: %w", err)
	}
	if m == nil {
		return object{}, fmt.Errorf("the response is null, not a JSON object")
	}
	var err error
	return object{m: m, err: &err}, nil
}

func (o object) fail(key, want string) {
	if *o.err == nil {
		*o.err = fmt.Errorf("field %s%s: want %s, got %s", o.path, key, want, truncate(string(o.m[key]), 40))
	}
}

func (o object) has(key string) bool {
	raw, ok := o.m[key]
	return ok && string(raw) != "null"
}

// str reads a string; numbers are accepted as their decimal text.
func (o object) str(key string) *string {
	if !o.has(key) {
		return nil
	}
	raw := o.m[key]
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return &s
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		s = n.String()
		return &s
	}
	o.fail(key, "a string")
	return nil
}

// id reads a required decimal ID.
func (o object) id(key string) string {
	s := o.str(key)
	if s == nil || !ValidID(*s) {
		o.fail(key, "a decimal ID")
		return ""
	}
	return *s
}

// boolean reads a bool; "true" and "false" as strings are accepted too.
func (o object) boolean(key string) *bool {
	if !o.has(key) {
		return nil
	}
	if b, ok := flexBool(o.m[key]); ok {
		return &b
	}
	o.fail(key, "a boolean")
	return nil
}

func (o object) obj(key string) *object {
	if !o.has(key) {
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(o.m[key], &m); err != nil {
		o.fail(key, "an object")
		return nil
	}
	return &object{m: m, path: o.path + key + ".", err: o.err}
}

func (o object) objects(key string) []object {
	if !o.has(key) {
		return nil
	}
	var list []map[string]json.RawMessage
	if err := json.Unmarshal(o.m[key], &list); err != nil {
		o.fail(key, "a list of objects")
		return nil
	}
	out := make([]object, len(list))
	for i, m := range list {
		out[i] = object{m: m, path: fmt.Sprintf("%s%s[%d].", o.path, key, i), err: o.err}
	}
	return out
}

func (o object) strings(key string) []string {
	if !o.has(key) {
		return nil
	}
	var list []string
	if err := json.Unmarshal(o.m[key], &list); err != nil {
		o.fail(key, "a list of strings")
		return nil
	}
	return list
}

// decodeSuccess reads {"success": true}, accepting "true" as a string.
func decodeSuccess(body []byte) error {
	o, err := decodeObject(body)
	if err != nil {
		return err
	}
	ok := o.boolean("success")
	if *o.err != nil {
		return *o.err
	}
	if ok == nil || !*ok {
		return fmt.Errorf("the API did not confirm success: %s", truncate(string(body), 200))
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
