package emulator

import (
	"net/http"
	"strings"
)

func init() {
	handle(http.MethodGet, "/{waba}/subscribed_apps", (*Server).listSubscriptions)
	handle(http.MethodPost, "/{waba}/subscribed_apps", (*Server).subscribeApp)
	handle(http.MethodDelete, "/{waba}/subscribed_apps", (*Server).unsubscribeApp)
	registerKind(KindSubscribedApp, kind{delete: func(st *state, c Change) error {
		w, err := st.wabaOf(c)
		if err == nil {
			w.apps = removeWhere(w.apps, func(a *subscription) bool { return a.AppID == c.ID })
		}
		return err
	}})
}

func (s *Server) listSubscriptions(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	items := make([]pageItem, 0, len(w.apps))
	for _, a := range w.apps {
		items = append(items, pageItem{a.seq, s.st.subscriptionNode(a)})
	}
	return s.page(req, items, nil, nil, "")
}

func (s *Server) subscribeApp(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	uri, verify := req.params.Get("override_callback_uri"), req.params.Get("verify_token")
	switch {
	case (uri == "") != (verify == ""):
		return nil, invalidParam("override_callback_uri and verify_token must be set together")
	case len(uri) > 200:
		return nil, invalidParam("Param override_callback_uri must be at most 200 characters long")
	case uri != "" && !strings.HasPrefix(uri, "https://"):
		return nil, errf(400, 2200, 0, "OAuthException", "(#2200) Callback verification failed with the following errors: the callback URL must use https")
	}
	s.st.subscribe(w, SeedSubscribedApp{AppID: req.app.ID, OverrideCallbackURI: uri, VerifyToken: verify})
	return s.readAfterWrite(req, map[string]any{"success": true}, "/{waba}", w.id, (*Server).getWABA)
}

func (s *Server) unsubscribeApp(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	w.apps = removeWhere(w.apps, func(a *subscription) bool { return a.AppID == req.app.ID })
	return map[string]any{"success": true}, nil
}

func (st *state) subscribe(w *waba, a SeedSubscribedApp) {
	for _, s := range w.apps {
		if s.AppID == a.AppID {
			s.SeedSubscribedApp = a
			return
		}
	}
	w.apps = append(w.apps, &subscription{SeedSubscribedApp: a, seq: st.next()})
}

func (st *state) subscriptionNode(s *subscription) map[string]any {
	app := st.apps[s.AppID]
	m := map[string]any{"whatsapp_business_api_data": map[string]any{
		"id": app.ID, "name": app.Name, "link": "https://www.facebook.com/games/?app_id=" + app.ID,
	}}
	if s.OverrideCallbackURI != "" {
		m["override_callback_uri"] = s.OverrideCallbackURI
	}
	return m
}

// Subscription returns an app's subscription on a WABA, and whether it exists.
func (s *Server) Subscription(wabaID, appID string) (SeedSubscribedApp, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w := s.st.wabas[wabaID]; w != nil {
		for _, a := range w.apps {
			if a.AppID == appID {
				return a.SeedSubscribedApp, true
			}
		}
	}
	return SeedSubscribedApp{}, false
}
