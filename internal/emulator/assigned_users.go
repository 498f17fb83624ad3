package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

func init() {
	handle(http.MethodGet, "/{waba}/assigned_users", (*Server).listAssignments)
	handle(http.MethodPost, "/{waba}/assigned_users", (*Server).assignUser)
	handle(http.MethodDelete, "/{waba}/assigned_users", (*Server).unassignUser)
	registerKind(KindAssignedUser, kind{delete: unassignOutOfBand, modify: reassignOutOfBand})
}

var assignedUserFields = map[string]bool{"id": true, "name": true, "tasks": true, "user_type": true, "business": true}

var assignedUserDefaultFields = []string{"id", "name", "tasks"}

// KnownTasks are the task names Meta's newest reference accepts, after
// https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account/assigned_users/
var KnownTasks = []string{
	"MANAGE", "DEVELOP", "MANAGE_TEMPLATES", "MANAGE_PHONE", "VIEW_COST", "MANAGE_EXTENSIONS",
	"VIEW_PHONE_ASSETS", "MANAGE_PHONE_ASSETS", "VIEW_TEMPLATES", "MESSAGING",
	"VIEW_INSIGHTS", "RECEIVE_INCOMING_MESSAGES", "MANAGE_BILLING", "MANAGE_USERS", "FULL_CONTROL",
}

func (s *Server) listAssignments(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	business := req.params.Get("business")
	if business == "" {
		return nil, invalidParam("The parameter business is required")
	}
	// The owner lists every assignment; a partner (the WABA is among its
	// client WABAs) lists those of its own users; any other business gets
	// an empty list, not an error. Meta does not publish what a partner
	// sees: this is the narrower case.
	partner := slices.Contains(w.clients, business)
	items := []pageItem{}
	for _, a := range w.users {
		if business == w.ownerBusiness || partner && s.st.users[a.UserID].BusinessID == business {
			items = append(items, pageItem{a.seq, s.st.assignmentNode(a)})
		}
	}
	return s.page(req, items, assignedUserFields, assignedUserDefaultFields, "AssignedUser")
}

func (s *Server) assignUser(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	userID := req.params.Get("user")
	if _, ok := s.st.users[userID]; !ok {
		return nil, invalidParam("Param user must be a valid business or system user ID")
	}
	tasks, err := parseList(req.params.Get("tasks"))
	if err != nil || len(tasks) == 0 {
		return nil, invalidParam("Param tasks must be a non-empty array of task names")
	}
	for _, t := range tasks {
		if !slices.Contains(KnownTasks, t) {
			return nil, invalidParam("Param tasks[] must be one of {%s}", strings.Join(KnownTasks, ", "))
		}
	}
	if s.opts.RejectReassign {
		for _, a := range w.users {
			if a.UserID == userID {
				return nil, errf(422, 100, 0, "OAuthException", "(#100) User is already assigned to this WhatsApp Business Account")
			}
		}
	}
	if s.opts.MergeTasks {
		for _, a := range w.users {
			if a.UserID == userID {
				tasks = append(append([]string(nil), a.Tasks...), tasks...)
			}
		}
	}
	s.st.assign(w, userID, dedupe(tasks))
	return s.readAfterWrite(req, map[string]any{"success": true}, "/{waba}", w.id, (*Server).getWABA)
}

func (s *Server) unassignUser(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	userID := req.params.Get("user")
	if userID == "" {
		return nil, invalidParam("The parameter user is required")
	}
	n := len(w.users)
	w.users = removeWhere(w.users, func(a *assignment) bool { return a.UserID == userID })
	if len(w.users) == n && !s.opts.UnassignedDeleteSucceeds {
		return nil, errf(404, 803, 0, "GraphMethodException", "(#803) User is not assigned to this WhatsApp Business Account")
	}
	return map[string]any{"success": true}, nil
}

func (st *state) assign(w *waba, userID string, tasks []string) {
	tasks = append([]string(nil), tasks...)
	for _, a := range w.users {
		if a.UserID == userID {
			a.Tasks = tasks
			return
		}
	}
	w.users = append(w.users, &assignment{SeedAssignedUser: SeedAssignedUser{UserID: userID, Tasks: tasks}, seq: st.next()})
}

func (st *state) assignmentNode(a *assignment) map[string]any {
	m := map[string]any{"id": a.UserID, "tasks": a.Tasks}
	if u, ok := st.users[a.UserID]; ok {
		m["name"] = u.Name
		m["user_type"] = u.Type
		if b, ok := st.businesses[u.BusinessID]; ok {
			m["business"] = map[string]any{"id": b.ID, "name": b.Name}
		}
	}
	return m
}

func unassignOutOfBand(st *state, c Change) error {
	w, err := st.wabaOf(c)
	if err == nil {
		w.users = removeWhere(w.users, func(a *assignment) bool { return a.UserID == c.ID })
	}
	return err
}

func reassignOutOfBand(st *state, c Change) error {
	w, err := st.wabaOf(c)
	if err != nil {
		return err
	}
	var tasks []string
	b, _ := json.Marshal(c.Fields["tasks"])
	if err := json.Unmarshal(b, &tasks); err != nil {
		return fmt.Errorf("fields.tasks: %w", err)
	}
	st.assign(w, c.ID, tasks)
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
