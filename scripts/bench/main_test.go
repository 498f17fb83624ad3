package main

import (
	"slices"
	"testing"
	"time"
)

// Each round times every plan once, and the plan that goes first moves
// round by round, so a machine that speeds up or slows down within a round
// favours none of them.
func TestTimeRoundsRotatesWhoGoesFirst(t *testing.T) {
	var order []string
	timer := func(name string, d time.Duration) func() (time.Duration, error) {
		return func() (time.Duration, error) { order = append(order, name); return d, nil }
	}
	times, err := timeRounds(4, timer("plan", 3*time.Second), timer("floor", 2*time.Second), timer("shape", 3*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"plan", "floor", "shape", "floor", "shape", "plan", "shape", "plan", "floor", "plan", "floor", "shape"}
	if !slices.Equal(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
	if len(times) != 3 || len(times[0]) != 4 || times[1][3] != 2*time.Second {
		t.Errorf("times %v: want 4 per plan, in the order given", times)
	}
	if r := ratios(times[0], times[1]); !slices.Equal(r, []float64{1.5, 1.5, 1.5, 1.5}) {
		t.Errorf("ratios %v, want 1.5 each", r)
	}
}
