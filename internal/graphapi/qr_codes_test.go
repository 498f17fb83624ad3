package graphapi

import (
	"context"
	"testing"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// A number's QR codes through the shared listing: a create costs the
// number's listing (once per run) and one POST, and answers with the image;
// the update and delete are one request each; reads after a write list anew.
func TestQRCodesRoundTrip(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()
	q, err := c.CreateQRCode(ctx, phoneID, "Hi", "SVG")
	if err != nil || q == nil || deref(q.QRImageURL) == "" || deref(q.DeepLinkURL) == "" {
		t.Fatalf("create: %+v %v", q, err)
	}
	if _, err := c.CreateQRCode(ctx, phoneID, "Hello", "PNG"); err != nil {
		t.Fatal(err)
	}
	st := f.Stats()
	if st.Count("GET /{phone}/message_qrdls") != 1 || st.Count("POST /{phone}/message_qrdls") != 2 {
		t.Fatalf("two creates: %v, want one listing and two POSTs", st.Requests)
	}
	if err := c.UpdateQRCode(ctx, phoneID, q.Code, "Hi there"); err != nil {
		t.Fatal(err)
	}
	got, err := c.ReadBackQRCode(ctx, phoneID, q.Code)
	if err != nil || got == nil || deref(got.PrefilledMessage) != "Hi there" || got.QRImageURL != nil {
		t.Fatalf("read back: %+v %v", got, err)
	}
	url, err := c.QRCodeImageURL(ctx, phoneID, q.Code, "PNG")
	if err != nil || url == "" {
		t.Fatalf("image URL: %q %v", url, err)
	}
	if err := c.DeleteQRCode(ctx, phoneID, q.Code); err != nil {
		t.Fatal(err)
	}
	if got, err := c.FindQRCode(ctx, phoneID, q.Code); err != nil || got != nil {
		t.Fatalf("after the delete: %+v %v", got, err)
	}
	if err := c.DeleteQRCode(ctx, phoneID, "../x"); err == nil {
		t.Fatal("a code that is not alphanumeric reached the path")
	}
}
