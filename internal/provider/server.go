package provider

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// NewServer returns the protocol 6 server of the provider, for tf6server.Serve.
//
// terraform-plugin-framework (v1.19) keeps the cancel function of every RPC's
// context until StopProvider, and with it the whole context chain (loggers,
// gRPC stream state): some 20 KB per call, 100+ MB for a plan of 1,000
// resources. The server below hands the framework, for the calls made once
// per resource, a context that forwards to the RPC's context only while the
// call runs, so what the framework keeps is a few hundred bytes a call.
func NewServer(version string) func() tfprotov6.ProviderServer {
	return newServer(version, testOptions{})
}

func newServer(version string, test testOptions) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		return Lean(providerserver.NewProtocol6(newWithOptions(version, test)())())
	}
}

// Lean wraps a framework provider server so that it keeps none of its
// per-resource calls' contexts. The bench serves its floor providers through
// it too, so that only what the resources do differs from ours.
func Lean(inner tfprotov6.ProviderServer) tfprotov6.ProviderServer {
	lists, _ := inner.(tfprotov6.ListResourceServer)
	return leanServer{ProviderServer: inner, lists: lists}
}

// leanServer detaches per-resource calls' contexts once they return.
type leanServer struct {
	tfprotov6.ProviderServer
	lists tfprotov6.ListResourceServer // the framework's server implements it
}

// detached forwards to an RPC's context until release, then acts as a
// cancelled, empty context.
type detached struct {
	mu    sync.RWMutex
	inner context.Context
}

var closedDone = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

func detach(ctx context.Context) (*detached, func()) {
	d := &detached{inner: ctx}
	return d, func() {
		d.mu.Lock()
		d.inner = nil
		d.mu.Unlock()
	}
}

func (d *detached) get() context.Context {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.inner
}

func (d *detached) Deadline() (time.Time, bool) {
	if c := d.get(); c != nil {
		return c.Deadline()
	}
	return time.Time{}, false
}

// Done and Value forward to the RPC's context, so contexts derived from this
// one register with (and are cancelled by) the RPC's own cancel context.
func (d *detached) Done() <-chan struct{} {
	if c := d.get(); c != nil {
		return c.Done()
	}
	return closedDone
}

func (d *detached) Err() error {
	if c := d.get(); c != nil {
		return c.Err()
	}
	return context.Canceled
}

func (d *detached) Value(key any) any {
	if c := d.get(); c != nil {
		return c.Value(key)
	}
	return nil
}

// lean runs one call with a detached context.
func lean[Req, Resp any](ctx context.Context, req Req, call func(context.Context, Req) (Resp, error)) (Resp, error) {
	d, release := detach(ctx)
	defer release()
	return call(d, req)
}

func (s leanServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return lean(ctx, req, s.ProviderServer.ValidateResourceConfig)
}

func (s leanServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return lean(ctx, req, s.ProviderServer.UpgradeResourceState)
}

func (s leanServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return lean(ctx, req, s.ProviderServer.ReadResource)
}

func (s leanServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return lean(ctx, req, s.ProviderServer.PlanResourceChange)
}

func (s leanServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return lean(ctx, req, s.ProviderServer.ApplyResourceChange)
}

func (s leanServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return lean(ctx, req, s.ProviderServer.ImportResourceState)
}

func (s leanServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return lean(ctx, req, s.ProviderServer.ValidateDataResourceConfig)
}

func (s leanServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return lean(ctx, req, s.ProviderServer.ReadDataSource)
}

var errNoLists = errors.New("this build of the provider serves no list resources")

// The list RPCs of terraform query pass through as they are: a list's
// results stream after ListResource returns, so its context must live on.
func (s leanServer) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	if s.lists == nil {
		return nil, errNoLists
	}
	return s.lists.ValidateListResourceConfig(ctx, req)
}

func (s leanServer) ListResource(ctx context.Context, req *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	if s.lists == nil {
		return nil, errNoLists
	}
	return s.lists.ListResource(ctx, req)
}
