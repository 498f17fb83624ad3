package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// tokenOf finds the access token and notes where it came from.
func tokenOf(req *request) (token string, outside bool) {
	if h := req.r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") || strings.HasPrefix(h, "OAuth ") {
		token = strings.TrimSpace(h[strings.Index(h, " ")+1:])
	}
	if t := req.params.Get("access_token"); t != "" {
		outside = true
		if token == "" {
			token = t
		}
	}
	return token, outside
}

func (s *Server) authenticate(req *request) *graphError {
	token, outside := tokenOf(req)
	if outside {
		s.stats.TokenOutsideHeader++
		if s.opts.Strict {
			return invalidParam("strict mode: the access token must travel in the Authorization header only")
		}
	}
	if app, ok := s.appToken(token); ok {
		req.token, req.app, req.appToken = SeedToken{AppID: app.ID}, app, true
		return nil
	}
	t, ok := s.st.tokens[token]
	if !ok {
		if token == "" {
			return errf(400, 2500, 0, "OAuthException", "An active access token must be used to query information about the current user.")
		}
		return errf(400, 190, 467, "OAuthException", "Invalid OAuth access token - Cannot parse access token")
	}
	req.token = t
	req.app = s.st.apps[t.AppID]
	return s.checkProof(req, token)
}

// checkProof validates appsecret_proof in the legacy and the timestamped form.
func (s *Server) checkProof(req *request, token string) *graphError {
	proof := req.params.Get("appsecret_proof")
	if proof == "" {
		if req.app.RequireAppSecret {
			s.stats.MissingAppSecretProof++
			return invalidParam("API calls from the server require an appsecret_proof argument")
		}
		return nil
	}
	msg := token
	if ts := req.params.Get("appsecret_time"); ts != "" {
		sec, err := strconv.ParseInt(ts, 10, 64)
		if err != nil {
			return invalidParam("appsecret_time must be an integer")
		}
		if age := s.opts.Now().Sub(time.Unix(sec, 0)); age > 5*time.Minute || age < -5*time.Minute {
			s.stats.MissingAppSecretProof++
			return invalidParam("appsecret_time is too old")
		}
		msg = token + "|" + ts
	}
	mac := hmac.New(sha256.New, []byte(s.st.apps[req.token.AppID].Secret))
	mac.Write([]byte(msg))
	if !hmac.Equal([]byte(hex.EncodeToString(mac.Sum(nil))), []byte(strings.ToLower(proof))) {
		s.stats.MissingAppSecretProof++
		return invalidParam("Invalid appsecret_proof provided in the API argument")
	}
	return nil
}

// charge counts a WABA-scoped call against the (app, WABA) budget and sets the
// usage header.
func (s *Server) charge(w http.ResponseWriter, req *request) *graphError {
	if !strings.HasPrefix(req.route, "/{waba}") {
		// Platform-level usage, as percentages; the fake keeps no platform budget.
		w.Header().Set("X-App-Usage", `{"call_count":0,"total_cputime":0,"total_time":0}`)
		return nil
	}
	wabaID := req.parts[0]
	key := req.app.ID + "|" + wabaID
	u := s.usage[key]
	now := s.opts.Now()
	window := s.budget.Window
	if window == 0 {
		window = time.Hour
	}
	if u == nil || now.Sub(u.start) >= window {
		u = &usageWindow{start: now}
		s.usage[key] = u
	}
	u.calls++
	pct, regain := 0, 0
	if s.budget.Calls > 0 {
		pct = min(100, u.calls*100/s.budget.Calls)
		if u.calls > s.budget.Calls {
			regain = s.budget.RegainMinutes
		}
	}
	setUsageHeader(w, wabaID, pct, regain)
	if s.budget.Calls > 0 && u.calls > s.budget.Calls {
		t := true
		e := errf(400, 80008, 2446079, "OAuthException", "(#80008) There have been too many calls to this WhatsApp Business account. Wait a bit and try again.")
		e.Transient = &t
		return e
	}
	return nil
}

func setUsageHeader(w http.ResponseWriter, wabaID string, pct, regainMinutes int) {
	v, _ := json.Marshal(map[string]any{wabaID: []map[string]any{{
		"type": "whatsapp_business_management", "call_count": pct, "total_cputime": pct / 2,
		"total_time": pct / 2, "estimated_time_to_regain_access": regainMinutes,
	}}})
	w.Header().Set("X-Business-Use-Case-Usage", string(v))
}
