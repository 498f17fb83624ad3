package graphapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// The read-backs of one wave of writes often span several edges of one WABA
// (its numbers and its users, say). Graph API field expansion reads them in
// one request: GET /{waba}?fields=phone_numbers.after(X).limit(100){...},
// assigned_users.business(B).after(Y).limit(100){...}, each edge's answer
// nested under its name, paged as the edge itself is.
// https://developers.facebook.com/docs/graph-api/guides/field-expansion
//
// expansions gathers the tail reads (see listing.readBack) that come due for
// one node at about the same time into one such request. The first tail read
// for a node leads: it waits, at most expansionGather, while another listing
// has read-backs on that node that no read has begun for yet, then sends one
// request for all that joined. A lone tail read reads its edge as before.
// Should Meta refuse an expansion (any 4xx answer but a rate limit), the
// client reads each edge on its own from then on.
type expansions struct {
	c        *Client
	mu       sync.Mutex
	pending  map[string]*expansionBatch // by node, while gathering
	coming   map[string]int             // by node: reads a listing registered that have not called read yet
	members  []expansionMember
	refused  atomic.Bool
	requests atomic.Int64 // expanded requests sent, for tests
}

// expansionMember is a listing taking part: it reports read-backs on a node
// that wait for a read not yet begun.
type expansionMember interface {
	unserved(node string) bool
}

// expansionGather bounds how long the first tail read of a node waits for
// others to join, on the client's ReadBackClock.
const expansionGather = readBackQuiet

type expansionBatch struct {
	wants  map[string]string // edge name -> its expansion, such as phone_numbers.after(X).limit(100){id}
	done   chan struct{}
	joined chan struct{} // a token when another read comes, to wake the leader
	answer map[string]json.RawMessage
	err    error
	solo   bool // nobody joined: the leader reads its edge on its own
}

func newExpansions(c *Client) *expansions {
	return &expansions{c: c, pending: map[string]*expansionBatch{}, coming: map[string]int{}}
}

// announce says that a listing, under its lock, registered a read of node
// that is about to call read: a leader gathering for node waits for it.
// Without it a read registered just before the leader looks, and joining
// just after, would be neither unserved nor joined, and be read on its own.
func (e *expansions) announce(node string) {
	e.mu.Lock()
	e.coming[node]++
	e.mu.Unlock()
}

func (e *expansions) join(m expansionMember) { e.members = append(e.members, m) }

// expansion is an edge's field expansion: the edge, its parameters as
// modifiers (sorted, so the request is deterministic) and its fields.
func expansion(edge string, params url.Values, fields string) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(edge)
	for _, k := range keys {
		b.WriteString("." + k + "(" + params.Get(k) + ")")
	}
	b.WriteString("{" + fields + "}")
	return b.String()
}

// read returns the nested answer ({"data": [...], "paging": {...}}) of edge,
// read with others of node in one request, or batched = false when the
// caller must read its edge on its own (nobody joined, the edge is already in
// the batch under other parameters, or Meta refused expansions).
func (e *expansions) read(ctx context.Context, node, edge, expr string) (raw json.RawMessage, batched bool, err error) {
	e.mu.Lock()
	if e.coming[node]--; e.coming[node] <= 0 {
		delete(e.coming, node)
	}
	if e.refused.Load() {
		e.mu.Unlock()
		return nil, false, nil
	}
	b, leader := e.pending[node], false
	if b == nil {
		b, leader = &expansionBatch{wants: map[string]string{}, done: make(chan struct{}), joined: make(chan struct{}, 1)}, true
		e.pending[node] = b
	}
	_, taken := b.wants[edge]
	if !taken {
		b.wants[edge] = expr
	}
	if !leader {
		select {
		case b.joined <- struct{}{}:
		default: // the leader has a wake-up pending already
		}
	}
	e.mu.Unlock()
	if taken {
		return nil, false, nil
	}

	if leader {
		e.lead(ctx, node, b)
	}
	select {
	case <-b.done:
	case <-ctx.Done():
		return nil, false, ctx.Err()
	}
	if b.solo {
		return nil, false, nil
	}
	if b.err != nil {
		return nil, true, b.err
	}
	return b.answer[edge], true, nil
}

// lead gathers the batch for node, sends it and publishes the answer.
func (e *expansions) lead(ctx context.Context, node string, b *expansionBatch) {
	clock := e.c.readBackClock
	deadline := clock.Now().Add(expansionGather)
	for ctx.Err() == nil && e.othersDue(node, b) {
		left := deadline.Sub(clock.Now())
		if left <= 0 {
			break
		}
		// A join cuts the wait short: othersDue may have become false.
		if clock.Wait(ctx, min(readBackPoll, left), b.joined) != nil {
			break
		}
	}
	e.mu.Lock()
	delete(e.pending, node)
	wants := make([]string, 0, len(b.wants))
	for _, expr := range b.wants {
		wants = append(wants, expr)
	}
	e.mu.Unlock()
	defer close(b.done)
	if len(wants) < 2 {
		b.solo = true
		return
	}
	sort.Strings(wants)
	e.requests.Add(1)
	r := request{method: http.MethodGet, path: []string{node}, query: url.Values{"fields": {strings.Join(wants, ",")}}, idempotent: true}
	body, err := e.c.do(ctx, r)
	if err == nil {
		b.answer, err = objectOf(body)
		if err != nil {
			err = &Error{Method: r.method, Path: e.c.pathString(r), Err: err, undecodable: true}
		}
	}
	if ge, ok := As(err); ok && ge.HTTPStatus >= 400 && ge.HTTPStatus < 500 && !ge.IsRateLimited() {
		// Meta refused the expansion (an unknown field or modifier, one
		// edge the token may not read, ...): read each edge on its own, where
		// a refusal concerns that edge alone.
		e.refused.Store(true)
		b.solo = true
		return
	}
	b.err = err
}

// othersDue reports a member with read-backs on node that no read has begun
// for: they are about to join the batch.
func (e *expansions) othersDue(node string, b *expansionBatch) bool {
	e.mu.Lock()
	joined, coming := len(b.wants), e.coming[node]
	e.mu.Unlock()
	if coming > 0 {
		return true
	}
	if joined >= len(e.members) {
		return false
	}
	for _, m := range e.members {
		if m.unserved(node) {
			return true
		}
	}
	return false
}

// nestedPage decodes an edge's nested answer; absent means an empty page.
func nestedPage[T any](raw json.RawMessage) (pageAnswer[T], error) {
	var page pageAnswer[T]
	if !present(raw) {
		return page, nil
	}
	err := decodeBody(raw, &page)
	return page, err
}

// pageLimitString is the page size asked for, as a modifier argument.
var pageLimitString = strconv.Itoa(pageLimit)
