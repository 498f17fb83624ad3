package graphapi

import (
	"context"
	"fmt"
	"sync"
)

// Meta allows as little as 200 calls an hour per app and WABA, so Reads never
// fetch one object each: they look it up in the listing of its edge. A listing
// is fetched once per client and shared by every reader, concurrent readers
// wait on one request in flight, and a write to an edge bumps that edge's
// generation so the next reader fetches afresh. Failures are never cached.

type edgeKey struct{ id, edge string }

type listingKey struct {
	edgeKey
	business string
}

type flight struct {
	gen  uint64
	done chan struct{}
	val  any
	err  error
}

type listings struct {
	c     *Client
	mu    sync.Mutex
	gens  map[edgeKey]uint64
	cache map[listingKey]*flight

	// Lookups that never change within a run.
	token lookup
	wabas map[string]*lookup
}

// lookup holds the flight of a once-per-client lookup; nil until asked, and
// again after a failure.
type lookup struct{ f *flight }

func newListings(c *Client) *listings {
	return &listings{c: c, gens: map[edgeKey]uint64{}, cache: map[listingKey]*flight{}, wabas: map[string]*lookup{}}
}

// invalidate bumps an edge's generation: listings begun before are not kept.
func (l *listings) invalidate(id, edge string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.gens[edgeKey{id, edge}]++
}

// get returns the listing for key, fetching it unless a current one is cached
// or in flight.
func (l *listings) get(ctx context.Context, key listingKey, fetch func(context.Context) (any, error)) (any, error) {
	l.mu.Lock()
	gen := l.gens[key.edgeKey]
	f := l.cache[key]
	if f == nil || f.gen != gen {
		f = &flight{gen: gen, done: make(chan struct{})}
		l.cache[key] = f
		l.mu.Unlock()
		f.val, f.err = fetch(ctx)
		l.mu.Lock()
		if f.err != nil || l.gens[key.edgeKey] != gen {
			if l.cache[key] == f {
				delete(l.cache, key)
			}
		}
		close(f.done)
		l.mu.Unlock()
		return f.val, f.err
	}
	l.mu.Unlock()
	return waitFor(ctx, f)
}

// once runs fetch for a lookup slot unless it already succeeded; a failure
// clears the slot so the next caller tries again.
func (l *listings) once(ctx context.Context, slot *lookup, fetch func(context.Context) (any, error)) (any, error) {
	l.mu.Lock()
	f := slot.f
	if f == nil {
		f = &flight{done: make(chan struct{})}
		slot.f = f
		l.mu.Unlock()
		f.val, f.err = fetch(ctx)
		l.mu.Lock()
		if f.err != nil && slot.f == f {
			slot.f = nil
		}
		close(f.done)
		l.mu.Unlock()
		return f.val, f.err
	}
	l.mu.Unlock()
	return waitFor(ctx, f)
}

// cached unpacks a cache entry to its type.
func cached[T any](v any, err error) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	t, ok := v.(T)
	if !ok {
		return zero, fmt.Errorf("listings cache holds %T where %T belongs", v, zero)
	}
	return t, nil
}

func waitFor(ctx context.Context, f *flight) (any, error) {
	select {
	case <-f.done:
		return f.val, f.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// PhoneNumbers returns a WABA's phone numbers from the shared listing.
func (c *Client) PhoneNumbers(ctx context.Context, wabaID string) ([]PhoneNumber, error) {
	v, err := c.listings.get(ctx, listingKey{edgeKey: edgeKey{wabaID, EdgePhoneNumbers}}, func(ctx context.Context) (any, error) {
		return c.ListPhoneNumbers(ctx, wabaID)
	})
	return cached[[]PhoneNumber](v, err)
}

// SubscribedApps returns a WABA's subscribed apps from the shared listing.
func (c *Client) SubscribedApps(ctx context.Context, wabaID string) ([]SubscribedApp, error) {
	v, err := c.listings.get(ctx, listingKey{edgeKey: edgeKey{wabaID, EdgeSubscribedApps}}, func(ctx context.Context) (any, error) {
		return c.ListSubscribedApps(ctx, wabaID)
	})
	return cached[[]SubscribedApp](v, err)
}

// AssignedUsers returns the users a business assigned to a WABA, from the
// shared listing.
func (c *Client) AssignedUsers(ctx context.Context, wabaID, businessID string) ([]AssignedUser, error) {
	v, err := c.listings.get(ctx, listingKey{edgeKey: edgeKey{wabaID, EdgeAssignedUsers}, business: businessID}, func(ctx context.Context) (any, error) {
		return c.ListAssignedUsers(ctx, wabaID, businessID)
	})
	return cached[[]AssignedUser](v, err)
}

// TokenInfo returns what debug_token says of the token, asked once per client.
func (c *Client) TokenInfo(ctx context.Context) (*TokenInfo, error) {
	v, err := c.listings.once(ctx, &c.listings.token, func(ctx context.Context) (any, error) {
		return c.DebugToken(ctx)
	})
	return cached[*TokenInfo](v, err)
}

// AppID returns the token's app: the configured app ID, or debug_token's.
func (c *Client) AppID(ctx context.Context) (string, error) {
	if c.cfg.AppID != "" {
		return c.cfg.AppID, nil
	}
	info, err := c.TokenInfo(ctx)
	if err != nil {
		return "", err
	}
	return info.AppID, nil
}

// WABA returns a WhatsApp Business Account, read once per client: the data
// source and the owner-business lookup share it.
func (c *Client) WABA(ctx context.Context, wabaID string) (*WABA, error) {
	c.listings.mu.Lock()
	slot := c.listings.wabas[wabaID]
	if slot == nil {
		slot = &lookup{}
		c.listings.wabas[wabaID] = slot
	}
	c.listings.mu.Unlock()
	v, err := c.listings.once(ctx, slot, func(ctx context.Context) (any, error) {
		return c.GetWABA(ctx, wabaID)
	})
	return cached[*WABA](v, err)
}

// OwnerBusiness returns the ID of the business that owns a WABA.
func (c *Client) OwnerBusiness(ctx context.Context, wabaID string) (string, error) {
	w, err := c.WABA(ctx, wabaID)
	if err != nil {
		return "", err
	}
	if w.OwnerBusinessInfo == nil || w.OwnerBusinessInfo.ID == nil || !ValidID(*w.OwnerBusinessInfo.ID) {
		return "", &Error{Method: "GET", Path: c.pathString(request{path: []string{wabaID}}), Err: fmt.Errorf("the WhatsApp Business Account has no owner_business_info.id; set business_id explicitly")}
	}
	return *w.OwnerBusinessInfo.ID, nil
}
