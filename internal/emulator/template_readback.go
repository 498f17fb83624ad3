package emulator

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
	raw, err := json.Marshal(components)
	if err != nil {
		return components
	}
	typed, err := templatewire.ParseComponents(raw)
	if err != nil {
		return components // stored components were validated as an array of objects
	}
	var expiration *int
	for _, c := range typed {
		if c.Type == "FOOTER" && c.CodeExpirationMinutes != nil {
			expiration = c.CodeExpirationMinutes
		}
	}
	auth := category == "AUTHENTICATION"
	for i := range typed {
		c := &typed[i]
		switch {
		case c.Type == "HEADER" && (c.Format == "IMAGE" || c.Format == "VIDEO" || c.Format == "DOCUMENT"):
			var ex map[string]any
			if json.Unmarshal(c.Example, &ex) == nil && ex["header_handle"] != nil {
				ex["header_handle"] = []any{"https://scontent.whatsapp.net/v/t61.29466-34/" + id + "_n." + strings.ToLower(c.Format)}
				c.Example, _ = json.Marshal(ex)
			}
		case c.Type == "BODY" && auth:
			text := "*{{1}}* is your verification code."
			if c.AddSecurityRecommendation != nil && *c.AddSecurityRecommendation {
				text += " For your security, do not share this code."
			}
			c.Text, c.Example = &text, json.RawMessage(`{"body_text":[["123456"]]}`)
		case c.Type == "FOOTER" && auth && c.CodeExpirationMinutes != nil:
			text := fmt.Sprintf("This code expires in %d minutes.", *c.CodeExpirationMinutes)
			c.Text = &text
		case c.Type == "BUTTONS":
			for j, b := range c.Buttons {
				if b.Type == nil || *b.Type != "OTP" {
					continue
				}
				text, otpType := "Copy code", ""
				if b.Text != nil && *b.Text != "" {
					text = *b.Text
				}
				if b.OTPType != nil {
					otpType = *b.OTPType
				}
				url, example, typ := templatewire.OTPButtonURL(otpType, expiration, "{{1}}"), templatewire.OTPButtonURL(otpType, expiration, "123456"), "URL"
				c.Buttons[j] = templatewire.Button{Type: &typ, Text: &text, URL: &url, Example: &example}
			}
		}
	}
	b, err := json.Marshal(typed)
	if err != nil {
		return components
	}
	var out []any
	_ = json.Unmarshal(b, &out)
	return out
}
