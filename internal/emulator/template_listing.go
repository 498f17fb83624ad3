package emulator

import (
	"encoding/json"
	"slices"
	"strings"
)

// GET /{waba}/message_templates: the listing and its filters.

func (s *Server) listTemplates(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	filter := func(key, value string) bool {
		want := listParam(req.params.Get(key))
		return len(want) == 0 || slices.ContainsFunc(want, func(v string) bool { return strings.EqualFold(v, value) })
	}
	var items []pageItem
	all := s.st.templatesOf(w.id)
	for _, t := range all {
		n := s.templateNode(t)
		// Meta's name filter is not documented as exact: the fake matches a
		// part of the name, so clients must compare names themselves.
		if name := req.params.Get("name"); name != "" && !strings.Contains(t.Name, name) {
			continue
		}
		if !filter("language", t.Language) || !filter("status", t.Status) || !filter("category", t.Category) ||
			!filter("quality_score", t.QualityScore) {
			continue
		}
		if q := req.params.Get("name_or_content"); q != "" && !containsFold(t.Name, q) && !containsFold(componentText(t.Components), q) {
			continue
		}
		if q := req.params.Get("content"); q != "" && !containsFold(componentText(t.Components), q) {
			continue
		}
		items = append(items, pageItem{t.seq, n})
	}
	page, gerr := s.page(req, items, templateFields, templateDefaultFields, "WhatsAppBusinessHSM")
	if gerr != nil {
		return nil, gerr
	}
	if summary := req.params.Get("summary"); summary != "" {
		out := map[string]any{}
		for _, f := range strings.Split(summary, ",") {
			switch strings.TrimSpace(f) {
			case "total_count":
				out["total_count"] = len(items)
			case "message_template_count":
				out["message_template_count"] = len(all)
			case "message_template_limit":
				out["message_template_limit"] = s.templateLimit(w)
			}
		}
		if m, ok := page.(map[string]any); ok {
			m["summary"] = out
		}
	}
	return page, nil
}

// listParam reads a list filter as clients send it: a JSON array
// (["en_US","de"]) or a comma list (en_US,de).
func listParam(raw string) []string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil
	}
	var list []string
	if strings.HasPrefix(raw, "[") && json.Unmarshal([]byte(raw), &list) == nil {
		return list
	}
	for _, v := range strings.Split(raw, ",") {
		if v = strings.TrimSpace(v); v != "" {
			list = append(list, v)
		}
	}
	return list
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// componentText joins every "text" of a template's components and buttons,
// for the content filters.
func componentText(v any) string {
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			if text, ok := v["text"].(string); ok {
				b.WriteString(text + "\n")
			}
			walk(v["buttons"])
		}
	}
	walk(v)
	return b.String()
}
