package graphapitest

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi/templatewire"
)

// upperTypes stores component types, header formats and button types in
// upper case, as Meta reads them back whatever case they were sent in.
func upperTypes(components []any) []any {
	return eachComponent(components, func(m map[string]any) {
		toUpper(m, "type", "format")
		buttons, _ := m["buttons"].([]any)
		for _, b := range buttons {
			if bm, ok := b.(map[string]any); ok {
				toUpper(bm, "type", "otp_type")
			}
		}
	})
}

func toUpper(m map[string]any, keys ...string) {
	for _, k := range keys {
		if s, ok := m[k].(string); ok {
			m[k] = strings.ToUpper(s)
		}
	}
}

// eachComponent returns the components with fn applied to a copy of each
// object among them.
func eachComponent(components []any, fn func(map[string]any)) []any {
	out := make([]any, 0, len(components))
	for _, c := range components {
		if m, ok := c.(map[string]any); ok {
			m = cloneJSON(m)
			fn(m)
			c = m
		}
		out = append(out, c)
	}
	return out
}

func cloneJSON(m map[string]any) map[string]any {
	b, _ := json.Marshal(m)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return out
}

// readBackComponents renders stored components the way Meta reads them back
// (https://developers.facebook.com/docs/whatsapp/business-management-api/authentication-templates):
// a media header's example as a CDN URL instead of the upload handle, an
// authentication template's body and footer in Meta's words (the body with an
// example code), and its OTP button as a URL button whose otp_type is only in
// the URL's query, with an example nobody sent and without the otp_type,
// autofill_text, supported_apps and zero_tap_terms_accepted it was created with.
func readBackComponents(category, id string, components []any) []any {
	var expiration *int
	for _, c := range components {
		if m, ok := c.(map[string]any); ok && m["type"] == "FOOTER" {
			if n, ok := m["code_expiration_minutes"].(float64); ok {
				minutes := int(n)
				expiration = &minutes
			}
		}
	}
	return eachComponent(components, func(m map[string]any) {
		switch m["type"] {
		case "HEADER":
			if f, _ := m["format"].(string); f == "IMAGE" || f == "VIDEO" || f == "DOCUMENT" {
				if ex, ok := m["example"].(map[string]any); ok && ex["header_handle"] != nil {
					ex["header_handle"] = []any{"https://scontent.whatsapp.net/v/t61.29466-34/" + id + "_n." + strings.ToLower(f)}
				}
			}
		case "BODY":
			if category == "AUTHENTICATION" {
				text := "*{{1}}* is your verification code."
				if sec, _ := m["add_security_recommendation"].(bool); sec {
					text += " For your security, do not share this code."
				}
				m["text"] = text
				m["example"] = map[string]any{"body_text": []any{[]any{"123456"}}}
			}
		case "FOOTER":
			if n, ok := m["code_expiration_minutes"].(float64); ok && category == "AUTHENTICATION" {
				m["text"] = fmt.Sprintf("This code expires in %d minutes.", int(n))
			}
		case "BUTTONS":
			buttons, _ := m["buttons"].([]any)
			for i, b := range buttons {
				bm, ok := b.(map[string]any)
				if !ok || bm["type"] != "OTP" {
					continue
				}
				text, _ := bm["text"].(string)
				if text == "" {
					text = "Copy code"
				}
				otpType := fmt.Sprint(bm["otp_type"])
				buttons[i] = map[string]any{"type": "URL", "text": text, "url": templatewire.OTPButtonURL(otpType, expiration, "{{1}}"),
					"example": []any{templatewire.OTPButtonURL(otpType, expiration, "123456")}}
			}
		}
	})
}
