package graphapi

import (
	"testing"
	"time"
)

// TestDecideReadBack covers every branch of the read-back's decision, with
// no clock and no waiting: which read serves a read-back, when it waits, and
// which read it starts.
func TestDecideReadBack(t *testing.T) {
	t.Parallel()
	// ready is a read-back on an edge that has been quiet long enough, with
	// no read begun after the write (minGen 2): it reads the whole listing.
	ready := readBackView{minGen: 2, quiet: readBackLinger, allReadingBack: true, id: "1"}
	tests := []struct {
		name string
		edit func(*readBackView)
		want readBackStep
	}{
		{"nothing known: the whole listing", func(*readBackView) {}, readBackReadListing},
		{"a listing begun after the write serves", func(v *readBackView) { v.listed, v.listedGen = true, 3 }, readBackPickListing},
		{"a listing begun at the write's generation serves", func(v *readBackView) { v.listed, v.listedGen = true, 2 }, readBackPickListing},
		{"a listing begun at the write's generation serves even while writes are queued",
			func(v *readBackView) { v.listed, v.listedGen, v.pending = true, 2, 1 }, readBackPickListing},
		{"a listing from before the write does not", func(v *readBackView) { v.listed, v.listedGen = true, 1 }, readBackReadListing},
		{"a tail read begun after the write serves", func(v *readBackView) { v.tailed, v.tailedGen = true, 2 }, readBackPickTail},
		{"an old listing, a new tail read: the tail", func(v *readBackView) { v.listed, v.listedGen, v.tailed, v.tailedGen = true, 1, true, 2 }, readBackPickTail},
		{"a tail read from before the write does not", func(v *readBackView) { v.tailed, v.tailedGen = true, 1 }, readBackReadListing},
		{"writes queued: wait", func(v *readBackView) { v.pending = 1 }, readBackWait},
		{"not quiet yet: wait", func(v *readBackView) { v.quiet = readBackQuiet - time.Millisecond }, readBackWait},
		{"quiet, others still writing, not lingered: wait",
			func(v *readBackView) { v.quiet, v.allReadingBack = readBackQuiet, false }, readBackWait},
		{"quiet and every operation reading back: go", func(v *readBackView) { v.quiet = readBackQuiet }, readBackReadListing},
		{"lingered: go though others still write", func(v *readBackView) { v.allReadingBack = false }, readBackReadListing},
		{"a cursor after the last listing: the tail", func(v *readBackView) { v.tailAt = "c1" }, readBackReadTail},
		{"a cursor, but no ID to pick: the whole listing", func(v *readBackView) { v.tailAt, v.id = "c1", "" }, readBackReadListing},
		{"fewer read-backs than pages: the node", func(v *readBackView) { v.hasNode, v.waiting, v.pages = true, 1, 3 }, readBackReadNode},
		{"as many read-backs as pages: the whole listing", func(v *readBackView) { v.hasNode, v.waiting, v.pages = true, 3, 3 }, readBackReadListing},
		{"no node read: the whole listing", func(v *readBackView) { v.waiting, v.pages = 1, 3 }, readBackReadListing},
		{"a node read, but no ID: the whole listing", func(v *readBackView) { v.hasNode, v.waiting, v.pages, v.id = true, 1, 3, "" }, readBackReadListing},
		{"a cursor wins over the node", func(v *readBackView) { v.tailAt, v.hasNode, v.waiting, v.pages = "c1", true, 1, 3 }, readBackReadTail},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := ready
			tc.edit(&v)
			if got := decideReadBack(v); got != tc.want {
				t.Fatalf("decideReadBack(%+v) = %d, want %d", v, got, tc.want)
			}
		})
	}
}
