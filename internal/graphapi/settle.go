package graphapi

import (
	"context"
	"errors"
)

// maxSettleResends bounds how often a write whose outcome stayed unknown is
// sent again after a read showed it did not take effect.
const maxSettleResends = 3

// Settle sends a write that is not harmless to repeat (a create, a register
// or deregister, a template edit, a settings post). When an attempt's outcome
// is unknown (ErrOutcomeUnknown: a lost answer, or a transient error, which
// Meta has answered to writes that took effect), it reads back first: find
// reports the result of a write that took effect (a create's ID), and only
// when it did not is the write sent again. So a write is never sent twice
// without a read in between, and at most 1 + min(max_retries, 3) times.
//
// With find nil nothing can tell whether the write took effect (Meta gives
// no read of a PIN): an unknown outcome is returned as is, for the caller to
// report (and usually to read back what it can).
func Settle[T any](ctx context.Context, c *Client, send func(context.Context) (T, error), find func(context.Context) (T, bool, error)) (T, error) {
	var zero T
	for round := 0; ; round++ {
		got, err := send(ctx)
		if !errors.Is(err, ErrOutcomeUnknown) || find == nil {
			return got, err
		}
		found, ok, ferr := find(ctx)
		switch {
		case ferr != nil:
			if e, ok := As(err); ok {
				e.ReadBackErr = ferr
			}
			return zero, err
		case ok:
			return found, nil
		case round >= min(c.cfg.MaxRetries, maxSettleResends):
			return zero, err
		}
		if serr := c.clock.Sleep(ctx, c.backoff(round+1)); serr != nil {
			return zero, err
		}
	}
}

// settle is Settle for a write that returns nothing: took reports whether
// it took effect (nil when nothing can tell).
func (c *Client) settle(ctx context.Context, send func(context.Context) error, took func(context.Context) (bool, error)) error {
	var find func(context.Context) (struct{}, bool, error)
	if took != nil {
		find = func(ctx context.Context) (struct{}, bool, error) {
			ok, err := took(ctx)
			return struct{}{}, ok, err
		}
	}
	_, err := Settle(ctx, c, func(ctx context.Context) (struct{}, error) { return struct{}{}, send(ctx) }, find)
	return err
}
