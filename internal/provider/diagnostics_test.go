package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// TestHintSaysWhatToSet: the provider words what to do about each class of
// API error, naming its own attributes and Terraform's commands (graphapi
// knows neither).
func TestHintSaysWhatToSet(t *testing.T) {
	t.Parallel()
	retryAt := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		err  *graphapi.Error
		want []string
	}{
		{"registration limit", &graphapi.Error{Code: 133016, RetryAt: retryAt}, []string{"10 registrations and 10 deregistrations", "2026-12-06T10:00:00Z"}},
		{"PIN mismatch", &graphapi.Error{Code: 133005}, []string{"pin_wo"}},
		{"app mismatch", &graphapi.Error{Err: graphapi.ErrAppMismatch}, []string{"app_id", "WHATSAPP_APP_ID"}},
		{"no owner business", &graphapi.Error{Err: graphapi.ErrNoOwnerBusiness}, []string{"business_id"}},
		{"cancelled", &graphapi.Error{Err: context.Canceled}, []string{"terraform plan"}},
		{"wait too long", &graphapi.Error{Code: 4, WaitTooLong: true, RetryAt: retryAt}, []string{"max_rate_limit_wait", "2026-12-06T10:00:00Z"}},
		{"rate limited", &graphapi.Error{Code: 4}, []string{"max_retries", "max_rate_limit_wait"}},
		{"auth", &graphapi.Error{Code: 190}, []string{"access_token", "WHATSAPP_ACCESS_TOKEN"}},
		{"outcome unknown", &graphapi.Error{OutcomeUnknown: true, Err: graphapi.ErrOutcomeUnknown}, []string{"terraform plan"}},
		{"transient", &graphapi.Error{Code: 2}, []string{"Run again later"}},
		{"other", &graphapi.Error{Code: 100}, []string{"Meta's documentation"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := hint(tc.err)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("hint %q does not say %q", got, w)
				}
			}
		})
	}
}
