package graphapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
)

// listing is the shared read of one edge (a WABA's phone numbers, say): every
// page of it, fetched once per client and shared by all readers, with one
// request in flight for concurrent readers. Writes to the edge go through
// write, which holds the edge's lock (one write at a time per node and edge)
// and bumps the edge's generation, so a listing begun before a write is not
// kept and the next reader sees the write.
type listing[T any] struct {
	edge  string
	idOf  func(T) string
	fetch func(context.Context, listKey) ([]T, error)

	mu      sync.Mutex
	gens    map[string]uint64 // by node ID
	flights map[listKey]*flight[[]T]
	locks   map[string]*sync.Mutex // by node ID
}

// listKey names one listing: the node, and for assigned users the business
// that asks.
type listKey struct{ node, business string }

func newListing[T any](edge string, idOf func(T) string, fetch func(context.Context, listKey) ([]T, error)) *listing[T] {
	return &listing[T]{
		edge: edge, idOf: idOf, fetch: fetch,
		gens: map[string]uint64{}, flights: map[listKey]*flight[[]T]{}, locks: map[string]*sync.Mutex{},
	}
}

// get returns the listing, fetching it unless a current one is cached or in
// flight.
func (l *listing[T]) get(ctx context.Context, key listKey) ([]T, error) {
	l.mu.Lock()
	gen := l.gens[key.node]
	f := l.flights[key]
	if f != nil && f.gen == gen {
		l.mu.Unlock()
		return f.wait(ctx)
	}
	f = newFlight[[]T](gen)
	l.flights[key] = f
	l.mu.Unlock()

	f.val, f.err = l.fetch(ctx, key)
	l.mu.Lock()
	if (f.err != nil || l.gens[key.node] != gen) && l.flights[key] == f {
		delete(l.flights, key)
	}
	l.mu.Unlock()
	close(f.done)
	return f.val, f.err
}

// find looks one object up by ID in the listing. It returns the object (nil
// when absent) and the whole listing.
func (l *listing[T]) find(ctx context.Context, key listKey, id string) (*T, []T, error) {
	all, err := l.get(ctx, key)
	if err != nil {
		return nil, nil, err
	}
	for i := range all {
		if l.idOf(all[i]) == id {
			return &all[i], all, nil
		}
	}
	return nil, all, nil
}

// write runs one write to the edge of node under the edge's lock and bumps
// the generation afterwards, whatever the outcome: a failed write may still
// have taken effect.
func (l *listing[T]) write(ctx context.Context, node string, fn func(context.Context) error) error {
	l.mu.Lock()
	lock := l.locks[node]
	if lock == nil {
		lock = &sync.Mutex{}
		l.locks[node] = lock
	}
	l.mu.Unlock()
	lock.Lock()
	defer lock.Unlock()
	defer l.invalidate(node)
	return fn(ctx)
}

func (l *listing[T]) invalidate(node string) {
	l.mu.Lock()
	l.gens[node]++
	l.mu.Unlock()
}

// pageAnswer is one page of an edge.
type pageAnswer[T any] struct {
	Data   []T `graph:"data,required"`
	Paging *struct {
		Next    *string `graph:"next"`
		Cursors *struct {
			After *string `graph:"after"`
		} `graph:"cursors"`
	} `graph:"paging"`
}

// listAll pages through an edge. The next page is asked of base_url + the
// same path + after=<cursor>, never of the absolute `next` URL (which could
// name another host); `next` only says that more exists. A cursor seen twice
// is an error, so a looping API cannot keep a run busy.
func listAll[T any](ctx context.Context, c *Client, path []string, query url.Values) ([]T, error) {
	query = cloneValues(query)
	query.Set("limit", strconv.Itoa(pageLimit))
	seen := map[string]bool{}
	var out []T
	for {
		r := request{method: http.MethodGet, path: path, query: query, idempotent: true}
		var page pageAnswer[T]
		if err := c.doDecode(ctx, r, &page); err != nil {
			return nil, err
		}
		out = append(out, page.Data...)
		var next, after string
		if page.Paging != nil {
			if page.Paging.Next != nil {
				next = *page.Paging.Next
			}
			if page.Paging.Cursors != nil && page.Paging.Cursors.After != nil {
				after = *page.Paging.Cursors.After
			}
		}
		switch {
		case next == "":
			return out, nil
		case after == "":
			return nil, &Error{Method: "GET", Path: c.pathString(r), Err: fmt.Errorf("paging has a next page but no after cursor")}
		case seen[after]:
			return nil, &Error{Method: "GET", Path: c.pathString(r), Err: fmt.Errorf("paging returned cursor %q twice; stopping instead of looping", truncate(after, 40))}
		}
		seen[after] = true
		query = cloneValues(query)
		query.Set("after", after)
	}
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
