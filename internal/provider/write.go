package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// writeStep is one write and the read-back that confirms it, under the rule
// every resource follows: an object that exists always lands in state, with
// the error. Nothing the API created is ever lost, and nothing that does not
// exist is ever saved as if it did.
//
// run calls write, then readBack even when write failed, since a retried or
// dropped write may still have taken effect:
//   - read back: save stores it; a write error is reported beside it;
//   - not read back, write failed: the write error alone; notSaved, if set,
//     restores what state held (an update's prior state);
//   - write succeeded, read-back failed: unconfirmed stores what is known (the
//     object exists) and reports the read error as it sees fit (an error
//     taints a new object, a warning keeps it); without unconfirmed, the
//     read error alone;
//   - write succeeded, read back fine, object absent: missing explains.
type writeStep[T any] struct {
	// summary and what describe the write for its error: "Cannot Assign User",
	// "assigning user 1 to WhatsApp Business Account 2".
	summary, what string
	write         func(context.Context) error
	readBack      func(context.Context) (*T, error)
	save          func(*T)
	unconfirmed   func(readErr error, diags *diag.Diagnostics)
	notSaved      func()
	// explain, if set, reports a failed write that left nothing to save
	// instead of the generic API error (to give an import ID, say).
	explain func(error, *diag.Diagnostics)
	// explainSaved, if set, reports a failed write whose object was read
	// back and saved (after save), instead of the generic API error.
	explainSaved func(error, *diag.Diagnostics)
	missing      func(*diag.Diagnostics)
}

// run performs the step and returns the object read back, if any.
func (s writeStep[T]) run(ctx context.Context, diags *diag.Diagnostics) *T {
	writeErr := s.write(ctx)
	got, readErr := s.readBack(ctx)
	switch {
	case got != nil:
		s.save(got)
		if writeErr != nil && s.explainSaved != nil {
			s.explainSaved(writeErr, diags)
		} else if writeErr != nil {
			addAPIError(diags, s.summary, s.what+" (the object exists and was saved in state)", writeErr)
		}
	case writeErr != nil:
		if s.explain != nil {
			s.explain(writeErr, diags)
		} else {
			addAPIError(diags, s.summary, s.what, writeErr)
		}
		if s.notSaved != nil {
			s.notSaved()
		}
	case readErr != nil && s.unconfirmed != nil:
		s.unconfirmed(readErr, diags)
	case readErr != nil:
		addAPIError(diags, "Cannot Read Back the Write", "reading back after "+s.what, readErr)
	default:
		s.missing(diags)
	}
	return got
}
