package graphapi

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// TestBusinessEncryption: no key reads as nil; a key set reads back with
// its signature status; a key with other line breaks is the same key.
func TestBusinessEncryption(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()
	if got, err := c.GetBusinessEncryption(ctx, phoneID); err != nil || got != nil {
		t.Fatalf("before: %+v, %v; want nil", got, err)
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	pemKey := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	if err := c.SetBusinessPublicKey(ctx, phoneID, pemKey); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetBusinessEncryption(ctx, phoneID)
	if err != nil || got == nil || !SamePublicKey(*got.PublicKey, pemKey) || *got.SignatureStatus != "VALID" {
		t.Fatalf("after: %+v, %v", got, err)
	}
	if !SamePublicKey(strings.ReplaceAll(pemKey, "\n", "\r\n")+"\n\n", pemKey) {
		t.Fatal("line breaks made another key")
	}
	if err := c.SetBusinessPublicKey(ctx, phoneID, "ssh-rsa AAAA"); !isInvalidParameter(err) {
		t.Fatalf("a key that is not PEM: %v, want code 100", err)
	}
	if n := f.Stats().Count("POST /{phone}/whatsapp_business_encryption"); n != 2 {
		t.Fatalf("%d POSTs, want 2", n)
	}
}
