package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// TestTemplateReviewDelayFlag: -template-review-delay holds a template in
// review; negative holds it until POST /_fake/change decides, 0 (the
// default) approves it at its next read.
func TestTemplateReviewDelayFlag(t *testing.T) {
	t.Parallel()
	seedFile := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(seedFile, []byte(emulator.StarterSeed), 0o600); err != nil {
		t.Fatal(err)
	}
	seed, err := emulator.LoadSeedFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args       []string
		wantStatus string
	}{
		{args: nil, wantStatus: "APPROVED"},
		{args: []string{"-template-review-delay=-1s"}, wantStatus: "PENDING"},
		{args: []string{"-template-review-delay", "1h"}, wantStatus: "PENDING"},
	}
	for _, tc := range tests {
		var o options
		fs := flag.NewFlagSet("fakegraph", flag.ContinueOnError)
		bindFlags(fs, &o)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		fake, err := newFake(o, seed)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(fake)
		client, err := graphapi.New(graphapi.Config{BaseURL: srv.URL, AccessToken: seed.Tokens[0].Token})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		created, err := client.CreateMessageTemplate(ctx, seed.WABAs[0].ID, graphapi.NewMessageTemplate{Name: "order_shipped", Language: "en_US",
			Category: "UTILITY", Components: json.RawMessage(`[{"type":"BODY","text":"Your order has shipped."}]`)})
		if err != nil {
			t.Fatal(err)
		}
		status := func() string {
			got, err := client.GetMessageTemplate(ctx, created.ID)
			if err != nil || got.Status == nil {
				t.Fatalf("%v: %+v %v", tc.args, got, err)
			}
			return *got.Status
		}
		if got := status(); got != tc.wantStatus {
			t.Errorf("%v: %s at the first read, want %s", tc.args, got, tc.wantStatus)
		}
		// The control route decides, as Meta's review would.
		body, _ := json.Marshal(emulator.Change{Kind: emulator.KindMessageTemplate, ID: created.ID, Fields: map[string]any{"status": "REJECTED"}})
		resp, err := http.Post(srv.URL+"/_fake/change", "application/json", bytes.NewReader(body))
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("%v: /_fake/change: %v %v", tc.args, resp, err)
		}
		resp.Body.Close()
		if got := status(); got != "REJECTED" {
			t.Errorf("%v: %s after the control route decided, want REJECTED", tc.args, got)
		}
		srv.Close()
	}
}
