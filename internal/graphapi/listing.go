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
// request in flight for concurrent readers.
//
// Writes to the edge go through write, which holds the edge's lock (one write
// at a time per node and edge) and bumps the edge's generation, so a plain
// read (get) after a write fetches afresh. Applies are budgeted too: the
// read-back of a write (readBack) needs a listing begun after that write, not
// a listing of its own. Read-backs wait while other writes to the edge are
// queued or under way, then share one listing begun after all of them, so N
// concurrent creates cost N writes and one listing, not N listings. Where a
// node read is cheaper than the listing's pages (a lone write to a long edge),
// readBack reads the node instead.
type listing[T any] struct {
	edge  string
	idOf  func(T) string
	fetch func(context.Context, listKey) ([]T, int, error) // items and pages
	// node reads one object, or is nil where the edge has no node read.
	node func(ctx context.Context, id string) (*T, error)

	mu      sync.Mutex
	gens    map[string]uint64            // by node ID: bumped by every write
	written map[string]map[string]uint64 // node ID -> object ID -> generation after its last write
	pending map[string]int               // writes queued or under way, by node ID
	waiting map[listKey]int              // read-backs waiting, by listing
	pages   map[listKey]int              // pages of the last listing fetched
	flights map[listKey]*flight[[]T]     // the latest listing, done or in flight
	locks   map[string]*sync.Mutex       // by node ID
	changed chan struct{}                // closed and replaced when pending or flights change
}

// listKey names one listing: the node, and for assigned users the business
// that asks.
type listKey struct{ node, business string }

func newListing[T any](edge string, idOf func(T) string, fetch func(context.Context, listKey) ([]T, int, error)) *listing[T] {
	return &listing[T]{
		edge: edge, idOf: idOf, fetch: fetch,
		gens: map[string]uint64{}, written: map[string]map[string]uint64{}, pending: map[string]int{},
		waiting: map[listKey]int{}, pages: map[listKey]int{}, flights: map[listKey]*flight[[]T]{},
		locks: map[string]*sync.Mutex{}, changed: make(chan struct{}),
	}
}

// withNode lets readBack read one object by its node when that is cheaper.
func (l *listing[T]) withNode(node func(context.Context, string) (*T, error)) *listing[T] {
	l.node = node
	return l
}

// broadcast wakes read-backs waiting for a change. The caller holds l.mu.
func (l *listing[T]) broadcast() {
	close(l.changed)
	l.changed = make(chan struct{})
}

// get returns the listing as of now: a listing begun since the last write to
// the edge is shared, otherwise a new one is fetched.
func (l *listing[T]) get(ctx context.Context, key listKey) ([]T, error) {
	l.mu.Lock()
	if f := l.flights[key]; f != nil && f.gen == l.gens[key.node] {
		l.mu.Unlock()
		return f.wait(ctx)
	}
	f := l.start(key)
	l.mu.Unlock()
	return l.run(ctx, key, f)
}

// start registers a new flight at the current generation. The caller holds
// l.mu and then calls run without it.
func (l *listing[T]) start(key listKey) *flight[[]T] {
	f := newFlight[[]T](l.gens[key.node])
	l.flights[key] = f
	l.broadcast()
	return f
}

func (l *listing[T]) run(ctx context.Context, key listKey, f *flight[[]T]) ([]T, error) {
	var pages int
	f.val, pages, f.err = l.fetch(ctx, key)
	l.mu.Lock()
	if f.err != nil && l.flights[key] == f {
		delete(l.flights, key) // failures are never kept
	}
	if f.err == nil {
		l.pages[key] = pages
	}
	close(f.done)
	l.broadcast()
	l.mu.Unlock()
	return f.val, f.err
}

// find looks one object up by ID in the listing as of now. It returns the
// object (nil when absent) and the whole listing.
func (l *listing[T]) find(ctx context.Context, key listKey, id string) (*T, []T, error) {
	all, err := l.get(ctx, key)
	if err != nil {
		return nil, nil, err
	}
	return l.pick(all, id), all, nil
}

func (l *listing[T]) pick(all []T, id string) *T {
	for i := range all {
		if l.idOf(all[i]) == id {
			return &all[i]
		}
	}
	return nil
}

// recent looks an object up in the most recent listing, of any generation,
// for the check before a create ("is it there already?"): writes this client
// made since to other objects cannot change the answer, so they cost no new
// listing. When id itself was written since, or there is no listing yet, it
// fetches afresh.
func (l *listing[T]) recent(ctx context.Context, key listKey, id string) (*T, []T, error) {
	l.mu.Lock()
	f := l.flights[key]
	if f != nil && l.written[key.node][id] <= f.gen {
		l.mu.Unlock()
		if all, err := f.wait(ctx); err == nil {
			return l.pick(all, id), all, nil
		}
		return l.find(ctx, key, id)
	}
	l.mu.Unlock()
	return l.find(ctx, key, id)
}

// readBack looks an object up after this client wrote it, in a listing begun
// after that write. It waits while other writes to the edge are queued or
// under way, so that their read-backs share one listing.
func (l *listing[T]) readBack(ctx context.Context, key listKey, id string) (*T, error) {
	l.mu.Lock()
	l.waiting[key]++
	defer func() {
		l.mu.Lock()
		l.waiting[key]--
		l.mu.Unlock()
	}()
	minGen := l.written[key.node][id]
	for {
		if f := l.flights[key]; f != nil && f.gen >= minGen {
			l.mu.Unlock()
			all, err := f.wait(ctx)
			if err != nil {
				return nil, err
			}
			return l.pick(all, id), nil
		}
		if l.pending[key.node] > 0 {
			changed := l.changed
			l.mu.Unlock()
			select {
			case <-changed:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			l.mu.Lock()
			continue
		}
		if l.node != nil && id != "" && l.waiting[key] < l.pages[key] {
			l.mu.Unlock()
			return l.readNode(ctx, id)
		}
		f := l.start(key)
		l.mu.Unlock()
		all, err := l.run(ctx, key, f)
		if err != nil {
			return nil, err
		}
		return l.pick(all, id), nil
	}
}

// readNode reads one object by its node; not found is nil.
func (l *listing[T]) readNode(ctx context.Context, id string) (*T, error) {
	got, err := l.node(ctx, id)
	if IsNotFound(err) {
		return nil, nil
	}
	return got, err
}

// write runs one write to the edge of node under the edge's lock. fn returns
// the ID of the object it wrote ("" when not known). Afterwards, whatever the
// outcome (a failed write may still have taken effect), the generation is
// bumped and the object's last write recorded, for readBack and recent.
func (l *listing[T]) write(ctx context.Context, node string, fn func(context.Context) (string, error)) error {
	l.mu.Lock()
	l.pending[node]++
	lock := l.locks[node]
	if lock == nil {
		lock = &sync.Mutex{}
		l.locks[node] = lock
	}
	l.mu.Unlock()

	lock.Lock()
	id, err := fn(ctx)
	lock.Unlock()

	l.mu.Lock()
	l.gens[node]++
	if id != "" {
		if l.written[node] == nil {
			l.written[node] = map[string]uint64{}
		}
		l.written[node][id] = l.gens[node]
	}
	l.pending[node]--
	l.broadcast()
	l.mu.Unlock()
	return err
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
func listAll[T any](ctx context.Context, c *Client, path []string, query url.Values) ([]T, int, error) {
	query = cloneValues(query)
	query.Set("limit", strconv.Itoa(pageLimit))
	seen := map[string]bool{}
	var out []T
	for pages := 1; ; pages++ {
		r := request{method: http.MethodGet, path: path, query: query, idempotent: true}
		var page pageAnswer[T]
		if err := c.doDecode(ctx, r, &page); err != nil {
			return nil, pages, err
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
			return out, pages, nil
		case after == "":
			return nil, pages, &Error{Method: "GET", Path: c.pathString(r), Err: fmt.Errorf("paging has a next page but no after cursor")}
		case seen[after]:
			return nil, pages, &Error{Method: "GET", Path: c.pathString(r), Err: fmt.Errorf("paging returned cursor %q twice; stopping instead of looping", truncate(after, 40))}
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
