// Package templatewire is the wire shape of message template components,
// shared by the client (internal/graphapi, the provider) and the fake Graph
// API (internal/emulator), which cannot import internal/graphapi: Meta's
// read-back rewrites are written once for each side.
package templatewire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi/lenient"
)

// Component is one component of a message template in Meta's wire
// shape, as sent and as listed.
// https://developers.facebook.com/docs/whatsapp/business-management-api/message-templates/components
// Decoding is lenient (scalars as strings or numbers, any case of type and
// format); fields this type does not name (a carousel's cards, a
// limited-time offer, ...) are kept in Rest and encoded back unchanged.
type Component struct {
	Type                      string
	Format                    string
	Text                      *string
	AddSecurityRecommendation *bool
	CodeExpirationMinutes     *int
	// Example is kept as sent: its shape depends on the component.
	Example json.RawMessage
	Buttons []Button
	Rest    map[string]json.RawMessage
}

// Button is one button of a BUTTONS component.
type Button struct {
	Type, Text, URL, PhoneNumber, OTPType, AutofillText *string
	FlowID, FlowAction, NavigateScreen                  *string
	ZeroTapTermsAccepted                                *bool
	// Example is a URL's or a copy code's example: Meta takes a string for
	// COPY_CODE and a one-element array for URL; both are read.
	Example       *string
	SupportedApps []SupportedApp
	Rest          map[string]json.RawMessage
}

// SupportedApp is an Android app a one-tap or zero-tap OTP button fills in.
type SupportedApp struct {
	PackageName   string `json:"package_name"`
	SignatureHash string `json:"signature_hash"`
}

// ParseComponents reads a components array.
func ParseComponents(raw json.RawMessage) ([]Component, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var out []Component
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("components are not a JSON array of objects: %w", err)
	}
	return out, nil
}

func (c *Component) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	c.Type, c.Format = strings.ToUpper(takeString(m, "type")), strings.ToUpper(takeString(m, "format"))
	c.Text = takeStringPtr(m, "text")
	c.AddSecurityRecommendation = takeBool(m, "add_security_recommendation")
	if raw, ok := m["code_expiration_minutes"]; ok {
		if n, ok := lenient.Int(raw); ok {
			c.CodeExpirationMinutes = &n
			delete(m, "code_expiration_minutes")
		}
	}
	if raw, ok := m["example"]; ok && present(raw) {
		c.Example = sortedJSON(raw)
	}
	delete(m, "example")
	if raw, ok := m["buttons"]; ok {
		if err := json.Unmarshal(raw, &c.Buttons); err != nil {
			return fmt.Errorf("buttons: %w", err)
		}
		delete(m, "buttons")
	}
	c.Rest = restOf(m)
	return nil
}

func (c Component) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	for k, v := range c.Rest {
		m[k] = v
	}
	m["type"] = c.Type
	put(m, "format", c.Format)
	putPtr(m, "text", c.Text)
	putPtr(m, "add_security_recommendation", c.AddSecurityRecommendation)
	putPtr(m, "code_expiration_minutes", c.CodeExpirationMinutes)
	if len(c.Example) > 0 {
		m["example"] = c.Example
	}
	if c.Buttons != nil {
		m["buttons"] = c.Buttons
	}
	return json.Marshal(m)
}

func (b *Button) UnmarshalJSON(raw []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return err
	}
	if t := takeStringPtr(m, "type"); t != nil {
		b.Type = ptr(strings.ToUpper(*t))
	}
	if t := takeStringPtr(m, "otp_type"); t != nil {
		b.OTPType = ptr(strings.ToUpper(*t))
	}
	b.Text, b.URL, b.PhoneNumber = takeStringPtr(m, "text"), takeStringPtr(m, "url"), takeStringPtr(m, "phone_number")
	b.AutofillText, b.FlowID = takeStringPtr(m, "autofill_text"), takeStringPtr(m, "flow_id")
	b.FlowAction, b.NavigateScreen = takeStringPtr(m, "flow_action"), takeStringPtr(m, "navigate_screen")
	b.ZeroTapTermsAccepted = takeBool(m, "zero_tap_terms_accepted")
	if ex, ok := m["example"]; ok {
		var list []json.RawMessage
		if s, ok := lenient.String(ex); ok {
			b.Example = &s
		} else if json.Unmarshal(ex, &list) == nil && len(list) > 0 {
			if s, ok := lenient.String(list[0]); ok {
				b.Example = &s
			}
		}
		delete(m, "example")
	}
	if apps, ok := m["supported_apps"]; ok {
		if err := json.Unmarshal(apps, &b.SupportedApps); err != nil {
			return fmt.Errorf("supported_apps: %w", err)
		}
		delete(m, "supported_apps")
	}
	b.Rest = restOf(m)
	return nil
}

func (b Button) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	for k, v := range b.Rest {
		m[k] = v
	}
	for k, v := range map[string]*string{"type": b.Type, "text": b.Text, "url": b.URL, "phone_number": b.PhoneNumber, "otp_type": b.OTPType,
		"autofill_text": b.AutofillText, "flow_id": b.FlowID, "flow_action": b.FlowAction, "navigate_screen": b.NavigateScreen} {
		putPtr(m, k, v)
	}
	putPtr(m, "zero_tap_terms_accepted", b.ZeroTapTermsAccepted)
	if b.Example != nil {
		if b.Type != nil && *b.Type == "COPY_CODE" {
			m["example"] = *b.Example
		} else {
			m["example"] = []string{*b.Example}
		}
	}
	if b.SupportedApps != nil {
		m["supported_apps"] = b.SupportedApps
	}
	return json.Marshal(m)
}

// NormalizeReadBack undoes what Meta rewrites when it lists a template
// (https://developers.facebook.com/docs/whatsapp/business-management-api/authentication-templates),
// so that what was sent and what is listed compare equal: a media header's
// example (listed as a CDN URL instead of the upload handle) is dropped; an
// authentication template's body and footer lose Meta's own text and example
// code, and its OTP button, listed as a URL button whose otp_type is only in
// the URL's query and which carries an example, is an OTP button again with
// its otp_type and without URL and example. Types are upper case (decoding
// does that). What Meta does not list (supported apps, autofill label,
// zero-tap acceptance) is left as it is: the caller keeps its own.
func NormalizeReadBack(category string, components []Component) []Component {
	auth := strings.EqualFold(category, "AUTHENTICATION")
	out := make([]Component, 0, len(components))
	for _, c := range components {
		switch c.Type {
		case "HEADER":
			if c.Format == "IMAGE" || c.Format == "VIDEO" || c.Format == "DOCUMENT" {
				c.Example = nil
			}
		case "BODY", "FOOTER":
			if auth {
				c.Text, c.Example = nil, nil
			}
		case "BUTTONS":
			buttons := make([]Button, 0, len(c.Buttons))
			for _, b := range c.Buttons {
				if auth && b.Type != nil && (*b.Type == "URL" || *b.Type == "OTP") {
					b.Type = ptr("OTP")
					if b.OTPType == nil && b.URL != nil {
						if t := OTPTypeFromURL(*b.URL); t != "" {
							b.OTPType = &t
						}
					}
					b.URL, b.Example = nil, nil
				}
				buttons = append(buttons, b)
			}
			c.Buttons = buttons
		}
		out = append(out, c)
	}
	return out
}

// OTPTypeFromURL reads otp_type from the query of the URL Meta lists an OTP
// button with; "" when it has none.
func OTPTypeFromURL(u string) string {
	parsed, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.ToUpper(parsed.Query().Get("otp_type"))
}

// OTPButtonURL is the URL Meta lists an OTP button with, its code parameter
// "{{1}}" (or an example code).
func OTPButtonURL(otpType string, codeExpirationMinutes *int, code string) string {
	u := "https://www.whatsapp.com/otp/code/?otp_type=" + otpType
	if codeExpirationMinutes != nil {
		u += fmt.Sprintf("&code_expiration_minutes=%d", *codeExpirationMinutes)
	}
	return u + "&code=otp" + code
}

func takeString(m map[string]json.RawMessage, key string) string {
	if p := takeStringPtr(m, key); p != nil {
		return *p
	}
	return ""
}

func takeStringPtr(m map[string]json.RawMessage, key string) *string {
	raw, ok := m[key]
	if !ok {
		return nil
	}
	s, ok := lenient.String(raw)
	if !ok {
		return nil // not a string: kept in Rest as it came
	}
	delete(m, key)
	return &s
}

func takeBool(m map[string]json.RawMessage, key string) *bool {
	raw, ok := m[key]
	if !ok {
		return nil
	}
	v, ok := lenient.Bool(raw)
	if !ok {
		return nil
	}
	delete(m, key)
	return &v
}

func restOf(m map[string]json.RawMessage) map[string]json.RawMessage {
	if len(m) == 0 {
		return nil
	}
	for k, v := range m {
		m[k] = sortedJSON(v)
	}
	return m
}

// sortedJSON re-encodes a value with its objects' keys sorted and numbers
// as written, so that what means the same encodes the same.
func sortedJSON(raw json.RawMessage) json.RawMessage {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if d.Decode(&v) != nil {
		return raw
	}
	out, err := json.Marshal(v)
	if err != nil {
		return raw
	}
	return out
}

func put(m map[string]any, key, v string) {
	if v != "" {
		m[key] = v
	}
}

func putPtr[T any](m map[string]any, key string, v *T) {
	if v != nil {
		m[key] = *v
	}
}

func ptr[T any](v T) *T { return &v }

func present(raw json.RawMessage) bool {
	return len(raw) > 0 && string(raw) != "null"
}
