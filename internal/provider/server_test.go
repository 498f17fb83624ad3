package provider

import (
	"context"
	"runtime"
	"testing"
	"time"
	"weak"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

type ctxKey struct{}

// payload is big enough to notice; its contents do not matter.
type payload [1 << 16]byte

// retained reports whether a value carried by an RPC's context is still
// reachable after a ValidateResourceConfig call on srv returns.
func retained(t *testing.T, srv tfprotov6.ProviderServer) bool {
	t.Helper()
	p := &payload{}
	w := weak.Make(p)
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, p))
	_, err := srv.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "whatsapp_assigned_user"})
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	runtime.KeepAlive(p) // p's last use: from here only the weak pointer sees it
	for range 5 {
		runtime.GC()
		if w.Value() == nil {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	runtime.KeepAlive(srv)
	return true
}

// holdingServer keeps every context it is called with, as the framework does.
type holdingServer struct {
	tfprotov6.ProviderServer
	held *[]context.Context
}

func (h holdingServer) ValidateResourceConfig(ctx context.Context, _ *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	*h.held = append(*h.held, ctx)
	return &tfprotov6.ValidateResourceConfigResponse{}, nil
}

// TestLeanServerReleasesRPCContexts guards the fix in NewServer: the
// framework must not keep an RPC's context (and what it carries) alive.
func TestLeanServerReleasesRPCContexts(t *testing.T) {
	t.Parallel()
	var held []context.Context
	if !retained(t, holdingServer{held: &held}) {
		t.Fatal("control: a server that keeps contexts was not seen to retain one; the check is broken")
	}
	if retained(t, leanServer{ProviderServer: holdingServer{held: &held}}) {
		t.Fatal("leanServer lets a server that keeps contexts retain what they carry")
	}
	if retained(t, NewServer("test")()) {
		t.Fatal("the lean server keeps RPC contexts alive after the call")
	}
	// The framework on its own does (v1.19). When this fails, the framework
	// has fixed it upstream and leanServer can go.
	if !retained(t, providerserver.NewProtocol6(New("test")())()) {
		t.Log("the framework no longer retains RPC contexts; leanServer may be unnecessary")
	}
}

// TestDetachedContext checks the detached context forwards during a call,
// propagates cancellation, and is empty and cancelled after release.
func TestDetachedContext(t *testing.T) {
	t.Parallel()
	parent, cancelParent := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, "v"))
	d, release := detach(parent)
	child, cancelChild := context.WithCancel(d)
	defer cancelChild()
	if child.Value(ctxKey{}) != "v" {
		t.Fatal("value not forwarded")
	}
	cancelParent()
	select {
	case <-child.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("cancelling the RPC context did not cancel the derived one")
	}
	release()
	if d.Value(ctxKey{}) != nil || d.Err() != context.Canceled {
		t.Fatal("released context still forwards")
	}
	select {
	case <-d.Done():
	default:
		t.Fatal("released context is not done")
	}
}
