package graphapi

import (
	"context"
	"net/http"
)

// A phone number's own webhook callback override, ahead of the WABA's
// override and the app's callback URL.
// https://developers.facebook.com/docs/whatsapp/embedded-signup/webhooks/override

// WebhookConfiguration is the callback routing Meta reports for a number.
type WebhookConfiguration struct {
	// PhoneNumber is the number's own override, when one is set.
	PhoneNumber             *string `graph:"phone_number"`
	WhatsAppBusinessAccount *string `graph:"whatsapp_business_account"`
	Application             *string `graph:"application"`
}

type phoneWebhookNode struct {
	ID                   string                `graph:"id,id"`
	WebhookConfiguration *WebhookConfiguration `graph:"webhook_configuration,whole"`
}

// GetPhoneWebhook reads a number's webhook configuration (nil when Meta
// reports none).
func (c *Client) GetPhoneWebhook(ctx context.Context, phoneID string) (*WebhookConfiguration, error) {
	n, err := getNode[phoneWebhookNode](ctx, c, phoneID)
	if err != nil {
		return nil, err
	}
	return n.WebhookConfiguration, nil
}

// SetPhoneWebhook sets the number's callback override; Meta verifies the URL
// with the verify token. An empty URI clears the override.
func (c *Client) SetPhoneWebhook(ctx context.Context, phoneID string, override CallbackOverride) error {
	config := map[string]any{"override_callback_uri": override.CallbackURI}
	if override.CallbackURI != "" {
		config["verify_token"] = override.VerifyToken
	}
	took := func(ctx context.Context) (bool, error) {
		w, err := c.GetPhoneWebhook(ctx, phoneID)
		if err != nil {
			return false, err
		}
		var got string
		if w != nil {
			got = deref(w.PhoneNumber)
		}
		return got == override.CallbackURI, nil
	}
	return c.writePhoneNode(ctx, phoneID, request{method: http.MethodPost, path: []string{phoneID},
		json: map[string]any{"webhook_configuration": config}}, took)
}

// IsAppNotSubscribed reports a callback override refused as an invalid
// parameter (code 100): what Meta answers while the token's app is not
// subscribed to the number's WABA. Meta documents no subcode for that, and
// its message is localized, so the code decides and the diagnostic is worded
// to cover a refusal of the URL or the token as well.
func IsAppNotSubscribed(err error) bool {
	e, ok := As(err)
	return ok && e.IsInvalidParameter()
}
