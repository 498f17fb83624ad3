package procsettings

import (
	"runtime/debug"
	"testing"
)

func TestLogsAsked(t *testing.T) {
	t.Parallel()
	tests := []struct {
		env  []string
		want bool
	}{
		{nil, false},
		{[]string{"TF_LOG="}, false},
		{[]string{"TF_LOG_CORE=trace", "TF_LOG_PATH=/tmp/tf.log"}, false},
		{[]string{"TF_CLI_CONFIG_FILE=x", "HOME=/root"}, false},
		{[]string{"TF_LOG=trace"}, true},
		{[]string{"TF_LOG=json"}, true},
		{[]string{"TF_LOG_PROVIDER=debug"}, true},
		{[]string{"TF_LOG_PROVIDER_WHATSAPP=debug"}, true},
		{[]string{"TF_LOG_SDK_FRAMEWORK=trace"}, true},
		{[]string{"TF_LOG_SDK_PROTO=trace"}, true},
	}
	for _, tc := range tests {
		if got := logsAsked(tc.env); got != tc.want {
			t.Errorf("logsAsked(%q) = %v, want %v", tc.env, got, tc.want)
		}
	}
}

// A provider process collects garbage at GCPercent unless GOGC sets a value,
// which the runtime has then applied: collectGarbageLessOften leaves it.
func TestCollectGarbageLessOften(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	for _, tc := range []struct {
		gogc string
		want int
	}{
		{"", GCPercent}, // unset, or empty: Go's default
		{"100", 100},
	} {
		t.Setenv("GOGC", tc.gogc)
		debug.SetGCPercent(100)
		collectGarbageLessOften()
		if got := debug.SetGCPercent(100); got != tc.want {
			t.Errorf("GOGC=%q: GC percent %d, want %d", tc.gogc, got, tc.want)
		}
	}
}
