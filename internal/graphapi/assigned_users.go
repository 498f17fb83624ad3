package graphapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// EdgeAssignedUsers is the users assigned to a WABA, with their tasks.
// https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account/assigned_users/
const EdgeAssignedUsers = "assigned_users"

// AssignedUser is a user's task set on a WABA.
type AssignedUser struct {
	ID       string   `graph:"id,id"`
	Name     *string  `graph:"name"`
	Tasks    []string `graph:"tasks"`
	UserType *string  `graph:"user_type"`
}

// ListAssignedUsers fetches every page of the users a business has assigned
// to a WABA, uncached. A business that does not own the WABA gets an empty list.
func (c *Client) ListAssignedUsers(ctx context.Context, wabaID, businessID string) ([]AssignedUser, error) {
	page, err := c.listAssignedUsers(ctx, wabaID, businessID, "")
	return page.items, err
}

func (c *Client) listAssignedUsers(ctx context.Context, wabaID, businessID, after string) (listPage[AssignedUser], error) {
	if err := checkIDs(wabaID, businessID); err != nil {
		return listPage[AssignedUser]{}, err
	}
	return listAll[AssignedUser](ctx, c, []string{wabaID, EdgeAssignedUsers},
		url.Values{"business": {businessID}, "fields": {fieldsOf[AssignedUser]()}}, after)
}

// AssignedUsers returns the users a business assigned to a WABA, from the
// shared listing.
func (c *Client) AssignedUsers(ctx context.Context, wabaID, businessID string) ([]AssignedUser, error) {
	return c.assignedUserListing().get(ctx, listKey{node: wabaID, business: businessID})
}

// FindAssignedUser looks a user up in the shared listing. It returns the
// user (nil when not listed) and the whole listing, since an empty listing
// means something else than a missing user: a wrong business.
func (c *Client) FindAssignedUser(ctx context.Context, wabaID, businessID, userID string) (*AssignedUser, []AssignedUser, error) {
	return c.assignedUserListing().find(ctx, listKey{node: wabaID, business: businessID}, userID)
}

// RecentAssignedUser looks a user up in the most recent listing of any
// generation, for the check before a write: this client's writes to other
// users since do not change the answer, so they cost no new listing. It
// fetches afresh when the user itself was written since.
func (c *Client) RecentAssignedUser(ctx context.Context, wabaID, businessID, userID string) (*AssignedUser, []AssignedUser, error) {
	return c.assignedUserListing().recent(ctx, listKey{node: wabaID, business: businessID}, userID)
}

// ReadBackAssignedUser looks a user up after this client wrote its
// assignment, in a listing begun after the write and shared with the
// read-backs of concurrent writes. Nil when not listed.
func (c *Client) ReadBackAssignedUser(ctx context.Context, wabaID, businessID, userID string) (*AssignedUser, error) {
	return c.assignedUserListing().readBack(ctx, listKey{node: wabaID, business: businessID}, userID)
}

// AssignUser grants a user tasks on a WABA (POST replaces the task set). The
// answer reads the WABA's users as business lists them (read-after-write: the
// page after the edge's tail, or the first page for a user listed there), so
// that ReadBackAssignedUser takes the user from it when it is there.
func (c *Client) AssignUser(ctx context.Context, wabaID, businessID, userID string, tasks []string) error {
	if err := checkIDs(wabaID, businessID, userID); err != nil {
		return err
	}
	encoded, err := json.Marshal(tasks)
	if err != nil {
		return err
	}
	l := c.assignedUserListing()
	key := listKey{node: wabaID, business: businessID}
	return l.writeReading(ctx, key, userID, func(ctx context.Context, after string) (string, readAfter[AssignedUser], error) {
		answer, err := c.doReading(ctx, request{
			method: http.MethodPost, path: []string{wabaID, EdgeAssignedUsers}, idempotent: true,
			form: url.Values{"user": {userID}, "tasks": {string(encoded)}},
		}, l.expand(key, after), true)
		if err != nil {
			return userID, readAfter[AssignedUser]{}, err
		}
		return userID, readEdgeAnswer(l, answer, userID), nil
	})
}

// UnassignUser removes all of a user's tasks on a WABA. A user who is not
// assigned is reported as ErrNotFound.
func (c *Client) UnassignUser(ctx context.Context, wabaID, userID string) error {
	if err := checkIDs(wabaID, userID); err != nil {
		return err
	}
	return c.assignedUserListing().write(ctx, wabaID, func(ctx context.Context) (string, error) {
		return userID, c.doSuccess(ctx, request{
			method: http.MethodDelete, path: []string{wabaID, EdgeAssignedUsers}, idempotent: true,
			query: url.Values{"user": {userID}},
		})
	})
}

func init() {
	registerListing(EdgeAssignedUsers, func(c *Client) *listing[AssignedUser] {
		return newListing(c, EdgeAssignedUsers, func(u AssignedUser) string { return u.ID },
			func(ctx context.Context, k listKey, after string) (listPage[AssignedUser], error) {
				return c.listAssignedUsers(ctx, k.node, k.business, after)
			}).
			withExpansion(c.cache.expansions, func(k listKey, after string) string {
				q := tailQuery(after)
				q.Set("business", k.business)
				return expansion(EdgeAssignedUsers, q, fieldsOf[AssignedUser]())
			})
	})
}

// assignedUserListing is the shared listing of a WABA's assigned users (per
// business that asks).
func (c *Client) assignedUserListing() *listing[AssignedUser] {
	return listingOf[AssignedUser](c, EdgeAssignedUsers)
}
