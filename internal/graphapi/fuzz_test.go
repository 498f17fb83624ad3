package graphapi

import (
	"testing"
	"time"
)

// FuzzDecodeError: any answer body decodes to a Graph error or to nil, never
// a panic, and a decoded error always has a code.
func FuzzDecodeError(f *testing.F) {
	for _, seed := range []string{
		`{"error":{"message":"(#4) Application request limit reached","type":"OAuthException","code":4,"error_subcode":2446079,"is_transient":true,"fbtrace_id":"A"}}`,
		`{"error":{"code":"190","error_subcode":"463","is_transient":"false"}}`,
		`{"error":{"code":0}}`, `{"error":null}`, `{"error":"x"}`, `<html>503</html>`, ``, `null`, `{"error":{"code":1e99}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		e := DecodeError(body)
		if e != nil && e.Code == 0 {
			t.Fatalf("decoded an error without a code from %q", body)
		}
		if e != nil {
			_ = e.Error()
			_ = e.Detail()
		}
	})
}

// FuzzParseUsageWait: any header yields a wait of zero or more.
func FuzzParseUsageWait(f *testing.F) {
	for _, seed := range []string{
		`{"104996122399160":[{"type":"whatsapp_business_management","call_count":42,"estimated_time_to_regain_access":5}]}`,
		`{"1":[{"estimated_time_to_regain_access":"7"}],"2":[{"estimated_time_to_regain_access":3}]}`,
		`{"1":[]}`, `[]`, `{`, ``, `{"1":[{"estimated_time_to_regain_access":-4}]}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, header string) {
		if d := ParseUsageWait(header); d < 0 {
			t.Fatalf("negative wait %s from %q", d, header)
		}
	})
}

func TestParseUsageWait(t *testing.T) {
	t.Parallel()
	tests := map[string]time.Duration{
		`{"1":[{"estimated_time_to_regain_access":"7"}],"2":[{"estimated_time_to_regain_access":3}]}`: 7 * time.Minute,
		`{"1":[{"estimated_time_to_regain_access":0}]}`:                                               0,
		`not json`: 0,
		``:         0,
	}
	for header, want := range tests {
		if got := ParseUsageWait(header); got != want {
			t.Errorf("ParseUsageWait(%q) = %s, want %s", header, got, want)
		}
	}
}
