package graphapi

import (
	"context"
	"net/http"
	"testing"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

func isInvalidParameter(err error) bool { e, ok := As(err); return ok && e.IsInvalidParameter() }

const validFlowJSON = `{"version":"7.2","screens":[{"id":"WELCOME","terminal":true,"layout":{"type":"SingleColumnLayout","children":[]}}]}`

// TestFlowLifecycle walks a Flow through Meta's statuses against the fake:
// create as draft, JSON upload (multipart), publish, the refused edit of a
// published Flow, deprecate; and a draft deleted.
func TestFlowLifecycle(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()

	created, err := c.CreateFlow(ctx, wabaID, NewFlow{Name: "signup", Categories: []string{"SIGN_UP"}, FlowJSON: `{"version":"7.2","screens":[]}`})
	if err != nil || len(created.ValidationErrors) != 1 {
		t.Fatalf("create: %+v, %v; want one validation error (no screens)", created, err)
	}
	if e := created.ValidationErrors[0]; e.LineStart == nil || *e.LineStart != 1 || e.ColumnStart == nil || *e.ColumnStart != 18 || len(e.Pointers) != 1 || *e.Pointers[0].Path != "/screens" {
		t.Fatalf("validation error %+v: want line 1, column 18, pointer /screens", e)
	}
	if _, err := c.CreateFlow(ctx, wabaID, NewFlow{Name: "signup", Categories: []string{"SIGN_UP"}}); !isInvalidParameter(err) {
		t.Fatalf("a duplicate name: %v, want code 100", err)
	}
	errs, err := c.UploadFlowJSON(ctx, wabaID, created.ID, validFlowJSON)
	if err != nil || len(errs) != 0 {
		t.Fatalf("upload: %v, %v", errs, err)
	}
	if err := c.PublishFlow(ctx, wabaID, created.ID); err != nil {
		t.Fatal(err)
	}
	got, err := c.ReadBackFlow(ctx, wabaID, created.ID)
	if err != nil || got == nil || !got.IsPublished() || *got.JSONVersion != "7.2" || got.Preview == nil || got.Preview.URL == nil {
		t.Fatalf("read back %+v, %v: want a published Flow with its version and preview", got, err)
	}
	if _, err := c.UploadFlowJSON(ctx, wabaID, created.ID, validFlowJSON); !IsFlowNotUpdatable(err) {
		t.Fatalf("uploading to a published Flow: %v, want code 139001", err)
	}
	if err := c.DeleteFlow(ctx, wabaID, created.ID); err == nil {
		t.Fatal("deleting a published Flow succeeded")
	}
	if err := c.DeprecateFlow(ctx, wabaID, created.ID); err != nil {
		t.Fatal(err)
	}
	if fl, _ := f.Flow(created.ID); fl.Status != FlowDeprecated {
		t.Fatalf("status %s, want DEPRECATED", fl.Status)
	}

	draft, err := c.CreateFlow(ctx, wabaID, NewFlow{Name: "survey", Categories: []string{"SURVEY"}, FlowJSON: validFlowJSON, Publish: false})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteFlow(ctx, wabaID, draft.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.Flow(draft.ID); ok {
		t.Fatal("the deleted draft is still on the fake")
	}
	st := f.Stats()
	for route, want := range map[string]int{"POST /{waba}/flows": 3, "POST /{flow}/assets": 2, "POST /{flow}/publish": 1, "POST /{flow}/deprecate": 1, "DELETE /{flow}": 2} {
		if got := st.Count(route); got != want {
			t.Errorf("%s: %d requests, want %d", route, got, want)
		}
	}
}

// TestFlowPublishSettled: a publish answered with a transient error after
// it took effect is read back, not sent again.
func TestFlowPublishSettled(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()
	created, err := c.CreateFlow(ctx, wabaID, NewFlow{Name: "book", Categories: []string{"APPOINTMENT_BOOKING"}, FlowJSON: validFlowJSON})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{{Method: http.MethodPost, Route: "/{flow}/publish", Kind: emulator.FaultTransientAfter, Times: 1}}}); err != nil {
		t.Fatal(err)
	}
	if err := c.PublishFlow(ctx, wabaID, created.ID); err != nil {
		t.Fatalf("publish: %v, want settled by the read", err)
	}
	if n := f.Stats().Count("POST /{flow}/publish"); n != 1 {
		t.Fatalf("publish sent %d times, want once", n)
	}
}

// TestFlowJSONDownload reads a Flow's JSON back through its asset's
// download URL, fetched without the token.
func TestFlowJSONDownload(t *testing.T) {
	t.Parallel()
	f := newFake(t, emulator.Options{})
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()
	created, err := c.CreateFlow(ctx, wabaID, NewFlow{Name: "book", Categories: []string{"OTHER"}, FlowJSON: validFlowJSON})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.FlowJSON(ctx, created.ID)
	if err != nil || got != validFlowJSON {
		t.Fatalf("FlowJSON = %q, %v; want what was sent", got, err)
	}
	if f.Stats().TokenOutsideHeader != 0 {
		t.Fatal("the token travelled outside the header")
	}
}
