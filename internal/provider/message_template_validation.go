package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ValidateConfig checks what Meta's review and create checks would refuse,
// at plan and before any API call, naming the attribute: the limits of
// https://developers.facebook.com/docs/whatsapp/business-management-api/message-templates/components
// and of authentication templates. The schema's validators check single
// values; this checks how they fit together.
func (r *messageTemplateResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m messageTemplateModel
	if diags := req.Config.Get(ctx, &m); diags.HasError() {
		return // a whole nested object is unknown yet; its parts are checked once known
	}
	v := templateValidator{ctx: ctx, m: &m, diags: &resp.Diagnostics,
		named: m.ParameterFormat.ValueString() == "NAMED", auth: m.Category.ValueString() == "AUTHENTICATION"}
	v.ttl()
	if !m.ComponentsJSON.IsNull() {
		v.componentsJSON()
		return
	}
	v.header()
	v.body()
	v.footer()
	v.buttons()
}

type templateValidator struct {
	ctx         context.Context
	m           *messageTemplateModel
	diags       *diag.Diagnostics
	named, auth bool
}

// fail reports an invalid attribute; the detail starts with the attribute's
// path, since the CLI shows only the enclosing block's source for nested ones.
func (v templateValidator) fail(p path.Path, summary, format string, args ...any) {
	v.diags.AddAttributeError(p, summary, p.String()+": "+fmt.Sprintf(format, args...))
}

// known reports a value the checks can use.
func known(s types.String) bool { return !s.IsNull() && !s.IsUnknown() }

func (v templateValidator) ttl() {
	t := v.m.MessageSendTTLSeconds
	if t.IsNull() || t.IsUnknown() || v.m.Category.IsUnknown() {
		return
	}
	n, category := t.ValueInt64(), v.m.Category.ValueString()
	lo, hi, forever := int64(43200), int64(2592000), false
	switch category {
	case "AUTHENTICATION":
		lo, hi, forever = 30, 900, true
	case "UTILITY":
		lo, hi, forever = 30, 43200, true
	}
	if (n < lo || n > hi) && (!forever || n != -1) {
		extra := ""
		if forever {
			extra = ", or -1 for 30 days"
		}
		v.fail(path.Root("message_send_ttl_seconds"), "Invalid Message TTL", "%s templates take %d to %d seconds%s; got %d.", category, lo, hi, extra, n)
	}
}

func (v templateValidator) componentsJSON() {
	s := v.m.ComponentsJSON
	if !known(s) {
		return
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(s.ValueString()), &list); err != nil || len(list) == 0 {
		v.fail(path.Root("components_json"), "Invalid Components JSON", "components_json must be a non-empty JSON array of component objects, such as jsonencode([{ type = \"BODY\", text = \"...\" }]).")
		return
	}
	for i, c := range list {
		if typ, _ := c["type"].(string); typ == "" {
			v.fail(path.Root("components_json"), "Invalid Components JSON", "Component %d of components_json has no \"type\".", i)
			return
		}
	}
}

var anyTemplateParam = regexp.MustCompile(`\{\{[^{}]*\}\}`)

// textParams checks a text's parameters: {{1}}, {{2}}, ... in order for
// POSITIONAL, lowercase names for NAMED; balanced braces. It returns the
// parameter keys, or false after reporting.
func (v templateValidator) textParams(p path.Path, text string) ([]string, bool) {
	all := anyTemplateParam.FindAllString(text, -1)
	if strings.Count(text, "{{") != len(all) || strings.Count(text, "}}") != len(all) {
		v.fail(p, "Unbalanced Parameter Braces", "Every parameter must be written {{...}}, with two braces on each side.")
		return nil, false
	}
	var keys []string
	for i, raw := range all {
		name := strings.TrimSpace(raw[2 : len(raw)-2])
		switch {
		case v.named && !regexp.MustCompile(`^[a-z][a-z0-9_]*$`).MatchString(name):
			v.fail(p, "Invalid Parameter Name", "NAMED parameters are lowercase letters, digits and underscores starting with a letter, such as {{first_name}}; got %s.", raw)
			return nil, false
		case !v.named && name != strconv.Itoa(i+1):
			if _, err := strconv.Atoi(name); err != nil {
				v.fail(p, "Invalid Parameter", "POSITIONAL parameters are numbers, {{1}}, {{2}}, ...; got %s. For names such as {{first_name}} set parameter_format = \"NAMED\".", raw)
			} else {
				v.fail(p, "Parameters Out of Order", "POSITIONAL parameters are numbered in order from {{1}} without gaps: parameter %d is %s.", i+1, raw)
			}
			return nil, false
		}
		keys = append(keys, name)
	}
	return keys, true
}

// examplesMatch checks that examples has exactly the text's parameters.
func (v templateValidator) examplesMatch(p path.Path, params []string, examples types.Map) {
	if examples.IsUnknown() {
		return
	}
	got := map[string]types.String{}
	if !examples.IsNull() {
		examples.ElementsAs(v.ctx, &got, false)
	}
	for _, k := range params {
		if _, ok := got[k]; !ok {
			v.fail(p, "Missing Parameter Example", "The text uses {{%s}}: examples needs an entry %q with an example value (Meta's review needs one for every parameter). Keys present: %s.", k, k, listOrNone(slices.Sorted(maps.Keys(got))))
			return
		}
	}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if !slices.Contains(params, k) {
			v.fail(p, "Example Without Parameter", "examples has %q, but the text has no {{%s}}. The text's parameters: %s.", k, k, listOrNone(params))
			return
		}
	}
}

func (v templateValidator) header() {
	h := v.m.Header
	if h == nil {
		return
	}
	p := path.Root("header")
	if v.auth {
		v.fail(p, "Header Not Allowed", "AUTHENTICATION templates have no header: Meta writes their content.")
		return
	}
	format := h.Format.ValueString()
	media := format == "IMAGE" || format == "VIDEO" || format == "DOCUMENT"
	switch {
	case h.Format.IsUnknown():
	case format == "TEXT" && h.Text.IsNull():
		v.fail(p.AtName("text"), "Missing Header Text", "A TEXT header needs text (at most 60 characters).")
	case format != "TEXT" && !h.Text.IsNull():
		v.fail(p.AtName("text"), "Header Text Not Allowed", "text is for TEXT headers; this header's format is %s.", format)
	case format != "TEXT" && !h.Examples.IsNull():
		v.fail(p.AtName("examples"), "Header Examples Not Allowed", "examples are for a TEXT header's parameter; this header's format is %s.", format)
	case !media && !h.MediaFile.IsNull():
		v.fail(p.AtName("media_file"), "Media File Not Allowed", "media_file is for IMAGE, VIDEO and DOCUMENT headers; this header's format is %s.", format)
	case format == "TEXT" && known(h.Text):
		params, ok := v.textParams(p.AtName("text"), h.Text.ValueString())
		if !ok {
			return
		}
		if len(params) > 1 {
			v.fail(p.AtName("text"), "Too Many Header Parameters", "A header has at most one parameter; this one has %d.", len(params))
			return
		}
		v.examplesMatch(p.AtName("examples"), params, h.Examples)
	}
}

func (v templateValidator) body() {
	b := v.m.Body
	if b == nil {
		return
	}
	p := path.Root("body")
	if v.auth {
		if !b.Text.IsNull() {
			v.fail(p.AtName("text"), "Body Text Not Allowed", "AUTHENTICATION templates take no body text: Meta writes it (\"<code> is your verification code.\"). Set add_security_recommendation to add its security advice.")
		}
		if !b.Examples.IsNull() {
			v.fail(p.AtName("examples"), "Body Examples Not Allowed", "AUTHENTICATION templates take no body examples.")
		}
		return
	}
	if !b.AddSecurityRecommendation.IsNull() {
		v.fail(p.AtName("add_security_recommendation"), "Only for Authentication Templates", "add_security_recommendation is for AUTHENTICATION templates; this one is %s.", v.m.Category.ValueString())
	}
	if b.Text.IsNull() {
		v.fail(p.AtName("text"), "Missing Body Text", "The body needs text (at most 1024 characters).")
		return
	}
	if !known(b.Text) {
		return
	}
	text := b.Text.ValueString()
	params, ok := v.textParams(p.AtName("text"), text)
	if !ok {
		return
	}
	trimmed := strings.TrimSpace(text)
	if len(params) > 0 && (strings.HasPrefix(trimmed, "{{") || strings.HasSuffix(trimmed, "}}")) {
		v.fail(p.AtName("text"), "Parameter at the Start or End", "Meta rejects a body that starts or ends with a parameter: put words before the first and after the last.")
		return
	}
	if regexp.MustCompile(`\}\}\s*\{\{`).MatchString(text) {
		v.fail(p.AtName("text"), "Adjacent Parameters", "Meta rejects parameters next to each other ({{1}}{{2}}): put words between them.")
		return
	}
	v.examplesMatch(p.AtName("examples"), params, b.Examples)
}

func (v templateValidator) footer() {
	f := v.m.Footer
	if f == nil {
		return
	}
	p := path.Root("footer")
	switch {
	case f.Text.IsNull() == f.CodeExpirationMinutes.IsNull() && !f.Text.IsUnknown() && !f.CodeExpirationMinutes.IsUnknown():
		v.fail(p, "Invalid Footer", "A footer has exactly one of text and (AUTHENTICATION templates) code_expiration_minutes.")
	case v.auth && !f.Text.IsNull():
		v.fail(p.AtName("text"), "Footer Text Not Allowed", "AUTHENTICATION templates take no footer text: set code_expiration_minutes, which Meta shows in the footer.")
	case !v.auth && !f.CodeExpirationMinutes.IsNull():
		v.fail(p.AtName("code_expiration_minutes"), "Only for Authentication Templates", "code_expiration_minutes is for AUTHENTICATION templates; use text.")
	case known(f.Text) && anyTemplateParam.MatchString(f.Text.ValueString()):
		v.fail(p.AtName("text"), "Footer Parameters Not Allowed", "A footer has no parameters; found %s.", anyTemplateParam.FindString(f.Text.ValueString()))
	}
}

var buttonMax = map[string]int{"QUICK_REPLY": 10, "URL": 2, "PHONE_NUMBER": 1, "COPY_CODE": 1, "OTP": 1, "FLOW": 1}

func (v templateValidator) buttons() {
	p := path.Root("buttons")
	if v.auth && len(v.m.Buttons) == 0 {
		v.fail(p, "Missing OTP Button", "AUTHENTICATION templates need one button of type OTP (otp_type COPY_CODE, ONE_TAP or ZERO_TAP).")
		return
	}
	counts := map[string]int{}
	firstQR, lastQR := -1, -1
	for i, b := range v.m.Buttons {
		if b.Type.IsUnknown() {
			return
		}
		typ := b.Type.ValueString()
		counts[typ]++
		if counts[typ] > buttonMax[typ] {
			v.fail(p.AtListIndex(i).AtName("type"), "Too Many Buttons of a Type", "A template has at most %d %s button(s); this is number %d.", buttonMax[typ], typ, counts[typ])
			return
		}
		if (typ == "OTP") != v.auth {
			if v.auth {
				v.fail(p.AtListIndex(i).AtName("type"), "Only OTP Buttons", "AUTHENTICATION templates take one OTP button and no other; got %s.", typ)
			} else {
				v.fail(p.AtListIndex(i).AtName("type"), "OTP Button Not Allowed", "OTP buttons are for AUTHENTICATION templates; this one is %s.", v.m.Category.ValueString())
			}
			return
		}
		if typ == "QUICK_REPLY" {
			if firstQR < 0 {
				firstQR = i
			}
			if lastQR >= 0 && lastQR != i-1 {
				v.fail(p.AtListIndex(i), "Quick Replies Apart", "Quick replies must be next to each other (such as QR, QR, URL or URL, QR, QR); button %d is a quick reply after another type.", i)
				return
			}
			lastQR = i
		}
		v.button(p.AtListIndex(i), typ, b)
	}
}

// button checks one button: what its type needs and nothing its type does not take.
func (v templateValidator) button(p path.Path, typ string, b templateButton) {
	allowed := map[string][]string{
		"QUICK_REPLY":  {"text"},
		"URL":          {"text", "url", "example"},
		"PHONE_NUMBER": {"text", "phone_number"},
		"COPY_CODE":    {"text", "example"},
		"OTP":          {"text", "otp_type", "autofill_text", "zero_tap_terms_accepted", "supported_apps"},
		"FLOW":         {"text", "flow_id", "flow_action", "navigate_screen"},
	}[typ]
	set := map[string]bool{
		"text": !b.Text.IsNull(), "url": !b.URL.IsNull(), "example": !b.Example.IsNull(), "phone_number": !b.PhoneNumber.IsNull(),
		"otp_type": !b.OTPType.IsNull(), "autofill_text": !b.AutofillText.IsNull(), "zero_tap_terms_accepted": !b.ZeroTapTermsAccepted.IsNull(),
		"supported_apps": b.SupportedApps != nil, "flow_id": !b.FlowID.IsNull(), "flow_action": !b.FlowAction.IsNull(), "navigate_screen": !b.NavigateScreen.IsNull(),
	}
	for _, name := range slices.Sorted(maps.Keys(set)) {
		if set[name] && !slices.Contains(allowed, name) {
			v.fail(p.AtName(name), "Attribute Not for This Button", "%s is not an attribute of a %s button, which takes %s.", name, typ, strings.Join(allowed, ", "))
			return
		}
	}
	need := func(name string, ok bool, detail string) bool {
		if !ok {
			v.fail(p.AtName(name), "Missing Button Attribute", "A %s button needs %s: %s.", typ, name, detail)
		}
		return ok
	}
	switch typ {
	case "QUICK_REPLY", "PHONE_NUMBER", "COPY_CODE", "FLOW", "URL":
		if !need("text", set["text"], "its label, at most 25 characters") {
			return
		}
	}
	switch typ {
	case "URL":
		if !need("url", set["url"], "an https URL") || !known(b.URL) {
			return
		}
		u := b.URL.ValueString()
		vars := anyTemplateParam.FindAllStringIndex(u, -1)
		switch {
		case !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://"):
			v.fail(p.AtName("url"), "Invalid Button URL", "url must be an http(s) URL; got %q.", u)
		case len(vars) > 1 || (len(vars) == 1 && vars[0][1] != len(u)):
			v.fail(p.AtName("url"), "Invalid Button URL", "url may have one parameter, {{1}}, at its very end; got %q.", u)
		case len(vars) == 1 && !set["example"]:
			v.fail(p.AtName("example"), "Missing Button Example", "The URL ends in a parameter: example needs an example of it (the end of a real URL).")
		case len(vars) == 0 && set["example"]:
			v.fail(p.AtName("example"), "Button Example Not Allowed", "example is for a URL that ends in a parameter; %q has none.", u)
		}
	case "PHONE_NUMBER":
		need("phone_number", set["phone_number"], "the number to call, with country code")
	case "COPY_CODE":
		if need("example", set["example"], "an example code") && known(b.Example) && utf8.RuneCountInString(b.Example.ValueString()) > 15 {
			v.fail(p.AtName("example"), "Example Code Too Long", "A copy-code example is at most 15 characters; got %d.", utf8.RuneCountInString(b.Example.ValueString()))
		}
	case "FLOW":
		need("flow_id", set["flow_id"], "the ID of the WhatsApp Flow to open")
		if set["navigate_screen"] && b.FlowAction.ValueString() == "DATA_EXCHANGE" {
			v.fail(p.AtName("navigate_screen"), "Navigate Screen Not Allowed", "navigate_screen is for flow_action NAVIGATE.")
		}
	case "OTP":
		v.otp(p, b, set)
	}
}

func (v templateValidator) otp(p path.Path, b templateButton, set map[string]bool) {
	if !set["otp_type"] {
		v.fail(p.AtName("otp_type"), "Missing Button Attribute", "An OTP button needs otp_type: COPY_CODE, ONE_TAP or ZERO_TAP.")
		return
	}
	if b.OTPType.IsUnknown() {
		return
	}
	otp := b.OTPType.ValueString()
	switch {
	case otp == "COPY_CODE" && (set["autofill_text"] || set["supported_apps"] || set["zero_tap_terms_accepted"]):
		v.fail(p.AtName("otp_type"), "Not for Copy-Code OTP", "autofill_text, supported_apps and zero_tap_terms_accepted are for ONE_TAP and ZERO_TAP buttons.")
	case otp == "ZERO_TAP" && !b.ZeroTapTermsAccepted.IsNull() && !b.ZeroTapTermsAccepted.IsUnknown() && !b.ZeroTapTermsAccepted.ValueBool():
		v.fail(p.AtName("zero_tap_terms_accepted"), "Zero-Tap Terms Not Accepted", zeroTapTerms)
	case otp == "ONE_TAP" && set["zero_tap_terms_accepted"]:
		v.fail(p.AtName("zero_tap_terms_accepted"), "Not for One-Tap OTP", "zero_tap_terms_accepted is for ZERO_TAP buttons.")
	}
}

const zeroTapTerms = "Meta creates a ZERO_TAP template only with zero_tap_terms_accepted = true, accepting its zero-tap terms of service."

// requireOTPApps refuses a create or an edit of a one-tap or zero-tap
// button without what Meta needs for it: supported_apps (and, for zero-tap,
// the accepted terms). Meta's listing does not return them, so an imported
// template has none until its content changes, as a generated configuration
// leaves them out.
func requireOTPApps(plan *messageTemplateModel, what string, diags *diag.Diagnostics) {
	for i, b := range plan.Buttons {
		p := path.Root("buttons").AtListIndex(i)
		otp := b.OTPType.ValueString()
		if b.Type.ValueString() != "OTP" || !known(b.OTPType) || otp == "COPY_CODE" {
			continue
		}
		if b.SupportedApps == nil {
			diags.AddAttributeError(p.AtName("supported_apps"), "Missing Supported Apps", fmt.Sprintf(
				"%s: to %s a template with a %s button, set supported_apps: the Android apps (package_name and signature_hash) that receive the code. "+
					"Meta does not return them, so an imported template has none.", p.AtName("supported_apps"), what, otp))
		}
		if otp == "ZERO_TAP" && b.ZeroTapTermsAccepted.IsNull() {
			diags.AddAttributeError(p.AtName("zero_tap_terms_accepted"), "Zero-Tap Terms Not Accepted", p.AtName("zero_tap_terms_accepted").String()+": "+zeroTapTerms)
		}
	}
}
