package provider

import (
	"strings"
	"testing"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// FuzzSplitDisplayNumber: any display number either splits into a valid cc
// and national number whose digits are the display's, or is refused.
func FuzzSplitDisplayNumber(f *testing.F) {
	for _, seed := range []string{"+49 151 12345678", "+1 631-555-1234", "+44 7700 900123", "49 151", "+ 1", "+1234 5678", "", "+1 ", "+1 12a4-5678"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, display string) {
		cc, national, ok := splitDisplayNumber(display)
		if !ok {
			return
		}
		if !ccRegexp.MatchString(cc) || !nationalRegexp.MatchString(national) {
			t.Fatalf("%q split into invalid cc %q / number %q", display, cc, national)
		}
		if digitsOf(display) != cc+national {
			t.Fatalf("%q split into %q + %q, which are not its digits", display, cc, national)
		}
	})
}

func TestSplitDisplayNumber(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, cc, national string }{
		{"+49 151 12345678", "49", "15112345678"},
		{"+1 631-555-1234", "1", "6315551234"},
		{" +44 7700 900123 ", "44", "7700900123"},
		{"49 151 12345678", "", ""},
		{"+4915112345678", "", ""},
		{"+1234 5678", "", ""},
	}
	for _, tc := range tests {
		cc, national, ok := splitDisplayNumber(tc.in)
		if ok != (tc.cc != "") || cc != tc.cc || national != tc.national {
			t.Errorf("splitDisplayNumber(%q) = %q, %q, %v", tc.in, cc, national, ok)
		}
	}
}

// FuzzParseImportID: an accepted ID has the right number of decimal parts,
// which join back to the input.
func FuzzParseImportID(f *testing.F) {
	for _, seed := range []string{"104996122399160/122104222222222222", "104996122399160", "1/2/3", "123/../me", "/", "", "a/b", "1//2"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, id string) {
		for _, optional := range []int{0, 1} {
			parts, err := parseImportID(id, []string{"waba_id", "user_id"}, optional)
			if err != nil {
				continue
			}
			if len(parts) < 2-optional || len(parts) > 2 || strings.Join(parts, "/") != id {
				t.Fatalf("%q parsed into %q", id, parts)
			}
			for _, p := range parts {
				if !graphapi.ValidID(p) {
					t.Fatalf("%q yielded the non-decimal part %q", id, p)
				}
			}
		}
	})
}
