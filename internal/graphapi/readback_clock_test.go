package graphapi

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// manualClock is a ReadBackClock whose time moves only when told, so that
// read-back tests never wait on the wall clock.
//
// A jumping clock moves time on by d in every Wait and returns at once: a
// lone read-back runs its quiet period through without sleeping. Tests with
// concurrent read-backs use a held clock instead, whose Wait parks until
// advance moves time past its deadline (or wake yields, or ctx ends): the
// test waits until every read-back is parked (release), so all writes are
// done, then ends their quiet period at once, and the read-backs batch
// exactly as on a quiet machine.
type manualClock struct {
	mu     sync.Mutex
	cond   *sync.Cond
	now    time.Time
	jump   bool
	parked map[*manualWait]struct{}
}

type manualWait struct {
	at   time.Time
	fire chan struct{}
}

func newManualClock(jump bool) *manualClock {
	c := &manualClock{now: time.Unix(1_800_000_000, 0), jump: jump, parked: map[*manualWait]struct{}{}}
	c.cond = sync.NewCond(&c.mu)
	return c
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) Wait(ctx context.Context, d time.Duration, wake <-chan struct{}) error {
	c.mu.Lock()
	if c.jump {
		c.now = c.now.Add(d)
		c.mu.Unlock()
		return ctx.Err()
	}
	w := &manualWait{at: c.now.Add(d), fire: make(chan struct{})}
	c.parked[w] = struct{}{}
	c.cond.Broadcast()
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.parked, w)
		c.cond.Broadcast()
		c.mu.Unlock()
	}()
	select {
	case <-w.fire:
	case <-wake:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

// advance moves time on by d and fires the waits due by then.
func (c *manualClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	for w := range c.parked {
		if !w.at.After(c.now) {
			close(w.fire)
			delete(c.parked, w)
		}
	}
}

// release waits until as many waits are parked as readers says (read-backs
// still expected: a goroutine whose write fails lowers it and calls
// recount), then moves time on by readBackLinger, which ends every read-back's
// quiet period.
func (c *manualClock) release(readers *atomic.Int64) {
	c.mu.Lock()
	for int64(len(c.parked)) != readers.Load() {
		c.cond.Wait()
	}
	c.mu.Unlock()
	c.advance(readBackLinger)
}

// heldReadBacks gives a client a held read-back clock, for writeAndReadBack
// and other tests whose read-backs run at once.
func heldReadBacks(cfg *Config) { cfg.ReadBackClock = newManualClock(false) }

// recount wakes release after readers changed.
func (c *manualClock) recount() {
	c.mu.Lock()
	c.cond.Broadcast()
	c.mu.Unlock()
}
