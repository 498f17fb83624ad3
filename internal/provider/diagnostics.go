package provider

import (
	"fmt"
	"strings"

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
	return apiErrorDetailHint(what, err, e.Hint())
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
	if note := e.WaitNote(); note != "" {
		fmt.Fprintf(&b, "\n\n%s.", note)
	}
	fmt.Fprintf(&b, "\n\n%s", hint)
	return b.String()
}

// addAPIError adds an error diagnostic for a failed API call.
func addAPIError(diags *diag.Diagnostics, summary, what string, err error) {
	diags.AddError(summary, apiErrorDetail(what, err))
}
