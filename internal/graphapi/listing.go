package graphapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"
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
//
// The state, guarded by mu, by node (the WABA) or by listKey:
//
//	field     by       set by                         read by
//	gens      node     write (bumps it)               get, start; a read begun at the generation of
//	                                                  an object's last write or later serves its read-back
//	written   node, id write                          readBack (the generation it needs), recent, wrote
//	pending   node     write (queued +1, done -1)     readBack (waits while > 0), unserved
//	lastDone  node     write (clock.Now)              readBack (the quiet period, against clock.Now)
//	waiting   listKey  readBack (+1 while waiting)    readBack (a node read is cheaper while
//	                                                  waiting < pages), unserved
//	pages     listKey  run                            readBack, expandAfter
//	flights   listKey  start (get, fullSince)         get, recent, readBack, fullSince, unserved, expandAfter
//	tails     listKey  readBack (a tail read)         readBack, unserved
//	tailAt    listKey  run, runTail, writeReading     readBack (where a tail read starts), expandAfter
//	answered  listKey, id writeReading (what a write's  readBack (takeAnswered: served while the
//	                   answer carried)                object's last write is the one that carried it)
//	changed   -        broadcast, on every change     readBack waits on it (clock.Wait)
//
// Time is the client's ReadBackClock, never the wall clock directly: a
// read-back that must wait parks in clock.Wait until the edge changes or
// readBackPoll passes, so a test's manual clock decides when quiet periods
// end.
type listing[T any] struct {
	edge string
	idOf func(T) string
	// fetch lists the edge from the start, or after a cursor.
	fetch func(ctx context.Context, key listKey, after string) (listPage[T], error)
	// node reads one object, or is nil where the edge has no node read.
	node func(ctx context.Context, id string) (*T, error)
	// expand is the edge's field expansion for the page after a cursor, for
	// tail reads batched with other edges of the node (see expansions).
	expand func(key listKey, after string) string
	batch  *expansions
	ops    *operations
	clock  ReadBackClock // the client's read-back clock: lastDone and the waits

	mu       sync.Mutex
	gens     map[string]uint64                  // by node ID: bumped by every write
	written  map[string]map[string]uint64       // node ID -> object ID -> generation after its last write
	pending  map[string]int                     // writes queued or under way, by node ID
	lastDone map[string]time.Time               // when the last write to the node ended
	waiting  map[listKey]int                    // read-backs waiting, by listing
	pages    map[listKey]int                    // pages of the last listing fetched
	flights  map[listKey]*flight[[]T]           // the latest listing, done or in flight
	tails    map[listKey]*flight[[]T]           // the latest read of what came after tailAt
	tailAt   map[listKey]string                 // the cursor after the last item listed
	answered map[listKey]map[string]answered[T] // objects the answers of writes carried
	locks    lockMap                            // by node ID
	changed  chan struct{}                      // closed and replaced when pending or flights change
}

// listKey names one listing: the node, and for assigned users the business
// that asks.
type listKey struct{ node, business string }

func newListing[T any](c *Client, edge string, idOf func(T) string, fetch func(context.Context, listKey, string) (listPage[T], error)) *listing[T] {
	return &listing[T]{
		ops: &c.cache.ops, clock: c.readBackClock, edge: edge, idOf: idOf, fetch: fetch,
		gens: map[string]uint64{}, written: map[string]map[string]uint64{}, pending: map[string]int{}, lastDone: map[string]time.Time{},
		waiting: map[listKey]int{}, pages: map[listKey]int{}, flights: map[listKey]*flight[[]T]{},
		tails: map[listKey]*flight[[]T]{}, tailAt: map[listKey]string{}, answered: map[listKey]map[string]answered[T]{},
		changed: make(chan struct{}),
	}
}

// withNode lets readBack read one object by its node when that is cheaper.
func (l *listing[T]) withNode(node func(context.Context, string) (*T, error)) *listing[T] {
	l.node = node
	return l
}

// withExpansion lets tail reads of this edge join other edges of the same
// node in one field-expansion request.
func (l *listing[T]) withExpansion(batch *expansions, expand func(key listKey, after string) string) *listing[T] {
	l.batch, l.expand = batch, expand
	batch.join(l)
	return l
}

// unserved reports read-backs on node that wait for a read not yet begun
// after the edge's latest write, or writes to node under way, whose
// read-backs will (see expansions).
func (l *listing[T]) unserved(node string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pending[node] > 0 {
		return true
	}
	g := l.gens[node]
	for key, n := range l.waiting {
		if key.node != node || n == 0 {
			continue
		}
		if f := l.flights[key]; f != nil && f.gen >= g {
			continue
		}
		if f := l.tails[key]; f != nil && f.gen >= g {
			continue
		}
		return true
	}
	return false
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
	return l.run(ctx, key, f, l.fetch)
}

// start registers a new flight at the current generation. The caller holds
// l.mu and then calls run without it.
func (l *listing[T]) start(key listKey) *flight[[]T] {
	f := newFlight[[]T](l.gens[key.node])
	l.flights[key] = f
	l.broadcast()
	return f
}

// run fetches the whole listing with fetch: l.fetch for a plain read, or
// l.fetchShared for a read-back, which may share a request with other edges.
func (l *listing[T]) run(ctx context.Context, key listKey, f *flight[[]T], fetch func(context.Context, listKey, string) (listPage[T], error)) ([]T, error) {
	page, err := fetch(ctx, key, "")
	f.val, f.err = page.items, err
	l.mu.Lock()
	if f.err != nil && l.flights[key] == f && !retriesRanOut(f.err) {
		delete(l.flights, key) // asked again by the next reader
	}
	if f.err == nil {
		l.pages[key] = page.pages
		l.tailAt[key] = page.tail
	}
	close(f.done)
	l.broadcast()
	l.mu.Unlock()
	return f.val, f.err
}

// retriesRanOut: the request was sent more than once and still failed, not
// by its context. Such a failure is kept until the next write to the node:
// asking again at once would repeat the whole retry schedule for each
// reader, so a plan of N resources against an unreachable API would wait N
// over Terraform's parallelism times as long and send as many requests.
func retriesRanOut(err error) bool {
	e, ok := As(err)
	return ok && e.Attempts > 1 && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

// runTail reads what came after the cursor of the last listing: on an edge
// that lists the oldest objects first, the objects just created.
func (l *listing[T]) runTail(ctx context.Context, key listKey, after string, f *flight[[]T]) ([]T, error) {
	page, err := l.fetchShared(ctx, key, after)
	f.val, f.err = page.items, err
	l.mu.Lock()
	if f.err == nil && page.tail != "" && l.tailAt[key] == after {
		l.tailAt[key] = page.tail
	}
	if f.err != nil && l.tailAt[key] == after {
		delete(l.tailAt, key) // a cursor Meta no longer knows: list from the start
	}
	close(f.done)
	l.broadcast()
	l.mu.Unlock()
	return f.val, f.err
}

// announceRead tells the batch that a read of key registered under l.mu
// will call fetchShared. The caller holds l.mu.
func (l *listing[T]) announceRead(key listKey) {
	if l.batch != nil {
		l.batch.announce(key.node)
	}
}

// fetchShared reads the edge from the start or after a cursor, every page:
// the first within a field expansion shared with other edges of the node
// when their read-backs are due too, else on its own.
func (l *listing[T]) fetchShared(ctx context.Context, key listKey, after string) (listPage[T], error) {
	if l.batch == nil {
		return l.fetch(ctx, key, after)
	}
	raw, batched, err := l.batch.read(ctx, key.node, l.edge, l.expand(key, after))
	switch {
	case err != nil:
		return listPage[T]{pages: 1}, err
	case !batched:
		return l.fetch(ctx, key, after)
	}
	page, err := nestedPage[T](raw)
	if err != nil {
		return listPage[T]{pages: 1}, &Error{Method: http.MethodGet, Path: key.node + " (" + l.edge + ")", Err: err, undecodable: true}
	}
	out := listPage[T]{items: page.Data, pages: 1, tail: after}
	next, cursor := page.links()
	if cursor != "" {
		out.tail = cursor
	}
	if next == "" || cursor == "" {
		return out, nil
	}
	rest, err := l.fetch(ctx, key, cursor)
	out.items, out.pages = append(out.items, rest.items...), out.pages+rest.pages
	if rest.tail != "" {
		out.tail = rest.tail
	}
	return out, err
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

// wrote reports whether this client wrote the object id of node in this run.
func (l *listing[T]) wrote(node, id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, ok := l.written[node][id]
	return ok
}

// write runs one write to the edge of node under the edge's lock. fn returns
// the ID of the object it wrote ("" when not known). Afterwards, whatever the
// outcome (a failed write may still have taken effect), the generation is
// bumped and the object's last write recorded, for readBack and recent.
func (l *listing[T]) write(ctx context.Context, node string, fn func(context.Context) (string, error)) error {
	return l.writeReading(ctx, listKey{node: node}, "", func(ctx context.Context, _ string) (string, readAfter[T], error) {
		id, err := fn(ctx)
		return id, readAfter[T]{}, err
	})
}

// answered is an object as the answer of a write read it, at the
// generation that write ended.
type answered[T any] struct {
	gen uint64
	got *T
}

// writeReading is write for a write whose answer may carry the object
// (read-after-write). fn gets the cursor to expand the edge's page after
// (expandAfter, taken under the edge's lock, so each write starts where the
// one before it ended) and returns the ID written and what the answer read:
// the object, which serves the object's read-back, and the cursor after the
// page, where the edge's tail moves to.
func (l *listing[T]) writeReading(ctx context.Context, key listKey, id string, fn func(ctx context.Context, after string) (string, readAfter[T], error)) error {
	node := key.node
	l.mu.Lock()
	l.pending[node]++
	l.mu.Unlock()

	unlock := l.locks.lock(node)
	after := l.expandAfter(key, id)
	written, read, err := fn(ctx, after)
	unlock()

	l.mu.Lock()
	l.gens[node]++
	if written != "" {
		if l.written[node] == nil {
			l.written[node] = map[string]uint64{}
		}
		l.written[node][written] = l.gens[node]
		if read.got == nil {
			delete(l.answered[key], written)
		} else {
			if l.answered[key] == nil {
				l.answered[key] = map[string]answered[T]{}
			}
			l.answered[key][written] = answered[T]{gen: l.gens[node], got: read.got}
		}
	}
	// New objects come last: the tail moves past the page read, whether or
	// not it filled, so the next write's page starts after it. Only a page
	// that began at the tail moves it (a page from the start, as a
	// subscription or a listed user's update reads, does once nothing is
	// listed yet).
	if read.tail != "" && l.tailAt[key] == after {
		l.tailAt[key] = read.tail
	}
	l.pending[node]--
	l.lastDone[node] = l.clock.Now()
	l.broadcast()
	l.mu.Unlock()
	return err
}

// expandAfter is the cursor of the page a write of id expands: the start
// when the last listing held id on its only page (an update of an object
// listed there), else the edge's tail (a create: new objects come last).
func (l *listing[T]) expandAfter(key listKey, id string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if f := l.flights[key]; f != nil && id != "" && l.pages[key] == 1 {
		select {
		case <-f.done:
			if f.err == nil && l.pick(f.val, id) != nil {
				return ""
			}
		default:
		}
	}
	return l.tailAt[key]
}

// takeAnswered returns the object the answer of this client's last write
// of id carried, nil when that answer did not carry it.
func (l *listing[T]) takeAnswered(key listKey, id string) *T {
	l.mu.Lock()
	defer l.mu.Unlock()
	a, ok := l.answered[key][id]
	if !ok || a.gen != l.written[key.node][id] {
		return nil
	}
	delete(l.answered[key], id)
	return a.got
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

// links returns the page's next link ("" on the last page) and its after
// cursor.
func (p *pageAnswer[T]) links() (next, cursor string) {
	if p.Paging != nil {
		if p.Paging.Next != nil {
			next = *p.Paging.Next
		}
		if p.Paging.Cursors != nil && p.Paging.Cursors.After != nil {
			cursor = *p.Paging.Cursors.After
		}
	}
	return next, cursor
}

// listPage is what one listing brings: the items, how many pages it took,
// and the cursor after its last item ("" when the answer had none).
type listPage[T any] struct {
	items []T
	pages int
	tail  string
}

// listAll pages through an edge, from the start or from after a cursor. The
// next page is asked of base_url + the same path + after=<cursor>, never of
// the absolute `next` URL (which could name another host); `next` only says
// that more exists. A cursor seen twice is an error, so a looping API cannot
// keep a run busy.
func listAll[T any](ctx context.Context, c *Client, path []string, query url.Values, after string) (listPage[T], error) {
	query = cloneValues(query)
	query.Set("limit", strconv.Itoa(pageLimit))
	if after != "" {
		query.Set("after", after)
	}
	seen := map[string]bool{}
	var out listPage[T]
	out.tail = after
	for {
		out.pages++
		r := request{method: http.MethodGet, path: path, query: query, idempotent: true}
		var page pageAnswer[T]
		if err := c.doDecode(ctx, r, &page); err != nil {
			return listPage[T]{pages: out.pages}, err
		}
		out.items = append(out.items, page.Data...)
		next, cursor := page.links()
		if cursor != "" {
			out.tail = cursor
		}
		switch {
		case next == "":
			return out, nil
		case cursor == "":
			return listPage[T]{pages: out.pages}, &Error{Method: "GET", Path: c.pathString(r), Err: fmt.Errorf("paging has a next page but no after cursor")}
		case seen[cursor]:
			return listPage[T]{pages: out.pages}, &Error{Method: "GET", Path: c.pathString(r), Err: fmt.Errorf("paging returned cursor %q twice; stopping instead of looping", truncate(cursor, 40))}
		}
		seen[cursor] = true
		query = cloneValues(query)
		query.Set("after", cursor)
	}
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
