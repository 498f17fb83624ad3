package graphapi

import (
	"context"
	"net/http"
	"net/url"
)

// A number's Cloud API registration, two-step verification PIN and display
// name. These write the phone number node, one write at a time per number,
// and none of them is sent twice without a read in between (Settle):
// registrations and deregistrations spend a budget of 10 each per 72 hours.
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

// CloudAPIRegistered reports whether the number is registered with the Cloud
// API: platform_type CLOUD_API and a status other than DISCONNECTED.
func (p *PhoneNumber) CloudAPIRegistered() bool {
	return p != nil && p.PlatformType != nil && *p.PlatformType == "CLOUD_API" && (p.Status == nil || *p.Status != "DISCONNECTED")
}

// RegisterPhoneNumber registers a number with the Cloud API. With two-step
// verification on, the PIN must be the number's; otherwise it sets it.
// Meta allows 10 registrations per number per 72 hours (IsRegistrationLimit).
// When the outcome is unknown, the number's node decides: registered means
// it took effect (the caller registers a number that is not registered).
func (c *Client) RegisterPhoneNumber(ctx context.Context, phoneID string, reg Registration) error {
	body := map[string]any{"messaging_product": "whatsapp", "pin": reg.PIN}
	if reg.DataLocalizationRegion != "" {
		body["data_localization_region"] = reg.DataLocalizationRegion
	}
	return c.writePhoneNode(ctx, phoneID, request{method: http.MethodPost, path: []string{phoneID, "register"}, json: body},
		c.registeredIs(phoneID, true))
}

// DeregisterPhoneNumber removes a number's Cloud API registration. Meta
// allows 10 deregistrations per number per 72 hours. wabaID, when the caller
// knows it (empty otherwise), also marks the WABA's numbers as written, so
// their listing is read afresh: the number's status changes.
func (c *Client) DeregisterPhoneNumber(ctx context.Context, wabaID, phoneID string) error {
	r := request{method: http.MethodPost, path: []string{phoneID, "deregister"}}
	if wabaID == "" {
		return c.writePhoneNode(ctx, phoneID, r, c.registeredIs(phoneID, false))
	}
	return c.writeListedPhoneNode(ctx, wabaID, phoneID, r, c.registeredIs(phoneID, false))
}

// registeredIs reads the number's node to tell whether a register (want
// true) or deregister (want false) took effect. A number that is gone is not
// registered.
func (c *Client) registeredIs(phoneID string, want bool) func(context.Context) (bool, error) {
	return func(ctx context.Context) (bool, error) {
		p, err := c.GetPhoneNumber(ctx, phoneID)
		if IsNotFound(err) {
			return !want, nil
		}
		if err != nil {
			return false, err
		}
		return p.CloudAPIRegistered() == want, nil
	}
}

// SetPIN sets or changes a registered number's two-step verification PIN.
// Meta gives no read of the PIN, so an unknown outcome is returned as is and
// never sent again here; repeating it later with the same PIN is harmless
// (it spends no budget), which is what the next apply does.
func (c *Client) SetPIN(ctx context.Context, phoneID, pin string) error {
	return c.writePhoneNode(ctx, phoneID, request{method: http.MethodPost, path: []string{phoneID}, json: map[string]any{"pin": pin}}, nil)
}

// RequestDisplayName asks Meta to review a new display name for the number;
// new_display_name and new_name_status on the node follow the review, and
// tell whether a request whose outcome is unknown took effect.
func (c *Client) RequestDisplayName(ctx context.Context, wabaID, phoneID, name string) error {
	if err := checkIDs(wabaID, phoneID); err != nil {
		return err
	}
	// Meta's guide passes the name as a query parameter.
	r := request{method: http.MethodPost, path: []string{phoneID}, query: url.Values{"new_display_name": {name}}}
	took := func(ctx context.Context) (bool, error) {
		p, err := c.GetPhoneNumber(ctx, phoneID)
		if err != nil {
			return false, err
		}
		return p.NewDisplayName != nil && *p.NewDisplayName == name, nil
	}
	return c.writeListedPhoneNode(ctx, wabaID, phoneID, r, took)
}

// writePhoneNode sends one write to a number's node under the number's lock,
// settled by took when its outcome is unknown (see Settle).
func (c *Client) writePhoneNode(ctx context.Context, phoneID string, r request, took func(context.Context) (bool, error)) error {
	if err := checkIDs(phoneID); err != nil {
		return err
	}
	unlock := c.cache.nodeLocks.lock(phoneID)
	defer unlock()
	return c.settle(ctx, func(ctx context.Context) error { return c.doSuccess(ctx, r) }, took)
}

// writeListedPhoneNode is writePhoneNode for a write that changes what the
// WABA's numbers listing shows (a display name, a deregistration): it goes
// through the listing's write too, which bumps its generation. The edge's
// lock is taken before the number's, as everywhere.
func (c *Client) writeListedPhoneNode(ctx context.Context, wabaID, phoneID string, r request, took func(context.Context) (bool, error)) error {
	if err := checkIDs(wabaID); err != nil {
		return err
	}
	return c.phoneNumberListing().write(ctx, wabaID, func(ctx context.Context) (string, error) {
		return phoneID, c.writePhoneNode(ctx, phoneID, r, took)
	})
}
