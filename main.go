package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime/pprof"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/procsettings"
	"github.com/waba-terraform/terraform-provider-whatsapp/internal/provider"
)

// version is set by the release build (goreleaser) through -ldflags.
var version = "dev"

func main() {
	var debugMode bool
	flag.BoolVar(&debugMode, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	procsettings.Apply()
	if err := serve(debugMode, os.Getenv("WHATSAPP_CPU_PROFILE")); err != nil {
		log.Fatal(err.Error())
	}
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
