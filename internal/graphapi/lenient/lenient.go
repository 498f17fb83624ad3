// Package lenient reads Graph API scalars as Meta sends them, which is not
// always as documented: a string may come as a number, a number or a bool as
// a string. internal/graphapi's struct-tag decoding and the template wire
// shape (templatewire, which the emulator shares and so cannot import
// graphapi) both read through it.
package lenient

import (
	"encoding/json"
	"strconv"
	"strings"
)

// String reads a string; a number is accepted as its decimal text. JSON null
// reads as "" (callers tell absent from present first).
func String(raw json.RawMessage) (string, bool) {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, true
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		return n.String(), true
	}
	return "", false
}

// Int reads an integer, or a string holding one.
func Int(raw json.RawMessage) (int, bool) {
	n, err := strconv.Atoi(unquoted(raw))
	return n, err == nil
}

// Bool reads true/false, "true"/"false" (any case) or 1/0, quoted or not.
func Bool(raw json.RawMessage) (bool, bool) {
	switch strings.ToLower(unquoted(raw)) {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}

func unquoted(raw json.RawMessage) string {
	return strings.Trim(strings.TrimSpace(string(raw)), `"`)
}
