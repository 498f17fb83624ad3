package graphapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi/lenient"
)

// ErrNotFound matches (with errors.Is) any error for an object that does not
// exist, or that the token cannot see: Graph does not tell the two apart.
var ErrNotFound = errors.New("object not found")

// ErrOutcomeUnknown matches an error after which a write may or may not have
// taken effect: the connection dropped, or a 5xx or a transient error came
// for a write that is not harmless to repeat. Callers read back before they
// try again (see Settle).
var ErrOutcomeUnknown = errors.New("outcome of the request is unknown")

// Error is the one error type of this package: a Graph API error answer, or a
// request that could not be completed. Fields not known are zero.
type Error struct {
	// Request, without query or token: "POST /v25.0/123/assigned_users".
	Method, Path string
	// HTTPStatus is 0 when no answer came.
	HTTPStatus int
	// Graph's error fields.
	Code        int
	Subcode     int
	Type        string
	Message     string
	UserMessage string
	Transient   bool
	TraceID     string
	// Attempts is how many times the request was sent.
	Attempts int
	// RetryAfter is the wait Meta announced for a rate limit (usage header or
	// Retry-After), zero when none was announced.
	RetryAfter time.Duration
	// WaitTooLong is set when the announced wait exceeded Config.MaxRateLimitWait;
	// RetryAt then says when the budget should be back.
	WaitTooLong bool
	RetryAt     time.Time
	// OutcomeUnknown is set when a write may have been applied.
	OutcomeUnknown bool
	// ReadBackErr is why reading back whether such a write took effect
	// failed (see Settle), if it did.
	ReadBackErr error
	// Err is the underlying transport or decoding error, if any.
	Err error
	// undecodable marks a 2xx answer that could not be decoded.
	undecodable bool
	// gone marks a refusal that the endpoint's own code says means the
	// object is gone (2593002 on a template delete).
	gone bool
	// templateStatus is the status a template read as right after Meta
	// refused its edit: Meta documents no code for the edit quota or for a
	// status that forbids editing, so the state decides.
	templateStatus string
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %s", e.Method, e.Path, e.Detail())
	if e.Code != 0 {
		fmt.Fprintf(&b, " (%s)", e.Codes())
	}
	if note := e.WaitNote(); note != "" {
		b.WriteString("; " + note)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	return b.String()
}

// Detail is what went wrong, without the request line and Meta's codes:
// Meta's message (and its user message when that says more), the transport
// or decoding error, or the HTTP status.
func (e *Error) Detail() string {
	var b strings.Builder
	switch {
	case e.Code != 0:
		b.WriteString(e.Message)
		if e.UserMessage != "" && !strings.Contains(e.Message, e.UserMessage) {
			fmt.Fprintf(&b, ": %s", e.UserMessage)
		}
	case e.Err != nil:
		b.WriteString(e.Err.Error())
	default:
		fmt.Fprintf(&b, "HTTP %d", e.HTTPStatus)
		if e.Message != "" {
			fmt.Fprintf(&b, ": %s", e.Message)
		}
	}
	if e.ReadBackErr != nil {
		fmt.Fprintf(&b, "; reading back whether it took effect failed too: %v", e.ReadBackErr)
	}
	return b.String()
}

// WaitNote says how long Meta asked to wait, when that was longer than the
// client may wait (Config.MaxRateLimitWait); empty otherwise.
func (e *Error) WaitNote() string {
	if !e.WaitTooLong {
		return ""
	}
	return fmt.Sprintf("Meta asks to wait %s (until %s), longer than the client may wait", e.RetryAfter, e.RetryAt.UTC().Format(time.RFC3339))
}

// Codes renders Meta's code, subcode and fbtrace_id: "code 100, subcode 33,
// fbtrace_id AbC". Empty for errors without a Graph code.
func (e *Error) Codes() string {
	if e.Code == 0 {
		return ""
	}
	s := fmt.Sprintf("code %d", e.Code)
	if e.Subcode != 0 {
		s += fmt.Sprintf(", subcode %d", e.Subcode)
	}
	if e.TraceID != "" {
		s += ", fbtrace_id " + e.TraceID
	}
	return s
}

// Cancelled reports a request given up because its context ended (Ctrl-C or
// a deadline), as opposed to a failure of Meta's.
func (e *Error) Cancelled() bool {
	return errors.Is(e.Err, context.Canceled) || errors.Is(e.Err, context.DeadlineExceeded)
}

func (e *Error) Unwrap() error { return e.Err }

// Is lets errors.Is match ErrNotFound and ErrOutcomeUnknown.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.IsNotFound()
	case ErrOutcomeUnknown:
		return e.OutcomeUnknown
	}
	return false
}

var rateLimitCodes = map[int]bool{4: true, 17: true, 32: true, 341: true, 613: true, 80007: true, 80008: true, 130429: true, 131056: true, 133016: true}

// IsRateLimited reports a rate-limit error, by code: the throttling codes of
// https://developers.facebook.com/docs/graph-api/overview/rate-limiting and
// https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes
// (133016 is the registration budget of a number).
func (e *Error) IsRateLimited() bool {
	return rateLimitCodes[e.Code] || (e.Code >= 80000 && e.Code <= 80099) || (e.Code == 0 && e.HTTPStatus == 429)
}

// IsTransient reports an error that may go away on retry.
func (e *Error) IsTransient() bool {
	if e.Code == 0 {
		return e.HTTPStatus >= 500 || e.Err != nil
	}
	return e.Transient || e.Code == 1 || e.Code == 2 || e.Code == 131000
}

// Registration errors of the Cloud API.
// https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes
const (
	codePINMismatch       = 133005 // two-step verification PIN mismatch
	codeRegistrationLimit = 133016 // 10 (de)registrations per number per 72 h used up
)

// RegistrationWindow is how long Meta counts a number's registrations.
const RegistrationWindow = 72 * time.Hour

// IsRegistrationLimit reports that the number used up its 10 registrations
// or deregistrations in 72 hours: waiting minutes would not help.
func (e *Error) IsRegistrationLimit() bool { return e.Code == codeRegistrationLimit }

// IsPINMismatch reports a PIN that is not the number's two-step verification PIN.
func (e *Error) IsPINMismatch() bool { return e.Code == codePINMismatch }

// IsAuth reports an invalid or expired token.
func (e *Error) IsAuth() bool { return e.Code == 190 || e.Code == 102 }

// IsPermission reports a token that lacks a permission or access to the asset.
func (e *Error) IsPermission() bool {
	return e.Code == 10 || e.Code == 3 || (e.Code >= 200 && e.Code <= 299)
}

// IsNotFound reports an object that does not exist or cannot be seen.
func (e *Error) IsNotFound() bool {
	return e.gone || (e.Code == 100 && e.Subcode == 33) || e.Code == 33 || e.Code == 803
}

// alreadyExistsCodes answer a create of something that is there already:
// a phone number (2388012) or a message template (2388024), as the code or,
// under code 100, the subcode. 2388024 may also be a template name still
// locked after an approved template of that name was deleted (30 days):
// diagnostics word it so that both readings are covered.
var alreadyExistsCodes = map[int]bool{2388012: true, subcodeTemplateExists: true}

// IsAlreadyExists reports a create refused because the object exists, by
// code or subcode. Meta may also answer a bare code 100 (an invalid
// parameter); the caller then looks for the object in the listing, since
// error_user_msg is localized and the message is no ground for a decision.
func (e *Error) IsAlreadyExists() bool {
	return alreadyExistsCodes[e.Code] || alreadyExistsCodes[e.Subcode]
}

// IsInvalidParameter reports Meta's generic refusal of a request's
// parameters (code 100 without a subcode that says more).
func (e *Error) IsInvalidParameter() bool {
	return e.Code == 100 && e.Subcode == 0
}

// As returns err as *Error, if it is one.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// IsRateLimited reports whether err is a rate-limit error; like IsAuth,
// IsPermission and IsNotFound it applies *Error's predicate to any error.
func IsRateLimited(err error) bool { e, ok := As(err); return ok && e.IsRateLimited() }

// IsAuth reports whether err is an authentication error.
func IsAuth(err error) bool { e, ok := As(err); return ok && e.IsAuth() }

// IsPermission reports whether err is a permission error.
func IsPermission(err error) bool { e, ok := As(err); return ok && e.IsPermission() }

// IsNotFound reports whether err says the object does not exist.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// IsAlreadyExists reports whether err refuses a create because the object
// exists; see (*Error).IsAlreadyExists.
func IsAlreadyExists(err error) bool {
	e, ok := As(err)
	return ok && e.IsAlreadyExists()
}

// DecodeError reads a Graph error envelope. It returns nil when the body is
// not one (an HTML page, plain text, empty), so the caller can tell a Graph
// error from a bare HTTP failure. Liberal: codes may be numbers or numeric
// strings, is_transient a bool or "true", and unknown fields are ignored.
func DecodeError(body []byte) *Error {
	var env struct {
		Error *struct {
			Message   string          `json:"message"`
			Type      string          `json:"type"`
			Code      json.RawMessage `json:"code"`
			Subcode   json.RawMessage `json:"error_subcode"`
			Transient json.RawMessage `json:"is_transient"`
			UserMsg   string          `json:"error_user_msg"`
			TraceID   string          `json:"fbtrace_id"`
		} `json:"error"`
	}
	// Invalid JSON leaves env.Error nil; a field of the wrong type leaves the
	// rest decoded, which is as liberal as we want to be.
	_ = json.Unmarshal(body, &env)
	if env.Error == nil {
		return nil // not a Graph error envelope
	}
	e := env.Error
	code, ok := lenient.Int(e.Code)
	if !ok || code == 0 {
		return nil
	}
	subcode, _ := lenient.Int(e.Subcode)
	transient, _ := lenient.Bool(e.Transient)
	return &Error{
		Code: code, Subcode: subcode, Type: e.Type, Message: e.Message,
		UserMessage: e.UserMsg, Transient: transient, TraceID: e.TraceID,
	}
}
