package graphapi

import (
	"context"
	"net/http"
	"net/url"
)

// A number's Cloud API registration, two-step verification PIN and display
// name. These write the phone number node, one write at a time per number.
// https://developers.facebook.com/docs/whatsapp/cloud-api/reference/registration
// https://developers.facebook.com/docs/whatsapp/cloud-api/reference/two-step-verification
// https://developers.facebook.com/docs/whatsapp/cloud-api/phone-numbers#display-name

// Registration is what POST /{phone}/register takes.
type Registration struct {
	PIN string
	// DataLocalizationRegion turns on Local Storage in a region ("DE", ...);
	// empty leaves it off.
	DataLocalizationRegion string
}

// RegisterPhoneNumber registers a number with the Cloud API. With two-step
// verification on, the PIN must be the number's; otherwise it sets it.
// Meta allows 10 registrations per number per 72 hours (IsRegistrationLimit).
func (c *Client) RegisterPhoneNumber(ctx context.Context, phoneID string, reg Registration) error {
	body := map[string]any{"messaging_product": "whatsapp", "pin": reg.PIN}
	if reg.DataLocalizationRegion != "" {
		body["data_localization_region"] = reg.DataLocalizationRegion
	}
	return c.writePhoneNode(ctx, phoneID, request{method: http.MethodPost, path: []string{phoneID, "register"}, json: body, idempotent: true})
}

// DeregisterNumber removes a number's Cloud API registration. Meta allows 10
// deregistrations per number per 72 hours.
func (c *Client) DeregisterNumber(ctx context.Context, phoneID string) error {
	return c.writePhoneNode(ctx, phoneID, request{method: http.MethodPost, path: []string{phoneID, "deregister"}, idempotent: true})
}

// SetPIN sets or changes a registered number's two-step verification PIN.
func (c *Client) SetPIN(ctx context.Context, phoneID, pin string) error {
	return c.writePhoneNode(ctx, phoneID, request{method: http.MethodPost, path: []string{phoneID}, json: map[string]any{"pin": pin}, idempotent: true})
}

// RequestDisplayName asks Meta to review a new display name for the number;
// new_display_name and new_name_status on the node follow the review.
func (c *Client) RequestDisplayName(ctx context.Context, wabaID, phoneID, name string) error {
	if err := checkIDs(wabaID, phoneID); err != nil {
		return err
	}
	// Meta's guide passes the name as a query parameter.
	r := request{method: http.MethodPost, path: []string{phoneID}, query: url.Values{"new_display_name": {name}}, idempotent: true}
	return c.cache.phoneNumbers.write(ctx, wabaID, func(ctx context.Context) (string, error) {
		return phoneID, c.doSuccess(ctx, r)
	})
}

// writePhoneNode sends one write to a number's node under the number's lock.
func (c *Client) writePhoneNode(ctx context.Context, phoneID string, r request) error {
	if err := checkIDs(phoneID); err != nil {
		return err
	}
	unlock := c.cache.nodeLocks.lock(phoneID)
	defer unlock()
	return c.doSuccess(ctx, r)
}
