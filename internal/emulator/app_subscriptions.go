package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// An app's webhook subscriptions: GET, POST and DELETE /{app}/subscriptions
// with the app access token (app_id|app_secret). A POST verifies the
// callback URL as Meta does, with a GET carrying hub.mode=subscribe,
// hub.challenge and hub.verify_token that must answer 200 with the
// challenge, but only on loopback: a callback on any other host is accepted
// without a call, so the emulator never reaches out (a documented shortcut).
// https://developers.facebook.com/docs/graph-api/reference/app/subscriptions
// https://developers.facebook.com/docs/graph-api/webhooks/getting-started#verification-requests

func init() {
	handle(http.MethodGet, "/{app}/subscriptions", (*Server).listAppSubscriptions)
	handle(http.MethodPost, "/{app}/subscriptions", (*Server).addAppSubscription)
	handle(http.MethodDelete, "/{app}/subscriptions", (*Server).removeAppSubscription)
	registerKind(KindAppSubscription, kind{
		modify: func(st *state, c Change) error {
			app, ok := st.apps[c.ID]
			i := slices.IndexFunc(app.Subscriptions, func(s SeedAppSubscription) bool { return s.Object == whatsAppObject })
			if !ok || i < 0 {
				return fmt.Errorf("app %s has no WhatsApp subscription", c.ID)
			}
			err := mergeFields(&app.Subscriptions[i], c.Fields)
			st.apps[c.ID] = app
			return err
		},
		delete: func(st *state, c Change) error {
			app, ok := st.apps[c.ID]
			if !ok {
				return fmt.Errorf("no app %s", c.ID)
			}
			app.Subscriptions = slices.DeleteFunc(app.Subscriptions, func(s SeedAppSubscription) bool { return s.Object == whatsAppObject })
			st.apps[c.ID] = app
			return nil
		},
	})
}

// KindAppSubscription changes or deletes an app's WhatsApp subscription out
// of band (Change.ID is the app ID; Fields as in SeedAppSubscription).
const KindAppSubscription = "app_subscription"

const whatsAppObject = "whatsapp_business_account"

// WhatsAppWebhookFields are the fields the whatsapp_business_account object
// takes.
var WhatsAppWebhookFields = []string{
	"account_alerts", "account_review_update", "account_settings_update", "account_update", "automatic_events",
	"business_capability_update", "business_status_update", "calls", "flows", "group_lifecycle_update",
	"group_participants_update", "group_settings_update", "group_status_update", "history", "message_echoes",
	"message_template_components_update", "message_template_quality_update", "message_template_status_update", "messages",
	"partner_solutions", "payment_configuration_update", "phone_number_name_update", "phone_number_quality_update", "security",
	"smb_app_state_sync", "smb_message_echoes", "template_category_update", "template_correct_category_detection",
	"tracking_events", "user_preferences",
}

// SeedAppSubscription is an app's subscription to one object's webhooks.
type SeedAppSubscription struct {
	Object      string   `json:"object"`
	CallbackURL string   `json:"callback_url"`
	VerifyToken string   `json:"verify_token,omitempty"`
	Fields      []string `json:"fields,omitempty"`
}

// appToken recognizes an app access token, app_id|app_secret.
func (s *Server) appToken(token string) (SeedApp, bool) {
	id, secret, ok := strings.Cut(token, "|")
	app, known := s.st.apps[id]
	return app, ok && known && app.Secret != "" && secret == app.Secret
}

// appOf checks the app access token of the path's app, as Meta requires.
func (s *Server) appOf(req *request) (SeedApp, *graphError) {
	if !req.appToken {
		return SeedApp{}, errf(400, 15, 0, "OAuthException", "(#15) This method must be called with an app access_token.")
	}
	if req.app.ID != req.parts[0] {
		return SeedApp{}, errf(400, 100, 0, "OAuthException", "(#100) The app access token does not belong to app %s", req.parts[0])
	}
	return s.st.apps[req.parts[0]], nil
}

func (s *Server) listAppSubscriptions(req *request) (any, *graphError) {
	app, gerr := s.appOf(req)
	if gerr != nil {
		return nil, gerr
	}
	data := make([]any, 0, len(app.Subscriptions))
	for _, sub := range app.Subscriptions {
		fields := make([]any, 0, len(sub.Fields))
		for _, f := range sub.Fields {
			fields = append(fields, map[string]any{"name": f, "version": "v25.0"})
		}
		data = append(data, map[string]any{"object": sub.Object, "callback_url": sub.CallbackURL, "active": true, "fields": fields})
	}
	return map[string]any{"data": data}, nil
}

func (s *Server) addAppSubscription(req *request) (any, *graphError) {
	app, gerr := s.appOf(req)
	if gerr != nil {
		return nil, gerr
	}
	object, callback, token := req.params.Get("object"), req.params.Get("callback_url"), req.params.Get("verify_token")
	if object == "" || callback == "" || token == "" {
		return nil, invalidParam("object, callback_url and verify_token are required")
	}
	fields, err := parseList(req.params.Get("fields"))
	if err != nil || len(fields) == 0 {
		return nil, invalidParam("Param fields must be a non-empty list of fields")
	}
	if object == whatsAppObject {
		for _, f := range fields {
			if !slices.Contains(WhatsAppWebhookFields, f) {
				return nil, invalidParam("Param fields[%s] is not a field of %s", f, object)
			}
		}
	}
	if gerr := verifyCallback(callback, token); gerr != nil {
		return nil, gerr
	}
	i := slices.IndexFunc(app.Subscriptions, func(sub SeedAppSubscription) bool { return sub.Object == object })
	if i < 0 {
		app.Subscriptions = append(app.Subscriptions, SeedAppSubscription{Object: object})
		i = len(app.Subscriptions) - 1
	}
	sub := &app.Subscriptions[i]
	sub.CallbackURL, sub.VerifyToken = callback, token
	// A POST adds fields; removing one takes a DELETE with fields.
	for _, f := range fields {
		if !slices.Contains(sub.Fields, f) {
			sub.Fields = append(sub.Fields, f)
		}
	}
	s.st.apps[app.ID] = app
	return map[string]any{"success": true}, nil
}

func (s *Server) removeAppSubscription(req *request) (any, *graphError) {
	app, gerr := s.appOf(req)
	if gerr != nil {
		return nil, gerr
	}
	object := req.params.Get("object")
	fields, err := parseList(req.params.Get("fields"))
	if err != nil {
		return nil, invalidParam("Param fields must be a list of fields")
	}
	app.Subscriptions = slices.DeleteFunc(app.Subscriptions, func(sub SeedAppSubscription) bool {
		return (object == "" || sub.Object == object) && len(fields) == 0
	})
	for i := range app.Subscriptions {
		if sub := &app.Subscriptions[i]; sub.Object == object && len(fields) > 0 {
			sub.Fields = slices.DeleteFunc(sub.Fields, func(f string) bool { return slices.Contains(fields, f) })
		}
	}
	s.st.apps[app.ID] = app
	return map[string]any{"success": true}, nil
}

// verifyCallback performs Meta's verification request against a loopback
// callback; any other host is accepted without a call.
func verifyCallback(callback, token string) *graphError {
	u, err := url.Parse(callback)
	if err != nil || u.Host == "" {
		return invalidParam("Param callback_url must be a URL")
	}
	if !isLoopbackHost(u.Hostname()) {
		if u.Scheme != "https" {
			return errf(400, 2200, 0, "OAuthException", "(#2200) Callback verification failed with the following errors: the callback URL must use https")
		}
		return nil
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	challenge := hex.EncodeToString(b)
	q := u.Query()
	q.Set("hub.mode", "subscribe")
	q.Set("hub.challenge", challenge)
	q.Set("hub.verify_token", token)
	u.RawQuery = q.Encode()
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Get(u.String())
	if err != nil {
		return errf(400, 2200, 0, "OAuthException", "(#2200) Callback verification failed with the following errors: curl_errno = 7; curl_error = Couldn't connect to server")
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	if resp.StatusCode != http.StatusOK || strings.TrimSpace(string(body)) != challenge {
		return errf(400, 2200, 0, "OAuthException",
			"(#2200) Callback verification failed with the following errors: HTTP Status Code = %d; HTTP Message = %s; Response Body = %s; The URL couldn't be validated. Response does not match challenge",
			resp.StatusCode, http.StatusText(resp.StatusCode), truncateBody(body))
	}
	return nil
}

func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func truncateBody(b []byte) string {
	if len(b) > 64 {
		return string(b[:64]) + "..."
	}
	return string(b)
}

// AppSubscription returns an app's subscription to object, if any.
func (s *Server) AppSubscription(appID, object string) (SeedAppSubscription, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sub := range s.st.apps[appID].Subscriptions {
		if sub.Object == object {
			return sub, true
		}
	}
	return SeedAppSubscription{}, false
}
