// Command fakegraph is a local WhatsApp Graph API emulator: Meta's Graph API
// for WhatsApp Business Accounts, in memory, on loopback. The provider's
// tests, `make demo` and benchmarks use it, and so can anyone testing
// Terraform modules or applications without a Meta account.
//
//	fakegraph [-seed seed.json] [-state state.json] [-addr 127.0.0.1:0] [-page-size 100]
//	          [-strict] [-latency 20ms] [-template-review-delay 0] [-addr-file F]
//	fakegraph -print-seed     a commented starter seed
//	fakegraph -version
//
// It prints the base URL on its first line ("http://127.0.0.1:PORT"), then the
// export lines that point the provider at it, and serves until interrupted.
// Tokens are accepted where Meta accepts them (the Authorization header, the
// access_token query parameter or form field); -strict accepts the header
// only. With -state, the state is loaded from the file when it exists (else
// from -seed) and saved to it after every change, so an apply can be planned
// against again after a restart. A created or edited message template stays
// PENDING for -template-review-delay (0: approved at its next read; negative:
// until POST /_fake/change sets its status), so wait_for_review and code
// that waits for Meta's review can be tested. Only loopback addresses are
// accepted.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// version is set at release time (-ldflags "-X main.version=...").
var version = "dev"

type options struct {
	addr, seed, state, addrFile string
	pageSize                    int
	strict                      bool
	latency, reviewDelay        time.Duration
}

func main() {
	var o options
	bindFlags(flag.CommandLine, &o)
	printSeed := flag.Bool("print-seed", false, "print a commented starter seed and exit")
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()

	switch {
	case *showVersion:
		fmt.Println("fakegraph", version)
	case *printSeed:
		fmt.Print(emulator.StarterSeed)
	default:
		if err := run(o); err != nil {
			log.Fatalf("fakegraph: %v", err)
		}
	}
}

// bindFlags declares the serving flags on fs.
func bindFlags(fs *flag.FlagSet, o *options) {
	fs.StringVar(&o.addr, "addr", "127.0.0.1:0", "loopback address to listen on")
	fs.StringVar(&o.seed, "seed", "", "seed JSON file (see -print-seed and the emulator package doc)")
	fs.StringVar(&o.state, "state", "", "state file: loaded at start when it exists (instead of -seed), saved after every change")
	fs.IntVar(&o.pageSize, "page-size", 0, "largest page served (0: Graph's cap of 100)")
	fs.BoolVar(&o.strict, "strict", false, "accept the token only in the Authorization header (the provider's tests use this)")
	fs.DurationVar(&o.latency, "latency", 0, "latency added to every API request")
	fs.DurationVar(&o.reviewDelay, "template-review-delay", 0,
		"how long a created or edited message template stays PENDING (0: approved at its next read; negative: until POST /_fake/change sets its status)")
	fs.StringVar(&o.addrFile, "addr-file", "", "also write the base URL to this file")
}

// newFake builds the emulator the options describe.
func newFake(o options, seed emulator.Seed) (*emulator.Server, error) {
	fake, err := emulator.New(seed, emulator.Options{Strict: o.strict, PageSize: o.pageSize, TemplateReviewDelay: o.reviewDelay})
	if err != nil {
		return nil, err
	}
	fake.SetLatency(o.latency)
	return fake, nil
}

func run(o options) error {
	seedPath := o.seed
	if o.state != "" {
		if _, err := os.Stat(o.state); err == nil {
			seedPath = o.state // carry on where the last run stopped
		} else if !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	var seed emulator.Seed
	if seedPath != "" {
		var err error
		if seed, err = emulator.LoadSeedFile(seedPath); err != nil {
			return err
		}
	}
	fake, err := newFake(o, seed)
	if err != nil {
		return err
	}
	if o.state != "" {
		if err := fake.SetStateFile(o.state); err != nil {
			return err
		}
	}

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); !ok || !tcp.IP.IsLoopback() {
		_ = ln.Close()
		return fmt.Errorf("%s is not a loopback address", o.addr)
	}
	url := "http://" + ln.Addr().String()
	fmt.Println(url)
	printExports(url, seed)
	if o.addrFile != "" {
		if err := os.WriteFile(o.addrFile, []byte(url+"\n"), 0o600); err != nil {
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
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// printExports prints what a shell needs to point the provider at the emulator.
func printExports(url string, seed emulator.Seed) {
	fmt.Printf("# Point the whatsapp provider at this emulator:\nexport WHATSAPP_BASE_URL=%s\n", url)
	if len(seed.Tokens) == 0 {
		fmt.Println("# The seed has no tokens: add one (fakegraph -print-seed shows how).")
		return
	}
	t := seed.Tokens[0]
	fmt.Printf("export WHATSAPP_ACCESS_TOKEN=%s  # app %s", t.Token, t.AppID)
	if t.UserID != "" {
		fmt.Printf(", system user %s", t.UserID)
	}
	fmt.Println()
	for _, w := range seed.WABAs {
		fmt.Printf("# WhatsApp Business Account: %s\n", w.ID)
	}
}
