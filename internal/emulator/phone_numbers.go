package emulator

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

func init() {
	handle(http.MethodGet, "/{waba}/phone_numbers", (*Server).listPhones)
	handle(http.MethodPost, "/{waba}/phone_numbers", (*Server).createPhone)
	handle(http.MethodGet, "/{phone}", (*Server).getPhone)
	handle(http.MethodDelete, "/{phone}", func(*Server, *request) (any, *graphError) {
		return nil, invalidParam("Unsupported delete request: a business phone number cannot be deleted through the API")
	})
	handle(http.MethodPost, "/{phone}", (*Server).updatePhone)
	handle(http.MethodPost, "/{phone}/register", (*Server).registerPhone)
	handle(http.MethodPost, "/{phone}/deregister", (*Server).deregisterPhone)
	registerKind(KindPhoneNumber, kind{delete: deletePhone, modify: modifyPhone})
}

// phoneFields are the phone number node fields the fake knows, after
// https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account-to-number-current-status/
var phoneFields = map[string]bool{
	"id": true, "display_phone_number": true, "verified_name": true, "code_verification_status": true,
	"quality_rating": true, "status": true, "name_status": true, "platform_type": true,
	"throughput": true, "is_official_business_account": true, "account_mode": true,
	"last_onboarded_time": true, "messaging_limit_tier": true, "is_pin_enabled": true,
	"search_visibility": true, "health_status": true, "webhook_configuration": true,
	"new_display_name": true, "new_name_status": true, "conversational_automation": true,
	// Seen in several independent clients, though Meta's node reference
	// does not list them.
	"eligibility_for_api_business_global_search": true, "is_on_biz_app": true, "is_preverified_number": true,
	"quality_score": true,
}

var phoneDefaultFields = []string{"id", "display_phone_number", "verified_name", "quality_rating"}

func (s *Server) getPhone(req *request) (any, *graphError) {
	p := s.st.phones[req.parts[0]]
	if len(req.token.WABAs) > 0 && !slices.Contains(req.token.WABAs, p.wabaID) {
		return nil, errf(403, 200, 0, "OAuthException", "(#200) Permissions error")
	}
	// Edges such as whatsapp_business_profile{about} come nested, as Graph
	// API field expansion answers them.
	fields, nested, gerr := s.expandEdges(req, req.params.Get("fields"))
	if gerr != nil {
		return nil, gerr
	}
	if fields == "" && len(nested) > 0 {
		fields = "id"
	}
	node := p.node()
	node["webhook_configuration"] = s.st.webhookNode(p, req.app.ID)
	node["conversational_automation"] = automationNode(p)
	out, gerr := selectFields(node, fields, phoneFields, phoneDefaultFields, "WhatsAppBusinessPhoneNumber")
	if gerr != nil {
		return nil, gerr
	}
	for name, page := range nested {
		out[name] = page
	}
	return out, nil
}

func (s *Server) listPhones(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	items := make([]pageItem, 0, len(w.phones))
	for _, p := range w.phones {
		seq := p.seq
		if s.opts.PhoneNumbersNewestFirst {
			seq = -seq
		}
		items = append(items, pageItem{seq, p.node()})
	}
	return s.page(req, items, phoneFields, phoneDefaultFields, "WhatsAppBusinessPhoneNumber")
}

func (s *Server) createPhone(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	p := SeedPhoneNumber{CC: req.params.Get("cc"), PhoneNumber: req.params.Get("phone_number"), VerifiedName: req.params.Get("verified_name")}
	if !isDigits(p.CC, 1, 3) {
		return nil, invalidParam("Param cc must be a country calling code of 1 to 3 digits")
	}
	if !isDigits(p.PhoneNumber, 4, 15) {
		return nil, invalidParam("Param phone_number must be 4 to 15 digits, without the country code")
	}
	if v := req.params.Get("migrate_phone_number"); v != "" && v != "true" && v != "false" {
		return nil, invalidParam("Param migrate_phone_number must be a boolean")
	}
	if v := req.params.Get("preverified_id"); v != "" && !isDecimal(v) {
		return nil, invalidParam("Param preverified_id must be a valid ID")
	}
	for _, x := range w.phones {
		if x.CC == p.CC && x.PhoneNumber == p.PhoneNumber {
			if s.opts.DuplicatePhoneCode == 100 {
				return nil, invalidParam("Phone number +%s%s already exists in this WhatsApp Business Account", p.CC, p.PhoneNumber)
			}
			return nil, errf(400, 2388012, 0, "OAuthException", "(#2388012) Phone number +%s%s is already present in your list", p.CC, p.PhoneNumber)
		}
	}
	ph, err := s.st.addPhone(w, p)
	if err != nil {
		return nil, invalidParam("%v", err)
	}
	return s.readAfterWrite(req, map[string]any{"id": ph.ID}, "/{phone}", ph.ID, (*Server).getPhone)
}

// dataLocalizationRegions are the Local Storage regions Meta lists.
var dataLocalizationRegions = []string{"AU", "ID", "IN", "JP", "SG", "KR", "DE", "CH", "GB", "BR", "BH", "ZA", "AE", "CA"}

// registrationBudget is Meta's 10 registrations (and 10 deregistrations) per
// number per 72 hours.
const (
	registrationBudget = 10
	registrationWindow = 72 * time.Hour
)

// spend records an attempt against a 72-hour budget, or refuses it (133016).
func (s *Server) spend(times *[]time.Time) *graphError {
	now := s.opts.Now()
	kept := (*times)[:0]
	for _, t := range *times {
		if now.Sub(t) < registrationWindow {
			kept = append(kept, t)
		}
	}
	*times = kept
	if len(kept) >= registrationBudget {
		return errf(400, 133016, 0, "OAuthException",
			"(#133016) Account register deregister rate limit exceeded: too many register or deregister attempts for this phone number; try again in 72 hours")
	}
	*times = append(*times, now)
	return nil
}

var sixDigits = regexp.MustCompile(`^[0-9]{6}$`)

func (s *Server) registerPhone(req *request) (any, *graphError) {
	p := s.st.phones[req.parts[0]]
	pin, region := req.params.Get("pin"), req.params.Get("data_localization_region")
	switch {
	case req.params.Get("messaging_product") != "whatsapp":
		return nil, invalidParam("The parameter messaging_product is required and must be whatsapp")
	case !sixDigits.MatchString(pin):
		return nil, invalidParam("Param pin must be a 6-digit number")
	case region != "" && !slices.Contains(dataLocalizationRegions, region):
		return nil, invalidParam("Param data_localization_region must be one of {%s}", strings.Join(dataLocalizationRegions, ", "))
	case p.PIN != "" && p.PIN != pin:
		return nil, errf(400, 133005, 0, "OAuthException", "(#133005) Two step verification PIN Mismatch")
	}
	if gerr := s.spend(&p.registrations); gerr != nil {
		return nil, gerr
	}
	p.PIN, p.DataLocalizationRegion = pin, region
	p.PlatformType, p.Status = "CLOUD_API", "CONNECTED"
	return map[string]any{"success": true}, nil
}

func (s *Server) deregisterPhone(req *request) (any, *graphError) {
	p := s.st.phones[req.parts[0]]
	if gerr := s.spend(&p.deregistrations); gerr != nil {
		return nil, gerr
	}
	p.PlatformType, p.Status, p.DataLocalizationRegion = "NOT_APPLICABLE", "DISCONNECTED", ""
	return map[string]any{"success": true}, nil
}

// updatePhone sets the two-step verification PIN, requests a display name,
// or sets the number's callback override.
func (s *Server) updatePhone(req *request) (any, *graphError) {
	p := s.st.phones[req.parts[0]]
	pin, name := req.params.Get("pin"), req.params.Get("new_display_name")
	if raw, ok := req.params["webhook_configuration"]; ok {
		if gerr := s.setPhoneWebhook(req, p, raw[0]); gerr != nil {
			return nil, gerr
		}
		return map[string]any{"success": true}, nil
	}
	switch {
	case pin == "" && name == "":
		return nil, invalidParam("Nothing to update: pass pin, new_display_name or webhook_configuration")
	case pin != "" && !sixDigits.MatchString(pin):
		return nil, invalidParam("Param pin must be a 6-digit number")
	case pin != "" && p.PlatformType != "CLOUD_API":
		return nil, errf(400, 133010, 0, "OAuthException", "(#133010) Phone number Not Registered")
	case name != "" && (len([]rune(name)) < 3 || len([]rune(name)) > 512):
		return nil, invalidParam("Param new_display_name must be 3 to 512 characters")
	}
	if pin != "" {
		p.PIN = pin
	}
	if name != "" {
		p.NewDisplayName, p.NewNameStatus = name, "PENDING_REVIEW"
	}
	return map[string]any{"success": true}, nil
}

// RecordRegistrations counts registrations and deregistrations of a number as
// made just now, against Meta's budget of 10 each per 72 hours: for tests of
// what happens when it is used up.
func (s *Server) RecordRegistrations(phoneID string, registrations, deregistrations int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.st.phones[phoneID]
	if p == nil {
		return fmt.Errorf("no phone number %s", phoneID)
	}
	for range registrations {
		p.registrations = append(p.registrations, s.opts.Now())
	}
	for range deregistrations {
		p.deregistrations = append(p.deregistrations, s.opts.Now())
	}
	return nil
}

// DecideDisplayName approves or declines a number's pending display-name
// request, as Meta's review does. Approved, the name becomes verified_name;
// declined, new_name_status says DECLINED and the current name stays.
func (s *Server) DecideDisplayName(phoneID string, approve bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.st.phones[phoneID]
	if p == nil {
		return fmt.Errorf("no phone number %s", phoneID)
	}
	if p.NewNameStatus != "PENDING_REVIEW" {
		return fmt.Errorf("phone number %s has no pending display-name request", phoneID)
	}
	if approve {
		p.VerifiedName, p.NameStatus = p.NewDisplayName, "APPROVED"
		p.NewDisplayName, p.NewNameStatus = "", ""
	} else {
		p.NewNameStatus = "DECLINED"
	}
	return nil
}

func (st *state) addPhone(w *waba, p SeedPhoneNumber) (*phone, error) {
	if !isDigits(p.CC, 1, 3) || !isDigits(p.PhoneNumber, 4, 15) {
		return nil, fmt.Errorf("phone number +%s %s: cc must be 1-3 digits and phone_number 4-15 digits", p.CC, p.PhoneNumber)
	}
	if p.ID == "" {
		p.ID = fmt.Sprint(st.nextPhone)
		st.nextPhone++
	} else if n, err := strconv.ParseInt(p.ID, 10, 64); err == nil && n >= st.nextPhone {
		st.nextPhone = n + 1 // a loaded state keeps handing out new IDs
	}
	defaults := []struct {
		field *string
		value string
	}{
		{&p.Status, "PENDING"}, {&p.CodeVerificationStatus, "NOT_VERIFIED"}, {&p.QualityRating, "UNKNOWN"},
		{&p.NameStatus, "PENDING_REVIEW"}, {&p.PlatformType, "NOT_APPLICABLE"},
		{&p.ThroughputLevel, "NOT_APPLICABLE"}, {&p.AccountMode, "SANDBOX"},
	}
	for _, d := range defaults {
		if *d.field == "" {
			*d.field = d.value
		}
	}
	ph := &phone{SeedPhoneNumber: p, wabaID: w.id, seq: st.next()}
	if old := st.phones[p.ID]; old != nil {
		st.removePhone(old)
	}
	st.phones[p.ID] = ph
	w.phones = append(w.phones, ph)
	return ph, nil
}

func (st *state) removePhone(p *phone) {
	delete(st.phones, p.ID)
	if w := st.wabas[p.wabaID]; w != nil {
		w.phones = removeWhere(w.phones, func(x *phone) bool { return x == p })
	}
}

// displayNumber formats a number the way WhatsApp Manager shows it.
func displayNumber(cc, national string) string {
	if cc == "1" && len(national) == 10 {
		return fmt.Sprintf("+1 %s-%s-%s", national[:3], national[3:6], national[6:])
	}
	if len(national) > 6 {
		return fmt.Sprintf("+%s %s %s", cc, national[:3], national[3:])
	}
	return fmt.Sprintf("+%s %s", cc, national)
}

func (p *phone) node() map[string]any {
	m := map[string]any{
		"id":                           p.ID,
		"display_phone_number":         displayNumber(p.CC, p.PhoneNumber),
		"status":                       p.Status,
		"code_verification_status":     p.CodeVerificationStatus,
		"quality_rating":               p.QualityRating,
		"name_status":                  p.NameStatus,
		"platform_type":                p.PlatformType,
		"throughput":                   map[string]any{"level": p.ThroughputLevel},
		"account_mode":                 p.AccountMode,
		"is_official_business_account": p.IsOfficialBusinessAccount,
	}
	if p.VerifiedName != "" {
		m["verified_name"] = p.VerifiedName
	}
	if p.LastOnboardedTime != "" {
		m["last_onboarded_time"] = p.LastOnboardedTime
	}
	m["is_pin_enabled"] = p.PIN != ""
	// A Cloud API number is not on the WhatsApp Business app; the score
	// mirrors quality_rating. eligibility_for_api_business_global_search is
	// accepted and left out: its values are not published.
	m["is_on_biz_app"], m["is_preverified_number"] = false, false
	if p.QualityRating != "" {
		m["quality_score"] = map[string]any{"score": p.QualityRating}
	}
	if p.NewDisplayName != "" {
		m["new_display_name"], m["new_name_status"] = p.NewDisplayName, p.NewNameStatus
	}
	return m
}

func deletePhone(st *state, c Change) error {
	p := st.phones[c.ID]
	if p == nil {
		return fmt.Errorf("no phone number %s", c.ID)
	}
	st.removePhone(p)
	return nil
}

func modifyPhone(st *state, c Change) error {
	p := st.phones[c.ID]
	if p == nil {
		return fmt.Errorf("no phone number %s", c.ID)
	}
	b, _ := json.Marshal(p.SeedPhoneNumber)
	m := map[string]any{}
	_ = json.Unmarshal(b, &m)
	maps.Copy(m, c.Fields)
	b, _ = json.Marshal(m)
	var np SeedPhoneNumber
	if err := json.Unmarshal(b, &np); err != nil {
		return err
	}
	p.SeedPhoneNumber = np
	return nil
}

// PhoneNumber returns a phone number by ID, with its WABA.
func (s *Server) PhoneNumber(id string) (SeedPhoneNumber, string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.st.phones[id]; p != nil {
		return p.SeedPhoneNumber, p.wabaID, true
	}
	return SeedPhoneNumber{}, "", false
}

// PhoneNumbers returns a WABA's numbers in creation order.
func (s *Server) PhoneNumbers(wabaID string) []SeedPhoneNumber {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []SeedPhoneNumber
	if w := s.st.wabas[wabaID]; w != nil {
		for _, p := range w.phones {
			out = append(out, p.SeedPhoneNumber)
		}
	}
	return out
}
