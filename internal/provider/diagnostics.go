package provider

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// apiErrorDetail renders an API error for a diagnostic: what was being done,
// the request and Meta's message, Meta's codes and fbtrace_id (once), and
// what to do.
func apiErrorDetail(what string, err error) string {
	e, ok := graphapi.As(err)
	if !ok {
		return fmt.Sprintf("%s: %v", what, err)
	}
	return apiErrorDetailHint(what, err, hint(e))
}

// hint says what a user can do about an API error, in the provider's words
// (its attributes and Terraform commands), decided on the error's class.
func hint(e *graphapi.Error) string {
	switch {
	case e.IsRegistrationLimit():
		return fmt.Sprintf("Meta allows 10 registrations and 10 deregistrations per number in 72 hours, and this number has used them up. "+
			"It can be registered again after about %s at the latest (72 hours after this attempt; sooner if the earliest of the last ten is older). "+
			"Avoid plans that replace the registration until then.", e.RetryAt.UTC().Format(time.RFC3339))
	case e.IsPINMismatch():
		return "The PIN is not the number's two-step verification PIN. Set pin (or pin_wo) to the current PIN; a forgotten PIN can only be reset in WhatsApp Manager."
	case errors.Is(e.Err, graphapi.ErrAppMismatch):
		return "Set app_id (or WHATSAPP_APP_ID) to the token's app, or leave it unset to use the token's app, or use a token of the app you named."
	case errors.Is(e.Err, graphapi.ErrNoOwnerBusiness):
		return "Set business_id to the business portfolio that owns the WhatsApp Business Account."
	case e.Cancelled():
		return "The run was cancelled (Ctrl-C or a deadline) before the request completed. Run terraform plan to see what took effect."
	case e.WaitTooLong:
		return fmt.Sprintf("Meta's rate limit for this app and WhatsApp Business Account is used up until about %s. Run again after that, or raise max_rate_limit_wait to let the provider wait.", e.RetryAt.UTC().Format(time.RFC3339))
	case e.IsRateLimited():
		return "Meta's rate limit is used up and the retries did not outlast it. Wait and run again, or raise max_retries or max_rate_limit_wait."
	case e.IsAuth():
		return "The access token is invalid or expired. Generate a new system user token and set access_token or WHATSAPP_ACCESS_TOKEN."
	case e.IsPermission():
		return "The token's system user lacks a permission or access to this asset. It needs whatsapp_business_management (and business_management) and must be assigned to the WhatsApp Business Account."
	case e.IsNotFound():
		return "The object does not exist, or the token cannot see it. Check the ID and the token's access."
	case e.OutcomeUnknown:
		return "Meta's answer (a lost connection, or a temporary error Meta also gives for writes that took effect) does not say whether the request took effect, and reading back could not settle it. Run terraform plan to see the current state."
	case e.IsTransient():
		return "Meta's API failed temporarily and retries did not help. Run again later."
	}
	return "Check the arguments against Meta's documentation."
}

// apiErrorDetailHint is apiErrorDetail with a resource's own explanation of
// what to do, where it knows more than the error (the same words its plan
// gives for the same condition).
func apiErrorDetailHint(what string, err error, hint string) string {
	e, ok := graphapi.As(err)
	if !ok {
		return fmt.Sprintf("%s: %v\n\n%s", what, err, hint)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s %s: %s", what, e.Method, e.Path, e.Detail())
	attempts := ""
	if e.Attempts > 1 {
		attempts = fmt.Sprintf(" (after %d attempts)", e.Attempts)
	}
	if codes := e.Codes(); codes != "" {
		fmt.Fprintf(&b, "\n\nMeta error %s%s.", codes, attempts)
		if e.TraceID != "" {
			b.WriteString(" Quote the fbtrace_id to Meta support.")
		}
	} else {
		b.WriteString(attempts)
	}
	if e.WaitTooLong {
		fmt.Fprintf(&b, "\n\nMeta asks to wait %s (until %s), longer than max_rate_limit_wait.", e.RetryAfter, e.RetryAt.UTC().Format(time.RFC3339))
	}
	fmt.Fprintf(&b, "\n\n%s", hint)
	return b.String()
}

// addAPIError adds an error diagnostic for a failed API call.
func addAPIError(diags *diag.Diagnostics, summary, what string, err error) {
	diags.AddError(summary, apiErrorDetail(what, err))
}
