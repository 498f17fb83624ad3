package emulator

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// validateComponents checks a template's components as Meta does at create
// and edit, with the limits of the components page:
// https://developers.facebook.com/docs/whatsapp/business-management-api/message-templates/components
// and of authentication templates:
// https://developers.facebook.com/docs/whatsapp/business-management-api/authentication-templates
func validateComponents(category, format string, components []any) *graphError {
	seen := map[string]int{}
	var body, header, footer, buttons map[string]any
	for i, c := range components {
		m, ok := c.(map[string]any)
		if !ok {
			return invalidParam("components[%d] must be an object", i)
		}
		typ, _ := m["type"].(string)
		seen[typ]++
		if seen[typ] > 1 {
			return invalidParam("Only one %s component is allowed", typ)
		}
		switch typ {
		case "HEADER":
			header = m
		case "BODY":
			body = m
		case "FOOTER":
			footer = m
		case "BUTTONS":
			buttons = m
		case "CAROUSEL", "LIMITED_TIME_OFFER", "CALL_PERMISSION_REQUEST":
			if category != "MARKETING" {
				return invalidParam("A %s component is only allowed in MARKETING templates", typ)
			}
		default:
			return invalidParam("components[%d] has an unknown type %q", i, typ)
		}
	}
	if body == nil {
		return errf(400, 100, subcodeBodyFormat, "OAuthException", "(#100) A BODY component is required")
	}
	auth := category == "AUTHENTICATION"
	if header != nil {
		if auth {
			return errf(400, 100, subcodeHeaderFormat, "OAuthException", "(#100) Authentication templates have no header")
		}
		if gerr := validateHeader(category, format, header); gerr != nil {
			return gerr
		}
	}
	if gerr := validateBody(auth, format, body); gerr != nil {
		return gerr
	}
	if footer != nil {
		if gerr := validateFooter(auth, footer); gerr != nil {
			return gerr
		}
	}
	if buttons != nil {
		return validateButtons(auth, buttons)
	} else if auth {
		return invalidParam("Authentication templates need an OTP button")
	}
	return nil
}

var (
	positionalParam = regexp.MustCompile(`\{\{\s*([0-9]+)\s*\}\}`)
	namedParam      = regexp.MustCompile(`\{\{\s*([a-z0-9_]+)\s*\}\}`)
	anyParam        = regexp.MustCompile(`\{\{[^{}]*\}\}`)
)

func tooLong(what string, n int) *graphError {
	return errf(400, 100, subcodeTooLong, "OAuthException", "(#100) Param %s is too long: at most %d characters", what, n)
}

// params lists a text's parameters, checking their form: positional ones
// numbered from 1 without gaps, named ones lower case, unique.
func params(format, text string, sub int) ([]string, *graphError) {
	all := anyParam.FindAllString(text, -1)
	var names []string
	for _, p := range all {
		var m []string
		if format == "NAMED" {
			m = namedParam.FindStringSubmatch(p)
		} else {
			m = positionalParam.FindStringSubmatch(p)
		}
		if m == nil {
			return nil, errf(400, 100, sub, "OAuthException", "(#100) Parameter %s is not a valid %s parameter", p, strings.ToLower(format))
		}
		names = append(names, m[1])
	}
	if strings.Count(text, "{{") != len(all) || strings.Count(text, "}}") != len(all) {
		return nil, errf(400, 100, sub, "OAuthException", "(#100) The text has mismatched braces")
	}
	if format != "NAMED" {
		for i, n := range names {
			if n != strconv.Itoa(i+1) {
				return nil, errf(400, 100, sub, "OAuthException", "(#100) Parameters must be numbered in order from {{1}}: found {{%s}} at position %d", n, i+1)
			}
		}
	}
	return names, nil
}

// examplesOf reads the examples of a text's parameters: positional ones from
// example[positionalKey] (a list, or for the body a list of lists), named ones
// from example[namedKey] as {param_name, example} objects.
func examplesOf(m map[string]any, format, positionalKey, namedKey string) []string {
	ex, _ := m["example"].(map[string]any)
	if ex == nil {
		return nil
	}
	var out []string
	if format == "NAMED" {
		list, _ := ex[namedKey].([]any)
		for _, e := range list {
			if em, ok := e.(map[string]any); ok {
				out = append(out, fmt.Sprint(em["param_name"]))
			}
		}
		return out
	}
	list, _ := ex[positionalKey].([]any)
	if len(list) == 1 {
		if inner, ok := list[0].([]any); ok {
			list = inner
		}
	}
	for _, e := range list {
		out = append(out, fmt.Sprint(e))
	}
	return out
}

func validateHeader(category, format string, h map[string]any) *graphError {
	switch f, _ := h["format"].(string); f {
	case "TEXT":
		text, _ := h["text"].(string)
		if text == "" {
			return errf(400, 100, subcodeHeaderFormat, "OAuthException", "(#100) A TEXT header needs text")
		}
		if utf8.RuneCountInString(text) > 60 {
			return tooLong("header.text", 60)
		}
		names, gerr := params(format, text, subcodeHeaderFormat)
		if gerr != nil {
			return gerr
		}
		if len(names) > 1 {
			return errf(400, 100, subcodeTooManyParams, "OAuthException", "(#100) A header has at most one parameter")
		}
		if len(names) == 1 && len(examplesOf(h, format, "header_text", "header_text_named_params")) != 1 {
			return errf(400, 100, subcodeHeaderFormat, "OAuthException", "(#100) The header's parameter needs an example")
		}
	case "IMAGE", "VIDEO", "DOCUMENT":
		ex, _ := h["example"].(map[string]any)
		handles, _ := ex["header_handle"].([]any)
		if len(handles) != 1 {
			return errf(400, 100, subcodeMediaExample, "OAuthException", "(#100) Templates with the %s header type need an example", f)
		}
		if s, _ := handles[0].(string); strings.HasPrefix(s, "http") {
			return errf(400, 100, subcodeMediaExample, "OAuthException", "(#100) Templates with the %s header type need an example: a handle from the Resumable Upload API, not a URL", f)
		}
	case "LOCATION":
		if category == "AUTHENTICATION" {
			return errf(400, 100, subcodeHeaderFormat, "OAuthException", "(#100) A LOCATION header is only for UTILITY and MARKETING templates")
		}
	default:
		return errf(400, 100, subcodeHeaderFormat, "OAuthException", "(#100) Header format %q is not one of TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION", f)
	}
	return nil
}

func validateBody(auth bool, format string, b map[string]any) *graphError {
	text, hasText := b["text"].(string)
	if auth {
		if hasText {
			return errf(400, 100, subcodeBodyFormat, "OAuthException", "(#100) Authentication templates take no body text: Meta provides it")
		}
		return nil
	}
	if _, ok := b["add_security_recommendation"]; ok {
		return errf(400, 100, subcodeBodyFormat, "OAuthException", "(#100) add_security_recommendation is only for authentication templates")
	}
	if text == "" {
		return errf(400, 100, subcodeBodyFormat, "OAuthException", "(#100) The body needs text")
	}
	if utf8.RuneCountInString(text) > 1024 {
		return tooLong("body.text", 1024)
	}
	names, gerr := params(format, text, subcodeBodyFormat)
	if gerr != nil {
		return gerr
	}
	trimmed := strings.TrimSpace(text)
	if len(names) > 0 && (anyParam.FindStringIndex(trimmed)[0] == 0 || strings.HasSuffix(trimmed, "}}")) {
		return errf(400, 100, subcodeParamAtEdge, "OAuthException", "(#100) The body text cannot start or end with a parameter")
	}
	examples := examplesOf(b, format, "body_text", "body_text_named_params")
	if len(names) > 0 && len(examples) != len(names) {
		return errf(400, 100, subcodeBodyFormat, "OAuthException", "(#100) The body has %d parameters and %d examples", len(names), len(examples))
	}
	return nil
}

func validateFooter(auth bool, f map[string]any) *graphError {
	if auth {
		if _, ok := f["text"]; ok {
			return errf(400, 100, subcodeFooterFormat, "OAuthException", "(#100) Authentication templates take no footer text: set code_expiration_minutes")
		}
		if n, ok := f["code_expiration_minutes"].(float64); !ok || n < 1 || n > 90 {
			return errf(400, 100, subcodeFooterFormat, "OAuthException", "(#100) code_expiration_minutes must be 1 to 90")
		}
		return nil
	}
	text, _ := f["text"].(string)
	switch {
	case text == "":
		return errf(400, 100, subcodeFooterFormat, "OAuthException", "(#100) The footer needs text")
	case utf8.RuneCountInString(text) > 60:
		return tooLong("footer.text", 60)
	case anyParam.MatchString(text):
		return errf(400, 100, subcodeFooterFormat, "OAuthException", "(#100) The footer cannot have parameters")
	}
	return nil
}

var buttonLimits = map[string]int{"QUICK_REPLY": 10, "URL": 2, "PHONE_NUMBER": 1, "COPY_CODE": 1, "OTP": 1, "FLOW": 1}

func validateButtons(auth bool, c map[string]any) *graphError {
	list, _ := c["buttons"].([]any)
	if len(list) == 0 || len(list) > 10 {
		return invalidParam("A BUTTONS component has 1 to 10 buttons")
	}
	counts := map[string]int{}
	var kinds []string
	for i, b := range list {
		bm, ok := b.(map[string]any)
		if !ok {
			return invalidParam("buttons[%d] must be an object", i)
		}
		typ, _ := bm["type"].(string)
		limit, known := buttonLimits[typ]
		if !known {
			return invalidParam("buttons[%d] has an unknown type %q", i, typ)
		}
		counts[typ]++
		if counts[typ] > limit {
			return invalidParam("At most %d %s buttons are allowed", limit, typ)
		}
		kinds = append(kinds, typ)
		if (typ == "OTP") != auth {
			return invalidParam("OTP buttons are for authentication templates, and authentication templates take only an OTP button")
		}
		if gerr := validateButton(i, typ, bm); gerr != nil {
			return gerr
		}
	}
	// Quick replies must be contiguous.
	first, last := -1, -1
	for i, k := range kinds {
		if k == "QUICK_REPLY" {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	for i := first; first >= 0 && i <= last; i++ {
		if kinds[i] != "QUICK_REPLY" {
			return invalidParam("Invalid combination of buttons: quick replies must be next to each other")
		}
	}
	return nil
}

func validateButton(i int, typ string, b map[string]any) *graphError {
	text, _ := b["text"].(string)
	if typ != "OTP" && text == "" {
		return invalidParam("buttons[%d] needs text", i)
	}
	if utf8.RuneCountInString(text) > 25 {
		return tooLong(fmt.Sprintf("buttons[%d].text", i), 25)
	}
	switch typ {
	case "URL":
		u, _ := b["url"].(string)
		if u == "" || len(u) > 2000 {
			return invalidParam("buttons[%d].url must be 1 to 2000 characters", i)
		}
		vars := anyParam.FindAllStringIndex(u, -1)
		if len(vars) > 1 || (len(vars) == 1 && vars[0][1] != len(u)) {
			return invalidParam("buttons[%d].url may have one variable, at its end", i)
		}
		if ex, _ := b["example"].([]any); len(vars) == 1 && len(ex) != 1 {
			return invalidParam("buttons[%d] needs an example of its URL's variable", i)
		}
	case "PHONE_NUMBER":
		if p, _ := b["phone_number"].(string); p == "" || len(p) > 20 {
			return invalidParam("buttons[%d].phone_number must be 1 to 20 characters", i)
		}
	case "COPY_CODE":
		ex, _ := b["example"].(string)
		if ex == "" {
			if list, _ := b["example"].([]any); len(list) == 1 {
				ex, _ = list[0].(string)
			}
		}
		if ex == "" || utf8.RuneCountInString(ex) > 15 {
			return invalidParam("buttons[%d].example must be a code of 1 to 15 characters", i)
		}
	case "OTP":
		return validateOTP(i, b)
	case "FLOW":
		if b["flow_id"] == nil && b["flow_name"] == nil && b["flow_json"] == nil {
			return invalidParam("buttons[%d] needs flow_id, flow_name or flow_json", i)
		}
	}
	return nil
}

var (
	packageNameRe   = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_]*(\.[a-zA-Z][a-zA-Z0-9_]*)+$`)
	signatureHashRe = regexp.MustCompile(`^[a-zA-Z0-9+/=]{11}$`)
)

func validateOTP(i int, b map[string]any) *graphError {
	otp, _ := b["otp_type"].(string)
	switch otp {
	case "COPY_CODE":
		return nil
	case "ONE_TAP", "ZERO_TAP":
	default:
		return invalidParam("buttons[%d].otp_type must be COPY_CODE, ONE_TAP or ZERO_TAP", i)
	}
	if t, _ := b["autofill_text"].(string); utf8.RuneCountInString(t) > 25 {
		return tooLong(fmt.Sprintf("buttons[%d].autofill_text", i), 25)
	}
	if accepted, _ := b["zero_tap_terms_accepted"].(bool); otp == "ZERO_TAP" && !accepted {
		return invalidParam("buttons[%d]: zero_tap_terms_accepted must be true to create a zero-tap template", i)
	}
	apps, _ := b["supported_apps"].([]any)
	if len(apps) == 0 || len(apps) > 5 {
		return invalidParam("buttons[%d].supported_apps must list 1 to 5 apps", i)
	}
	for j, a := range apps {
		am, _ := a.(map[string]any)
		pkg, _ := am["package_name"].(string)
		hash, _ := am["signature_hash"].(string)
		if len(pkg) > 224 || !packageNameRe.MatchString(pkg) || !signatureHashRe.MatchString(hash) {
			return invalidParam("buttons[%d].supported_apps[%d] needs a package_name like com.example.app and an 11-character signature_hash", i, j)
		}
	}
	return nil
}
