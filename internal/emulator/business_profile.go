package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/mail"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"
)

// A number's business profile: GET and POST /{phone}/whatsapp_business_profile,
// with Meta's limits.
// https://developers.facebook.com/docs/whatsapp/cloud-api/reference/business-profiles

func init() {
	handle(http.MethodGet, "/{phone}/whatsapp_business_profile", (*Server).getBusinessProfile)
	handle(http.MethodPost, "/{phone}/whatsapp_business_profile", (*Server).updateBusinessProfile)
	registerKind(KindBusinessProfile, kind{modify: func(st *state, c Change) error {
		p := st.phones[c.ID]
		if p == nil {
			return fmt.Errorf("no phone number %s", c.ID)
		}
		if p.BusinessProfile == nil {
			p.BusinessProfile = &SeedBusinessProfile{}
		}
		return mergeFields(p.BusinessProfile, c.Fields)
	}})
}

// KindBusinessProfile changes a number's business profile out of band
// (Change.ID is the phone number ID; Fields as in SeedBusinessProfile).
const KindBusinessProfile = "business_profile"

// SeedBusinessProfile is a number's business profile.
type SeedBusinessProfile struct {
	About             string   `json:"about,omitempty"`
	Address           string   `json:"address,omitempty"`
	Description       string   `json:"description,omitempty"`
	Email             string   `json:"email,omitempty"`
	Websites          []string `json:"websites,omitempty"`
	Vertical          string   `json:"vertical,omitempty"`
	ProfilePictureURL string   `json:"profile_picture_url,omitempty"`
}

// BusinessVerticals are the values of vertical Meta documents.
var BusinessVerticals = []string{"ALCOHOL", "APPAREL", "AUTO", "BEAUTY", "EDU", "ENTERTAIN", "EVENT_PLAN", "FINANCE", "GOVT",
	"GROCERY", "HEALTH", "HOTEL", "NONPROFIT", "ONLINE_GAMBLING", "OTC_DRUGS", "OTHER", "PHYSICAL_GAMBLING", "PROF_SERVICES",
	"RESTAURANT", "RETAIL", "TRAVEL"}

var profileFields = map[string]bool{"about": true, "address": true, "description": true, "email": true,
	"profile_picture_url": true, "websites": true, "vertical": true, "messaging_product": true}

func (s *Server) getBusinessProfile(req *request) (any, *graphError) {
	p := s.st.phones[req.parts[0]]
	bp := p.BusinessProfile
	if bp == nil {
		bp = &SeedBusinessProfile{}
	}
	node := map[string]any{"messaging_product": "whatsapp"}
	for k, v := range map[string]string{"about": bp.About, "address": bp.Address, "description": bp.Description,
		"email": bp.Email, "vertical": bp.Vertical, "profile_picture_url": bp.ProfilePictureURL} {
		if v != "" {
			node[k] = v
		}
	}
	if len(bp.Websites) > 0 {
		node["websites"] = bp.Websites
	}
	n, gerr := selectFields(node, req.params.Get("fields"), profileFields, []string{"about", "messaging_product"}, "WhatsAppBusinessProfile")
	if gerr != nil {
		return nil, gerr
	}
	// Meta's profile carries messaging_product whatever fields= asks for.
	n["messaging_product"] = "whatsapp"
	return map[string]any{"data": []any{n}}, nil
}

func (s *Server) updateBusinessProfile(req *request) (any, *graphError) {
	p := s.st.phones[req.parts[0]]
	if req.params.Get("messaging_product") != "whatsapp" {
		return nil, invalidParam("The parameter messaging_product is required and must be whatsapp")
	}
	bp := SeedBusinessProfile{}
	if p.BusinessProfile != nil {
		bp = *p.BusinessProfile
	}
	text := []struct {
		name string
		max  int
		to   *string
	}{{"about", 139, &bp.About}, {"address", 256, &bp.Address}, {"description", 512, &bp.Description}, {"email", 128, &bp.Email}}
	for _, f := range text {
		v, ok := req.params[f.name]
		if !ok {
			continue
		}
		value := v[0]
		switch {
		case utf8.RuneCountInString(value) > f.max:
			return nil, invalidParam("Param %s must be at most %d characters long", f.name, f.max)
		case f.name == "about" && value == "":
			return nil, invalidParam("Param about must be at least 1 character long")
		case f.name == "email" && value != "" && !validEmail(value):
			return nil, invalidParam("Param email must be a valid email address")
		}
		*f.to = value
	}
	if v, ok := req.params["vertical"]; ok {
		if v[0] != "" && !slices.Contains(BusinessVerticals, v[0]) {
			return nil, invalidParam("Param vertical must be one of {%s}", strings.Join(BusinessVerticals, ", "))
		}
		bp.Vertical = v[0]
	}
	if v, ok := req.params["websites"]; ok {
		var sites []string
		if err := json.Unmarshal([]byte(v[0]), &sites); err != nil {
			return nil, invalidParam("Param websites must be an array of strings")
		}
		if len(sites) > 2 {
			return nil, invalidParam("Param websites must have at most 2 elements, %d found", len(sites))
		}
		for i, w := range sites {
			if len(w) > 256 || !strings.HasPrefix(w, "http://") && !strings.HasPrefix(w, "https://") {
				return nil, invalidParam("Param websites[%d] must be a URL with http:// or https://, at most 256 characters", i)
			}
		}
		bp.Websites = sites
	}
	if h := req.params.Get("profile_picture_handle"); h != "" {
		i := slices.IndexFunc(s.st.uploads, func(u Upload) bool { return u.Handle == h })
		if i < 0 {
			return nil, invalidParam("Param profile_picture_handle is not a valid upload handle")
		}
		bp.ProfilePictureURL = "https://pps.whatsapp.net/v/t61.24694-24/" + s.st.uploads[i].SHA256[:16] + "_n.jpg"
	}
	p.BusinessProfile = &bp
	return map[string]any{"success": true}, nil
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// BusinessProfile returns a number's business profile.
func (s *Server) BusinessProfile(phoneID string) (SeedBusinessProfile, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.st.phones[phoneID]; p != nil && p.BusinessProfile != nil {
		return *p.BusinessProfile, true
	}
	return SeedBusinessProfile{}, false
}

// mergeFields sets the JSON fields of v named in fields (nil clears one).
func mergeFields(v any, fields map[string]any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	for k, x := range fields {
		if x == nil {
			delete(m, k)
		} else {
			m[k] = x
		}
	}
	if b, err = json.Marshal(m); err != nil {
		return err
	}
	// Start from zero, so that a field left out is cleared, not kept.
	rv := reflect.ValueOf(v).Elem()
	rv.Set(reflect.Zero(rv.Type()))
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
