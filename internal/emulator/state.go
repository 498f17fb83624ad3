package emulator

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"
)

// Seed is the JSON document that fills the fake's state; see the package doc.
type Seed struct {
	Businesses []SeedBusiness `json:"businesses,omitempty"`
	Apps       []SeedApp      `json:"apps,omitempty"`
	Users      []SeedUser     `json:"users,omitempty"`
	Tokens     []SeedToken    `json:"tokens,omitempty"`
	WABAs      []SeedWABA     `json:"wabas,omitempty"`
}

// SeedBusiness is a business portfolio.
type SeedBusiness struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// SeedApp is a Meta app; tokens belong to apps.
type SeedApp struct {
	ID               string `json:"id"`
	Name             string `json:"name"`
	Secret           string `json:"secret,omitempty"`
	RequireAppSecret bool   `json:"require_app_secret,omitempty"`
	// Subscriptions are the app's webhook subscriptions, one per object
	// (see app_subscriptions.go).
	Subscriptions []SeedAppSubscription `json:"subscriptions,omitempty"`
}

// SeedUser is a business or system user that can be assigned to WABAs.
type SeedUser struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Type       string `json:"type,omitempty"` // SYSTEM_USER, BUSINESS_USER, PERSONAL_USER
	BusinessID string `json:"business_id,omitempty"`
}

// SeedToken is an access token of an app's user.
type SeedToken struct {
	Token  string   `json:"token"`
	AppID  string   `json:"app_id"`
	UserID string   `json:"user_id,omitempty"`
	WABAs  []string `json:"wabas,omitempty"`
}

// SeedWABA is a WhatsApp Business Account with its edges.
type SeedWABA struct {
	ID              string `json:"id"`
	OwnerBusinessID string `json:"owner_business_id,omitempty"`
	// ClientBusinessIDs are businesses that manage the WABA for its owner
	// (solution providers): it is among their client WABAs.
	ClientBusinessIDs []string            `json:"client_business_ids,omitempty"`
	Fields            map[string]any      `json:"fields,omitempty"`
	PhoneNumbers      []SeedPhoneNumber   `json:"phone_numbers,omitempty"`
	SubscribedApps    []SeedSubscribedApp `json:"subscribed_apps,omitempty"`
	AssignedUsers     []SeedAssignedUser  `json:"assigned_users,omitempty"`
	// MessageTemplates are the WABA's templates (see SeedMessageTemplate).
	MessageTemplates []SeedMessageTemplate `json:"message_templates,omitempty"`
	// MessageTemplateLimit is how many templates the WABA may hold; 0 is
	// Meta's default of 250.
	MessageTemplateLimit int `json:"message_template_limit,omitempty"`
	// Flows are the WABA's WhatsApp Flows (see SeedFlow).
	Flows []SeedFlow `json:"flows,omitempty"`
}

// SeedPhoneNumber is a business phone number on a WABA. Fields left empty take
// the values of a newly added, unregistered number.
type SeedPhoneNumber struct {
	ID                        string `json:"id,omitempty"`
	CC                        string `json:"cc"`
	PhoneNumber               string `json:"phone_number"`
	VerifiedName              string `json:"verified_name,omitempty"`
	Status                    string `json:"status,omitempty"`
	CodeVerificationStatus    string `json:"code_verification_status,omitempty"`
	QualityRating             string `json:"quality_rating,omitempty"`
	NameStatus                string `json:"name_status,omitempty"`
	PlatformType              string `json:"platform_type,omitempty"`
	ThroughputLevel           string `json:"throughput_level,omitempty"`
	AccountMode               string `json:"account_mode,omitempty"`
	IsOfficialBusinessAccount bool   `json:"is_official_business_account,omitempty"`
	LastOnboardedTime         string `json:"last_onboarded_time,omitempty"`
	// PIN is the two-step verification PIN; set, it turns is_pin_enabled on.
	PIN                    string `json:"pin,omitempty"`
	DataLocalizationRegion string `json:"data_localization_region,omitempty"`
	// NewDisplayName and NewNameStatus are the latest display-name request
	// (PENDING_REVIEW until decided; a declined name stays, DECLINED).
	NewDisplayName string `json:"new_display_name,omitempty"`
	NewNameStatus  string `json:"new_name_status,omitempty"`
	// BusinessProfile, WebhookOverride and Automation are the number's
	// settings (see their files).
	BusinessProfile *SeedBusinessProfile `json:"business_profile,omitempty"`
	WebhookOverride *SeedWebhookOverride `json:"webhook_override,omitempty"`
	Automation      *SeedAutomation      `json:"conversational_automation,omitempty"`
	// CommerceSettings are the number's cart and catalog settings.
	CommerceSettings *SeedCommerceSettings `json:"commerce_settings,omitempty"`
	// QRCodes are the number's QR codes and short links, oldest first.
	QRCodes []SeedQRCode `json:"qr_codes,omitempty"`
	// BusinessPublicKey is the number's business public key for Flows (PEM).
	BusinessPublicKey string `json:"business_public_key,omitempty"`
}

// SeedSubscribedApp is an app subscribed to a WABA's webhooks.
type SeedSubscribedApp struct {
	AppID               string `json:"app_id"`
	OverrideCallbackURI string `json:"override_callback_uri,omitempty"`
	VerifyToken         string `json:"verify_token,omitempty"`
}

// SeedAssignedUser is a user's task set on a WABA.
type SeedAssignedUser struct {
	UserID string   `json:"user_id"`
	Tasks  []string `json:"tasks"`
}

// LoadSeedFile reads a seed document from a JSON file.
func LoadSeedFile(path string) (Seed, error) {
	var s Seed
	b, err := os.ReadFile(path)
	if err != nil {
		return s, err
	}
	dec := json.NewDecoder(strings.NewReader(stripComments(string(b))))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return s, fmt.Errorf("seed %s: %w", path, err)
	}
	return s, nil
}

// stripComments drops lines that start with // (after white space), so a
// seed file can explain itself; JSON has no comments of its own.
func stripComments(doc string) string {
	lines := strings.Split(doc, "\n")
	kept := lines[:0]
	for _, l := range lines {
		if !strings.HasPrefix(strings.TrimSpace(l), "//") {
			kept = append(kept, l)
		}
	}
	return strings.Join(kept, "\n")
}

// state is the fake's data. Edges keep insertion order through seq, which is
// what cursors point at, so paging stays stable while items are deleted.
type state struct {
	businesses map[string]SeedBusiness
	apps       map[string]SeedApp
	users      map[string]SeedUser
	tokens     map[string]SeedToken
	wabas      map[string]*waba
	phones     map[string]*phone // by phone number ID
	sessions   map[string]*uploadSession
	uploads    []Upload
	templates  map[string]*template // by template ID
	flows      map[string]*flow     // by Flow ID
	seq        int64
	nextPhone  int64
	// nextTemplate numbers new templates.
	nextTemplate int64
	nextFlow     int64
}

type waba struct {
	id            string
	ownerBusiness string
	clients       []string
	fields        map[string]any
	phones        []*phone
	apps          []*subscription
	users         []*assignment
	// nameLocks are template names deleted while approved, and until when
	// they cannot be used again; creations are the template creations of
	// the last hour.
	nameLocks     map[string]time.Time
	creations     []time.Time
	templateLimit int
}

type phone struct {
	SeedPhoneNumber
	wabaID string
	seq    int64
	// registrations and deregistrations are when they happened, for the
	// budget of 10 each per 72 hours.
	registrations, deregistrations []time.Time
	// qrSeq places each QR code in the listing, for cursors (see qr_codes.go).
	qrSeq map[string]int64
}

type subscription struct {
	SeedSubscribedApp
	seq int64
}

type assignment struct {
	SeedAssignedUser
	seq int64
}

func newState() *state {
	return &state{
		businesses:   map[string]SeedBusiness{},
		apps:         map[string]SeedApp{},
		users:        map[string]SeedUser{},
		tokens:       map[string]SeedToken{},
		wabas:        map[string]*waba{},
		phones:       map[string]*phone{},
		sessions:     map[string]*uploadSession{},
		templates:    map[string]*template{},
		flows:        map[string]*flow{},
		nextPhone:    110200345500001,
		nextTemplate: 1702255403300001,
		nextFlow:     1183907543000001,
	}
}

func (st *state) next() int64 {
	st.seq++
	return st.seq
}

// apply merges a seed into the state; objects with an existing ID replace it.
func (st *state) apply(s Seed) error {
	for _, b := range s.Businesses {
		st.businesses[b.ID] = b
	}
	for _, a := range s.Apps {
		st.apps[a.ID] = a
	}
	for _, u := range s.Users {
		if u.Type == "" {
			u.Type = "SYSTEM_USER"
		}
		st.users[u.ID] = u
	}
	for _, t := range s.Tokens {
		if _, ok := st.apps[t.AppID]; !ok {
			return fmt.Errorf("token %q names unknown app %q", mask(t.Token), t.AppID)
		}
		st.tokens[t.Token] = t
	}
	for _, sw := range s.WABAs {
		if !isDecimal(sw.ID) {
			return fmt.Errorf("WABA ID %q is not decimal", sw.ID)
		}
		w := st.wabas[sw.ID]
		if w == nil {
			w = &waba{id: sw.ID, fields: map[string]any{}, nameLocks: map[string]time.Time{}}
			st.wabas[sw.ID] = w
		}
		if sw.OwnerBusinessID != "" {
			w.ownerBusiness = sw.OwnerBusinessID
		}
		if len(sw.ClientBusinessIDs) > 0 {
			w.clients = sw.ClientBusinessIDs
		}
		if sw.MessageTemplateLimit > 0 {
			w.templateLimit = sw.MessageTemplateLimit
		}
		for k, v := range sw.Fields {
			if !wabaFields[k] {
				return fmt.Errorf("WABA %s: unknown field %q", sw.ID, k)
			}
			w.fields[k] = v
		}
		for _, p := range sw.PhoneNumbers {
			if _, err := st.addPhone(w, p); err != nil {
				return err
			}
		}
		for _, a := range sw.SubscribedApps {
			st.subscribe(w, a)
		}
		for _, a := range sw.AssignedUsers {
			st.assign(w, a.UserID, a.Tasks)
		}
		for _, t := range sw.MessageTemplates {
			if _, err := st.addTemplate(w, t); err != nil {
				return fmt.Errorf("WABA %s: %w", sw.ID, err)
			}
		}
		for _, f := range sw.Flows {
			if _, err := st.addFlow(w, f); err != nil {
				return fmt.Errorf("WABA %s: %w", sw.ID, err)
			}
		}
	}
	return nil
}

// snapshot renders the state in the seed format, in a stable order.
func (st *state) snapshot() Seed { return st.export(mask) }

// export renders the state in the seed format, passing every secret through
// hide: mask for GET /_fake/state, as is for a state file.
func (st *state) export(hide func(string) string) Seed {
	var s Seed
	for _, b := range st.businesses {
		s.Businesses = append(s.Businesses, b)
	}
	sort.Slice(s.Businesses, func(i, j int) bool { return s.Businesses[i].ID < s.Businesses[j].ID })
	for _, a := range st.apps {
		a.Secret = hide(a.Secret)
		s.Apps = append(s.Apps, a)
	}
	sort.Slice(s.Apps, func(i, j int) bool { return s.Apps[i].ID < s.Apps[j].ID })
	for _, u := range st.users {
		s.Users = append(s.Users, u)
	}
	sort.Slice(s.Users, func(i, j int) bool { return s.Users[i].ID < s.Users[j].ID })
	if hide("x") == "x" { // tokens only where secrets are kept
		for _, t := range st.tokens {
			s.Tokens = append(s.Tokens, t)
		}
		sort.Slice(s.Tokens, func(i, j int) bool { return s.Tokens[i].Token < s.Tokens[j].Token })
	}
	for _, w := range st.wabas {
		sw := SeedWABA{ID: w.id, OwnerBusinessID: w.ownerBusiness, ClientBusinessIDs: w.clients, Fields: map[string]any{}, MessageTemplateLimit: w.templateLimit}
		for k, v := range w.fields {
			sw.Fields[k] = v
		}
		for _, p := range w.phones {
			sp := p.SeedPhoneNumber
			sp.PIN = hide(sp.PIN)
			if o := sp.WebhookOverride; o != nil {
				sp.WebhookOverride = &SeedWebhookOverride{OverrideCallbackURI: o.OverrideCallbackURI, VerifyToken: hide(o.VerifyToken)}
			}
			sw.PhoneNumbers = append(sw.PhoneNumbers, sp)
		}
		for _, a := range w.apps {
			sa := a.SeedSubscribedApp
			sa.VerifyToken = hide(sa.VerifyToken)
			sw.SubscribedApps = append(sw.SubscribedApps, sa)
		}
		for _, a := range w.users {
			sw.AssignedUsers = append(sw.AssignedUsers, a.SeedAssignedUser)
		}
		for _, t := range st.templatesOf(w.id) {
			sw.MessageTemplates = append(sw.MessageTemplates, t.SeedMessageTemplate)
		}
		for _, f := range st.flowsOf(w.id) {
			sw.Flows = append(sw.Flows, f.SeedFlow)
		}
		s.WABAs = append(s.WABAs, sw)
	}
	sort.Slice(s.WABAs, func(i, j int) bool { return s.WABAs[i].ID < s.WABAs[j].ID })
	return s
}

func removeWhere[T any](xs []T, drop func(T) bool) []T {
	out := xs[:0]
	for _, x := range xs {
		if !drop(x) {
			out = append(out, x)
		}
	}
	return out
}

func isDigits(s string, lo, hi int) bool {
	if len(s) < lo || len(s) > hi {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func isDecimal(s string) bool { return isDigits(s, 1, 32) }

// mask hides a secret in the state dump and in error messages.
func mask(s string) string {
	if s == "" {
		return ""
	}
	return "***"
}
