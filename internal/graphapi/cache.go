package graphapi

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"sync/atomic"
)

// Meta allows as little as 200 calls an hour per app and WABA, so Reads never
// fetch one object each: they look it up in the listing of its edge. The
// cache holds, per client, a listing per edge (see listing), the nodes read
// once per run (WABAs) and what debug_token says of the token. Concurrent
// callers of one read share one request in flight; a failure is kept only
// once its retries ran out (see retriesRanOut).

// flight is one fetch that concurrent callers share.
type flight[T any] struct {
	gen  uint64
	done chan struct{}
	val  T
	err  error
}

func newFlight[T any](gen uint64) *flight[T] {
	return &flight[T]{gen: gen, done: make(chan struct{})}
}

// wait returns the flight's result, or the context's error if it ends first.
func (f *flight[T]) wait(ctx context.Context) (T, error) {
	select {
	case <-f.done:
		return f.val, f.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// memo is a value fetched once and kept until forgotten; a failed fetch is
// not kept, so the next caller tries again.
type memo[T any] struct {
	mu sync.Mutex
	f  *flight[T]
}

func (m *memo[T]) get(ctx context.Context, fetch func(context.Context) (T, error)) (T, error) {
	m.mu.Lock()
	f := m.f
	if f != nil {
		m.mu.Unlock()
		return f.wait(ctx)
	}
	f = newFlight[T](0)
	m.f = f
	m.mu.Unlock()
	f.val, f.err = fetch(ctx)
	m.mu.Lock()
	if f.err != nil && m.f == f {
		m.f = nil
	}
	m.mu.Unlock()
	close(f.done)
	return f.val, f.err
}

// forget drops the kept value, so the next get fetches afresh.
func (m *memo[T]) forget() {
	m.mu.Lock()
	m.f = nil
	m.mu.Unlock()
}

// memoMap is a memo per key, such as a node per ID.
type memoMap[T any] struct {
	mu sync.Mutex
	m  map[string]*memo[T]
}

func (mm *memoMap[T]) slot(key string) *memo[T] {
	mm.mu.Lock()
	defer mm.mu.Unlock()
	if mm.m == nil {
		mm.m = map[string]*memo[T]{}
	}
	s := mm.m[key]
	if s == nil {
		s = &memo[T]{}
		mm.m[key] = s
	}
	return s
}

// lockMap holds a mutex per key, for writes to one node at a time.
type lockMap struct {
	mu sync.Mutex
	m  map[string]*sync.Mutex
}

// lock locks key's mutex and returns its unlock.
func (lm *lockMap) lock(key string) func() {
	lm.mu.Lock()
	if lm.m == nil {
		lm.m = map[string]*sync.Mutex{}
	}
	l := lm.m[key]
	if l == nil {
		l = &sync.Mutex{}
		lm.m[key] = l
	}
	lm.mu.Unlock()
	l.Lock()
	return l.Unlock
}

// operations counts the client's write operations under way and its
// read-backs waiting, so read-backs can wait for their batch to gather.
type operations struct {
	active, readBacks atomic.Int64
}

// allReadingBack reports that every operation under way waits for a
// read-back (true when no operations are counted, as in unit tests).
func (o *operations) allReadingBack() bool { return o.readBacks.Load() >= o.active.Load() }

// Operation marks a write operation (a Terraform create, update or delete)
// under way until the returned func is called. Read-backs use it to wait
// until all operations under way have written, so that they share reads.
func (c *Client) Operation() (done func()) {
	c.cache.ops.active.Add(1)
	return func() { c.cache.ops.active.Add(-1) }
}

type cache struct {
	ops         operations
	nodeLocks   lockMap
	token       memo[*TokenInfo]
	wabas       memoMap[*WABA]
	clientWABAs memoMap[[]string] // per business: the IDs of its client WABAs
	// listings are the shared listings of the edges, by edge name: each
	// edge file registers its own (registerListing), so adding an edge does
	// not edit this file. Built with the client, read-only afterwards.
	listings   map[string]any
	expansions *expansions
}

// listingBuilders build a new client's listings, by edge name.
var listingBuilders = map[string]func(*Client) any{}

// registerListing declares the shared listing of an edge; an edge file calls
// it from init. build makes the listing for one client (newListing, with
// withNode and withExpansion where the edge has them).
func registerListing[T any](edge string, build func(*Client) *listing[T]) {
	listingBuilders[edge] = func(c *Client) any { return build(c) }
}

// listingOf is c's shared listing of edge, as registered.
func listingOf[T any](c *Client, edge string) *listing[T] {
	l, ok := c.cache.listings[edge].(*listing[T])
	if !ok {
		panic(fmt.Sprintf("graphapi: no listing of %T registered for edge %q", *new(T), edge))
	}
	return l
}

// tailQuery is the paging query of a listing's page after a cursor.
func tailQuery(after string) url.Values {
	q := url.Values{"limit": {pageLimitString}}
	if after != "" {
		q.Set("after", after)
	}
	return q
}

func newCache(c *Client) *cache {
	kc := &cache{expansions: newExpansions(c), listings: map[string]any{}}
	c.cache = kc // the builders take the client's operations and expansions
	for edge, build := range listingBuilders {
		kc.listings[edge] = build(c)
	}
	return kc
}
