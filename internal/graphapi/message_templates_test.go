package graphapi

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// templateClock is the fake's clock for template tests: review delays, the
// edit quota and the name lock are measured on it.
type templateClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *templateClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *templateClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func newTemplateFake(t *testing.T, delay time.Duration) (*emulator.Server, *Client, *templateClock) {
	t.Helper()
	clock := &templateClock{now: time.Now()}
	f := newFake(t, emulator.Options{Now: clock.Now, TemplateReviewDelay: delay})
	c, _ := newClient(t, f.URL, nil)
	return f, c, clock
}

const utilityComponents = `[
  {"type":"body","text":"Hello {{first_name}}, order {{order_id}} is on its way.",
   "example":{"body_text_named_params":[{"param_name":"first_name","example":"Jana"},{"param_name":"order_id","example":"A-1042"}]}},
  {"type":"BUTTONS","buttons":[{"type":"url","text":"Track","url":"https://acme.example/track/{{1}}","example":["A-1042"]}]}]`

func utilityTemplate(name string) NewMessageTemplate {
	return NewMessageTemplate{Name: name, Language: "en_US", Category: "UTILITY", ParameterFormat: "NAMED", Components: json.RawMessage(utilityComponents)}
}

func TestTemplateLifecycle(t *testing.T) {
	t.Parallel()
	f, c, clock := newTemplateFake(t, time.Hour)
	ctx := context.Background()
	created, err := c.CreateMessageTemplate(ctx, wabaID, utilityTemplate("order_shipped"))
	if err != nil {
		t.Fatal(err)
	}
	if created.Status == nil || *created.Status != "PENDING" || created.Category == nil || *created.Category != "UTILITY" {
		t.Fatalf("created %+v", created)
	}
	got, err := c.ReadBackMessageTemplate(ctx, wabaID, created.ID)
	if err != nil || got == nil {
		t.Fatalf("read back %+v %v", got, err)
	}
	// Meta reads types back in upper case.
	if !strings.Contains(string(got.Components), `"type":"BODY"`) || !strings.Contains(string(got.Components), `"type":"URL"`) {
		t.Fatalf("components read back %s", got.Components)
	}
	// While PENDING, an edit is refused.
	err = c.EditMessageTemplate(ctx, wabaID, created.ID, utilityTemplate("order_shipped"))
	if e, ok := As(err); !ok || e.Code != 100 || !strings.Contains(e.Message, "PENDING") {
		t.Fatalf("edit while PENDING: %v", err)
	}
	clock.advance(time.Hour)
	node, err := c.GetMessageTemplate(ctx, created.ID)
	if err != nil || *node.Status != "APPROVED" {
		t.Fatalf("after the review delay: %+v %v", node, err)
	}
	// Approved: no category change; one edit per 24 hours.
	marketing := utilityTemplate("order_shipped")
	marketing.Category = "MARKETING"
	if err := c.EditMessageTemplate(ctx, wabaID, created.ID, marketing); err == nil || !strings.Contains(err.Error(), "category") {
		t.Fatalf("category change of an approved template: %v", err)
	}
	if err := c.EditMessageTemplate(ctx, wabaID, created.ID, utilityTemplate("order_shipped")); err != nil {
		t.Fatal(err)
	}
	clock.advance(time.Hour) // approved again after review
	err = c.EditMessageTemplate(ctx, wabaID, created.ID, utilityTemplate("order_shipped"))
	if e, ok := As(err); !ok || !e.IsTemplateEditLimit() {
		t.Fatalf("second edit within 24 hours: %v", err)
	}
	clock.advance(24 * time.Hour)
	if err := c.EditMessageTemplate(ctx, wabaID, created.ID, utilityTemplate("order_shipped")); err != nil {
		t.Fatalf("an edit a day later: %v", err)
	}
	// Duplicate (name, language).
	_, err = c.CreateMessageTemplate(ctx, wabaID, utilityTemplate("order_shipped"))
	if !IsAlreadyExists(err) {
		t.Fatalf("duplicate create: %v", err)
	}
	// Delete one language by hsm_id + name; the approved name is locked.
	clock.advance(time.Hour)
	if err := c.DeleteMessageTemplate(ctx, wabaID, created.ID, "order_shipped"); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteMessageTemplate(ctx, wabaID, created.ID, "order_shipped"); !IsNotFound(err) {
		t.Fatalf("deleting a deleted template: %v", err)
	}
	_, err = c.CreateMessageTemplate(ctx, wabaID, utilityTemplate("order_shipped"))
	if !IsAlreadyExists(err) { // Meta answers a locked name as a duplicate
		t.Fatalf("create with a locked name: %v", err)
	}
	clock.advance(30 * 24 * time.Hour)
	if _, err := c.CreateMessageTemplate(ctx, wabaID, utilityTemplate("order_shipped")); err != nil {
		t.Fatalf("create after the lock: %v", err)
	}
	if st := f.Stats(); st.Count("DELETE /{waba}/message_templates") != 2 {
		t.Fatalf("requests %v", st.Requests)
	}
}

func TestTemplateListingFiltersSummaryAndOutOfBandChanges(t *testing.T) {
	t.Parallel()
	f, c, _ := newTemplateFake(t, 0)
	ctx := context.Background()
	for _, name := range []string{"order_shipped", "order_shipped_v2", "welcome"} {
		if _, err := c.CreateMessageTemplate(ctx, wabaID, utilityTemplate(name)); err != nil {
			t.Fatal(err)
		}
	}
	all, err := c.MessageTemplates(ctx, wabaID)
	if err != nil || len(all) != 3 {
		t.Fatalf("%d templates, %v", len(all), err)
	}
	// Meta's name filter may match a part of the name: callers compare.
	filtered := url.Values{"fields": {templateFields}, "name": {"order_shipped"}, "status": {"approved"}}
	got, err := listAll[MessageTemplate](ctx, c, []string{wabaID, EdgeMessageTemplates}, filtered, "")
	if err != nil || len(got.items) != 2 {
		t.Fatalf("filtered %d, %v", len(got.items), err)
	}
	summary, err := c.TemplateSummary(ctx, wabaID)
	if err != nil {
		t.Fatal(err)
	}
	if summary == nil || *summary.MessageTemplateCount != 3 || *summary.MessageTemplateLimit != 250 {
		t.Fatalf("summary %+v", summary)
	}
	// Meta re-categorises an approved utility template as marketing.
	if err := f.Modify(emulator.Change{Kind: emulator.KindMessageTemplate, ID: all[0].ID, Fields: map[string]any{"category": "MARKETING", "quality_score": "GREEN"}}); err != nil {
		t.Fatal(err)
	}
	node, err := c.GetMessageTemplate(ctx, all[0].ID)
	if err != nil || *node.Category != "MARKETING" || *node.PreviousCategory != "UTILITY" || *node.QualityScore.Score != "GREEN" {
		t.Fatalf("after re-categorising: %+v %v", node, err)
	}
	// A DISABLED template cannot be deleted.
	if err := f.Modify(emulator.Change{Kind: emulator.KindMessageTemplate, ID: all[2].ID, Fields: map[string]any{"status": "DISABLED"}}); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteMessageTemplate(ctx, wabaID, all[2].ID, "welcome"); err == nil || !strings.Contains(err.Error(), "DISABLED") {
		t.Fatalf("deleting a DISABLED template: %v", err)
	}
	// The template limit.
	if err := f.Apply(emulator.Seed{WABAs: []emulator.SeedWABA{{ID: wabaID, MessageTemplateLimit: 3}}}); err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateMessageTemplate(ctx, wabaID, utilityTemplate("one_too_many"))
	if e, ok := As(err); !ok || !e.IsTemplateLimit() {
		t.Fatalf("over the limit: %v", err)
	}
}

func TestTemplateReadBackRewrites(t *testing.T) {
	t.Parallel()
	_, c, _ := newTemplateFake(t, 0)
	ctx := context.Background()
	auth := NewMessageTemplate{Name: "login_code", Language: "en_US", Category: "AUTHENTICATION", Components: json.RawMessage(`[
	  {"type":"BODY","add_security_recommendation":true},
	  {"type":"FOOTER","code_expiration_minutes":5},
	  {"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"ONE_TAP","supported_apps":[{"package_name":"com.acme.app","signature_hash":"K8a/AINcGX7"}]}]}]`)}
	media := NewMessageTemplate{Name: "spring_sale", Language: "de", Category: "MARKETING", Components: json.RawMessage(`[
	  {"type":"HEADER","format":"IMAGE","example":{"header_handle":["4::aW1hZ2UvcG5n:ARZ"]}},
	  {"type":"BODY","text":"Spring sale: 20% off until Sunday."}]`)}
	for _, tmpl := range []NewMessageTemplate{auth, media} {
		created, err := c.CreateMessageTemplate(ctx, wabaID, tmpl)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.ReadBackMessageTemplate(ctx, wabaID, created.ID)
		if err != nil || got == nil {
			t.Fatal(err)
		}
		s := string(got.Components)
		switch tmpl.Name {
		case "login_code":
			for _, want := range []string{`"type":"URL"`, `"text":"Copy code"`, `?otp_type=ONE_TAP\u0026code_expiration_minutes=5\u0026code=otp{{1}}"`, `do not share this code`, `expires in 5 minutes`} {
				if !strings.Contains(s, want) {
					t.Errorf("authentication template read back without %s: %s", want, s)
				}
			}
			// Meta does not return these (only the URL carries otp_type).
			for _, absent := range []string{`"otp_type"`, `"autofill_text"`, `"supported_apps"`, `"zero_tap_terms_accepted"`} {
				if strings.Contains(s, absent) {
					t.Errorf("authentication template read back with %s: %s", absent, s)
				}
			}
		case "spring_sale":
			if !strings.Contains(s, `https://scontent.whatsapp.net/`) || strings.Contains(s, "4::") {
				t.Errorf("media example read back as %s, want a CDN URL", s)
			}
		}
	}
}

func TestFakeValidatesTemplatesAsMeta(t *testing.T) {
	t.Parallel()
	_, c, _ := newTemplateFake(t, 0)
	ctx := context.Background()
	body := `{"type":"BODY","text":"Your order {{1}} has shipped.","example":{"body_text":[["A-1"]]}}`
	tests := []struct {
		name, category, components string
		subcode                    int
		message                    string
	}{
		{"no body", "UTILITY", `[{"type":"FOOTER","text":"x"}]`, 2388072, "BODY component is required"},
		{"body too long", "UTILITY", `[{"type":"BODY","text":"` + strings.Repeat("a", 1025) + `"}]`, 2388040, "at most 1024"},
		{"header too long", "UTILITY", `[{"type":"HEADER","format":"TEXT","text":"` + strings.Repeat("h", 61) + `"},` + body + `]`, 2388040, "at most 60"},
		{"two header params", "UTILITY", `[{"type":"HEADER","format":"TEXT","text":"{{1}} and {{2}}"},` + body + `]`, 2388293, "at most one parameter"},
		{"header format", "UTILITY", `[{"type":"HEADER","format":"AUDIO"},` + body + `]`, 2388047, "not one of"},
		{"media header without handle", "MARKETING", `[{"type":"HEADER","format":"IMAGE"},` + body + `]`, 2388273, "need an example"},
		{"media header with a URL", "MARKETING", `[{"type":"HEADER","format":"IMAGE","example":{"header_handle":["https://x.example/a.png"]}},` + body + `]`, 2388273, "not a URL"},
		{"param at the start", "UTILITY", `[{"type":"BODY","text":"{{1}} has shipped.","example":{"body_text":[["A-1"]]}}]`, 2388299, "start or end"},
		{"params out of order", "UTILITY", `[{"type":"BODY","text":"Order {{2}} for {{1}} ok","example":{"body_text":[["a","b"]]}}]`, 2388072, "numbered in order"},
		{"examples missing", "UTILITY", `[{"type":"BODY","text":"Order {{1}} ok"}]`, 2388072, "1 parameters and 0 examples"},
		{"footer with a param", "UTILITY", `[` + body + `,{"type":"FOOTER","text":"Ref {{1}}"}]`, 2388073, "cannot have parameters"},
		{"quick replies apart", "MARKETING", `[` + body + `,{"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"a"},{"type":"URL","text":"u","url":"https://a.example"},{"type":"QUICK_REPLY","text":"b"}]}]`, 0, "next to each other"},
		{"OTP outside authentication", "UTILITY", `[` + body + `,{"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"COPY_CODE"}]}]`, 0, "OTP buttons are for authentication"},
		{"zero tap without the terms", "AUTHENTICATION", `[{"type":"BODY"},{"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"ZERO_TAP","supported_apps":[{"package_name":"com.acme.app","signature_hash":"K8a/AINcGX7"}]}]}]`, 0, "zero_tap_terms_accepted"},
		{"authentication body text", "AUTHENTICATION", `[{"type":"BODY","text":"Code {{1}}"},{"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"COPY_CODE"}]}]`, 2388072, "no body text"},
		{"three URL buttons", "MARKETING", `[` + body + `,{"type":"BUTTONS","buttons":[{"type":"URL","text":"a","url":"https://a.example"},{"type":"URL","text":"b","url":"https://b.example"},{"type":"URL","text":"c","url":"https://c.example"}]}]`, 0, "At most 2 URL"},
	}
	for _, tc := range tests {
		_, err := c.CreateMessageTemplate(ctx, wabaID, NewMessageTemplate{Name: "t_" + strings.ToLower(strings.ReplaceAll(tc.name, " ", "_")), Language: "en", Category: tc.category, Components: json.RawMessage(tc.components)})
		e, ok := As(err)
		if !ok || e.Code != 100 || e.Subcode != tc.subcode || !strings.Contains(e.Message, tc.message) {
			t.Errorf("%s: got %v, want code 100 subcode %d with %q", tc.name, err, tc.subcode, tc.message)
		}
	}
}

func TestTemplateCreationsPerHour(t *testing.T) {
	t.Parallel()
	f, c, clock := newTemplateFake(t, 0)
	ctx := context.Background()
	for i := range 100 {
		if _, err := c.CreateMessageTemplate(ctx, wabaID, utilityTemplate("bulk_"+strings.Repeat("x", i+1))); err != nil {
			t.Fatalf("creation %d: %v", i+1, err)
		}
	}
	if _, err := c.CreateMessageTemplate(ctx, wabaID, utilityTemplate("bulk_101")); err == nil || !strings.Contains(err.Error(), "100 templates per hour") {
		t.Fatalf("creation 101 within the hour: %v", err)
	}
	clock.advance(time.Hour)
	if _, err := c.CreateMessageTemplate(ctx, wabaID, utilityTemplate("bulk_101")); err != nil {
		t.Fatalf("creation 101 an hour later: %v", err)
	}
	// The state, saved and loaded again, keeps the templates.
	s := f.State()
	if n := len(s.WABAs[0].MessageTemplates); n != 101 {
		t.Fatalf("snapshot holds %d templates, want 101", n)
	}
	g, err := emulator.NewServer(s, emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if n := len(g.State().WABAs[0].MessageTemplates); n != 101 {
		t.Fatalf("reloaded state holds %d templates", n)
	}
}

// TestErrorPredicates: decisions come from Meta's code and subcode, and for
// template edits from the status the template read in after the refusal;
// never from the message, which Meta localizes (a German error_user_msg
// changes nothing).
func TestErrorPredicates(t *testing.T) {
	t.Parallel()
	type want struct{ limit, editLimit, notEdit, exists, notFound, invalid bool }
	tests := []struct {
		name string
		err  Error
		want want
	}{
		{"template limit", Error{Code: 100, Subcode: 2388019, Message: "Message template limit exceeded"}, want{limit: true}},
		{"edit refused while approved", Error{Code: 100, Message: "Message template edit limit reached", templateStatus: "APPROVED"}, want{editLimit: true, invalid: true}},
		{"edit refused while approved, German", Error{Code: 100, Message: "Ungültiger Parameter", UserMessage: "Die Vorlage kann derzeit nicht bearbeitet werden.", templateStatus: "APPROVED"}, want{editLimit: true, invalid: true}},
		{"edit refused while pending", Error{Code: 100, Message: "only APPROVED, REJECTED or PAUSED templates can be edited", templateStatus: "PENDING"}, want{notEdit: true, invalid: true}},
		{"edit refused while pending, German", Error{Code: 100, UserMessage: "Nur genehmigte Vorlagen können bearbeitet werden.", templateStatus: "PENDING"}, want{notEdit: true, invalid: true}},
		{"edit refused while rejected", Error{Code: 100, Message: "Invalid parameter", templateStatus: "REJECTED"}, want{invalid: true}},
		{"edit-limit English text alone decides nothing", Error{Code: 100, Message: "Message template edit limit reached: an approved template can be edited once in 24 hours"}, want{invalid: true}},
		{"template exists", Error{Code: 100, Subcode: 2388024, Message: "Content in this language already exists"}, want{exists: true}},
		{"template exists, German", Error{Code: 100, Subcode: 2388024, UserMessage: "Inhalte in dieser Sprache sind bereits vorhanden."}, want{exists: true}},
		{"phone number exists", Error{Code: 2388012, Message: "Phone number is already present in your list"}, want{exists: true}},
		{"already-exists text under code 100 decides nothing", Error{Code: 100, Message: "Phone number already exists"}, want{invalid: true}},
		{"2593002 outside a template delete", Error{Code: 100, Subcode: 2593002, Message: "Message template not found"}, want{}},
		{"2593002 on a template delete", Error{Code: 100, Subcode: 2593002, gone: true}, want{notFound: true}},
		{"object does not exist", Error{Code: 100, Subcode: 33, UserMessage: "Das Objekt existiert nicht."}, want{notFound: true}},
		{"invalid parameter", Error{Code: 100, Message: "Invalid parameter"}, want{invalid: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := tc.err
			got := want{e.IsTemplateLimit(), e.IsTemplateEditLimit(), e.IsTemplateNotEditable(), e.IsAlreadyExists(), e.IsNotFound(), e.IsInvalidParameter()}
			if got != tc.want {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestTemplateEditRefusalsClassifiedByStatus: the fake's refusals carry
// only code 100; the status read after the refusal classifies them.
func TestTemplateEditRefusalsClassifiedByStatus(t *testing.T) {
	t.Parallel()
	f, err := emulator.NewServer(seed(), emulator.Options{Strict: true, TemplateReviewDelay: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	c, _ := newClient(t, f.URL, nil)
	ctx := context.Background()
	created, err := c.CreateMessageTemplate(ctx, wabaID, utilityTemplate("held"))
	if err != nil {
		t.Fatal(err)
	}
	f.ResetStats()
	err = c.EditMessageTemplate(ctx, wabaID, created.ID, utilityTemplate("held"))
	if e, ok := As(err); !ok || !e.IsTemplateNotEditable() || e.IsTemplateEditLimit() {
		t.Fatalf("editing a PENDING template: %v", err)
	}
	if st := f.Stats(); st.Count("POST /{template}") != 1 || st.Count("GET /{template}") != 1 {
		t.Fatalf("requests %v: want the edit and one read of the template", st.Requests)
	}
}
