package graphapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
)

// EdgeFlows is a WABA's WhatsApp Flows.
// https://developers.facebook.com/docs/whatsapp/flows/reference/flowsapi
const EdgeFlows = "flows"

// Flow statuses. THROTTLED and BLOCKED are published Flows that Meta's
// health monitoring limits; DEPRECATED is terminal.
const (
	FlowDraft      = "DRAFT"
	FlowPublished  = "PUBLISHED"
	FlowDeprecated = "DEPRECATED"
	FlowThrottled  = "THROTTLED"
	FlowBlocked    = "BLOCKED"
)

// FlowCategories are the categories Meta accepts for a Flow.
var FlowCategories = []string{
	"APPOINTMENT_BOOKING", "CONTACT_US", "CUSTOMER_SUPPORT", "LEAD_GENERATION", "OTHER",
	"SHOPPING", "SIGN_IN", "SIGN_UP", "SURVEY",
}

// codeFlowNotUpdatable is Meta's "Flow can't be updated" (Flows error
// codes): an edit Meta refuses in the Flow's status, such as a published
// Flow's JSON where Meta keeps published Flows immutable.
const codeFlowNotUpdatable = 139001

// Flow is a WhatsApp Flow.
type Flow struct {
	ID               string                `graph:"id,id"`
	Name             *string               `graph:"name"`
	Status           *string               `graph:"status"`
	Categories       []string              `graph:"categories"`
	ValidationErrors []FlowValidationError `graph:"validation_errors,whole"`
	JSONVersion      *string               `graph:"json_version"`
	DataAPIVersion   *string               `graph:"data_api_version"`
	EndpointURI      *string               `graph:"endpoint_uri"`
	Preview          *FlowPreview          `graph:"preview,whole"`
	HealthStatus     *FlowHealthStatus     `graph:"health_status,whole"`
}

// FlowPreview is a Flow's web preview.
type FlowPreview struct {
	URL       *string `graph:"preview_url"`
	ExpiresAt *string `graph:"expires_at"`
}

// FlowHealthStatus is Meta's view of whether messages can open the Flow.
type FlowHealthStatus struct {
	CanSendMessage *string `graph:"can_send_message"`
}

// FlowValidationError is one of Meta's findings in a Flow JSON: where it is
// (lines and columns count from 1) and, for some, JSON pointer paths.
type FlowValidationError struct {
	Error       *string            `graph:"error"`
	ErrorType   *string            `graph:"error_type"`
	Message     *string            `graph:"message"`
	LineStart   *int64             `graph:"line_start"`
	LineEnd     *int64             `graph:"line_end"`
	ColumnStart *int64             `graph:"column_start"`
	ColumnEnd   *int64             `graph:"column_end"`
	Pointers    []FlowErrorPointer `graph:"pointers"`
}

// FlowErrorPointer points a validation error at a place in the Flow JSON.
type FlowErrorPointer struct {
	LineStart   *int64  `graph:"line_start"`
	ColumnStart *int64  `graph:"column_start"`
	Path        *string `graph:"path"`
}

// IsPublished reports a Flow that was published and not deprecated:
// PUBLISHED, THROTTLED or BLOCKED.
func (f *Flow) IsPublished() bool {
	if f.Status == nil {
		return false
	}
	s := *f.Status
	return s == FlowPublished || s == FlowThrottled || s == FlowBlocked
}

// NewFlow is what POST /{waba}/flows takes.
type NewFlow struct {
	Name        string
	Categories  []string
	FlowJSON    string
	EndpointURI string
	Publish     bool
	CloneFlowID string
}

// FlowCreated is Meta's answer to a create: the new Flow's ID and the
// validation errors of its JSON (the draft is kept whatever they say).
type FlowCreated struct {
	ID               string                `graph:"id,id"`
	ValidationErrors []FlowValidationError `graph:"validation_errors"`
}

// FlowMetadata is what POST /{flow} changes; nil leaves a field alone.
type FlowMetadata struct {
	Name        *string
	Categories  []string
	EndpointURI *string
}

// IsFlowNotUpdatable reports Meta refusing an edit of a Flow in its status
// (a published Flow's JSON, where Meta keeps published Flows immutable).
func IsFlowNotUpdatable(err error) bool {
	e, ok := As(err)
	return ok && e.Code == codeFlowNotUpdatable
}

// GetFlow reads one Flow node.
func (c *Client) GetFlow(ctx context.Context, flowID string) (*Flow, error) {
	return getNode[Flow](ctx, c, flowID)
}

// FlowAsset is one of a Flow's assets, downloadable for a while.
type FlowAsset struct {
	Name        *string `graph:"name"`
	AssetType   *string `graph:"asset_type"`
	DownloadURL *string `graph:"download_url"`
}

// FlowJSON downloads a Flow's JSON: GET /{flow}/assets names its download
// URL, which is fetched without the access token (it is signed, and on
// another host). Empty when the Flow has no JSON yet.
func (c *Client) FlowJSON(ctx context.Context, flowID string) (string, error) {
	if err := checkIDs(flowID); err != nil {
		return "", err
	}
	var assets pageAnswer[FlowAsset]
	r := request{method: http.MethodGet, path: []string{flowID, "assets"}, idempotent: true}
	if err := c.doDecode(ctx, r, &assets); err != nil {
		return "", err
	}
	for _, a := range assets.Data {
		if a.AssetType == nil || *a.AssetType != "FLOW_JSON" || a.DownloadURL == nil {
			continue
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, *a.DownloadURL, nil)
		if err != nil {
			return "", &Error{Method: http.MethodGet, Path: c.pathString(r), Err: fmt.Errorf("the Flow JSON's download URL: %w", err)}
		}
		resp, err := c.http.Do(req)
		if err != nil {
			return "", &Error{Method: http.MethodGet, Path: c.pathString(r), Err: fmt.Errorf("downloading the Flow JSON: %w", err)}
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxFlowJSONBytes+1))
		if err == nil && resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("HTTP %d", resp.StatusCode)
		}
		if err != nil {
			return "", &Error{Method: http.MethodGet, Path: c.pathString(r), Err: fmt.Errorf("downloading the Flow JSON: %w", err)}
		}
		return string(body), nil
	}
	return "", nil
}

// maxFlowJSONBytes is Meta's limit on a Flow JSON.
const maxFlowJSONBytes = 10 << 20

func (c *Client) listFlows(ctx context.Context, wabaID, after string) (listPage[Flow], error) {
	if err := checkIDs(wabaID); err != nil {
		return listPage[Flow]{}, err
	}
	return listAll[Flow](ctx, c, []string{wabaID, EdgeFlows}, url.Values{"fields": {fieldsOf[Flow]()}}, after)
}

// Flows returns a WABA's Flows from the shared listing.
func (c *Client) Flows(ctx context.Context, wabaID string) ([]Flow, error) {
	return c.flowListing().get(ctx, listKey{node: wabaID})
}

// FindFlow looks a Flow up in the shared listing; nil when the WABA does
// not list it.
func (c *Client) FindFlow(ctx context.Context, wabaID, flowID string) (*Flow, error) {
	f, _, err := c.flowListing().find(ctx, listKey{node: wabaID}, flowID)
	return f, err
}

// ReadBackFlow looks a Flow up after this client wrote it, in a listing
// begun after the write or by the Flow's node.
func (c *Client) ReadBackFlow(ctx context.Context, wabaID, flowID string) (*Flow, error) {
	return c.flowListing().readBack(ctx, listKey{node: wabaID}, flowID)
}

// CreateFlow creates a Flow with its JSON (and publishes it when asked) in
// one call. A create whose outcome is unknown is settled by looking for the
// name in a fresh listing: names are unique per WABA.
func (c *Client) CreateFlow(ctx context.Context, wabaID string, f NewFlow) (FlowCreated, error) {
	if err := checkIDs(wabaID); err != nil {
		return FlowCreated{}, err
	}
	if f.CloneFlowID != "" {
		if err := checkIDs(f.CloneFlowID); err != nil {
			return FlowCreated{}, err
		}
	}
	categories, _ := json.Marshal(f.Categories)
	form := url.Values{"name": {f.Name}, "categories": {string(categories)}}
	if f.FlowJSON != "" {
		form.Set("flow_json", f.FlowJSON)
	}
	if f.EndpointURI != "" {
		form.Set("endpoint_uri", f.EndpointURI)
	}
	if f.CloneFlowID != "" {
		form.Set("clone_flow_id", f.CloneFlowID)
	}
	if f.Publish {
		form.Set("publish", "true")
	}
	r := request{method: http.MethodPost, path: []string{wabaID, EdgeFlows}, form: form}
	l := c.flowListing()
	return Settle(ctx, c, func(ctx context.Context) (FlowCreated, error) {
		var created FlowCreated
		err := l.write(ctx, wabaID, func(ctx context.Context) (string, error) {
			err := c.doDecode(ctx, r, &created)
			return created.ID, err
		})
		if e, ok := As(err); ok && e.undecodable {
			e.OutcomeUnknown = true // created, but its ID could not be read
		}
		return created, err
	}, func(ctx context.Context) (FlowCreated, bool, error) {
		flows, err := l.get(ctx, listKey{node: wabaID}) // the write bumped the generation: a fresh listing
		for _, got := range flows {
			if got.Name != nil && *got.Name == f.Name {
				return FlowCreated{ID: got.ID, ValidationErrors: got.ValidationErrors}, true, nil
			}
		}
		return FlowCreated{}, false, err
	})
}

// UpdateFlowMetadata changes a Flow's name, categories or endpoint.
func (c *Client) UpdateFlowMetadata(ctx context.Context, wabaID, flowID string, m FlowMetadata) error {
	if err := checkIDs(wabaID, flowID); err != nil {
		return err
	}
	form := url.Values{}
	if m.Name != nil {
		form.Set("name", *m.Name)
	}
	if m.Categories != nil {
		b, _ := json.Marshal(m.Categories)
		form.Set("categories", string(b))
	}
	if m.EndpointURI != nil {
		form.Set("endpoint_uri", *m.EndpointURI)
	}
	// Setting the same metadata twice leaves it as set: harmless to repeat.
	return c.writeFlow(ctx, wabaID, flowID, request{method: http.MethodPost, path: []string{flowID}, form: form, idempotent: true})
}

// UploadFlowJSON replaces a Flow's JSON (multipart, asset_type FLOW_JSON)
// and returns Meta's validation errors of it. Uploading the same file twice
// leaves the same JSON: harmless to repeat.
func (c *Client) UploadFlowJSON(ctx context.Context, wabaID, flowID, flowJSON string) ([]FlowValidationError, error) {
	if err := checkIDs(wabaID, flowID); err != nil {
		return nil, err
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("name", "flow.json")
	_ = w.WriteField("asset_type", "FLOW_JSON")
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="flow.json"`)
	h.Set("Content-Type", "application/json")
	part, _ := w.CreatePart(h)
	_, _ = part.Write([]byte(flowJSON))
	_ = w.Close()
	r := request{method: http.MethodPost, path: []string{flowID, "assets"}, idempotent: true,
		raw: &rawBody{data: body.Bytes(), header: http.Header{"Content-Type": {w.FormDataContentType()}}}}
	var answer struct {
		ValidationErrors []FlowValidationError `graph:"validation_errors"`
	}
	err := c.flowListing().write(ctx, wabaID, func(ctx context.Context) (string, error) {
		return flowID, c.doDecode(ctx, r, &answer)
	})
	return answer.ValidationErrors, err
}

// PublishFlow publishes a draft Flow. Meta refuses to publish twice, so an
// unknown outcome is settled by reading the Flow's status.
func (c *Client) PublishFlow(ctx context.Context, wabaID, flowID string) error {
	return c.flowTransition(ctx, wabaID, flowID, "publish", func(f *Flow) bool { return f.IsPublished() })
}

// DeprecateFlow deprecates a published Flow (irreversible), settled like
// PublishFlow.
func (c *Client) DeprecateFlow(ctx context.Context, wabaID, flowID string) error {
	return c.flowTransition(ctx, wabaID, flowID, "deprecate", func(f *Flow) bool { return f.Status != nil && *f.Status == FlowDeprecated })
}

// flowTransition sends POST /{flow}/{action} under the edge's lock; done
// tells from the Flow read back whether a send of unknown outcome took.
func (c *Client) flowTransition(ctx context.Context, wabaID, flowID, action string, done func(*Flow) bool) error {
	if err := checkIDs(wabaID, flowID); err != nil {
		return err
	}
	r := request{method: http.MethodPost, path: []string{flowID, action}}
	return c.settle(ctx, func(ctx context.Context) error { return c.writeFlow(ctx, wabaID, flowID, r) },
		func(ctx context.Context) (bool, error) {
			f, err := c.GetFlow(ctx, flowID)
			return err == nil && done(f), err
		})
}

// DeleteFlow deletes a draft Flow. A DELETE repeated after a lost answer
// may be refused as of an unknown object (code 100, with or without Meta's
// subcode): after such a refusal, or an unknown outcome, a Flow the fresh
// listing no longer holds is deleted. Any other refusal (permissions, a rate
// limit) stands.
func (c *Client) DeleteFlow(ctx context.Context, wabaID, flowID string) error {
	if err := checkIDs(wabaID, flowID); err != nil {
		return err
	}
	err := c.writeFlow(ctx, wabaID, flowID, request{method: http.MethodDelete, path: []string{flowID}, idempotent: true})
	if mayBeGone(err) {
		if got, ferr := c.FindFlow(ctx, wabaID, flowID); ferr == nil && got == nil {
			return nil
		}
	}
	return err
}

// mayBeGone reports whether a DELETE's error may mean the object was
// deleted already: not found, refused as an unknown object, or unknown.
func mayBeGone(err error) bool {
	e, ok := As(err)
	return IsNotFound(err) || errors.Is(err, ErrOutcomeUnknown) || ok && e.Code == 100
}

func (c *Client) writeFlow(ctx context.Context, wabaID, flowID string, r request) error {
	return c.flowListing().write(ctx, wabaID, func(ctx context.Context) (string, error) {
		return flowID, c.doSuccess(ctx, r)
	})
}

func init() {
	registerListing(EdgeFlows, func(c *Client) *listing[Flow] {
		return newListing(c, EdgeFlows, func(f Flow) string { return f.ID },
			func(ctx context.Context, k listKey, after string) (listPage[Flow], error) {
				return c.listFlows(ctx, k.node, after)
			}).withNode(c.GetFlow).
			withExpansion(c.cache.expansions, func(_ listKey, after string) string {
				return expansion(EdgeFlows, tailQuery(after), fieldsOf[Flow]())
			})
	})
}

// flowListing is the shared listing of a WABA's Flows.
func (c *Client) flowListing() *listing[Flow] {
	return listingOf[Flow](c, EdgeFlows)
}
