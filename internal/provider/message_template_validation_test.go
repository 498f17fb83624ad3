package provider

import (
	"fmt"
	"strings"
	"testing"
)

// template renders a whatsapp_message_template "x" block on testWABA.
func template(category string, lines ...string) string {
	return fmt.Sprintf("resource \"whatsapp_message_template\" \"x\" {\n  waba_id  = %q\n  name     = \"order_shipped\"\n  language = \"en_US\"\n  category = %q\n  %s\n}\n",
		testWABA, category, strings.Join(lines, "\n  "))
}

const (
	okBody   = `body = { text = "Your order {{1}} has shipped.", examples = { "1" = "A-1042" } }`
	otpApps  = `supported_apps = [{ package_name = "com.acme.app", signature_hash = "K8a/AINcGX7" }]`
	authBody = `body = { add_security_recommendation = true }`
)

func buttons(items ...string) string { return "buttons = [" + strings.Join(items, ", ") + "]" }

// TestInvalidTemplatesMakeNoAPICall checks that configurations Meta would
// refuse fail at plan, each naming the attribute, with no API call
// (in-process, as TestInvalidConfigsMakeNoAPICall).
func TestInvalidTemplatesMakeNoAPICall(t *testing.T) {
	t.Parallel()
	testInvalidConfigs(t, invalidTemplates(t), nil)
}

// TestAccInvalidTemplatesMakeNoAPICall runs through the CLI a case of the
// schema's validators, of ValidateConfig's nested paths and of the import ID.
func TestAccInvalidTemplatesMakeNoAPICall(t *testing.T) {
	t.Parallel()
	testInvalidConfigs(t, invalidTemplates(t), map[string]bool{
		"unknown category": true, "body starts with a parameter": true, "three URL buttons": true, "import with letters": true,
	})
}

func invalidTemplates(t *testing.T) []invalidConfig {
	qr := `{ type = "QUICK_REPLY", text = "Yes" }`
	url := `{ type = "URL", text = "Track", url = "https://acme.example/track" }`
	tests := []struct{ name, config, want string }{
		{"name with capitals", strings.Replace(template("UTILITY", okBody), "order_shipped", "Order_Shipped", 1), `name.*lowercase letters, digits and underscores`},
		{"name with a dash", strings.Replace(template("UTILITY", okBody), "order_shipped", "order-shipped", 1), `name.*lowercase letters`},
		{"unknown language", strings.Replace(template("UTILITY", okBody), "en_US", "en-US", 1), `language.*value must be one of`},
		{"unknown category", template("TRANSACTIONAL", okBody), `category.*MARKETING`},
		{"unknown parameter format", template("UTILITY", okBody, `parameter_format = "MIXED"`), `parameter_format.*POSITIONAL`},
		{"no content", template("UTILITY"), `one \(and only one\) of \[body,components_json\] is required`},
		{"typed and json", template("UTILITY", okBody, `components_json = jsonencode([{ type = "BODY", text = "x" }])`), `Attribute "body" cannot be specified when "components_json" is specified`},
		{"components json not an array", template("UTILITY", `components_json = jsonencode({ type = "BODY" })`), `components_json.*non-empty JSON array`},
		{"components json without type", template("UTILITY", `components_json = jsonencode([{ text = "x" }])`), `components_json.*has no "type"`},
		{"ttl too long for utility", template("UTILITY", okBody, `message_send_ttl_seconds = 86400`), `message_send_ttl_seconds.*30 to 43200`},
		{"ttl too short for marketing", template("MARKETING", okBody, `message_send_ttl_seconds = 60`), `message_send_ttl_seconds.*43200 to 2592000`},
		{"body too long", template("UTILITY", fmt.Sprintf("body = { text = %q }", strings.Repeat("a", 1025))), `body.text.*length must be between 1 and 1024`},
		{"body starts with a parameter", template("UTILITY", `body = { text = "{{1}} has shipped.", examples = { "1" = "A" } }`), `body.text.*starts or ends with a parameter`},
		{"body ends with a parameter", template("UTILITY", `body = { text = "Shipped: {{1}}", examples = { "1" = "A" } }`), `body.text.*starts or ends with a parameter`},
		{"adjacent parameters", template("UTILITY", `body = { text = "Order {{1}}{{2}} shipped.", examples = { "1" = "A", "2" = "B" } }`), `body.text.*next to each other`},
		{"parameters out of order", template("UTILITY", `body = { text = "Order {{2}} for {{1}} shipped.", examples = { "1" = "A", "2" = "B" } }`), `body.text.*numbered in order from \{\{1\}\}`},
		{"named parameter in positional text", template("UTILITY", `body = { text = "Hi {{name}}, welcome.", examples = { "name" = "Jana" } }`), `body.text.*parameter_format = "NAMED"`},
		{"bad named parameter", template("UTILITY", `parameter_format = "NAMED"`, `body = { text = "Hi {{First Name}}, welcome.", examples = { "First Name" = "Jana" } }`), `body.text.*lowercase letters`},
		{"unbalanced braces", template("UTILITY", `body = { text = "Order {{1} shipped.", examples = { "1" = "A" } }`), `body.text.*two braces`},
		{"missing example", template("UTILITY", `body = { text = "Order {{1}} shipped." }`), `body.examples.*needs an entry "1"`},
		{"example without parameter", template("UTILITY", `body = { text = "Order {{1}} shipped.", examples = { "1" = "A", "2" = "B" } }`), `body.examples.*has "2", but the text has no`},
		{"body text in authentication", template("AUTHENTICATION", `body = { text = "Code {{1}} here." }`, buttons(`{ type = "OTP", otp_type = "COPY_CODE" }`)), `body.text.*Meta writes it`},
		{"security advice outside authentication", template("UTILITY", `body = { text = "Hello there.", add_security_recommendation = true }`), `body.add_security_recommendation.*for AUTHENTICATION`},
		{"header text too long", template("MARKETING", fmt.Sprintf(`header = { format = "TEXT", text = %q }`, strings.Repeat("h", 61)), okBody), `header.text.*between 1 and 60`},
		{"text header without text", template("MARKETING", `header = { format = "TEXT" }`, okBody), `header.text.*needs text`},
		{"two header parameters", template("MARKETING", `header = { format = "TEXT", text = "{{1}} and {{2}}", examples = { "1" = "a", "2" = "b" } }`, okBody), `header.text.*at most one parameter`},
		{"image header without file", template("MARKETING", `header = { format = "IMAGE" }`, okBody), `header.media_file: to create a template whose header is IMAGE, set media_file`},
		{"media file on a text header", template("MARKETING", `header = { format = "TEXT", text = "Hi", media_file = "a.png" }`, okBody), `header.media_file.*for IMAGE, VIDEO and DOCUMENT`},
		{"header in authentication", template("AUTHENTICATION", `header = { format = "TEXT", text = "Hi" }`, authBody, buttons(`{ type = "OTP", otp_type = "COPY_CODE" }`)), `header.*no header`},
		{"unknown header format", template("MARKETING", `header = { format = "AUDIO" }`, okBody), `header.format.*value must be one of`},
		{"media hash not hex", template("MARKETING", `header = { format = "IMAGE", media_file = "a.png", media_sha256 = "abc" }`, okBody), `header.media_sha256.*64 lowercase hex`},
		{"footer with a parameter", template("UTILITY", okBody, `footer = { text = "Ref {{1}}" }`), `footer.text.*no parameters`},
		{"footer text too long", template("UTILITY", okBody, fmt.Sprintf(`footer = { text = %q }`, strings.Repeat("f", 61))), `footer.text.*between 1 and 60`},
		{"code expiry outside authentication", template("UTILITY", okBody, `footer = { code_expiration_minutes = 5 }`), `footer.code_expiration_minutes.*for AUTHENTICATION`},
		{"code expiry too long", template("AUTHENTICATION", authBody, `footer = { code_expiration_minutes = 91 }`, buttons(`{ type = "OTP", otp_type = "COPY_CODE" }`)), `code_expiration_minutes.*between 1 and 90`},
		{"eleven buttons", template("MARKETING", okBody, buttons(strings.Repeat(qr+", ", 10)+qr)), `buttons.*at least 1 elements and at most 10`},
		{"three URL buttons", template("MARKETING", okBody, buttons(url, url, url)), `buttons\[2\].type.*at most 2 URL`},
		{"quick replies apart", template("MARKETING", okBody, buttons(qr, url, qr)), `buttons\[2\].*next to each other`},
		{"button text too long", template("MARKETING", okBody, buttons(fmt.Sprintf(`{ type = "QUICK_REPLY", text = %q }`, strings.Repeat("b", 26)))), `buttons\[0\].text.*between 1 and 25`},
		{"quick reply without text", template("MARKETING", okBody, buttons(`{ type = "QUICK_REPLY" }`)), `buttons\[0\].text.*needs text`},
		{"URL parameter in the middle", template("UTILITY", okBody, buttons(`{ type = "URL", text = "Go", url = "https://a.example/{{1}}/x", example = "a" }`)), `buttons\[0\].url.*at its very end`},
		{"URL parameter without example", template("UTILITY", okBody, buttons(`{ type = "URL", text = "Go", url = "https://a.example/{{1}}" }`)), `buttons\[0\].example.*example of it`},
		{"phone button without number", template("UTILITY", okBody, buttons(`{ type = "PHONE_NUMBER", text = "Call" }`)), `buttons\[0\].phone_number.*needs phone_number`},
		{"url on a quick reply", template("MARKETING", okBody, buttons(`{ type = "QUICK_REPLY", text = "Yes", url = "https://a.example" }`)), `buttons\[0\].url.*not an attribute of a QUICK_REPLY`},
		{"copy code example too long", template("MARKETING", okBody, buttons(`{ type = "COPY_CODE", text = "Copy", example = "SPRING2026SALE20" }`)), `buttons\[0\].example.*at most 15`},
		{"OTP outside authentication", template("UTILITY", okBody, buttons(`{ type = "OTP", otp_type = "COPY_CODE" }`)), `buttons\[0\].type.*for AUTHENTICATION`},
		{"authentication without OTP button", template("AUTHENTICATION", authBody), `buttons.*one button of type OTP`},
		{"authentication with a quick reply", template("AUTHENTICATION", authBody, buttons(qr)), `buttons\[0\].type.*one OTP button and no other`},
		{"OTP without type", template("AUTHENTICATION", authBody, buttons(`{ type = "OTP" }`)), `buttons\[0\].otp_type.*COPY_CODE, ONE_TAP or ZERO_TAP`},
		{"one tap without apps", template("AUTHENTICATION", authBody, buttons(`{ type = "OTP", otp_type = "ONE_TAP" }`)), `buttons\[0\].supported_apps.*Android apps`},
		{"zero tap without terms", template("AUTHENTICATION", authBody, buttons(`{ type = "OTP", otp_type = "ZERO_TAP", `+otpApps+` }`)), `zero_tap_terms_accepted.*true`},
		{"bad package name", template("AUTHENTICATION", authBody, buttons(`{ type = "OTP", otp_type = "ONE_TAP", supported_apps = [{ package_name = "acme", signature_hash = "K8a/AINcGX7" }] }`)), `package_name.*com.acme.app`},
		{"bad signature hash", template("AUTHENTICATION", authBody, buttons(`{ type = "OTP", otp_type = "ONE_TAP", supported_apps = [{ package_name = "com.acme.app", signature_hash = "short" }] }`)), `signature_hash.*11 characters`},
		{"six supported apps", template("AUTHENTICATION", authBody, buttons(`{ type = "OTP", otp_type = "ONE_TAP", supported_apps = [`+strings.Repeat(`{ package_name = "com.acme.app", signature_hash = "K8a/AINcGX7" }, `, 5)+`{ package_name = "com.acme.app", signature_hash = "K8a/AINcGX7" }] }`)), `supported_apps.*at least 1 elements and at most 5`},
		{"autofill on copy code", template("AUTHENTICATION", authBody, buttons(`{ type = "OTP", otp_type = "COPY_CODE", autofill_text = "Fill" }`)), `buttons\[0\].otp_type.*for ONE_TAP and ZERO_TAP`},
		{"flow without id", template("MARKETING", okBody, buttons(`{ type = "FLOW", text = "Book" }`)), `buttons\[0\].flow_id.*needs flow_id`},
		{"import with letters", "", `<waba_id>/<template_id> or <waba_id>/<name>/<language>`},
	}
	if len(tests) < 26 {
		t.Fatalf("%d cases; the issue asks for at least 25 invalid templates", len(tests)-1)
	}
	cases := make([]invalidConfig, 0, len(tests))
	for _, tc := range tests {
		c := invalidConfig{name: tc.name, config: tc.config, want: tc.want}
		if tc.config == "" {
			c.config, c.resource, c.importID = template("UTILITY", okBody), "whatsapp_message_template.x", "abc/1"
		}
		cases = append(cases, c)
	}
	return cases
}
