package main

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	whatsapp "github.com/waba-terraform/terraform-provider-whatsapp/internal/provider"
)

// The shape floor measures what Terraform and the framework cost for our
// schemas only if it serves every one of our resource types with the same
// schema and identity schema.
func TestShapeFloorServesOurResourceSchemas(t *testing.T) {
	ctx := context.Background()
	ours, err := whatsapp.NewServer("test")().GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	floor, err := newServer().GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range append(ours.Diagnostics, floor.Diagnostics...) {
		t.Errorf("schema diagnostic: %s: %s", d.Summary, d.Detail)
	}
	if len(ours.ResourceSchemas) == 0 {
		t.Fatal("our provider serves no resource schemas")
	}
	if diff := cmp.Diff(ours.ResourceSchemas, floor.ResourceSchemas); diff != "" {
		t.Errorf("the shape floor's resource schemas differ from ours (-ours +floor):\n%s", diff)
	}
	ourIDs, err := whatsapp.NewServer("test")().GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	floorIDs, err := newServer().GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ourIDs.IdentitySchemas) == 0 {
		t.Fatal("our provider serves no identity schemas")
	}
	if diff := cmp.Diff(ourIDs.IdentitySchemas, floorIDs.IdentitySchemas); diff != "" {
		t.Errorf("the shape floor's identity schemas differ from ours (-ours +floor):\n%s", diff)
	}
}
