package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Message templates, after
// https://developers.facebook.com/docs/whatsapp/business-management-api/message-templates/
// and its pages on components, authentication templates and management.
// Where Meta documents an error code the fake answers with it; where it does
// not (editing in the wrong status, the edit quota, the hourly creation
// limit) it answers code 100 with a message saying what happened. The 30-day
// name lock is answered as a duplicate (100/2388024), the harder case: public
// clients see that subcode for both, and a client cannot tell them apart.

func init() {
	handle(http.MethodGet, "/{waba}/message_templates", (*Server).listTemplates)
	handle(http.MethodPost, "/{waba}/message_templates", (*Server).createTemplate)
	handle(http.MethodDelete, "/{waba}/message_templates", (*Server).deleteTemplates)
	handle(http.MethodGet, "/{template}", (*Server).getTemplate)
	handle(http.MethodPost, "/{template}", (*Server).editTemplate)
	registerKind(KindMessageTemplate, kind{modify: modifyTemplate, delete: func(st *state, c Change) error {
		t := st.templates[c.ID]
		if t == nil {
			return fmt.Errorf("no template %q", c.ID)
		}
		delete(st.templates, c.ID)
		return nil
	}})
}

// KindMessageTemplate names templates in the control routes. Change.Fields
// may set status (APPROVED, REJECTED, PAUSED, DISABLED, ARCHIVED, ...),
// category (Meta re-categorising: the old one becomes previous_category),
// rejected_reason, quality_score and components (an edit in WhatsApp Manager).
const KindMessageTemplate = "message_template"

// Meta's documented limits and codes.
const (
	templateLimitDefault  = 250 // per WABA, unless SeedWABA.MessageTemplateLimit says otherwise
	templateCreationsHour = 100 // per WABA
	templateNameLock      = 30 * 24 * time.Hour
	approvedEditsPerDay   = 1
	approvedEditsPerMonth = 10

	subcodeTooLong        = 2388040
	subcodeHeaderFormat   = 2388047
	subcodeBodyFormat     = 2388072
	subcodeFooterFormat   = 2388073
	subcodeTooManyParams  = 2388293
	subcodeParamAtEdge    = 2388299
	subcodeMediaExample   = 2388273
	subcodeTemplateExists = 2388024
	subcodeTemplateLimit  = 2388019
	subcodeTemplateGone   = 2593002
)

// SeedMessageTemplate is a template on a WABA. Components are in Meta's
// create shape; Status defaults to APPROVED.
type SeedMessageTemplate struct {
	ID              string `json:"id,omitempty"`
	Name            string `json:"name"`
	Language        string `json:"language"`
	Category        string `json:"category"`
	Status          string `json:"status,omitempty"`
	ParameterFormat string `json:"parameter_format,omitempty"`
	QualityScore    string `json:"quality_score,omitempty"`
	RejectedReason  string `json:"rejected_reason,omitempty"`
	// PreviousCategory is set when Meta re-categorised the template.
	PreviousCategory      string `json:"previous_category,omitempty"`
	MessageSendTTLSeconds *int   `json:"message_send_ttl_seconds,omitempty"`
	Components            []any  `json:"components"`
}

type template struct {
	SeedMessageTemplate
	wabaID   string
	seq      int64
	reviewAt time.Time   // when a PENDING template is approved; zero: never (decided by control)
	edits    []time.Time // edits made while APPROVED, for the quota
}

var templateNameRe = regexp.MustCompile(`^[a-z0-9_]{1,512}$`)

// templateFields are the node's fields the fake knows.
var templateFields = map[string]bool{
	"id": true, "name": true, "language": true, "category": true, "status": true, "components": true,
	"parameter_format": true, "previous_category": true, "correct_category": true, "rejected_reason": true,
	"quality_score": true, "message_send_ttl_seconds": true, "sub_category": true, "library_template_name": true,
	"cta_url_link_tracking_opted_out": true,
}

var templateDefaultFields = []string{"name", "components", "language", "status", "category", "id"}

// review applies the passing of time: a PENDING template whose review time
// came is APPROVED. The caller holds s.mu.
func (s *Server) review(t *template) {
	if t.Status == "PENDING" && !t.reviewAt.IsZero() && !s.opts.Now().Before(t.reviewAt) {
		t.Status = "APPROVED"
	}
}

// pend puts a template under review, to be approved after the configured delay.
func (s *Server) pend(t *template) {
	t.Status = "PENDING"
	t.reviewAt = time.Time{}
	if s.opts.TemplateReviewDelay >= 0 {
		t.reviewAt = s.opts.Now().Add(s.opts.TemplateReviewDelay)
	}
}

func (st *state) addTemplate(w *waba, t SeedMessageTemplate) (*template, error) {
	if !templateNameRe.MatchString(t.Name) || t.Language == "" {
		return nil, fmt.Errorf("template %q/%q: name must match %s and language is required", t.Name, t.Language, templateNameRe)
	}
	if t.ID == "" {
		for t.ID == "" || st.templates[t.ID] != nil { // seeded IDs are taken
			t.ID = strconv.FormatInt(st.nextTemplate, 10)
			st.nextTemplate++
		}
	} else if !isDecimal(t.ID) {
		return nil, fmt.Errorf("template ID %q is not decimal", t.ID)
	}
	if t.Status == "" {
		t.Status = "APPROVED"
	}
	if t.ParameterFormat == "" {
		t.ParameterFormat = "POSITIONAL"
	}
	if t.QualityScore == "" {
		t.QualityScore = "UNKNOWN"
	}
	t.Components = upperTypes(t.Components)
	tp := &template{SeedMessageTemplate: t, wabaID: w.id, seq: st.next()}
	st.templates[t.ID] = tp
	return tp, nil
}

// templatesOf returns a WABA's templates in creation order.
func (st *state) templatesOf(wabaID string) []*template {
	var out []*template
	for _, t := range st.templates {
		if t.wabaID == wabaID {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b *template) int { return int(a.seq - b.seq) })
	return out
}

func (s *Server) templateNode(t *template) map[string]any {
	s.review(t)
	n := map[string]any{
		"id": t.ID, "name": t.Name, "language": t.Language, "category": t.Category, "status": t.Status,
		"parameter_format": t.ParameterFormat, "components": readBackComponents(t.Category, t.ID, t.Components),
		"quality_score":   map[string]any{"score": t.QualityScore, "date": 1767225600},
		"rejected_reason": "NONE",
	}
	if t.RejectedReason != "" {
		n["rejected_reason"] = t.RejectedReason
	}
	if t.PreviousCategory != "" {
		n["previous_category"] = t.PreviousCategory
	}
	if t.MessageSendTTLSeconds != nil {
		n["message_send_ttl_seconds"] = *t.MessageSendTTLSeconds
	}
	return n
}

func (s *Server) templateLimit(w *waba) int {
	if w.templateLimit > 0 {
		return w.templateLimit
	}
	return templateLimitDefault
}

func (s *Server) templateFor(req *request) (*template, *graphError) {
	t := s.st.templates[req.parts[0]]
	if t == nil || s.wabaAccess(req, t.wabaID) != nil {
		return nil, notFound(strings.ToLower(req.r.Method), req.parts[0])
	}
	return t, nil
}

// wabaAccess refuses a token limited to other WABAs.
func (s *Server) wabaAccess(req *request, wabaID string) *graphError {
	if len(req.token.WABAs) > 0 && !slices.Contains(req.token.WABAs, wabaID) {
		return errf(403, 200, 0, "OAuthException", "(#200) Permissions error")
	}
	return nil
}

func (s *Server) getTemplate(req *request) (any, *graphError) {
	t, gerr := s.templateFor(req)
	if gerr != nil {
		return nil, gerr
	}
	return selectFields(s.templateNode(t), req.params.Get("fields"), templateFields, templateDefaultFields, "WhatsAppBusinessHSM")
}

// templateInput reads category, components and TTL from a JSON body. A
// create needs category and components; an edit takes each of them
// optionally (absent: "" and nil). The TTL is checked against the category
// by ttlInput once the caller knows it.
func templateInput(req *request, create bool) (category string, components []any, gerr *graphError) {
	category = strings.ToUpper(req.params.Get("category"))
	if (create || category != "") && category != "MARKETING" && category != "UTILITY" && category != "AUTHENTICATION" {
		return "", nil, invalidParam("Param category must be one of {MARKETING, UTILITY, AUTHENTICATION}")
	}
	if raw := req.params.Get("components"); create || raw != "" {
		if err := json.Unmarshal([]byte(raw), &components); err != nil || len(components) == 0 {
			return "", nil, invalidParam("Param components must be a non-empty array")
		}
	}
	return category, upperTypes(components), nil
}

// ttlInput reads message_send_ttl_seconds (nil when absent) and checks it
// against the category's range.
func ttlInput(req *request, category string) (*int, *graphError) {
	v := req.params.Get("message_send_ttl_seconds")
	if v == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || !ttlAllowed(category, n) {
		return nil, invalidParam("Param message_send_ttl_seconds is out of range for %s templates", category)
	}
	return &n, nil
}

// ttlAllowed is Meta's range of message_send_ttl_seconds per category.
func ttlAllowed(category string, n int) bool {
	switch category {
	case "AUTHENTICATION":
		return n == -1 || (n >= 30 && n <= 900)
	case "UTILITY":
		return n == -1 || (n >= 30 && n <= 43200)
	}
	return n >= 43200 && n <= 2592000
}

func (s *Server) createTemplate(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	name, language := req.params.Get("name"), req.params.Get("language")
	if !templateNameRe.MatchString(name) {
		return nil, invalidParam("Param name must contain only lowercase letters, numbers and underscores, at most 512 characters")
	}
	if language == "" {
		return nil, invalidParam("The parameter language is required")
	}
	category, components, gerr := templateInput(req, true)
	if gerr != nil {
		return nil, gerr
	}
	ttl, gerr := ttlInput(req, category)
	if gerr != nil {
		return nil, gerr
	}
	format := strings.ToUpper(req.params.Get("parameter_format"))
	if format == "" {
		format = "POSITIONAL"
	}
	if format != "POSITIONAL" && format != "NAMED" {
		return nil, invalidParam("Param parameter_format must be one of {NAMED, POSITIONAL}")
	}
	if gerr := validateComponents(category, format, components); gerr != nil {
		return nil, gerr
	}
	now := s.opts.Now()
	existing := s.st.templatesOf(w.id)
	for _, t := range existing {
		if t.Name == name && t.Language == language {
			return nil, errf(400, 100, subcodeTemplateExists, "OAuthException", "(#100) Invalid parameter: Content in this language already exists")
		}
	}
	if until, ok := w.nameLocks[name]; ok && now.Before(until) {
		return nil, errf(400, 100, subcodeTemplateExists, "OAuthException", "(#100) Invalid parameter: Content in this language already exists")
	}
	if len(existing) >= s.templateLimit(w) {
		return nil, errf(400, 100, subcodeTemplateLimit, "OAuthException", "(#100) Message template limit exceeded: this account has %d of %d", len(existing), s.templateLimit(w))
	}
	w.creations = slices.DeleteFunc(w.creations, func(t time.Time) bool { return now.Sub(t) >= time.Hour })
	if len(w.creations) >= templateCreationsHour {
		return nil, invalidParam("Message template creation limit reached: at most %d templates per hour on this account", templateCreationsHour)
	}
	w.creations = append(w.creations, now)
	t, err := s.st.addTemplate(w, SeedMessageTemplate{Name: name, Language: language, Category: category, ParameterFormat: format,
		MessageSendTTLSeconds: ttl, Components: components})
	if err != nil {
		return nil, invalidParam("%v", err)
	}
	s.pend(t)
	return map[string]any{"id": t.ID, "status": t.Status, "category": t.Category}, nil
}

func (s *Server) editTemplate(req *request) (any, *graphError) {
	t, gerr := s.templateFor(req)
	if gerr != nil {
		return nil, gerr
	}
	s.review(t)
	if t.Status != "APPROVED" && t.Status != "REJECTED" && t.Status != "PAUSED" {
		return nil, invalidParam("Message template %s is %s: only APPROVED, REJECTED or PAUSED templates can be edited", t.ID, t.Status)
	}
	// Meta makes category and components each optional on an edit; what is
	// left out stays as it is, except the TTL, which the edit replaces.
	category, components, gerr := templateInput(req, false)
	if gerr != nil {
		return nil, gerr
	}
	if category == "" && components == nil && req.params.Get("message_send_ttl_seconds") == "" {
		return nil, invalidParam("Nothing to edit: set category, components or message_send_ttl_seconds")
	}
	if category == "" {
		category = t.Category
	}
	if t.Status == "APPROVED" && category != t.Category {
		return nil, invalidParam("The category of an approved message template cannot be changed")
	}
	if components == nil {
		components = t.Components
	}
	ttl, gerr := ttlInput(req, category)
	if gerr != nil {
		return nil, gerr
	}
	if gerr := validateComponents(category, t.ParameterFormat, components); gerr != nil {
		return nil, gerr
	}
	now := s.opts.Now()
	if t.Status == "APPROVED" {
		var day, month int
		for _, e := range t.edits {
			if now.Sub(e) < 24*time.Hour {
				day++
			}
			if now.Sub(e) < 30*24*time.Hour {
				month++
			}
		}
		if day >= approvedEditsPerDay || month >= approvedEditsPerMonth {
			return nil, invalidParam("Message template edit limit reached: an approved template can be edited once in 24 hours and %d times in 30 days", approvedEditsPerMonth)
		}
		t.edits = append(t.edits, now)
	}
	t.Category, t.Components, t.MessageSendTTLSeconds = category, components, ttl
	t.RejectedReason = ""
	s.pend(t)
	return map[string]any{"success": true}, nil
}

func (s *Server) deleteTemplates(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	name, hsmID := req.params.Get("name"), req.params.Get("hsm_id")
	if name == "" {
		return nil, invalidParam("The parameter name is required")
	}
	var doomed []*template
	for _, t := range s.st.templatesOf(w.id) {
		if t.Name == name && (hsmID == "" || t.ID == hsmID) {
			doomed = append(doomed, t)
		}
	}
	if len(doomed) == 0 {
		return nil, errf(400, 100, subcodeTemplateGone, "OAuthException", "(#100) Message template not found")
	}
	for _, t := range doomed {
		s.review(t)
		if t.Status == "DISABLED" {
			return nil, invalidParam("Message template %s is DISABLED and cannot be deleted", t.ID)
		}
	}
	for _, t := range doomed {
		if t.Status == "APPROVED" || t.Status == "PAUSED" {
			if w.nameLocks == nil {
				w.nameLocks = map[string]time.Time{}
			}
			w.nameLocks[name] = s.opts.Now().Add(templateNameLock)
		}
		delete(s.st.templates, t.ID)
	}
	return map[string]any{"success": true}, nil
}

func modifyTemplate(st *state, c Change) error {
	t := st.templates[c.ID]
	if t == nil {
		return fmt.Errorf("no template %q", c.ID)
	}
	for k, v := range c.Fields {
		s := fmt.Sprint(v)
		switch k {
		case "status":
			t.Status, t.reviewAt = s, time.Time{}
		case "category":
			if s != t.Category {
				t.PreviousCategory, t.Category = t.Category, s
			}
		case "rejected_reason":
			t.RejectedReason = s
		case "quality_score":
			t.QualityScore = s
		case "components":
			list, ok := v.([]any)
			if !ok {
				return fmt.Errorf("components must be a list")
			}
			t.Components = upperTypes(list)
		default:
			return fmt.Errorf("unknown template field %q", k)
		}
	}
	return nil
}
