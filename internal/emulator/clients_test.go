package emulator

import (
	"net/url"
	"slices"
	"testing"
)

// Requests as other clients of Meta's API send them (public client
// libraries, at their default settings), made raw over HTTP.

const seededPhoneID = "110200345501442"

// TestUnversionedPath: Meta serves a path without a version with the app's
// default version; an unknown version is still refused.
func TestUnversionedPath(t *testing.T) {
	t.Parallel()
	s := newFake(t, Options{})
	for _, tc := range []struct {
		path       string
		wantStatus int
		wantCode   int
	}{
		{"/" + wabaID + "?fields=id,name", 200, 0},
		{"/" + wabaID + "/phone_numbers", 200, 0},
		{"/v25.0/" + wabaID + "?fields=id,name", 200, 0},
		{"/v25.1/" + wabaID, 400, 2500},
		{"/", 400, 2500},
	} {
		a := call(t, s, "GET", tc.path, nil, testToken)
		if a.status != tc.wantStatus || a.errorCode() != tc.wantCode {
			t.Errorf("GET %s: status %d code %d, want %d %d: %v", tc.path, a.status, a.errorCode(), tc.wantStatus, tc.wantCode, a.body)
		}
		if tc.wantStatus == 200 && a.body["id"] == nil && a.body["data"] == nil {
			t.Errorf("GET %s: %v", tc.path, a.body)
		}
	}
}

// TestPhoneNumberFieldsOfOtherClients: fields several clients ask of a
// number node, and its business profile by field expansion.
func TestPhoneNumberFieldsOfOtherClients(t *testing.T) {
	t.Parallel()
	s := newFake(t, Options{})
	if a := call(t, s, "POST", "/v25.0/"+seededPhoneID+"/whatsapp_business_profile",
		url.Values{"messaging_product": {"whatsapp"}, "about": {"Open 9 to 5"}}, testToken); a.status != 200 {
		t.Fatalf("setting the profile: %v", a.body)
	}
	fields := "id,eligibility_for_api_business_global_search,is_on_biz_app,is_preverified_number,quality_score,whatsapp_business_profile{about,websites}"
	for _, path := range []string{"/v25.0/" + seededPhoneID, "/" + seededPhoneID} {
		a := call(t, s, "GET", path+"?fields="+url.QueryEscape(fields), nil, testToken)
		if a.status != 200 {
			t.Fatalf("GET %s: %v", path, a.body)
		}
		if a.body["id"] != seededPhoneID || a.body["is_on_biz_app"] != false || a.body["is_preverified_number"] != false {
			t.Errorf("GET %s: %v", path, a.body)
		}
		if q, _ := a.body["quality_score"].(map[string]any); q["score"] == nil {
			t.Errorf("quality_score: %v", a.body["quality_score"])
		}
		profile, _ := a.body["whatsapp_business_profile"].(map[string]any)
		data, _ := profile["data"].([]any)
		if len(data) != 1 || data[0].(map[string]any)["about"] != "Open 9 to 5" {
			t.Errorf("whatsapp_business_profile expansion: %v", a.body["whatsapp_business_profile"])
		}
	}
	// A field that is none of these is still refused.
	if a := call(t, s, "GET", "/v25.0/"+seededPhoneID+"?fields=id,bogus", nil, testToken); a.errorCode() != 100 {
		t.Errorf("unknown field: %v", a.body)
	}
}

// TestTemplateListFilters: list filters as a JSON array or a comma list,
// quality_score, and the name_or_content and content searches.
func TestTemplateListFilters(t *testing.T) {
	t.Parallel()
	seed := testSeed()
	body := func(text string) []any { return []any{map[string]any{"type": "BODY", "text": text}} }
	seed.WABAs[0].MessageTemplates = []SeedMessageTemplate{
		{Name: "order_ready", Language: "en_US", Category: "UTILITY", Status: "APPROVED", QualityScore: "GREEN", Components: body("Your order is ready for pickup.")},
		{Name: "order_ready", Language: "de", Category: "UTILITY", Status: "REJECTED", Components: body("Ihre Bestellung liegt bereit.")},
		{Name: "spring_sale", Language: "en_US", Category: "MARKETING", Status: "APPROVED", QualityScore: "YELLOW", Components: []any{
			map[string]any{"type": "BODY", "text": "Spring sale: 20% off."},
			map[string]any{"type": "BUTTONS", "buttons": []any{map[string]any{"type": "QUICK_REPLY", "text": "Unsubscribe"}}},
		}},
	}
	s, err := NewServer(seed, Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	for _, tc := range []struct {
		query string
		want  []string // name/language
	}{
		{`language=["de"]`, []string{"order_ready/de"}},
		{`language=["de","en_US"]&category=["MARKETING"]`, []string{"spring_sale/en_US"}},
		{`language=de,en_US&category=MARKETING`, []string{"spring_sale/en_US"}},
		{`status=["REJECTED","PAUSED"]`, []string{"order_ready/de"}},
		{`quality_score=["GREEN"]`, []string{"order_ready/en_US"}},
		{`quality_score=YELLOW,RED`, []string{"spring_sale/en_US"}},
		{`name_or_content=sale`, []string{"spring_sale/en_US"}},
		{`name_or_content=BESTELLUNG`, []string{"order_ready/de"}},
		{`content=unsubscribe`, []string{"spring_sale/en_US"}},
		{`content=order_ready`, nil},
		{`language=[]`, []string{"order_ready/de", "order_ready/en_US", "spring_sale/en_US"}},
	} {
		q, err := url.ParseQuery(tc.query)
		if err != nil {
			t.Fatal(err)
		}
		q.Set("fields", "name,language")
		a := call(t, s, "GET", "/v25.0/"+wabaID+"/message_templates?"+q.Encode(), nil, testToken)
		if a.status != 200 {
			t.Fatalf("%s: %v", tc.query, a.body)
		}
		var got []string
		for _, d := range a.body["data"].([]any) {
			m := d.(map[string]any)
			got = append(got, m["name"].(string)+"/"+m["language"].(string))
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.query, got, tc.want)
		}
	}
}
