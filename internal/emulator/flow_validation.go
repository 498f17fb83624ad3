package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// flowValidationErrors checks a Flow JSON's shape as Meta's validator does
// at its surface: valid JSON, a version among the accepted ones, screens
// with IDs, at least one terminal screen. Each error is in Meta's shape,
// with the lines and columns (from 1) of what it points at and, for a
// screen, a pointer path. An empty document has no errors (a Flow without
// JSON yet).
func flowValidationErrors(doc string) []any {
	if doc == "" {
		return []any{}
	}
	var parsed struct {
		Version *string          `json:"version"`
		Screens []map[string]any `json:"screens"`
	}
	if err := json.Unmarshal([]byte(doc), &parsed); err != nil {
		offset := 0
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			offset = int(syntax.Offset)
		}
		return []any{flowError("INVALID_JSON", "JSON_SYNTAX", "Invalid JSON: "+err.Error(), doc, offset, "")}
	}
	var out []any
	switch {
	case parsed.Version == nil:
		out = append(out, flowError("MISSING_REQUIRED_PROPERTY", "JSON_SCHEMA_ERROR", "The property 'version' is required.", doc, 0, ""))
	case !slices.Contains(flowJSONVersions, *parsed.Version):
		out = append(out, flowError("INVALID_FLOW_JSON_VERSION", "FLOW_JSON_ERROR",
			fmt.Sprintf("Flow JSON version %q is not valid; accepted: %s.", *parsed.Version, strings.Join(flowJSONVersions, ", ")),
			doc, keyOffset(doc, "version", 0), "/version"))
	}
	screensAt := keyOffset(doc, "screens", 0)
	if len(parsed.Screens) == 0 {
		out = append(out, flowError("MISSING_REQUIRED_PROPERTY", "JSON_SCHEMA_ERROR", "The property 'screens' needs at least one screen.", doc, screensAt, "/screens"))
		return out
	}
	terminal := false
	for i, sc := range parsed.Screens {
		if id, _ := sc["id"].(string); id == "" {
			out = append(out, flowError("MISSING_REQUIRED_PROPERTY", "JSON_SCHEMA_ERROR",
				fmt.Sprintf("The property 'id' is required on screen %d.", i), doc, screensAt, fmt.Sprintf("/screens/%d", i)))
		}
		if t, _ := sc["terminal"].(bool); t {
			terminal = true
		}
	}
	if !terminal {
		out = append(out, flowError("MISSING_TERMINAL_SCREEN", "FLOW_JSON_ERROR", "The Flow needs at least one screen with \"terminal\": true.", doc, screensAt, "/screens"))
	}
	if out == nil {
		return []any{}
	}
	return out
}

// keyOffset is the byte offset of the first "key": at or after from, or 0.
func keyOffset(doc, key string, from int) int {
	if i := strings.Index(doc[from:], `"`+key+`"`); i >= 0 {
		return from + i
	}
	return 0
}

// flowError renders one validation error at a byte offset of the document.
func flowError(code, typ, message, doc string, offset int, path string) map[string]any {
	line, col := lineColumn(doc, offset)
	e := map[string]any{
		"error": code, "error_type": typ, "message": message,
		"line_start": line, "line_end": line, "column_start": col, "column_end": col,
	}
	if path != "" {
		e["pointers"] = []any{map[string]any{"line_start": line, "line_end": line, "column_start": col, "column_end": col, "path": path}}
	}
	return e
}

// lineColumn turns a byte offset into a line and column, both from 1.
func lineColumn(doc string, offset int) (int, int) {
	offset = min(max(offset, 0), len(doc))
	before := doc[:offset]
	line := strings.Count(before, "\n") + 1
	col := offset - strings.LastIndex(before, "\n")
	return line, col
}
