package provider

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// How a number is displayed: the digits of Meta's display number, and the
// display name the number has at Meta (kept in private state).

// splitDisplayNumber reads "+<cc> <rest>": cc is the digits between + and the
// first space, the national number the remaining digits.
func splitDisplayNumber(display string) (cc, national string, ok bool) {
	display = strings.TrimSpace(display)
	rest, found := strings.CutPrefix(display, "+")
	if !found {
		return "", "", false
	}
	cc, rest, found = strings.Cut(rest, " ")
	national = digitsOf(rest)
	if !found || !ccRegexp.MatchString(cc) || !nationalRegexp.MatchString(national) {
		return "", "", false
	}
	return cc, national, true
}

func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// metaNameKey keeps, in private state, the display name the number has at
// Meta: verified_name in state is the configured name while a request for it
// is under review or declined, and a change back to Meta's name (after a
// declined request) must not file a review of the name the number has.
const metaNameKey = "meta_verified_name"

// privateState is the framework's private state of a request or response.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

func keepMetaName(ctx context.Context, private privateState, p *graphapi.PhoneNumber, diags *diag.Diagnostics) {
	if p.VerifiedName == nil {
		return
	}
	b, err := json.Marshal(*p.VerifiedName)
	if err != nil {
		diags.AddError("Cannot Keep the Display Name", err.Error())
		return
	}
	diags.Append(private.SetKey(ctx, metaNameKey, b)...)
}

// metaName is the display name the number had at Meta when last read; "" if unknown.
func metaName(ctx context.Context, private privateState) string {
	b, _ := private.GetKey(ctx, metaNameKey)
	var name string
	if len(b) > 0 && json.Unmarshal(b, &name) != nil {
		return ""
	}
	return name
}
