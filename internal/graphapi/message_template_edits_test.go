package graphapi

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// TestTemplateEditCategoryOptional: an edit without a category keeps the
// one Meta holds, even after Meta re-categorised an approved template; a
// category change of an approved template is refused.
func TestTemplateEditCategoryOptional(t *testing.T) {
	t.Parallel()
	f, c, _ := newTemplateFake(t, 0)
	ctx := context.Background()
	created, err := c.CreateMessageTemplate(ctx, wabaID, utilityTemplate("order_shipped"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetMessageTemplate(ctx, created.ID); err != nil { // approved at this read
		t.Fatal(err)
	}
	if err := f.Modify(emulator.Change{Kind: emulator.KindMessageTemplate, ID: created.ID, Fields: map[string]any{"category": "MARKETING"}}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, category string
		wantErr        string
	}{
		{name: "original category sent", category: "UTILITY", wantErr: "category of an approved message template cannot be changed"},
		{name: "no category", category: ""},
	}
	for _, tc := range tests {
		edit := utilityTemplate("order_shipped")
		edit.Category = tc.category
		err := c.EditMessageTemplate(ctx, wabaID, created.ID, edit)
		if (err == nil) != (tc.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tc.wantErr)) {
			t.Fatalf("%s: %v, want %q", tc.name, err, tc.wantErr)
		}
	}
	got, err := c.GetMessageTemplate(ctx, created.ID)
	if err != nil || got.Category == nil || *got.Category != "MARKETING" {
		t.Fatalf("after the edit: %+v %v, want category MARKETING kept", got, err)
	}
}

// TestTemplateEditBody: an edit sends category only when set.
func TestTemplateEditBody(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		category     string
		wantCategory bool
	}{{"", false}, {"UTILITY", true}} {
		b, _ := json.Marshal(NewMessageTemplate{Category: tc.category, Components: json.RawMessage(`[]`)}.body(false))
		if strings.Contains(string(b), `"category"`) != tc.wantCategory || strings.Contains(string(b), `"name"`) {
			t.Errorf("category %q: edit body %s", tc.category, b)
		}
	}
}

// TestTemplateEditLostAnswer: an edit whose answer is lost is not sent
// again (each edit spends Meta's quota); the caller learns the outcome is
// unknown.
func TestTemplateEditLostAnswer(t *testing.T) {
	t.Parallel()
	f, c, _ := newTemplateFake(t, 0)
	ctx := context.Background()
	created, err := c.CreateMessageTemplate(ctx, wabaID, utilityTemplate("order_shipped"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetMessageTemplate(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{emulator.FaultDropBefore, emulator.FaultDropAfter} {
		if err := f.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{{Method: "POST", Route: "/{template}", Kind: kind, Times: 1}}}); err != nil {
			t.Fatal(err)
		}
		f.ResetStats()
		err := c.EditMessageTemplate(ctx, wabaID, created.ID, utilityTemplate("order_shipped"))
		if !errors.Is(err, ErrOutcomeUnknown) {
			t.Fatalf("%s: %v, want ErrOutcomeUnknown", kind, err)
		}
		if n := f.Stats().Count("POST /{template}"); n != 1 {
			t.Fatalf("%s: %d edits sent, want 1", kind, n)
		}
	}
}
