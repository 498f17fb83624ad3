package graphapi

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// EdgeAppSubscriptions is an app's webhook subscriptions, one per object
// type: without the whatsapp_business_account one, Meta sends the app no
// WhatsApp webhooks at all. The edge takes the app access token.
// https://developers.facebook.com/docs/graph-api/reference/app/subscriptions
const EdgeAppSubscriptions = "subscriptions"

// WhatsAppObject is the object of the app's WhatsApp subscription; the
// provider never touches another object's.
const WhatsAppObject = "whatsapp_business_account"

// WhatsAppWebhookFields are the webhook fields Meta lists for the
// whatsapp_business_account object.
// https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components
var WhatsAppWebhookFields = []string{
	"account_alerts", "account_review_update", "account_settings_update", "account_update", "automatic_events",
	"business_capability_update", "business_status_update", "calls", "flows", "group_lifecycle_update",
	"group_participants_update", "group_settings_update", "group_status_update", "history", "message_echoes",
	"message_template_components_update", "message_template_quality_update", "message_template_status_update", "messages",
	"partner_solutions", "payment_configuration_update", "phone_number_name_update", "phone_number_quality_update", "security",
	"smb_app_state_sync", "smb_message_echoes", "template_category_update", "template_correct_category_detection",
	"tracking_events", "user_preferences",
}

// ErrNoAppToken is returned when the app access token cannot be formed:
// app_id and app_secret are both needed.
var ErrNoAppToken = errors.New("the app access token needs both the app ID and the app secret")

// AppSubscription is an app's subscription to one object's webhooks.
type AppSubscription struct {
	Object      string                 `graph:"object"`
	CallbackURL *string                `graph:"callback_url"`
	Active      *bool                  `graph:"active"`
	Fields      []AppSubscriptionField `graph:"fields"`
}

// AppSubscriptionField is one subscribed field.
type AppSubscriptionField struct {
	Name    string  `graph:"name"`
	Version *string `graph:"version"`
}

// FieldNames returns the subscribed fields' names, sorted.
func (s *AppSubscription) FieldNames() []string {
	names := make([]string, 0, len(s.Fields))
	for _, f := range s.Fields {
		names = append(names, f.Name)
	}
	slices.Sort(names)
	return names
}

// HasAppToken reports whether the client can form the app access token.
func (c *Client) HasAppToken() bool { return c.cfg.AppID != "" && c.cfg.AppSecret != "" }

// ConfiguredAppID is the configured app ID ("" when unset).
func (c *Client) ConfiguredAppID() string { return c.cfg.AppID }

func (c *Client) appSubscriptionsPath() ([]string, error) {
	if !c.HasAppToken() {
		return nil, &Error{Err: ErrNoAppToken}
	}
	return []string{c.cfg.AppID, EdgeAppSubscriptions}, nil
}

// GetAppSubscription reads the app's WhatsApp subscription; nil when the app
// has none.
func (c *Client) GetAppSubscription(ctx context.Context) (*AppSubscription, error) {
	p, err := c.appSubscriptionsPath()
	if err != nil {
		return nil, err
	}
	var answer struct {
		Data []AppSubscription `graph:"data,required"`
	}
	if err := c.doDecode(ctx, request{method: http.MethodGet, path: p, idempotent: true, appToken: true}, &answer); err != nil {
		return nil, err
	}
	for i := range answer.Data {
		if answer.Data[i].Object == WhatsAppObject {
			return &answer.Data[i], nil
		}
	}
	return nil, nil
}

// SetAppSubscription makes the app's WhatsApp subscription the callback URL,
// verify token and fields given. Meta verifies the callback URL at once (a
// GET that must echo hub.challenge). A POST adds fields to those subscribed,
// so fields no longer wanted are removed afterwards. Both writes set what
// they set whatever happened before: they are retried as reads are.
func (c *Client) SetAppSubscription(ctx context.Context, callbackURL, verifyToken string, fields []string) error {
	p, err := c.appSubscriptionsPath()
	if err != nil {
		return err
	}
	unlock := c.cache.nodeLocks.lock(c.cfg.AppID)
	defer unlock()
	form := url.Values{"object": {WhatsAppObject}, "callback_url": {callbackURL}, "verify_token": {verifyToken}, "fields": {strings.Join(fields, ",")}}
	if err := c.doSuccess(ctx, request{method: http.MethodPost, path: p, form: form, idempotent: true, appToken: true}); err != nil {
		return err
	}
	current, err := c.GetAppSubscription(ctx)
	if err != nil || current == nil {
		return err
	}
	var extra []string
	for _, f := range current.FieldNames() {
		if !slices.Contains(fields, f) {
			extra = append(extra, f)
		}
	}
	if len(extra) == 0 {
		return nil
	}
	return c.doSuccess(ctx, request{method: http.MethodDelete, path: p, idempotent: true, appToken: true,
		query: url.Values{"object": {WhatsAppObject}, "fields": {strings.Join(extra, ",")}}})
}

// DeleteAppSubscription removes the app's WhatsApp subscription; other
// objects' subscriptions stay.
func (c *Client) DeleteAppSubscription(ctx context.Context) error {
	p, err := c.appSubscriptionsPath()
	if err != nil {
		return err
	}
	unlock := c.cache.nodeLocks.lock(c.cfg.AppID)
	defer unlock()
	return c.doSuccess(ctx, request{method: http.MethodDelete, path: p, idempotent: true, appToken: true,
		query: url.Values{"object": {WhatsAppObject}}})
}

// IsCallbackVerificationFailed reports Meta's refusal of a callback URL
// that did not answer its verification request (code 2200).
func IsCallbackVerificationFailed(err error) bool {
	e, ok := As(err)
	return ok && e.Code == 2200
}
