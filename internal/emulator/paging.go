package emulator

import (
	"encoding/base64"
	"sort"
	"strconv"
	"strings"
)

type pageItem struct {
	seq  int64
	node map[string]any
}

// page serves one page of items after the `after` cursor.
func (s *Server) page(req *request, items []pageItem, known map[string]bool, defaults []string, nodeType string) (any, *graphError) {
	limit := 25
	if l := req.params.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 {
			return nil, invalidParam("Param limit must be a positive integer")
		}
		limit = min(n, 100)
	}
	if s.opts.PageSize > 0 {
		limit = min(limit, s.opts.PageSize)
	}
	sort.Slice(items, func(i, j int) bool { return items[i].seq < items[j].seq })
	start, end := 0, 0
	if before := req.params.Get("before"); before != "" {
		seq, ok := decodeCursor(before)
		if !ok {
			return nil, invalidParam("Invalid cursor: %s", before)
		}
		for end < len(items) && items[end].seq < seq {
			end++
		}
		start = max(0, end-limit)
	} else {
		if after := req.params.Get("after"); after != "" {
			seq, ok := decodeCursor(after)
			if !ok {
				return nil, invalidParam("Invalid cursor: %s", after)
			}
			for start < len(items) && items[start].seq <= seq {
				start++
			}
		}
		end = min(start+limit, len(items))
	}
	data := make([]any, 0, end-start)
	for _, it := range items[start:end] {
		if known == nil {
			data = append(data, it.node)
			continue
		}
		n, gerr := selectFields(it.node, req.params.Get("fields"), known, defaults, nodeType)
		if gerr != nil {
			return nil, gerr
		}
		data = append(data, n)
	}
	out := map[string]any{"data": data}
	if end > start {
		paging := map[string]any{"cursors": map[string]any{
			"before": encodeCursor(items[start].seq), "after": encodeCursor(items[end-1].seq),
		}}
		// Like Meta's, the links repeat the request's own query, its
		// access_token included when it had one, so an SDK can follow them.
		link := func(cursor, value string) string {
			u := *req.r.URL
			u.Scheme, u.Host = "http", req.r.Host
			q := u.Query()
			q.Del("after")
			q.Del("before")
			q.Set("limit", strconv.Itoa(limit))
			q.Set(cursor, value)
			u.RawQuery = q.Encode()
			return u.String()
		}
		if end < len(items) {
			paging["next"] = link("after", encodeCursor(items[end-1].seq))
		}
		if start > 0 {
			paging["previous"] = link("before", encodeCursor(items[start].seq))
		}
		out["paging"] = paging
	}
	if strings.Contains(req.params.Get("summary"), "total_count") {
		out["summary"] = map[string]any{"total_count": len(items)}
	}
	return out, nil
}

func encodeCursor(seq int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("c:" + strconv.FormatInt(seq, 10)))
}

func decodeCursor(c string) (int64, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), "c:") {
		return 0, false
	}
	n, err := strconv.ParseInt(string(b[2:]), 10, 64)
	return n, err == nil
}

// selectFields applies a fields= selection to a node: top-level names, with
// nested selections ({...}) and modifiers (.limit(n)) accepted and ignored.
func selectFields(node map[string]any, fields string, known map[string]bool, defaults []string, nodeType string) (map[string]any, *graphError) {
	names := defaults
	if strings.TrimSpace(fields) != "" {
		names = topLevelFields(fields)
	}
	out := map[string]any{}
	for _, f := range names {
		if !known[f] {
			return nil, invalidParam("Tried accessing nonexisting field (%s) on node type (%s)", f, nodeType)
		}
		if v, ok := node[f]; ok {
			out[f] = v
		}
	}
	return out, nil
}

func topLevelFields(fields string) []string {
	var out []string
	for _, f := range splitTopLevel(fields) {
		if i := strings.IndexAny(f, "{."); i >= 0 {
			f = f[:i]
		}
		out = append(out, f)
	}
	return out
}

// splitTopLevel splits a fields list at the commas outside braces and
// parentheses, dropping empty items.
func splitTopLevel(fields string) []string {
	var out []string
	depth, start := 0, 0
	flush := func(end int) {
		if f := strings.TrimSpace(fields[start:end]); f != "" {
			out = append(out, f)
		}
	}
	for i, r := range fields {
		switch r {
		case '{', '(':
			depth++
		case '}', ')':
			depth--
		case ',':
			if depth == 0 {
				flush(i)
				start = i + 1
			}
		}
	}
	flush(len(fields))
	return out
}
