package emulator

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
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
	k, ok := kinds[c.Kind]
	if !ok || k.delete == nil {
		return fmt.Errorf("cannot delete kind %q", c.Kind)
	}
	if err := k.delete(s.st, c); err != nil {
		return err
	}
	return s.persist() // out-of-band changes are changes too
}

// Modify changes an object's fields out of band.
func (s *Server) Modify(c Change) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := kinds[c.Kind]
	if !ok || k.modify == nil {
		return fmt.Errorf("cannot change kind %q", c.Kind)
	}
	if err := k.modify(s.st, c); err != nil {
		return err
	}
	return s.persist()
}

// wabaOf finds the WABA a change names.
func (st *state) wabaOf(c Change) (*waba, error) {
	w := st.wabas[c.WABAID]
	if w == nil {
		return nil, fmt.Errorf("no WABA %s", c.WABAID)
	}
	return w, nil
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
	if id, ok := strings.CutPrefix(route, "GET "+flowDownloadPrefix); ok {
		s.serveFlowDownload(w, id)
		return
	}
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
	case "POST /_fake/display_name":
		var d struct {
			ID       string `json:"id"`
			Decision string `json:"decision"` // APPROVED or DECLINED
		}
		if !decode(&d) {
			return
		}
		if d.Decision != "APPROVED" && d.Decision != "DECLINED" {
			fail(fmt.Errorf("decision must be APPROVED or DECLINED"))
			return
		}
		if err := s.DecideDisplayName(d.ID, d.Decision == "APPROVED"); err != nil {
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
