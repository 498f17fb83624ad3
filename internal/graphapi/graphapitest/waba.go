package graphapitest

import (
	"fmt"
	"net/http"
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
	return selectFields(s.st.wabaNode(w), req.params.Get("fields"), wabaFields, wabaDefaultFields, "WhatsAppBusinessAccount")
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
