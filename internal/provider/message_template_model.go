package provider

import (
	"context"
	"encoding/json"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi/templatewire"
)

type messageTemplateModel struct {
	ID                    types.String         `tfsdk:"id"`
	WABAID                types.String         `tfsdk:"waba_id"`
	Name                  types.String         `tfsdk:"name"`
	Language              types.String         `tfsdk:"language"`
	Category              types.String         `tfsdk:"category"`
	ParameterFormat       types.String         `tfsdk:"parameter_format"`
	MessageSendTTLSeconds types.Int64          `tfsdk:"message_send_ttl_seconds"`
	WaitForReview         types.Bool           `tfsdk:"wait_for_review"`
	Header                *templateHeaderModel `tfsdk:"header"`
	Body                  *templateBodyModel   `tfsdk:"body"`
	Footer                *templateFooterModel `tfsdk:"footer"`
	Buttons               []templateButton     `tfsdk:"buttons"`
	ComponentsJSON        types.String         `tfsdk:"components_json"`
	Status                types.String         `tfsdk:"status"`
	CurrentCategory       types.String         `tfsdk:"current_category"`
	PreviousCategory      types.String         `tfsdk:"previous_category"`
	RejectedReason        types.String         `tfsdk:"rejected_reason"`
	QualityScore          types.String         `tfsdk:"quality_score"`
	Timeouts              timeouts.Value       `tfsdk:"timeouts"`
}

type templateHeaderModel struct {
	Format      types.String `tfsdk:"format"`
	Text        types.String `tfsdk:"text"`
	Examples    types.Map    `tfsdk:"examples"`
	MediaFile   types.String `tfsdk:"media_file"`
	MediaSHA256 types.String `tfsdk:"media_sha256"`
}

type templateBodyModel struct {
	Text                      types.String `tfsdk:"text"`
	Examples                  types.Map    `tfsdk:"examples"`
	AddSecurityRecommendation types.Bool   `tfsdk:"add_security_recommendation"`
}

type templateFooterModel struct {
	Text                  types.String `tfsdk:"text"`
	CodeExpirationMinutes types.Int64  `tfsdk:"code_expiration_minutes"`
}

type templateButton struct {
	Type                 types.String   `tfsdk:"type"`
	Text                 types.String   `tfsdk:"text"`
	URL                  types.String   `tfsdk:"url"`
	Example              types.String   `tfsdk:"example"`
	PhoneNumber          types.String   `tfsdk:"phone_number"`
	OTPType              types.String   `tfsdk:"otp_type"`
	AutofillText         types.String   `tfsdk:"autofill_text"`
	ZeroTapTermsAccepted types.Bool     `tfsdk:"zero_tap_terms_accepted"`
	SupportedApps        []supportedApp `tfsdk:"supported_apps"`
	FlowID               types.String   `tfsdk:"flow_id"`
	FlowAction           types.String   `tfsdk:"flow_action"`
	NavigateScreen       types.String   `tfsdk:"navigate_screen"`
}

type supportedApp struct {
	PackageName   types.String `tfsdk:"package_name"`
	SignatureHash types.String `tfsdk:"signature_hash"`
}

// Meta's default labels of an OTP button, which it reads back when the
// configuration left them out.
const (
	defaultOTPText     = "Copy code"
	defaultOTPAutofill = "Autofill"
)

var templateParam = regexp.MustCompile(`\{\{\s*([a-z0-9_]+)\s*\}\}`)

// paramsOf lists a text's parameters in order of appearance, once each.
func paramsOf(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range templateParam.FindAllStringSubmatch(text, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	return out
}

// examplesJSON renders a text's examples in Meta's shape: a list in
// parameter order for POSITIONAL (body: a list of lists), or a list of
// {param_name, example} for NAMED.
func examplesJSON(ctx context.Context, named bool, text string, m types.Map, positionalKey, namedKey string, nested bool) map[string]any {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}
	values := map[string]string{}
	m.ElementsAs(ctx, &values, false)
	params := paramsOf(text)
	if named {
		list := make([]map[string]any, 0, len(params))
		for _, p := range params {
			list = append(list, map[string]any{"param_name": p, "example": values[p]})
		}
		return map[string]any{namedKey: list}
	}
	list := make([]string, 0, len(params))
	for _, p := range params {
		list = append(list, values[p])
	}
	if nested {
		return map[string]any{positionalKey: []any{list}}
	}
	return map[string]any{positionalKey: list}
}

// components builds the components JSON to send from the typed attributes,
// or returns components_json as it is. mediaHandle is the uploaded header
// example, if any.
func (m *messageTemplateModel) components(ctx context.Context, mediaHandle string) (json.RawMessage, error) {
	if !m.ComponentsJSON.IsNull() {
		return json.RawMessage(m.ComponentsJSON.ValueString()), nil
	}
	return json.Marshal(m.wire(ctx, mediaHandle))
}

// wireComponents returns the components in Meta's wire shape: components_json
// parsed, or built from the typed attributes.
func (m *messageTemplateModel) wireComponents(ctx context.Context, mediaHandle string) ([]templatewire.Component, error) {
	if !m.ComponentsJSON.IsNull() {
		return templatewire.ParseComponents(json.RawMessage(m.ComponentsJSON.ValueString()))
	}
	return m.wire(ctx, mediaHandle), nil
}

// wire builds the components from the typed attributes.
func (m *messageTemplateModel) wire(ctx context.Context, mediaHandle string) []templatewire.Component {
	named := m.ParameterFormat.ValueString() == "NAMED"
	auth := m.Category.ValueString() == "AUTHENTICATION"
	var out []templatewire.Component
	if h := m.Header; h != nil {
		c := templatewire.Component{Type: "HEADER", Format: h.Format.ValueString()}
		switch h.Format.ValueString() {
		case "TEXT":
			text := h.Text.ValueString()
			c.Text = &text
			if len(paramsOf(text)) > 0 {
				c.Example = rawJSON(examplesJSON(ctx, named, text, h.Examples, "header_text", "header_text_named_params", false))
			}
		case "IMAGE", "VIDEO", "DOCUMENT":
			c.Example = rawJSON(map[string]any{"header_handle": []string{mediaHandle}})
		}
		out = append(out, c)
	}
	if b := m.Body; b != nil {
		c := templatewire.Component{Type: "BODY"}
		if auth {
			c.AddSecurityRecommendation = b.AddSecurityRecommendation.ValueBoolPointer()
		} else {
			text := b.Text.ValueString()
			c.Text = &text
			if len(paramsOf(text)) > 0 {
				c.Example = rawJSON(examplesJSON(ctx, named, text, b.Examples, "body_text", "body_text_named_params", true))
			}
		}
		out = append(out, c)
	}
	if f := m.Footer; f != nil {
		c := templatewire.Component{Type: "FOOTER", Text: f.Text.ValueStringPointer()}
		if !f.CodeExpirationMinutes.IsNull() {
			n := int(f.CodeExpirationMinutes.ValueInt64())
			c.CodeExpirationMinutes = &n
		}
		out = append(out, c)
	}
	if len(m.Buttons) > 0 {
		buttons := make([]templatewire.Button, 0, len(m.Buttons))
		for _, b := range m.Buttons {
			buttons = append(buttons, b.wire())
		}
		out = append(out, templatewire.Component{Type: "BUTTONS", Buttons: buttons})
	}
	return out
}

// rawJSON encodes a value built here, which always encodes.
func rawJSON(v any) json.RawMessage {
	if v == nil {
		return nil
	}
	b, _ := json.Marshal(v)
	return b
}

func (b templateButton) wire() templatewire.Button {
	out := templatewire.Button{Type: b.Type.ValueStringPointer(), Text: b.Text.ValueStringPointer(), URL: b.URL.ValueStringPointer(),
		PhoneNumber: b.PhoneNumber.ValueStringPointer(), OTPType: b.OTPType.ValueStringPointer(), AutofillText: b.AutofillText.ValueStringPointer(),
		FlowID: b.FlowID.ValueStringPointer(), FlowAction: b.FlowAction.ValueStringPointer(), NavigateScreen: b.NavigateScreen.ValueStringPointer(),
		ZeroTapTermsAccepted: b.ZeroTapTermsAccepted.ValueBoolPointer(), Example: b.Example.ValueStringPointer()}
	for _, a := range b.SupportedApps {
		out.SupportedApps = append(out.SupportedApps, templatewire.SupportedApp{PackageName: a.PackageName.ValueString(), SignatureHash: a.SignatureHash.ValueString()})
	}
	return out
}

// newTemplate is what a create or an edit sends.
func (m *messageTemplateModel) newTemplate(ctx context.Context, mediaHandle string) (graphapi.NewMessageTemplate, error) {
	components, err := m.components(ctx, mediaHandle)
	t := graphapi.NewMessageTemplate{
		Name: m.Name.ValueString(), Language: m.Language.ValueString(), Category: m.Category.ValueString(),
		ParameterFormat: m.ParameterFormat.ValueString(), Components: components,
	}
	if !m.MessageSendTTLSeconds.IsNull() {
		n := int(m.MessageSendTTLSeconds.ValueInt64())
		t.MessageSendTTLSeconds = &n
	}
	return t, err
}

// sameComponentsJSON keeps components_json's state value when the
// configuration means the same (key order, white space, the case of types),
// so reformatting the JSON plans nothing.
type sameComponentsJSON struct{}

func (sameComponentsJSON) Description(context.Context) string {
	return "A components_json that means what state holds plans no change."
}

func (m sameComponentsJSON) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (sameComponentsJSON) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !known(req.StateValue) || !known(req.PlanValue) || req.StateValue.Equal(req.PlanValue) {
		return
	}
	var category types.String
	req.State.GetAttribute(ctx, path.Root("category"), &category)
	planned, errP := templatewire.ParseComponents(json.RawMessage(req.PlanValue.ValueString()))
	stored, errS := templatewire.ParseComponents(json.RawMessage(req.StateValue.ValueString()))
	if errP == nil && errS == nil && canonicalComponents(category.ValueString(), planned) == canonicalComponents(category.ValueString(), stored) {
		resp.PlanValue = req.StateValue
	}
}
