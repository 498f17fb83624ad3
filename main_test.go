package main

import (
	"os"
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

// The provider collects garbage at gcPercent unless GOGC says otherwise.
func TestCollectGarbageLessOften(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	for _, tc := range []struct {
		gogc string // "" leaves GOGC unset
		want int
	}{
		{"", gcPercent},
		{"100", 100},
		{"off", 100},
	} {
		if tc.gogc == "" {
			t.Setenv("GOGC", "")
			_ = os.Unsetenv("GOGC")
		} else {
			t.Setenv("GOGC", tc.gogc)
		}
		debug.SetGCPercent(100)
		collectGarbageLessOften()
		if got := debug.SetGCPercent(100); got != tc.want {
			t.Errorf("GOGC=%q: GC percent %d, want %d", tc.gogc, got, tc.want)
		}
	}
}
