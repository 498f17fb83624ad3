package emulator

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// QR codes as Meta serves them: created with an image, listed without one,
// changed in place by code, addressed under their number, with Meta's limits.
func TestQRCodes(t *testing.T) {
	t.Parallel()
	const phoneID = "110200345501442"
	s := newFake(t, Options{})
	base := "/v25.0/" + phoneID + "/message_qrdls"
	created := call(t, s, "POST", base, url.Values{"prefilled_message": {"Hi"}, "generate_qr_image": {"SVG"}}, testToken).body
	code, _ := created["code"].(string)
	if code == "" || created["deep_link_url"] != "https://wa.me/message/"+code || !strings.HasSuffix(created["qr_image_url"].(string), ".svg") {
		t.Fatalf("create: %v", created)
	}
	tests := []struct {
		name, method, path string
		form               url.Values
		want               int
	}{
		{"message of 141", "POST", base, url.Values{"prefilled_message": {strings.Repeat("a", 141)}}, 100},
		{"message of 140", "POST", base, url.Values{"prefilled_message": {strings.Repeat("a", 140)}, "generate_qr_image": {"PNG"}}, 0},
		{"unknown format", "POST", base, url.Values{"prefilled_message": {"x"}, "generate_qr_image": {"GIF"}}, 100},
		{"update of an unknown code", "POST", base, url.Values{"code": {"NOPE1"}, "prefilled_message": {"x"}}, 100},
		{"image without a format", "GET", base + "/" + code + "?fields=qr_image_url", nil, 100},
		{"delete of an unknown code", "DELETE", base + "/NOPE1", nil, 100},
	}
	for _, tc := range tests {
		if got := call(t, s, tc.method, tc.path, tc.form, testToken).errorCode(); got != tc.want {
			t.Errorf("%s: code %d, want %d", tc.name, got, tc.want)
		}
	}
	call(t, s, "POST", base, url.Values{"code": {code}, "prefilled_message": {"Hello"}}, testToken)
	list := call(t, s, "GET", base, nil, testToken).body
	data, _ := list["data"].([]any)
	if len(data) != 2 || data[0].(map[string]any)["prefilled_message"] != "Hello" || data[0].(map[string]any)["qr_image_url"] != nil {
		t.Fatalf("listing (oldest first, no image): %v", list)
	}
	got := call(t, s, "GET", base+"/"+code+"?fields=code,qr_image_url.format(PNG)", nil, testToken).body
	if d, _ := got["data"].([]any); len(d) != 1 || !strings.HasSuffix(d[0].(map[string]any)["qr_image_url"].(string), ".png") {
		t.Fatalf("one code with its image: %v", got)
	}
	call(t, s, "DELETE", base+"/"+code, nil, testToken)
	if st := s.Stats(); st.Count("DELETE /{phone}/message_qrdls/{code}") != 2 || len(s.QRCodes(phoneID)) != 1 {
		t.Fatalf("after the delete: %v, %v", st.Requests, s.QRCodes(phoneID))
	}
}

// A number holds at most 2,000 QR codes.
func TestQRCodeLimit(t *testing.T) {
	t.Parallel()
	const phoneID = "110200345501442"
	seed := testSeed()
	for i := range MaxQRCodes {
		seed.WABAs[0].PhoneNumbers[0].QRCodes = append(seed.WABAs[0].PhoneNumbers[0].QRCodes, SeedQRCode{Code: fmt.Sprintf("Q%04d", i)})
	}
	s, err := NewServer(seed, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	if got := call(t, s, "POST", "/v25.0/"+phoneID+"/message_qrdls", url.Values{"prefilled_message": {"x"}}, testToken).errorCode(); got != 100 {
		t.Fatalf("code %d, want 100", got)
	}
}
