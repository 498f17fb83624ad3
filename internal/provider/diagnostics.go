package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// apiErrorDetail renders an API error for a diagnostic: what happened, Meta's
// code, subcode and fbtrace_id, and what to do.
func apiErrorDetail(what string, err error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %v", what, err)
	if e, ok := graphapi.As(err); ok {
		if e.Code != 0 {
			fmt.Fprintf(&b, "\n\nMeta error code %d", e.Code)
			if e.Subcode != 0 {
				fmt.Fprintf(&b, ", subcode %d", e.Subcode)
			}
			if e.TraceID != "" {
				fmt.Fprintf(&b, ", fbtrace_id %s (quote it to Meta support)", e.TraceID)
			}
			b.WriteString(".")
		}
		fmt.Fprintf(&b, "\n\n%s", e.Hint())
	}
	return b.String()
}

// addAPIError adds an error diagnostic for a failed API call.
func addAPIError(diags *diag.Diagnostics, summary, what string, err error) {
	diags.AddError(summary, apiErrorDetail(what, err))
}

// objectValue builds an object value, collecting any type error in diags.
func objectValue(diags *diag.Diagnostics, attrTypes map[string]attr.Type, values map[string]attr.Value) types.Object {
	v, d := types.ObjectValue(attrTypes, values)
	diags.Append(d...)
	return v
}
