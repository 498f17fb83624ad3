package emulator

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestReadBackAsRecorded: the fake reads back the recorded authentication
// and media templates of internal/graphapi/testdata/templates exactly as Meta
// listed them, from what a client sends (the recorded normalised form, with
// the upload handle a client sends for the media example).
func TestReadBackAsRecorded(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, id string
		sent     func([]any)
	}{
		{file: "authentication_copy_code.json", id: "838613031575993"},
		{file: "media_header.json", id: "419002484", sent: func(components []any) {
			components[0].(map[string]any)["example"] = map[string]any{"header_handle": []any{"4::aW1hZ2UvanBn:ARZ"}}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			raw, err := os.ReadFile(filepath.Join("..", "graphapi", "testdata", "templates", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			var rec struct {
				Category   string `json:"category"`
				Listed     []any  `json:"listed"`
				Normalized []any  `json:"normalized"`
			}
			if err := json.Unmarshal(raw, &rec); err != nil {
				t.Fatal(err)
			}
			if tc.sent != nil {
				tc.sent(rec.Normalized)
			}
			got := readBackComponents(rec.Category, tc.id, upperTypes(rec.Normalized))
			want := rec.Listed
			if tc.file == "media_header.json" {
				// The CDN URL is the fake's own, of the same form.
				want[0].(map[string]any)["example"] = map[string]any{"header_handle": []any{"https://scontent.whatsapp.net/v/t61.29466-34/" + tc.id + "_n.image"}}
			}
			if !reflect.DeepEqual(got, want) {
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(want)
				t.Fatalf("read back:\n%s\nrecorded:\n%s", g, w)
			}
		})
	}
}
