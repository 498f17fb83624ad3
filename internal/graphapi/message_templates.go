package graphapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// EdgeMessageTemplates is a WABA's message templates.
// https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account/message_templates/
const EdgeMessageTemplates = "message_templates"

// MessageTemplate is one template: one (name, language) of a WABA.
// https://developers.facebook.com/docs/graph-api/reference/whats-app-business-hsm/
type MessageTemplate struct {
	ID               string  `graph:"id,id"`
	Name             *string `graph:"name"`
	Language         *string `graph:"language"`
	Category         *string `graph:"category"`
	Status           *string `graph:"status"`
	ParameterFormat  *string `graph:"parameter_format"`
	PreviousCategory *string `graph:"previous_category"`
	CorrectCategory  *string `graph:"correct_category"`
	RejectedReason   *string `graph:"rejected_reason"`
	// QualityScore is {"score": "GREEN", "date": 1767225600}.
	QualityScore          *QualityScore   `graph:"quality_score,whole"`
	MessageSendTTLSeconds *int            `graph:"message_send_ttl_seconds"`
	Components            json.RawMessage `graph:"components,whole"`
}

// QualityScore is a template's quality rating.
type QualityScore struct {
	Score *string `graph:"score"`
}

// TemplateSummary is the summary of a WABA's template listing.
type TemplateSummary struct {
	MessageTemplateCount *int `graph:"message_template_count"`
	MessageTemplateLimit *int `graph:"message_template_limit"`
}

// NewMessageTemplate is what POST /{waba}/message_templates and
// POST /{template_id} take. Components is a JSON array in Meta's shape.
type NewMessageTemplate struct {
	Name                  string
	Language              string
	Category              string
	ParameterFormat       string // "" leaves Meta's default (POSITIONAL)
	MessageSendTTLSeconds *int
	Components            json.RawMessage
}

// CreatedTemplate is the answer to a create: Meta returns the ID, the status
// and the category it assigned (which can differ from the one asked for).
type CreatedTemplate struct {
	ID       string  `graph:"id,id"`
	Status   *string `graph:"status"`
	Category *string `graph:"category"`
}

// Template errors. Meta answers code 100 with these subcodes.
// https://developers.facebook.com/docs/whatsapp/business-management-api/message-templates/
const (
	subcodeTemplateExists = 2388024 // a (name, language) that exists, or a name locked after a deletion
	subcodeTemplateLimit  = 2388019 // the WABA holds as many templates as it may
	// subcodeTemplateGone was seen only on deleting a template that is gone;
	// elsewhere it decides nothing.
	subcodeTemplateGone = 2593002
)

// editableStatuses are the statuses in which Meta edits a template.
var editableStatuses = map[string]bool{"APPROVED": true, "REJECTED": true, "PAUSED": true}

// IsTemplateLimit reports a create refused because the WABA holds as many
// templates as it may (see TemplateSummary for the count and the limit).
func (e *Error) IsTemplateLimit() bool {
	return e.Code == subcodeTemplateLimit || e.Subcode == subcodeTemplateLimit
}

// IsTemplateEditLimit reports an edit refused while the template read as
// APPROVED: then the likely reason is its edit quota (1 per 24 hours and 10
// per 30 days). Meta documents no code for it, and its message is
// localized, so the template's status read after the refusal decides.
func (e *Error) IsTemplateEditLimit() bool {
	return e.templateStatus == "APPROVED"
}

// IsTemplateNotEditable reports an edit refused while the template read in
// a status Meta does not edit (only APPROVED, REJECTED and PAUSED are).
// Like the edit quota it has no documented code: the status decides.
func (e *Error) IsTemplateNotEditable() bool {
	return e.templateStatus != "" && !editableStatuses[e.templateStatus]
}

// templateFields are the node's fields the provider reads.
var templateFields = fieldsOf[MessageTemplate]()

// listMessageTemplates fetches every page of a WABA's templates (with
// components), from the start or after a cursor.
func (c *Client) listMessageTemplates(ctx context.Context, wabaID, after string) (listPage[MessageTemplate], error) {
	if err := checkIDs(wabaID); err != nil {
		return listPage[MessageTemplate]{}, err
	}
	return listAll[MessageTemplate](ctx, c, []string{wabaID, EdgeMessageTemplates}, url.Values{"fields": {templateFields}}, after)
}

func init() {
	registerListing(EdgeMessageTemplates, func(c *Client) *listing[MessageTemplate] {
		return newListing(c, EdgeMessageTemplates, func(t MessageTemplate) string { return t.ID },
			func(ctx context.Context, k listKey, after string) (listPage[MessageTemplate], error) {
				return c.listMessageTemplates(ctx, k.node, after)
			}).withNode(c.GetMessageTemplate)
	})
}

// templateListing is the shared listing of a WABA's templates.
func (c *Client) templateListing() *listing[MessageTemplate] {
	return listingOf[MessageTemplate](c, EdgeMessageTemplates)
}

// MessageTemplates returns a WABA's templates from the shared listing.
func (c *Client) MessageTemplates(ctx context.Context, wabaID string) ([]MessageTemplate, error) {
	return c.templateListing().get(ctx, listKey{node: wabaID})
}

// FindMessageTemplate looks a template up by ID in the shared listing; nil
// when the WABA does not list it.
func (c *Client) FindMessageTemplate(ctx context.Context, wabaID, templateID string) (*MessageTemplate, error) {
	t, _, err := c.templateListing().find(ctx, listKey{node: wabaID}, templateID)
	return t, err
}

// ReadBackMessageTemplate looks a template up after this client wrote it, in
// a listing begun after the write, shared with concurrent read-backs.
func (c *Client) ReadBackMessageTemplate(ctx context.Context, wabaID, templateID string) (*MessageTemplate, error) {
	return c.templateListing().readBack(ctx, listKey{node: wabaID}, templateID)
}

// TemplateSummary reads how many templates a WABA holds and may hold (one
// request: the summary of a one-item page); nil when Meta does not say.
func (c *Client) TemplateSummary(ctx context.Context, wabaID string) (*TemplateSummary, error) {
	if err := checkIDs(wabaID); err != nil {
		return nil, err
	}
	var answer struct {
		Summary *TemplateSummary `graph:"summary"`
	}
	r := request{method: http.MethodGet, path: []string{wabaID, EdgeMessageTemplates}, idempotent: true,
		query: url.Values{"summary": {"message_template_count,message_template_limit"}, "limit": {"1"}, "fields": {"id"}}}
	if err := c.doDecode(ctx, r, &answer); err != nil {
		return nil, err
	}
	return answer.Summary, nil
}

// GetMessageTemplate reads one template node.
func (c *Client) GetMessageTemplate(ctx context.Context, templateID string) (*MessageTemplate, error) {
	return getNode[MessageTemplate](ctx, c, templateID)
}

// templateBody is the JSON body of a create or an edit. An edit without
// Category leaves the category out: Meta makes each of category and
// components optional on POST /{template_id}.
func (t NewMessageTemplate) body(create bool) map[string]any {
	b := map[string]any{"components": t.Components}
	if create || t.Category != "" {
		b["category"] = t.Category
	}
	if create {
		b["name"], b["language"] = t.Name, t.Language
		if t.ParameterFormat != "" {
			b["parameter_format"] = t.ParameterFormat
		}
	}
	if t.MessageSendTTLSeconds != nil {
		b["message_send_ttl_seconds"] = *t.MessageSendTTLSeconds
	}
	return b
}

// CreateMessageTemplate submits a template for review. The POST is never
// repeated after a dropped connection: on ErrOutcomeUnknown, list the WABA's
// templates to learn whether it took effect.
func (c *Client) CreateMessageTemplate(ctx context.Context, wabaID string, t NewMessageTemplate) (*CreatedTemplate, error) {
	if err := checkIDs(wabaID); err != nil {
		return nil, err
	}
	r := request{method: http.MethodPost, path: []string{wabaID, EdgeMessageTemplates}, json: t.body(true)}
	var created CreatedTemplate
	err := c.templateListing().write(ctx, wabaID, func(ctx context.Context) (string, error) {
		err := c.doDecode(ctx, r, &created)
		return created.ID, err
	})
	if e, ok := As(err); ok && e.undecodable {
		e.OutcomeUnknown = true
	}
	if err != nil {
		return nil, err
	}
	return &created, nil
}

// EditMessageTemplate replaces a template's components and TTL, and its
// category when t.Category is set (POST /{template_id}; components are
// replaced wholesale). The POST is never repeated after a lost answer (each
// edit is re-reviewed and spends Meta's edit quota): on ErrOutcomeUnknown,
// read the template back to learn whether it took effect.
func (c *Client) EditMessageTemplate(ctx context.Context, wabaID, templateID string, t NewMessageTemplate) error {
	if err := checkIDs(wabaID, templateID); err != nil {
		return err
	}
	err := c.templateListing().write(ctx, wabaID, func(ctx context.Context) (string, error) {
		return templateID, c.doSuccess(ctx, request{method: http.MethodPost, path: []string{templateID}, json: t.body(false)})
	})
	if e, ok := As(err); ok && e.IsInvalidParameter() {
		// Meta documents no code for the edit quota or a status that forbids
		// editing: note the status the template reads in, for the predicates.
		if got, gerr := c.GetMessageTemplate(ctx, templateID); gerr == nil && got.Status != nil {
			e.templateStatus = *got.Status
		}
	}
	return err
}

// DeleteMessageTemplate deletes one template by its ID and name (never by
// name alone, which deletes every language). A template that is gone is
// reported as ErrNotFound.
func (c *Client) DeleteMessageTemplate(ctx context.Context, wabaID, templateID, name string) error {
	if err := checkIDs(wabaID, templateID); err != nil {
		return err
	}
	err := c.templateListing().write(ctx, wabaID, func(ctx context.Context) (string, error) {
		return templateID, c.doSuccess(ctx, request{
			method: http.MethodDelete, path: []string{wabaID, EdgeMessageTemplates}, idempotent: true,
			query: url.Values{"hsm_id": {templateID}, "name": {name}},
		})
	})
	if e, ok := As(err); ok && e.Code == 100 && e.Subcode == subcodeTemplateGone {
		e.gone = true
	}
	return err
}
