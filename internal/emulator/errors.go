package emulator

import (
	"fmt"
	"math/rand/v2"
	"net/http"
)

// graphError is Graph's error envelope.
type graphError struct {
	status    int
	Message   string `json:"message"`
	Type      string `json:"type"`
	Code      int    `json:"code"`
	Subcode   int    `json:"error_subcode,omitempty"`
	Transient *bool  `json:"is_transient,omitempty"`
	UserMsg   string `json:"error_user_msg,omitempty"`
	TraceID   string `json:"fbtrace_id"`
}

func (e *graphError) Error() string { return e.Message }

func errf(status, code, subcode int, typ, format string, args ...any) *graphError {
	return &graphError{status: status, Code: code, Subcode: subcode, Type: typ, Message: fmt.Sprintf(format, args...)}
}

func notFound(verb, id string) *graphError {
	return errf(400, 100, 33, "GraphMethodException",
		"Unsupported %s request. Object with ID '%s' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api", verb, id)
}

func invalidParam(format string, args ...any) *graphError {
	return errf(400, 100, 0, "OAuthException", "(#100) "+format, args...)
}

// writeError writes a Graph error, leaving out the optional fields of every
// other error when the fake is told to. The caller holds s.mu.
func (s *Server) writeError(w http.ResponseWriter, e *graphError) {
	s.errors++
	if s.opts.OmitOptionalErrorFields && s.errors%2 == 0 {
		e.Subcode, e.Transient = 0, nil
	}
	writeError(w, e)
}

func writeError(w http.ResponseWriter, e *graphError) {
	if e.TraceID == "" {
		e.TraceID = traceID()
	}
	writeJSON(w, e.status, map[string]any{"error": e})
}

func traceID() string {
	const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 11)
	for i := range b {
		b[i] = letters[rand.IntN(len(letters))]
	}
	return string(b)
}
