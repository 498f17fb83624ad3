package emulator

import "net/http"

func init() {
	handle(http.MethodGet, "/debug_token", (*Server).debugToken)
}

func (s *Server) debugToken(req *request) (any, *graphError) {
	t, ok := s.st.tokens[req.params.Get("input_token")]
	if !ok {
		return map[string]any{"data": map[string]any{"is_valid": false,
			"error": map[string]any{"code": 190, "message": "Invalid OAuth access token."}}}, nil
	}
	app := s.st.apps[t.AppID]
	data := map[string]any{
		"app_id": app.ID, "application": app.Name, "type": "SYSTEM_USER", "is_valid": true,
		"expires_at": 0, "data_access_expires_at": 0,
		"scopes": []string{"business_management", "whatsapp_business_management", "whatsapp_business_messaging"},
	}
	if t.UserID != "" {
		data["user_id"] = t.UserID
	}
	return map[string]any{"data": data}, nil
}
