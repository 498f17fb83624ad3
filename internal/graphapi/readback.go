package graphapi

import (
	"context"
	"time"
)

// The read-back engine of a listing: after a write, wait until the writes
// of concurrent operations are in, then serve every waiting read-back from
// one shared read (decideReadBack decides, readBack acts).

// A read-back lists the edge once no write to it is queued or under way, the
// edge has been quiet for readBackQuiet, and either every operation under way
// (see Client.Operation) waits for a read-back or the edge has been quiet for
// readBackLinger. Terraform runs up to ten operations at once, started
// milliseconds apart: waiting for them lets their read-backs share one read.
// These spans are on the client's ReadBackClock; a read-back that waits
// looks again when the edge changes or after readBackPoll (whether every
// operation reads back is counted, not signalled).
const (
	readBackQuiet  = 300 * time.Millisecond
	readBackLinger = 500 * time.Millisecond
	readBackPoll   = 5 * time.Millisecond
)

// readBack looks an object up after this client wrote it: as the write's
// own answer read it (read-after-write), else in a listing begun after that
// write. It waits while other writes to the edge are queued or
// under way, and until the edge has been quiet for readBackLinger, so that
// their read-backs share one read. That read is, in order of preference: the
// page after the cursor where the last listing ended (new objects come last,
// so one call finds a batch of creates), the object's node where that is
// cheaper than the listing, or the whole listing. An object the cheaper
// reads do not find is looked up in a whole listing begun after the write,
// so a miss costs calls, never a wrong answer.
//
// Each round decides under l.mu (decideReadBack, on a snapshot taken at
// l.clock.Now()), registers a read it starts so that others join it, and
// acts without the lock: a wait parks in l.clock.Wait.
func (l *listing[T]) readBack(ctx context.Context, key listKey, id string) (*T, error) {
	if got := l.takeAnswered(key, id); got != nil {
		return got, nil // the write's own answer read it
	}
	l.ops.readBacks.Add(1)
	defer l.ops.readBacks.Add(-1)
	l.mu.Lock()
	l.waiting[key]++
	minGen := l.written[key.node][id]
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		l.waiting[key]--
		l.mu.Unlock()
	}()
	for {
		l.mu.Lock()
		step := decideReadBack(l.view(key, id, minGen, l.clock.Now()))
		changed, after := l.changed, l.tailAt[key]
		var f *flight[[]T]
		switch step {
		case readBackPickListing:
			f = l.flights[key]
		case readBackPickTail:
			f = l.tails[key]
		case readBackReadTail:
			f = newFlight[[]T](l.gens[key.node])
			l.tails[key] = f
			l.announceRead(key)
			l.broadcast()
		}
		l.mu.Unlock()

		switch step {
		case readBackPickListing:
			return l.pickFrom(ctx, f, id)
		case readBackPickTail:
			if got, err := l.pickFrom(ctx, f, id); err == nil && got != nil {
				return got, nil
			}
			return l.fullSince(ctx, key, id, minGen)
		case readBackWait:
			if err := l.clock.Wait(ctx, readBackPoll, changed); err != nil {
				return nil, err
			}
		case readBackReadTail:
			if items, err := l.runTail(ctx, key, after, f); err == nil {
				if got := l.pick(items, id); got != nil {
					return got, nil
				}
			}
			return l.fullSince(ctx, key, id, minGen)
		case readBackReadNode:
			return l.readNode(ctx, id)
		default:
			return l.fullSince(ctx, key, id, minGen)
		}
	}
}

// readBackView is what a read-back decides on: the listing's state for its
// key, read under l.mu.
type readBackView struct {
	minGen               uint64 // the generation of this client's last write of the object
	listed, tailed       bool   // a whole listing, a tail read, done or in flight
	listedGen, tailedGen uint64 // the generations they began at
	pending              int    // writes to the node queued or under way
	quiet                time.Duration
	allReadingBack       bool   // every operation under way waits for a read-back
	tailAt               string // the cursor after the last item listed
	id                   string // the object's ID ("" when the write did not say)
	hasNode              bool   // the edge has a node read
	waiting, pages       int    // read-backs waiting on the key; pages of its last listing
}

// view snapshots the listing's state for a read-back. The caller holds l.mu.
func (l *listing[T]) view(key listKey, id string, minGen uint64, now time.Time) readBackView {
	v := readBackView{
		minGen: minGen, pending: l.pending[key.node], quiet: now.Sub(l.lastDone[key.node]), allReadingBack: l.ops.allReadingBack(),
		tailAt: l.tailAt[key], id: id, hasNode: l.node != nil, waiting: l.waiting[key], pages: l.pages[key],
	}
	if f := l.flights[key]; f != nil {
		v.listed, v.listedGen = true, f.gen
	}
	if f := l.tails[key]; f != nil {
		v.tailed, v.tailedGen = true, f.gen
	}
	return v
}

// readBackStep is what a read-back does next.
type readBackStep int

const (
	readBackPickListing readBackStep = iota // a whole listing begun after the write serves it
	readBackPickTail                        // a tail read begun after the write serves it (else a whole listing)
	readBackWait                            // writes are queued, or the edge is not quiet long enough
	readBackReadTail                        // read the page after the last listing's cursor
	readBackReadNode                        // read the object's node: cheaper than the listing's pages
	readBackReadListing                     // read the whole listing
)

// decideReadBack is the read-back's decision, pure so that it is
// table-tested: serve from a read begun after the write, else wait for the
// edge to be quiet, else start the cheapest read that can answer.
func decideReadBack(v readBackView) readBackStep {
	switch {
	case v.listed && v.listedGen >= v.minGen:
		return readBackPickListing
	case v.tailed && v.tailedGen >= v.minGen:
		return readBackPickTail
	case v.pending > 0 || v.quiet < readBackQuiet || (v.quiet < readBackLinger && !v.allReadingBack):
		return readBackWait
	case v.tailAt != "" && v.id != "":
		return readBackReadTail
	case v.hasNode && v.id != "" && v.waiting < v.pages:
		return readBackReadNode
	}
	return readBackReadListing
}

// pickFrom waits for a flight and picks the object from it.
func (l *listing[T]) pickFrom(ctx context.Context, f *flight[[]T], id string) (*T, error) {
	all, err := f.wait(ctx)
	if err != nil {
		return nil, err
	}
	return l.pick(all, id), nil
}

// fullSince looks an object up in a whole listing begun at generation
// minGen or later, joining one in flight or starting one.
func (l *listing[T]) fullSince(ctx context.Context, key listKey, id string, minGen uint64) (*T, error) {
	l.mu.Lock()
	if f := l.flights[key]; f != nil && f.gen >= minGen {
		l.mu.Unlock()
		return l.pickFrom(ctx, f, id)
	}
	f := l.start(key)
	l.announceRead(key)
	l.mu.Unlock()
	all, err := l.run(ctx, key, f, l.fetchShared)
	if err != nil {
		return nil, err
	}
	return l.pick(all, id), nil
}

// readNode reads one object by its node; not found is nil.
func (l *listing[T]) readNode(ctx context.Context, id string) (*T, error) {
	got, err := l.node(ctx, id)
	if IsNotFound(err) {
		return nil, nil
	}
	return got, err
}
