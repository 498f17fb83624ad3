// Package procsettings sets what a provider process runs with, for the
// provider and for the bench's floor provider alike, so that the floor
// differs from ours only in the work it does.
package procsettings

import (
	"os"
	"runtime/debug"
	"strings"
)

// GCPercent is a provider process's garbage collection target when GOGC does
// not set one: the heap may grow to five times what is live before a
// collection (Go's default lets it double). In a plan of 1,000 resources the
// collector and its write barriers took a quarter of the provider's CPU,
// which runs next to Terraform's on the plan's critical path; the process
// lives for one Terraform command (BENCHMARKS.md, "Profiling the provider").
const GCPercent = 400

// Apply turns unread logs off and collects garbage less often, unless the
// environment asks otherwise.
func Apply() {
	silenceUnreadLogs()
	collectGarbageLessOften()
}

// silenceUnreadLogs turns the SDK's and the provider's logs off when nothing
// asks Terraform to log them. Unset, their level defaults to TRACE and
// Terraform drops them: a CPU profile of a plan of 1,000 resources spent 30%
// of the provider's CPU encoding trace lines as JSON for Terraform to parse
// and discard. Any TF_LOG level setting (TF_LOG, TF_LOG_PROVIDER, TF_LOG_SDK*)
// leaves the defaults alone.
func silenceUnreadLogs() {
	if logsAsked(os.Environ()) {
		return
	}
	_ = os.Setenv("TF_LOG_SDK", "off")
	_ = os.Setenv("TF_LOG_PROVIDER", "off")
}

// logsAsked reports whether env sets a log level that reaches providers
// (TF_LOG_CORE and TF_LOG_PATH alone do not).
func logsAsked(env []string) bool {
	for _, kv := range env {
		name, value, _ := strings.Cut(kv, "=")
		if value != "" && strings.HasPrefix(name, "TF_LOG") && name != "TF_LOG_CORE" && name != "TF_LOG_PATH" {
			return true
		}
	}
	return false
}

// collectGarbageLessOften applies GCPercent unless GOGC sets a value (an
// empty GOGC is Go's default, 100, and counts as unset).
func collectGarbageLessOften() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(GCPercent)
	}
}
