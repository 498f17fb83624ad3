package emulator

import (
	"fmt"
	"net/http"
)

// A number's commerce settings: GET and POST /{phone}/whatsapp_commerce_settings.
// https://developers.facebook.com/docs/whatsapp/cloud-api/guides/sell-products-and-services/set-commerce-settings

func init() {
	handle(http.MethodGet, "/{phone}/whatsapp_commerce_settings", (*Server).getCommerceSettings)
	handle(http.MethodPost, "/{phone}/whatsapp_commerce_settings", (*Server).setCommerceSettings)
	registerKind(KindCommerceSettings, kind{modify: func(st *state, c Change) error {
		p := st.phones[c.ID]
		if p == nil {
			return fmt.Errorf("no phone number %s", c.ID)
		}
		if p.CommerceSettings == nil {
			p.CommerceSettings = &SeedCommerceSettings{}
		}
		return mergeFields(p.CommerceSettings, c.Fields)
	}})
}

// KindCommerceSettings changes a number's commerce settings out of band
// (Change.ID is the phone number ID; Fields as in SeedCommerceSettings).
const KindCommerceSettings = "commerce_settings"

// SeedCommerceSettings is a number's commerce settings; both default false.
type SeedCommerceSettings struct {
	IsCartEnabled    bool `json:"is_cart_enabled,omitempty"`
	IsCatalogVisible bool `json:"is_catalog_visible,omitempty"`
}

var commerceFields = map[string]bool{"id": true, "is_cart_enabled": true, "is_catalog_visible": true}

// getCommerceSettings answers as Meta does: a list of one entry with the
// settings' own ID, the defaults included.
func (s *Server) getCommerceSettings(req *request) (any, *graphError) {
	p := s.st.phones[req.parts[0]]
	cs := SeedCommerceSettings{}
	if p.CommerceSettings != nil {
		cs = *p.CommerceSettings
	}
	node := map[string]any{"id": "52" + p.ID, "is_cart_enabled": cs.IsCartEnabled, "is_catalog_visible": cs.IsCatalogVisible}
	n, gerr := selectFields(node, req.params.Get("fields"), commerceFields, []string{"id", "is_cart_enabled", "is_catalog_visible"}, "WhatsAppCommerceSettings")
	if gerr != nil {
		return nil, gerr
	}
	return map[string]any{"data": []any{n}}, nil
}

// setCommerceSettings sets what the request names; at least one of the two.
func (s *Server) setCommerceSettings(req *request) (any, *graphError) {
	p := s.st.phones[req.parts[0]]
	cs := SeedCommerceSettings{}
	if p.CommerceSettings != nil {
		cs = *p.CommerceSettings
	}
	set := 0
	for name, to := range map[string]*bool{"is_cart_enabled": &cs.IsCartEnabled, "is_catalog_visible": &cs.IsCatalogVisible} {
		v, ok := req.params[name]
		if !ok {
			continue
		}
		switch v[0] {
		case "true", "1":
			*to = true
		case "false", "0":
			*to = false
		default:
			return nil, invalidParam("Param %s must be a boolean", name)
		}
		set++
	}
	if set == 0 {
		return nil, invalidParam("At least one of is_cart_enabled and is_catalog_visible is required")
	}
	p.CommerceSettings = &cs
	return map[string]any{"success": true}, nil
}

// CommerceSettings returns a number's commerce settings (the defaults when
// never set) and whether the number exists.
func (s *Server) CommerceSettings(phoneID string) (SeedCommerceSettings, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.st.phones[phoneID]
	if p == nil {
		return SeedCommerceSettings{}, false
	}
	if p.CommerceSettings == nil {
		return SeedCommerceSettings{}, true
	}
	return *p.CommerceSettings, true
}
