package graphapi

import (
	"context"
	"errors"
	"time"
)

// Polling waits for something Meta does in its own time, such as the review
// of a message template or a display name. Each check is a read that counts
// against the BUC budget, so the wait between checks grows exponentially from
// PollInterval to PollIntervalCap, and doubles again while Meta reports the
// budget three quarters used. The context's deadline bounds the whole wait.
const (
	PollInterval    = 5 * time.Second
	PollIntervalCap = time.Minute
)

// ErrPollTimeout is returned by Poll when the context's deadline ends the
// wait before check reports done.
var ErrPollTimeout = errors.New("timed out waiting")

// Poll calls check until it reports done or fails, waiting between calls.
func (c *Client) Poll(ctx context.Context, check func(context.Context) (done bool, err error)) error {
	wait := PollInterval
	for {
		done, err := check(ctx)
		if err != nil || done {
			return err
		}
		pause := wait
		if c.usage.Load() >= 75 {
			pause *= 2
		}
		if err := c.clock.Sleep(ctx, pause); err != nil {
			if errors.Is(err, context.DeadlineExceeded) {
				return ErrPollTimeout
			}
			return err
		}
		wait = min(wait*2, PollIntervalCap)
	}
}
