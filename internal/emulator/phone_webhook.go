package emulator

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// A number's own callback override: POST /{phone} with webhook_configuration,
// read back through the webhook_configuration field of the number.
// https://developers.facebook.com/docs/whatsapp/embedded-signup/webhooks/override

func init() {
	registerKind(KindPhoneWebhook, kind{
		modify: func(st *state, c Change) error {
			p := st.phones[c.ID]
			if p == nil {
				return fmt.Errorf("no phone number %s", c.ID)
			}
			if p.WebhookOverride == nil {
				p.WebhookOverride = &SeedWebhookOverride{}
			}
			return mergeFields(p.WebhookOverride, c.Fields)
		},
		delete: func(st *state, c Change) error {
			p := st.phones[c.ID]
			if p == nil {
				return fmt.Errorf("no phone number %s", c.ID)
			}
			p.WebhookOverride = nil
			return nil
		},
	})
}

// KindPhoneWebhook changes or removes a number's callback override out of
// band (Change.ID is the phone number ID).
const KindPhoneWebhook = "phone_webhook"

// SeedWebhookOverride is a number's callback override.
type SeedWebhookOverride struct {
	OverrideCallbackURI string `json:"override_callback_uri"`
	VerifyToken         string `json:"verify_token,omitempty"`
}

// setPhoneWebhook applies a webhook_configuration parameter. Meta refuses an
// override while the token's app is not subscribed to the number's WABA.
func (s *Server) setPhoneWebhook(req *request, p *phone, raw string) *graphError {
	var config struct {
		URI   *string `json:"override_callback_uri"`
		Token string  `json:"verify_token"`
	}
	if err := json.Unmarshal([]byte(raw), &config); err != nil || config.URI == nil {
		return invalidParam("Param webhook_configuration must be an object with override_callback_uri")
	}
	uri := *config.URI
	if uri == "" {
		p.WebhookOverride = nil
		return nil
	}
	switch {
	case len(uri) > 200:
		return invalidParam("Param webhook_configuration[override_callback_uri] must be at most 200 characters long")
	case !strings.HasPrefix(uri, "https://"):
		return errf(400, 2200, 0, "OAuthException", "(#2200) Callback verification failed with the following errors: the callback URL must use https")
	case config.Token == "":
		return invalidParam("Param webhook_configuration[verify_token] is required with override_callback_uri")
	}
	w := s.st.wabas[p.wabaID]
	if w == nil || !slices.ContainsFunc(w.apps, func(a *subscription) bool { return a.AppID == req.app.ID }) {
		return invalidParam("The app must be subscribed to the WhatsApp Business Account of this phone number (POST /{waba}/subscribed_apps) before it can set a callback override")
	}
	p.WebhookOverride = &SeedWebhookOverride{OverrideCallbackURI: uri, VerifyToken: config.Token}
	return nil
}

// webhookNode renders the webhook_configuration field: the number's own
// override, the WABA's override of the asking app, when set.
func (st *state) webhookNode(p *phone, appID string) map[string]any {
	m := map[string]any{}
	if p.WebhookOverride != nil {
		m["phone_number"] = p.WebhookOverride.OverrideCallbackURI
	}
	if w := st.wabas[p.wabaID]; w != nil {
		for _, a := range w.apps {
			if a.AppID == appID && a.OverrideCallbackURI != "" {
				m["whatsapp_business_account"] = a.OverrideCallbackURI
			}
		}
	}
	return m
}

// PhoneWebhook returns a number's callback override, and whether one is set.
func (s *Server) PhoneWebhook(phoneID string) (SeedWebhookOverride, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.st.phones[phoneID]; p != nil && p.WebhookOverride != nil {
		return *p.WebhookOverride, true
	}
	return SeedWebhookOverride{}, false
}
