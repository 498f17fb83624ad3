package emulator

import (
	"encoding/json"
	"slices"
	"strings"
)

// The fake's API is a table of routes. A route's pattern names a path by the
// shape of its first segment ({waba}, {phone}, {app}, debug_token, upload:...)
// and the literal segments after it. Each edge's file registers its routes and
// its object kind (for the /_fake/ control routes) in an init func, so a new
// edge is one new file plus its test.

// handler answers one API request. It runs under s.mu.
type handler func(s *Server, req *request) (any, *graphError)

var routes = map[string]handler{} // by "METHOD pattern"

// handle registers a route; registering one twice is a programming error.
func handle(method, pattern string, h handler) {
	key := method + " " + pattern
	if _, dup := routes[key]; dup {
		panic("emulator: route registered twice: " + key)
	}
	routes[key] = h
}

// kind is an object kind the control routes can delete or change out of band.
type kind struct {
	delete func(st *state, c Change) error
	modify func(st *state, c Change) error
}

var kinds = map[string]kind{}

func registerKind(name string, k kind) { kinds[name] = k }

// routeOf names a path by its shape. The caller holds s.mu.
func (s *Server) routeOf(parts []string) string {
	first := parts[0]
	var shape string
	switch {
	case first == "debug_token":
		shape = "debug_token"
	case strings.HasPrefix(first, "upload:"):
		shape = "upload:{session}"
	case s.st.wabas[first] != nil:
		shape = "{waba}"
	case s.st.phones[first] != nil:
		shape = "{phone}"
	case s.st.templates[first] != nil:
		shape = "{template}"
	case s.st.flows[first] != nil:
		shape = "{flow}"
	case s.st.businesses[first].ID != "":
		shape = "{business}"
	case s.st.apps[first].ID != "":
		shape = "{app}"
	default:
		shape = "{id}"
	}
	rest := slices.Clone(parts[1:])
	if shape == "{phone}" && len(rest) == 2 && rest[0] == "message_qrdls" {
		rest[1] = "{code}" // a QR code is not a node: it is addressed under its number
	}
	return "/" + strings.Join(append([]string{shape}, rest...), "/")
}

// dispatch runs the handler for the route. The caller holds s.mu.
func (s *Server) dispatch(req *request) (any, *graphError) {
	if h := routes[req.r.Method+" "+req.route]; h != nil {
		return h(s, req)
	}
	if req.route == "/{id}" || strings.HasPrefix(req.route, "/{id}/") {
		return nil, notFound(strings.ToLower(req.r.Method), req.parts[0])
	}
	return nil, notFound(strings.ToLower(req.r.Method), strings.Join(req.parts, "/"))
}

// wabaFor returns the WABA the token may reach, or a permission error.
func (s *Server) wabaFor(req *request) (*waba, *graphError) {
	id := req.parts[0]
	w := s.st.wabas[id]
	if w == nil {
		return nil, notFound(strings.ToLower(req.r.Method), id)
	}
	if len(req.token.WABAs) > 0 && !slices.Contains(req.token.WABAs, id) {
		return nil, errf(403, 200, 0, "OAuthException", "(#200) Permissions error")
	}
	return w, nil
}

// parseList reads a list parameter: a JSON array (single quotes tolerated, as
// Meta's guides write them) or a comma-separated string.
func parseList(v string) ([]string, error) {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "[") {
		var out []string
		err := json.Unmarshal([]byte(strings.ReplaceAll(v, "'", `"`)), &out)
		return out, err
	}
	if v == "" {
		return nil, nil
	}
	return strings.Split(v, ","), nil
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	out := xs[:0:0]
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
