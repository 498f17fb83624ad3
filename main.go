package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/provider"
)

// version is set by the release build (goreleaser) through -ldflags.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	silenceUnreadLogs()
	collectGarbageLessOften()
	if err := serve(debug, os.Getenv("WHATSAPP_CPU_PROFILE")); err != nil {
		log.Fatal(err.Error())
	}
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

// gcPercent is the provider's garbage collection target when GOGC does not
// set one: the heap may grow to five times what is live before a collection
// (Go's default lets it double). In a plan of 1,000 resources the collector
// and its write barriers took a quarter of the provider's CPU, which runs
// next to Terraform's on the plan's critical path; the provider lives for
// one command, and its live heap is a few MiB (BENCHMARKS.md).
const gcPercent = 400

// collectGarbageLessOften applies gcPercent unless GOGC is set.
func collectGarbageLessOften() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
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

// serve serves the provider until Terraform is done with it. With a
// profile prefix, the process writes a CPU profile to <prefix>.<pid>:
// Terraform starts the provider several times a run (BENCHMARKS.md).
func serve(debug bool, profile string) error {
	if profile != "" {
		f, err := os.Create(fmt.Sprintf("%s.%d", profile, os.Getpid()))
		if err != nil {
			return fmt.Errorf("WHATSAPP_CPU_PROFILE: %w", err)
		}
		defer func() { _ = f.Close() }()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("WHATSAPP_CPU_PROFILE: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	// provider.NewServer wraps the framework's server (see its doc); otherwise
	// this is what providerserver.Serve does.
	return tf6server.Serve("registry.terraform.io/waba-terraform/whatsapp", provider.NewServer(version), opts...)
}
