package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi/templatewire"
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
	components, err := templatewire.ParseComponents(t.Components)
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
func (m *messageTemplateModel) fillJSON(remote []templatewire.Component) {
	category := m.Category.ValueString()
	if !m.ComponentsJSON.IsNull() {
		if mine, err := templatewire.ParseComponents(json.RawMessage(m.ComponentsJSON.ValueString())); err == nil &&
			canonicalAsListed(category, mine) == canonicalAsListed(category, remote) {
			return
		}
	}
	m.ComponentsJSON = types.StringValue(canonicalAsListed(category, remote))
	m.Header, m.Body, m.Footer, m.Buttons = nil, nil, nil, nil
}

// typedCovers reports components that the typed attributes can express.
func typedCovers(components []templatewire.Component) bool {
	for _, c := range components {
		switch c.Type {
		case "HEADER", "BODY", "FOOTER":
		case "BUTTONS":
			for _, b := range c.Buttons {
				if b.Type == nil || !slices.Contains(buttonTypes, *b.Type) {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// canonicalComponents renders components in one form for comparison: Meta's
// read-back rewrites undone (templatewire.NormalizeReadBack: types in upper
// case, an authentication template's OTP button as OTP without Meta's URL
// and example, a media example without the handle, Meta's own
// authentication texts and example code left out), an OTP button's default
// labels left out, and JSON with sorted keys.
func canonicalComponents(category string, components []templatewire.Component) string {
	return canonical(category, components, false)
}

// canonicalAsListed is canonicalComponents without what Meta's listing does
// not return (an OTP button's supported apps, autofill label and zero-tap
// acceptance), for comparing with Meta's answer: kept from the configuration
// or state, never compared with Meta's.
func canonicalAsListed(category string, components []templatewire.Component) string {
	return canonical(category, components, true)
}

func canonical(category string, components []templatewire.Component, asListed bool) string {
	out := templatewire.NormalizeReadBack(category, components)
	if category == "AUTHENTICATION" {
		for _, c := range out {
			for i := range c.Buttons {
				b := &c.Buttons[i]
				if b.Type == nil || *b.Type != "OTP" {
					continue
				}
				if b.Text != nil && *b.Text == defaultOTPText {
					b.Text = nil
				}
				if b.AutofillText != nil && *b.AutofillText == defaultOTPAutofill {
					b.AutofillText = nil
				}
				if asListed {
					b.AutofillText, b.SupportedApps, b.ZeroTapTermsAccepted = nil, nil, nil
				}
			}
		}
	}
	b, _ := json.Marshal(out)
	return string(b)
}

// fillTyped sets the typed attributes from Meta's components, keeping what
// Meta cannot return (the media file, unset OTP labels, what an OTP button
// is not listed with) from the model.
func (m *messageTemplateModel) fillTyped(ctx context.Context, components []templatewire.Component) {
	prior := *m
	named := m.ParameterFormat.ValueString() == "NAMED"
	auth := m.Category.ValueString() == "AUTHENTICATION"
	m.Header, m.Body, m.Footer, m.Buttons = nil, nil, nil, nil
	m.ComponentsJSON = types.StringNull()
	for _, c := range templatewire.NormalizeReadBack(m.Category.ValueString(), components) {
		switch c.Type {
		case "HEADER":
			h := &templateHeaderModel{Format: types.StringValue(c.Format), Text: types.StringPointerValue(c.Text),
				Examples: types.MapNull(types.StringType), MediaFile: types.StringNull(), MediaSHA256: types.StringNull()}
			if c.Format == "TEXT" {
				h.Examples = examplesMap(ctx, named, h.Text.ValueString(), c.Example, "header_text", "header_text_named_params")
			}
			if prior.Header != nil && prior.Header.Format.Equal(h.Format) {
				h.MediaFile, h.MediaSHA256 = prior.Header.MediaFile, prior.Header.MediaSHA256
			}
			m.Header = h
		case "BODY":
			b := &templateBodyModel{Text: types.StringPointerValue(c.Text), Examples: types.MapNull(types.StringType),
				AddSecurityRecommendation: types.BoolPointerValue(c.AddSecurityRecommendation)}
			if auth {
				b.Text = types.StringNull() // Meta's own words
				if c.AddSecurityRecommendation == nil && prior.Body != nil {
					b.AddSecurityRecommendation = prior.Body.AddSecurityRecommendation
				}
			} else {
				b.AddSecurityRecommendation = types.BoolNull()
				b.Examples = examplesMap(ctx, named, b.Text.ValueString(), c.Example, "body_text", "body_text_named_params")
			}
			m.Body = b
		case "FOOTER":
			f := &templateFooterModel{Text: types.StringPointerValue(c.Text), CodeExpirationMinutes: types.Int64Null()}
			if c.CodeExpirationMinutes != nil {
				f.CodeExpirationMinutes = types.Int64Value(int64(*c.CodeExpirationMinutes))
			}
			if auth {
				f.Text = types.StringNull()
			}
			m.Footer = f
		case "BUTTONS":
			for i, b := range c.Buttons {
				var before *templateButton
				if i < len(prior.Buttons) {
					before = &prior.Buttons[i]
				}
				m.Buttons = append(m.Buttons, buttonFrom(b, auth, before))
			}
		}
	}
}

// buttonFrom reads a normalised button; an authentication template's OTP
// button keeps what Meta does not list from prior.
func buttonFrom(b templatewire.Button, auth bool, prior *templateButton) templateButton {
	out := templateButton{Type: types.StringPointerValue(b.Type), Text: types.StringPointerValue(b.Text), URL: types.StringPointerValue(b.URL),
		Example: types.StringPointerValue(b.Example), PhoneNumber: types.StringPointerValue(b.PhoneNumber), OTPType: types.StringPointerValue(b.OTPType),
		AutofillText: types.StringPointerValue(b.AutofillText), ZeroTapTermsAccepted: types.BoolPointerValue(b.ZeroTapTermsAccepted),
		FlowID: types.StringPointerValue(b.FlowID), FlowAction: types.StringPointerValue(b.FlowAction), NavigateScreen: types.StringPointerValue(b.NavigateScreen)}
	for _, a := range b.SupportedApps {
		out.SupportedApps = append(out.SupportedApps, supportedApp{PackageName: types.StringValue(a.PackageName), SignatureHash: types.StringValue(a.SignatureHash)})
	}
	if auth && out.Type.ValueString() == "OTP" {
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

// examplesMap reads a text's examples back into the examples map.
func examplesMap(ctx context.Context, named bool, text string, example json.RawMessage, positionalKey, namedKey string) types.Map {
	var ex map[string]any
	_ = json.Unmarshal(example, &ex) // not an object: no examples
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
