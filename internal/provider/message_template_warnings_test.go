package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestTemplateStatusWarnings checks the warnings a plan shows for what Meta
// decided out of band (the acceptance tests see the plan stay empty; the
// testing library does not expose warnings).
func TestTemplateStatusWarnings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status, category, current, reason string
		want                              []string
	}{
		{status: "APPROVED", category: "UTILITY", current: "UTILITY"},
		{status: "REJECTED", category: "UTILITY", current: "UTILITY", reason: "PROMOTIONAL", want: []string{"Template Rejected: Meta rejected x (reason: PROMOTIONAL)"}},
		{status: "PAUSED", category: "MARKETING", current: "MARKETING", want: []string{"Template Paused"}},
		{status: "DISABLED", category: "MARKETING", current: "MARKETING", want: []string{"Template Disabled"}},
		{status: "APPROVED", category: "UTILITY", current: "MARKETING", want: []string{"Meta Changed the Category: x is configured as UTILITY, but Meta categorised it as MARKETING"}},
	}
	for _, tc := range tests {
		m := messageTemplateModel{Status: types.StringValue(tc.status), Category: types.StringValue(tc.category),
			CurrentCategory: types.StringValue(tc.current), RejectedReason: types.StringValue(tc.reason)}
		var diags diag.Diagnostics
		(&messageTemplateResource{}).warnAboutStatus(&m, "x", &diags)
		var got []string
		for _, d := range diags {
			if d.Severity() != diag.SeverityWarning {
				t.Errorf("%s: %s is not a warning", tc.status, d.Summary())
			}
			got = append(got, d.Summary()+": "+d.Detail())
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s/%s: warnings %q, want %q", tc.status, tc.current, got, tc.want)
			continue
		}
		for i, w := range tc.want {
			if !strings.HasPrefix(got[i], w) {
				t.Errorf("%s/%s: warning %q, want it to start %q", tc.status, tc.current, got[i], w)
			}
		}
	}
}

// TestTemplateGoneWarning: a template that disappeared outside Terraform
// warns about the name lock its re-creation may meet.
func TestTemplateGoneWarning(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ status, want string }{
		{"APPROVED", `It was APPROVED when last read: Meta locks the name "order_shipped" for 30 days.*order_shipped_v2`},
		{"PENDING", `If Meta had approved it, the name "order_shipped" stays locked for 30 days`},
	} {
		var diags diag.Diagnostics
		warnGone(&messageTemplateModel{Name: types.StringValue("order_shipped"), Language: types.StringValue("en_US"), ID: types.StringValue("1"),
			WABAID: types.StringValue("2"), Status: types.StringValue(tc.status)}, &diags)
		if len(diags) != 1 || diags[0].Severity() != diag.SeverityWarning || !errorRe(tc.want).MatchString(diags[0].Detail()) {
			t.Errorf("%s: %v, want a warning matching %q", tc.status, diags, tc.want)
		}
	}
}
