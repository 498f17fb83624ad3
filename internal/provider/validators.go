package provider

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// graphID accepts what can go into a Graph URL path: 1 to 32 decimal digits.
func graphID() validator.String {
	return stringvalidator.RegexMatches(graphapi.IDPattern, "must be a Graph ID of 1 to 32 decimal digits, such as 104996122399160")
}

// goDuration accepts a positive Go duration such as "90s" or "5m".
type goDuration struct{}

func (goDuration) Description(context.Context) string {
	return `must be a positive Go duration such as "30s", "5m" or "1h30m"`
}

func (d goDuration) MarkdownDescription(ctx context.Context) string { return d.Description(ctx) }

func (d goDuration) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseDuration(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Duration", fmt.Sprintf("%s %s: %v.", req.Path, d.Description(ctx), err))
	}
}

func parseDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration", s)
	}
	if d <= 0 {
		return 0, fmt.Errorf("%q is not positive", s)
	}
	return d, nil
}

// baseURL accepts an https URL, or http to a loopback host.
type baseURL struct{}

func (baseURL) Description(context.Context) string {
	return "must be an https URL such as https://graph.facebook.com; http is allowed only for loopback hosts (127.0.0.0/8, ::1, localhost)"
}

func (b baseURL) MarkdownDescription(ctx context.Context) string { return b.Description(ctx) }

func (b baseURL) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := graphapi.CheckBaseURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Base URL", err.Error()+".")
	}
}

// httpsURL accepts an absolute https URL.
type httpsURL struct{}

func (httpsURL) Description(context.Context) string {
	return "must be an absolute https URL, such as https://hooks.example.com/whatsapp"
}

func (h httpsURL) MarkdownDescription(ctx context.Context) string { return h.Description(ctx) }

func (h httpsURL) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	u, err := url.Parse(req.ConfigValue.ValueString())
	if err != nil || u.Scheme != "https" || u.Host == "" || strings.ContainsAny(req.ConfigValue.ValueString(), " \t\n") {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Callback URL",
			fmt.Sprintf("%s %s; got %q. Meta only calls webhooks over https.", req.Path, h.Description(ctx), req.ConfigValue.ValueString()))
	}
}

// joinBackticked renders a list for Markdown: A`, `B`, `C (the caller adds the outer backticks).
func joinBackticked(xs []string) string { return strings.Join(xs, "`, `") }
