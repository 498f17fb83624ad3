package lenient

import (
	"encoding/json"
	"testing"
)

func TestScalars(t *testing.T) {
	for _, tc := range []struct {
		raw       string
		str       string
		strOK     bool
		num       int
		numOK     bool
		bool, bOK bool
	}{
		{raw: `"abc"`, str: "abc", strOK: true},
		{raw: `12`, str: "12", strOK: true, num: 12, numOK: true},
		{raw: `"12"`, str: "12", strOK: true, num: 12, numOK: true},
		{raw: `true`, bool: true, bOK: true},
		{raw: `"TRUE"`, str: "TRUE", strOK: true, bool: true, bOK: true},
		{raw: `"0"`, str: "0", strOK: true, num: 0, numOK: true, bool: false, bOK: true},
		{raw: `null`, strOK: true}, // JSON null leaves a string empty: callers check presence first
		{raw: `""`, strOK: true},
		{raw: `[1]`},
	} {
		raw := json.RawMessage(tc.raw)
		if s, ok := String(raw); s != tc.str || ok != tc.strOK {
			t.Errorf("String(%s) = %q, %v; want %q, %v", tc.raw, s, ok, tc.str, tc.strOK)
		}
		if n, ok := Int(raw); n != tc.num || ok != tc.numOK {
			t.Errorf("Int(%s) = %d, %v; want %d, %v", tc.raw, n, ok, tc.num, tc.numOK)
		}
		if b, ok := Bool(raw); b != tc.bool || ok != tc.bOK {
			t.Errorf("Bool(%s) = %v, %v; want %v, %v", tc.raw, b, ok, tc.bool, tc.bOK)
		}
	}
}
