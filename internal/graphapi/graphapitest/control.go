package graphapitest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Object kinds for out-of-band changes.
const (
	KindWABA          = "waba"
	KindPhoneNumber   = "phone_number"
	KindAssignedUser  = "assigned_user"
	KindSubscribedApp = "subscribed_app"
)

// Change describes an out-of-band delete or change, as made in WhatsApp
// Manager behind Terraform's back.
type Change struct {
	Kind   string         `json:"kind"`
	WABAID string         `json:"waba_id,omitempty"`
	ID     string         `json:"id,omitempty"` // phone number, user or app ID
	Fields map[string]any `json:"fields,omitempty"`
}

// Delete removes an object out of band.
func (s *Server) Delete(c Change) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch c.Kind {
	case KindPhoneNumber:
		p := s.st.phones[c.ID]
		if p == nil {
			return fmt.Errorf("no phone number %s", c.ID)
		}
		s.st.removePhone(p)
	case KindAssignedUser, KindSubscribedApp:
		w := s.st.wabas[c.WABAID]
		if w == nil {
			return fmt.Errorf("no WABA %s", c.WABAID)
		}
		if c.Kind == KindAssignedUser {
			w.users = removeWhere(w.users, func(a *assignment) bool { return a.UserID == c.ID })
		} else {
			w.apps = removeWhere(w.apps, func(a *subscription) bool { return a.AppID == c.ID })
		}
	default:
		return fmt.Errorf("cannot delete kind %q", c.Kind)
	}
	return nil
}

// Modify changes an object's fields out of band.
func (s *Server) Modify(c Change) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch c.Kind {
	case KindWABA:
		w := s.st.wabas[c.WABAID]
		if w == nil {
			return fmt.Errorf("no WABA %s", c.WABAID)
		}
		for k, v := range c.Fields {
			if !wabaFields[k] {
				return fmt.Errorf("unknown WABA field %q", k)
			}
			if v == nil {
				delete(w.fields, k)
			} else {
				w.fields[k] = v
			}
		}
	case KindPhoneNumber:
		p := s.st.phones[c.ID]
		if p == nil {
			return fmt.Errorf("no phone number %s", c.ID)
		}
		b, _ := json.Marshal(p.SeedPhoneNumber)
		m := map[string]any{}
		_ = json.Unmarshal(b, &m)
		for k, v := range c.Fields {
			m[k] = v
		}
		b, _ = json.Marshal(m)
		var np SeedPhoneNumber
		if err := json.Unmarshal(b, &np); err != nil {
			return err
		}
		p.SeedPhoneNumber = np
	case KindAssignedUser:
		w := s.st.wabas[c.WABAID]
		if w == nil {
			return fmt.Errorf("no WABA %s", c.WABAID)
		}
		var tasks []string
		b, _ := json.Marshal(c.Fields["tasks"])
		if err := json.Unmarshal(b, &tasks); err != nil {
			return fmt.Errorf("fields.tasks: %w", err)
		}
		s.st.assign(w, c.ID, tasks)
	default:
		return fmt.Errorf("cannot change kind %q", c.Kind)
	}
	return nil
}

// Assignment returns a user's tasks on a WABA, and whether it is assigned.
func (s *Server) Assignment(wabaID, userID string) ([]string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w := s.st.wabas[wabaID]; w != nil {
		for _, a := range w.users {
			if a.UserID == userID {
				return append([]string(nil), a.Tasks...), true
			}
		}
	}
	return nil, false
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

// PhoneNumber returns a phone number by ID, with its WABA.
func (s *Server) PhoneNumber(id string) (SeedPhoneNumber, string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.st.phones[id]; p != nil {
		return p.SeedPhoneNumber, p.wabaID, true
	}
	return SeedPhoneNumber{}, "", false
}

// PhoneNumbers returns a WABA's numbers in creation order.
func (s *Server) PhoneNumbers(wabaID string) []SeedPhoneNumber {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []SeedPhoneNumber
	if w := s.st.wabas[wabaID]; w != nil {
		for _, p := range w.phones {
			out = append(out, p.SeedPhoneNumber)
		}
	}
	return out
}

// serveControl answers the /_fake/ routes.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	fail := func(err error) { http.Error(w, err.Error(), http.StatusBadRequest) }
	decode := func(v any) bool {
		body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
		if err == nil {
			err = json.Unmarshal(body, v)
		}
		if err != nil {
			fail(fmt.Errorf("body: %w", err))
			return false
		}
		return true
	}
	ok := func() { writeJSON(w, http.StatusOK, map[string]any{"success": true}) }
	route := r.Method + " " + r.URL.Path
	switch route {
	case "GET /_fake/state":
		writeJSON(w, http.StatusOK, s.State())
	case "GET /_fake/stats":
		writeJSON(w, http.StatusOK, s.Stats())
	case "POST /_fake/reset":
		if r.URL.Query().Get("state") != "" {
			if err := s.Reset(); err != nil {
				fail(err)
				return
			}
		} else {
			s.ResetStats()
		}
		ok()
	case "POST /_fake/seed":
		var seed Seed
		if decode(&seed) {
			if err := s.Apply(seed); err != nil {
				fail(err)
				return
			}
			ok()
		}
	case "POST /_fake/delete", "POST /_fake/change":
		var c Change
		if !decode(&c) {
			return
		}
		var err error
		if route == "POST /_fake/delete" {
			err = s.Delete(c)
		} else {
			err = s.Modify(c)
		}
		if err != nil {
			fail(err)
			return
		}
		ok()
	case "POST /_fake/faults":
		var fc FaultConfig
		if decode(&fc) {
			if err := s.SetFaults(fc); err != nil {
				fail(err)
				return
			}
			ok()
		}
	case "DELETE /_fake/faults":
		_ = s.SetFaults(FaultConfig{})
		ok()
	case "POST /_fake/latency":
		ms, err := strconv.Atoi(r.URL.Query().Get("ms"))
		if err != nil || ms < 0 {
			fail(fmt.Errorf("ms must be a whole number of milliseconds"))
			return
		}
		s.SetLatency(time.Duration(ms) * time.Millisecond)
		ok()
	case "POST /_fake/budget":
		var b Budget
		if decode(&b) {
			s.SetBudget(b)
			ok()
		}
	default:
		http.Error(w, "unknown control route "+route, http.StatusNotFound)
	}
}
