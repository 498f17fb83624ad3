package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

func init() {
	handle(http.MethodGet, "/{waba}", (*Server).getWABA)
	registerKind(KindWABA, kind{modify: modifyWABA})
}

// wabaFields are the WhatsAppBusinessAccount node fields the fake knows, after
// https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account/
var wabaFields = map[string]bool{
	"id": true, "name": true, "timezone_id": true, "message_template_namespace": true, "currency": true,
	"account_review_status": true, "business_verification_status": true, "country": true,
	"creation_time": true, "health_status": true, "is_enabled_for_insights": true,
	"is_shared_with_partners": true, "linked_commerce_account": true,
	"marketing_messages_lite_api_status": true, "marketing_messages_onboarding_status": true,
	"on_behalf_of_business_info": true, "owner_business": true, "owner_business_info": true,
	"ownership_type": true, "primary_business_location": true, "primary_funding_id": true,
	"purchase_order_number": true, "status": true, "template_auto_archival_enabled": true,
	"disable_marketing_messages_on_cloud_api": true, "auth_international_rate_eligibility": true,
	"whatsapp_business_manager_messaging_limit": true,
	// analytics takes parameters (start, end, granularity); without them Meta
	// leaves it out of the answer, and so does the fake.
	"analytics": true,
}

var wabaDefaultFields = []string{"id", "name", "timezone_id", "message_template_namespace"}

func (s *Server) getWABA(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	fields, nested, gerr := s.expandEdges(req, req.params.Get("fields"))
	if gerr != nil {
		return nil, gerr
	}
	if fields == "" && len(nested) > 0 {
		fields = "id" // Meta answers a node's id with its expanded edges
	}
	out, gerr := selectFields(s.st.wabaNode(w), fields, wabaFields, wabaDefaultFields, "WhatsAppBusinessAccount")
	if gerr != nil {
		return nil, gerr
	}
	for name, page := range nested {
		out[name] = page
	}
	return out, nil
}

// expandEdges serves Graph API field expansion of a node's edges
// (https://developers.facebook.com/docs/graph-api/guides/field-expansion):
// each item of fields that names an edge of the node, such as
// phone_numbers.after(X).limit(100){id,status}, is answered as a request to
// the edge itself with the modifiers as its parameters, nested under the
// edge's name. It returns the other items, for the node's own fields.
func (s *Server) expandEdges(req *request, fields string) (string, map[string]any, *graphError) {
	var plain []string
	nested := map[string]any{}
	for _, item := range splitTopLevel(fields) {
		name, params, sub, ok := parseExpansion(item)
		route := req.route + "/" + name
		h := routes[http.MethodGet+" "+route]
		if h == nil {
			plain = append(plain, item)
			continue
		}
		if !ok {
			return "", nil, invalidParam("Syntax error in field expansion %q", item)
		}
		if s.opts.NoEdgeExpansion {
			return "", nil, invalidParam("Tried accessing nonexisting field (%s) on node type (WhatsAppBusinessAccount)", name)
		}
		if sub != "" {
			params.Set("fields", sub)
		}
		edgeReq := *req
		edgeReq.parts = append(append([]string(nil), req.parts...), name)
		edgeReq.route, edgeReq.params = route, params
		edgeReq.r = req.r.Clone(req.r.Context())
		edgeReq.r.URL.Path = strings.TrimSuffix(req.r.URL.Path, "/") + "/" + name
		edgeReq.r.URL.RawQuery = params.Encode()
		page, gerr := h(s, &edgeReq)
		if gerr != nil {
			return "", nil, gerr
		}
		nested[name] = page
	}
	return strings.Join(plain, ","), nested, nil
}

// parseExpansion splits name.key(value).key(value){fields}; ok is false
// when a modifier is malformed.
func parseExpansion(item string) (name string, params url.Values, sub string, ok bool) {
	item = strings.TrimSpace(item)
	params = url.Values{}
	if i := strings.IndexByte(item, '{'); i >= 0 && strings.HasSuffix(item, "}") {
		item, sub = item[:i], item[i+1:len(item)-1]
	}
	name, mods, _ := strings.Cut(item, ".")
	for mods != "" {
		key, rest, found := strings.Cut(mods, "(")
		value, after, closed := strings.Cut(rest, ")")
		if !found || !closed || key == "" {
			return name, nil, "", false
		}
		params.Set(key, value)
		mods = strings.TrimPrefix(after, ".")
	}
	return name, params, sub, true
}

func (st *state) wabaNode(w *waba) map[string]any {
	m := map[string]any{"id": w.id}
	for k, v := range w.fields {
		m[k] = v
	}
	if b, ok := st.businesses[w.ownerBusiness]; ok {
		m["owner_business_info"] = map[string]any{"id": b.ID, "name": b.Name}
		m["owner_business"] = map[string]any{"id": b.ID, "name": b.Name}
	}
	return m
}

func modifyWABA(st *state, c Change) error {
	w, err := st.wabaOf(c)
	if err != nil {
		return err
	}
	for k, v := range c.Fields {
		if !wabaFields[k] {
			return fmt.Errorf("unknown WABA field %q", k)
		}
		if v == nil {
			delete(w.fields, k)
		} else {
			w.fields[k] = v
		}
	}
	return nil
}
