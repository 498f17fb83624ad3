package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// Reading a template back: Meta's answer into the model, with Meta's
// read-back rewrites undone.

// fill copies a template read from the API into the model: the computed
// attributes, and the content in the form the configuration uses (typed or
// components_json), with Meta's read-back rewrites undone so that an
// unchanged template plans nothing and a changed one plans an edit.
func (m *messageTemplateModel) fill(ctx context.Context, t *graphapi.MessageTemplate, diags *diag.Diagnostics) {
	m.ID = types.StringValue(t.ID)
	if t.Name != nil {
		m.Name = types.StringValue(*t.Name)
	}
	if t.Language != nil {
		m.Language = types.StringValue(*t.Language)
	}
	if t.ParameterFormat != nil {
		m.ParameterFormat = types.StringValue(strings.ToUpper(*t.ParameterFormat))
	} else if m.ParameterFormat.IsNull() || m.ParameterFormat.IsUnknown() {
		m.ParameterFormat = types.StringValue("POSITIONAL")
	}
	m.Status = stringValue(t.Status)
	m.CurrentCategory = stringValue(t.Category)
	m.PreviousCategory = stringValue(t.PreviousCategory)
	m.RejectedReason = stringValue(t.RejectedReason)
	m.QualityScore = types.StringNull()
	if t.QualityScore != nil {
		m.QualityScore = stringValue(t.QualityScore.Score)
	}
	// category is what was configured: Meta re-categorising shows in
	// current_category. Import (no category yet) takes the category asked
	// for when Meta changed it, else Meta's.
	if m.Category.IsNull() || m.Category.IsUnknown() {
		m.Category = m.CurrentCategory
		if known(m.PreviousCategory) {
			m.Category = m.PreviousCategory
		}
	}
	if t.MessageSendTTLSeconds != nil {
		m.MessageSendTTLSeconds = types.Int64Value(int64(*t.MessageSendTTLSeconds))
	} else {
		m.MessageSendTTLSeconds = types.Int64Null()
	}
	components, err := parseComponents(t.Components)
	if err != nil {
		diags.AddError("Cannot Read Template Components", fmt.Sprintf("Template %s: %v.", t.ID, err))
		return
	}
	if !m.ComponentsJSON.IsNull() || !typedCovers(components) {
		m.fillJSON(components)
		return
	}
	m.fillTyped(ctx, components)
}

// fillJSON keeps components_json when it means what Meta holds, and takes
// Meta's otherwise (drift).
func (m *messageTemplateModel) fillJSON(remote []map[string]any) {
	category := m.Category.ValueString()
	if !m.ComponentsJSON.IsNull() {
		if mine, err := parseComponents(json.RawMessage(m.ComponentsJSON.ValueString())); err == nil &&
			canonicalAsListed(category, mine) == canonicalAsListed(category, remote) {
			return
		}
	}
	m.ComponentsJSON = types.StringValue(canonicalAsListed(category, remote))
	m.Header, m.Body, m.Footer, m.Buttons = nil, nil, nil, nil
}

func parseComponents(raw json.RawMessage) ([]map[string]any, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	var out []map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("components are not a JSON array of objects: %w", err)
	}
	return out, nil
}

// typedCovers reports components that the typed attributes can express.
func typedCovers(components []map[string]any) bool {
	for _, c := range components {
		switch strings.ToUpper(fmt.Sprint(c["type"])) {
		case "HEADER", "BODY", "FOOTER":
		case "BUTTONS":
			buttons, _ := c["buttons"].([]any)
			for _, b := range buttons {
				bm, _ := b.(map[string]any)
				typ := strings.ToUpper(fmt.Sprint(bm["type"]))
				if !slices.Contains(buttonTypes, typ) {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// canonicalComponents renders components in one form for comparison: types
// in upper case, an authentication template's OTP button (read back as URL)
// as OTP without Meta's URL, example and default labels, a media example
// without the handle (read back as a URL), Meta's own authentication texts
// and example code left out, and JSON with sorted keys.
func canonicalComponents(category string, components []map[string]any) string {
	return canonical(category, components, false)
}

// otpUnreturned are the OTP button's attributes Meta's listing does not
// return: kept from the configuration or state, never compared with Meta's.
var otpUnreturned = []string{"autofill_text", "supported_apps", "zero_tap_terms_accepted"}

// canonicalAsListed is canonicalComponents without what Meta's listing does
// not return (otpUnreturned), for comparing with Meta's answer.
func canonicalAsListed(category string, components []map[string]any) string {
	return canonical(category, components, true)
}

func canonical(category string, components []map[string]any, asListed bool) string {
	out := make([]map[string]any, 0, len(components))
	for _, c := range components {
		c = cloneMap(c)
		upper(c, "type", "format")
		switch c["type"] {
		case "HEADER":
			if ex, ok := c["example"].(map[string]any); ok {
				delete(ex, "header_handle")
				if len(ex) == 0 {
					delete(c, "example")
				}
			}
		case "BODY", "FOOTER":
			if category == "AUTHENTICATION" {
				// Meta's own words, and an example code nobody sent.
				delete(c, "text")
				delete(c, "example")
			}
		case "BUTTONS":
			buttons, _ := c["buttons"].([]any)
			for i, b := range buttons {
				bm, ok := b.(map[string]any)
				if !ok {
					continue
				}
				upper(bm, "type", "otp_type")
				if category == "AUTHENTICATION" && (bm["type"] == "URL" || bm["type"] == "OTP") {
					bm["type"] = "OTP"
					if bm["otp_type"] == nil {
						bm["otp_type"] = otpTypeFromURL(fmt.Sprint(bm["url"]))
					}
					delete(bm, "url")
					delete(bm, "example") // Meta adds one to the URL it reads back
					if bm["text"] == defaultOTPText {
						delete(bm, "text")
					}
					if bm["autofill_text"] == defaultOTPAutofill {
						delete(bm, "autofill_text")
					}
					if asListed {
						for _, k := range otpUnreturned {
							delete(bm, k)
						}
					}
				}
				buttons[i] = bm
			}
		}
		out = append(out, c)
	}
	b, _ := json.Marshal(out)
	return string(b)
}

func otpTypeFromURL(u string) any {
	parsed, err := url.Parse(u)
	if err != nil || parsed.Query().Get("otp_type") == "" {
		return nil
	}
	return strings.ToUpper(parsed.Query().Get("otp_type"))
}

func upper(m map[string]any, keys ...string) {
	for _, k := range keys {
		if s, ok := m[k].(string); ok {
			m[k] = strings.ToUpper(s)
		}
	}
}

func cloneMap(m map[string]any) map[string]any {
	b, _ := json.Marshal(m)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return out
}

// fillTyped sets the typed attributes from Meta's components, keeping what
// Meta cannot return (the media file, unset OTP labels) from the model.
func (m *messageTemplateModel) fillTyped(ctx context.Context, components []map[string]any) {
	prior := *m
	named := m.ParameterFormat.ValueString() == "NAMED"
	auth := m.Category.ValueString() == "AUTHENTICATION"
	m.Header, m.Body, m.Footer, m.Buttons = nil, nil, nil, nil
	m.ComponentsJSON = types.StringNull()
	for _, c := range components {
		upper(c, "type", "format")
		switch c["type"] {
		case "HEADER":
			h := &templateHeaderModel{Format: types.StringValue(fmt.Sprint(c["format"])), Text: optString(c["text"]),
				Examples: types.MapNull(types.StringType), MediaFile: types.StringNull(), MediaSHA256: types.StringNull()}
			if h.Format.ValueString() == "TEXT" {
				h.Examples = examplesMap(ctx, named, h.Text.ValueString(), c["example"], "header_text", "header_text_named_params")
			}
			if prior.Header != nil && prior.Header.Format.Equal(h.Format) {
				h.MediaFile, h.MediaSHA256 = prior.Header.MediaFile, prior.Header.MediaSHA256
			}
			m.Header = h
		case "BODY":
			b := &templateBodyModel{Text: optString(c["text"]), Examples: types.MapNull(types.StringType), AddSecurityRecommendation: types.BoolNull()}
			if auth {
				b.Text = types.StringNull() // Meta's own words
				if v, ok := c["add_security_recommendation"].(bool); ok {
					b.AddSecurityRecommendation = types.BoolValue(v)
				} else if prior.Body != nil {
					b.AddSecurityRecommendation = prior.Body.AddSecurityRecommendation
				}
			} else {
				b.Examples = examplesMap(ctx, named, b.Text.ValueString(), c["example"], "body_text", "body_text_named_params")
			}
			m.Body = b
		case "FOOTER":
			f := &templateFooterModel{Text: optString(c["text"]), CodeExpirationMinutes: types.Int64Null()}
			if n, ok := c["code_expiration_minutes"].(float64); ok {
				f.CodeExpirationMinutes = types.Int64Value(int64(n))
			}
			if auth {
				f.Text = types.StringNull()
			}
			m.Footer = f
		case "BUTTONS":
			list, _ := c["buttons"].([]any)
			for i, b := range list {
				bm, _ := b.(map[string]any)
				var before *templateButton
				if i < len(prior.Buttons) {
					before = &prior.Buttons[i]
				}
				m.Buttons = append(m.Buttons, buttonFrom(bm, auth, before))
			}
		}
	}
}

func buttonFrom(b map[string]any, auth bool, prior *templateButton) templateButton {
	upper(b, "type", "otp_type")
	out := templateButton{Type: optString(b["type"]), Text: optString(b["text"]), URL: optString(b["url"]), Example: types.StringNull(),
		PhoneNumber: optString(b["phone_number"]), OTPType: optString(b["otp_type"]), AutofillText: optString(b["autofill_text"]),
		ZeroTapTermsAccepted: types.BoolNull(), FlowID: optString(b["flow_id"]), FlowAction: optString(b["flow_action"]),
		NavigateScreen: optString(b["navigate_screen"])}
	switch ex := b["example"].(type) {
	case string:
		out.Example = types.StringValue(ex)
	case []any:
		if len(ex) > 0 {
			out.Example = types.StringValue(fmt.Sprint(ex[0]))
		}
	}
	if v, ok := b["zero_tap_terms_accepted"].(bool); ok {
		out.ZeroTapTermsAccepted = types.BoolValue(v)
	}
	apps, _ := b["supported_apps"].([]any)
	for _, a := range apps {
		am, _ := a.(map[string]any)
		out.SupportedApps = append(out.SupportedApps, supportedApp{PackageName: optString(am["package_name"]), SignatureHash: optString(am["signature_hash"])})
	}
	if auth && (out.Type.ValueString() == "URL" || out.Type.ValueString() == "OTP") {
		// Created as OTP, read back as URL with Meta's labels.
		out.Type = types.StringValue("OTP")
		if out.OTPType.IsNull() {
			if t, ok := otpTypeFromURL(out.URL.ValueString()).(string); ok {
				out.OTPType = types.StringValue(t)
			}
		}
		out.URL, out.Example = types.StringNull(), types.StringNull() // Meta's, not configurable
		unset := prior == nil || prior.Type.ValueString() != "OTP"
		if out.Text.ValueString() == defaultOTPText && (unset || prior.Text.IsNull()) {
			out.Text = types.StringNull()
		}
		if out.AutofillText.ValueString() == defaultOTPAutofill && unset {
			out.AutofillText = types.StringNull()
		}
		if !unset {
			// Meta does not return these: they are what was configured.
			out.AutofillText, out.ZeroTapTermsAccepted, out.SupportedApps = prior.AutofillText, prior.ZeroTapTermsAccepted, prior.SupportedApps
		}
	}
	return out
}

func optString(v any) types.String {
	if s, ok := v.(string); ok {
		return types.StringValue(s)
	}
	return types.StringNull()
}

// examplesMap reads a text's examples back into the examples map.
func examplesMap(ctx context.Context, named bool, text string, example any, positionalKey, namedKey string) types.Map {
	ex, _ := example.(map[string]any)
	params := paramsOf(text)
	if ex == nil || len(params) == 0 {
		return types.MapNull(types.StringType)
	}
	values := map[string]string{}
	if named {
		list, _ := ex[namedKey].([]any)
		for _, e := range list {
			em, _ := e.(map[string]any)
			values[fmt.Sprint(em["param_name"])] = fmt.Sprint(em["example"])
		}
	} else {
		list, _ := ex[positionalKey].([]any)
		if len(list) == 1 {
			if inner, ok := list[0].([]any); ok {
				list = inner
			}
		}
		for i, e := range list {
			values[strconv.Itoa(i+1)] = fmt.Sprint(e)
		}
	}
	out, _ := types.MapValueFrom(ctx, types.StringType, values)
	return out
}
