package templatewire

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestNormalizeReadBackRecorded decodes each recorded answer in
// testdata/templates, normalises it and compares it with what the file says
// the provider must see; the result encodes and decodes to itself.
func TestNormalizeReadBackRecorded(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("..", "testdata", "templates", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no recorded answers: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var rec struct {
				Source     string          `json:"source"`
				Category   string          `json:"category"`
				Listed     json.RawMessage `json:"listed"`
				Normalized json.RawMessage `json:"normalized"`
			}
			if err := json.Unmarshal(raw, &rec); err != nil {
				t.Fatal(err)
			}
			if rec.Source == "" {
				t.Fatal("the file names no source")
			}
			listed, err := ParseComponents(rec.Listed)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(NormalizeReadBack(rec.Category, listed))
			if err != nil {
				t.Fatal(err)
			}
			if !sameJSON(t, got, rec.Normalized) {
				t.Fatalf("normalised:\n%s\nwant:\n%s", got, rec.Normalized)
			}
			again, err := ParseComponents(got)
			if err != nil {
				t.Fatal(err)
			}
			if twice, _ := json.Marshal(NormalizeReadBack(rec.Category, again)); !sameJSON(t, twice, got) {
				t.Fatalf("normalising twice changed it:\n%s\nthen:\n%s", got, twice)
			}
		})
	}
}

// TestComponentsLenient: scalars as strings or numbers and a button
// example as a string or an array are read; what is not typed is kept.
func TestComponentsLenient(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"numbers as strings", `[{"type":"footer","code_expiration_minutes":"10"}]`, `[{"type":"FOOTER","code_expiration_minutes":10}]`},
		{"bool as string", `[{"type":"BODY","add_security_recommendation":"true"}]`, `[{"type":"BODY","add_security_recommendation":true}]`},
		{"copy code example string", `[{"type":"BUTTONS","buttons":[{"type":"copy_code","example":"SPRING20"}]}]`,
			`[{"type":"BUTTONS","buttons":[{"type":"COPY_CODE","example":"SPRING20"}]}]`},
		{"url example array", `[{"type":"BUTTONS","buttons":[{"type":"URL","url":"https://a.example/{{1}}","example":["x"]}]}]`,
			`[{"type":"BUTTONS","buttons":[{"type":"URL","url":"https://a.example/{{1}}","example":["x"]}]}]`},
		{"unknown fields kept", `[{"type":"LIMITED_TIME_OFFER","limited_time_offer":{"text":"Expiring!","has_expiration":true}}]`,
			`[{"type":"LIMITED_TIME_OFFER","limited_time_offer":{"text":"Expiring!","has_expiration":true}}]`},
		{"empty", ``, `null`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseComponents(json.RawMessage(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			out, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			if !sameJSON(t, out, []byte(tc.want)) {
				t.Fatalf("got %s, want %s", out, tc.want)
			}
		})
	}
	if _, err := ParseComponents(json.RawMessage(`{"type":"BODY"}`)); err == nil {
		t.Fatal("an object instead of an array was accepted")
	}
}

func TestOTPButtonURL(t *testing.T) {
	t.Parallel()
	ten := 10
	tests := []struct {
		otpType    string
		expiration *int
		want       string
	}{
		{"COPY_CODE", &ten, "https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code_expiration_minutes=10&code=otp{{1}}"},
		{"ONE_TAP", nil, "https://www.whatsapp.com/otp/code/?otp_type=ONE_TAP&code=otp{{1}}"},
	}
	for _, tc := range tests {
		got := OTPButtonURL(tc.otpType, tc.expiration, "{{1}}")
		if got != tc.want {
			t.Errorf("OTPButtonURL(%s) = %s, want %s", tc.otpType, got, tc.want)
		}
		if back := OTPTypeFromURL(got); back != tc.otpType {
			t.Errorf("OTPTypeFromURL(%s) = %q, want %s", got, back, tc.otpType)
		}
	}
	if got := OTPTypeFromURL("https://acme.example/track/{{1}}"); got != "" {
		t.Errorf("a URL without otp_type read as %q", got)
	}
}

func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("%s: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}

// TestComponentsEncodeOneForm: key order and white space inside examples and
// untyped fields do not change the encoding.
func TestComponentsEncodeOneForm(t *testing.T) {
	t.Parallel()
	a, errA := ParseComponents(json.RawMessage(`[{"type":"BODY","text":"Hi {{name}}","example":{"body_text_named_params":[{"param_name":"name","example":"Jana"}]}},
	  {"type":"CAROUSEL","cards":[{"components":[{"type":"BODY","text":"x"}]}]}]`))
	b, errB := ParseComponents(json.RawMessage(`[{"example":{"body_text_named_params":[{"example":"Jana","param_name":"name"}]},"text":"Hi {{name}}","type":"body"},
	  {"cards":[{"components":[{"text":"x","type":"BODY"}]}],"type":"carousel"}]`))
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	if string(x) != string(y) {
		t.Fatalf("the same components encode differently:\n%s\n%s", x, y)
	}
}
