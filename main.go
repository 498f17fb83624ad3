package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/provider"
)

// version is set by the release build (goreleaser) through -ldflags.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	// provider.NewServer wraps the framework's server (see its doc); otherwise
	// this is what providerserver.Serve does.
	if err := tf6server.Serve("registry.terraform.io/waba-terraform/whatsapp", provider.NewServer(version), opts...); err != nil {
		log.Fatal(err.Error())
	}
}
