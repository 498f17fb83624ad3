// Command fakegraph serves the fake Graph API on loopback, for `make demo`,
// benchmarks and trying the provider by hand.
//
//	fakegraph -seed seed.json [-addr 127.0.0.1:0] [-page-size 100] [-strict] [-latency 20ms] [-addr-file F]
//
// It prints the base URL on stdout ("http://127.0.0.1:PORT") and serves until it
// is interrupted. Only loopback addresses are accepted.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi/graphapitest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "loopback address to listen on")
	seedPath := flag.String("seed", "", "seed JSON file (see the graphapitest package doc)")
	pageSize := flag.Int("page-size", 0, "largest page served (0: Graph's cap of 100)")
	strict := flag.Bool("strict", true, "reject a token anywhere but the Authorization header")
	latency := flag.Duration("latency", 0, "latency added to every API request")
	addrFile := flag.String("addr-file", "", "also write the base URL to this file")
	flag.Parse()

	if err := run(*addr, *seedPath, *addrFile, *pageSize, *strict, *latency); err != nil {
		log.Fatalf("fakegraph: %v", err)
	}
}

func run(addr, seedPath, addrFile string, pageSize int, strict bool, latency time.Duration) error {
	var seed graphapitest.Seed
	if seedPath != "" {
		var err error
		if seed, err = graphapitest.LoadSeedFile(seedPath); err != nil {
			return err
		}
	}
	fake, err := graphapitest.New(seed, graphapitest.Options{Strict: strict, PageSize: pageSize})
	if err != nil {
		return err
	}
	fake.SetLatency(latency)

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); !ok || !tcp.IP.IsLoopback() {
		_ = ln.Close()
		return fmt.Errorf("%s is not a loopback address", addr)
	}
	url := "http://" + ln.Addr().String()
	fmt.Println(url)
	if addrFile != "" {
		if err := os.WriteFile(addrFile, []byte(url+"\n"), 0o600); err != nil {
			return err
		}
	}

	srv := &http.Server{Handler: fake, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}
