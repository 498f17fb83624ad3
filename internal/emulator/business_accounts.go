package emulator

import (
	"net/http"
	"slices"
	"strconv"
)

// A business's WABAs: GET /{business}/owned_whatsapp_business_accounts and
// /{business}/client_whatsapp_business_accounts, paged.

func init() {
	handle(http.MethodGet, "/{business}/owned_whatsapp_business_accounts", func(s *Server, req *request) (any, *graphError) {
		return s.listBusinessAccounts(req, func(w *waba) bool { return w.ownerBusiness == req.parts[0] })
	})
	handle(http.MethodGet, "/{business}/client_whatsapp_business_accounts", func(s *Server, req *request) (any, *graphError) {
		return s.listBusinessAccounts(req, func(w *waba) bool { return slices.Contains(w.clients, req.parts[0]) })
	})
}

func (s *Server) listBusinessAccounts(req *request, related func(*waba) bool) (any, *graphError) {
	var items []pageItem
	for _, w := range s.st.wabas {
		if !related(w) || (len(req.token.WABAs) > 0 && !slices.Contains(req.token.WABAs, w.id)) {
			continue
		}
		id, _ := parseSeq(w.id)
		items = append(items, pageItem{id, s.st.wabaNode(w)})
	}
	return s.page(req, items, wabaFields, wabaDefaultFields, "WhatsAppBusinessAccount")
}

// parseSeq orders WABAs by their ID, so that pages are stable.
func parseSeq(id string) (int64, error) { return strconv.ParseInt(id, 10, 64) }
