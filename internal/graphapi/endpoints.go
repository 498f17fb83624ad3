package graphapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// Edge names, also the keys of the listings cache and the write locks.
const (
	EdgePhoneNumbers   = "phone_numbers"
	EdgeSubscribedApps = "subscribed_apps"
	EdgeAssignedUsers  = "assigned_users"
)

// checkIDs refuses any ID that is not decimal before a path is built, so a
// value like "123/../me" never reaches another endpoint.
func checkIDs(ids ...string) error {
	for _, id := range ids {
		if !ValidID(id) {
			return &Error{Err: fmt.Errorf("ID %q is not a decimal Graph ID", id)}
		}
	}
	return nil
}

// DebugToken asks GET /debug_token about the client's own token. The token
// goes in input_token (the one place it appears in a URL; logs mask it).
func (c *Client) DebugToken(ctx context.Context) (*TokenInfo, error) {
	body, err := c.do(ctx, request{
		method: http.MethodGet, path: []string{"debug_token"}, idempotent: true,
		query: url.Values{"input_token": {c.cfg.AccessToken}},
	})
	if err != nil {
		return nil, err
	}
	o, err := decodeObject(body)
	if err != nil {
		return nil, c.decodeErr("debug_token", err)
	}
	d := o.obj("data")
	if d == nil {
		return nil, c.decodeErr("debug_token", fmt.Errorf("the answer has no data object"))
	}
	info := &TokenInfo{Application: d.str("application"), UserID: d.str("user_id"), Type: d.str("type")}
	if v := d.boolean("is_valid"); v != nil {
		info.IsValid = *v
	}
	if !info.IsValid {
		return nil, &Error{Method: "GET", Path: c.pathString(request{path: []string{"debug_token"}}), Code: 190, Message: "debug_token says the access token is not valid"}
	}
	info.AppID = d.id("app_id")
	if *o.err != nil {
		return nil, c.decodeErr("debug_token", *o.err)
	}
	return info, nil
}

// GetWABA reads a WhatsApp Business Account with an explicit field list.
func (c *Client) GetWABA(ctx context.Context, wabaID string) (*WABA, error) {
	return getNode(ctx, c, wabaID, wabaFields, decodeWABA)
}

// GetPhoneNumber reads one phone number node.
func (c *Client) GetPhoneNumber(ctx context.Context, phoneID string) (*PhoneNumber, error) {
	return getNode(ctx, c, phoneID, phoneNumberFields, func(o object) *PhoneNumber {
		p := decodePhoneNumber(o)
		return &p
	})
}

// getNode reads GET /{id}?fields= and decodes the node.
func getNode[T any](ctx context.Context, c *Client, id, fields string, decode func(object) T) (T, error) {
	var zero T
	if err := checkIDs(id); err != nil {
		return zero, err
	}
	body, err := c.do(ctx, request{method: http.MethodGet, path: []string{id}, idempotent: true, query: url.Values{"fields": {fields}}})
	if err != nil {
		return zero, err
	}
	o, err := decodeObject(body)
	if err != nil {
		return zero, c.decodeErr(id, err)
	}
	node := decode(o)
	if *o.err != nil {
		return zero, c.decodeErr(id, *o.err)
	}
	return node, nil
}

// ListPhoneNumbers fetches every page of a WABA's phone numbers, uncached.
// Readers should use PhoneNumbers, which shares one listing.
func (c *Client) ListPhoneNumbers(ctx context.Context, wabaID string) ([]PhoneNumber, error) {
	if err := checkIDs(wabaID); err != nil {
		return nil, err
	}
	var out []PhoneNumber
	err := c.list(ctx, []string{wabaID, EdgePhoneNumbers}, url.Values{"fields": {phoneNumberFields}}, func(o object) {
		out = append(out, decodePhoneNumber(o))
	})
	return out, err
}

// CreatePhoneNumber adds a number to a WABA and returns its ID. The POST is
// never repeated after a dropped connection: on an error matching
// ErrOutcomeUnknown, list the WABA's numbers to learn whether it took effect.
func (c *Client) CreatePhoneNumber(ctx context.Context, wabaID string, p NewPhoneNumber) (string, error) {
	if err := checkIDs(wabaID); err != nil {
		return "", err
	}
	if p.PreverifiedID != "" {
		if err := checkIDs(p.PreverifiedID); err != nil {
			return "", err
		}
	}
	form := url.Values{"cc": {p.CC}, "phone_number": {p.PhoneNumber}}
	if p.VerifiedName != "" {
		form.Set("verified_name", p.VerifiedName)
	}
	if p.MigratePhoneNumber {
		form.Set("migrate_phone_number", "true")
	}
	if p.PreverifiedID != "" {
		form.Set("preverified_id", p.PreverifiedID)
	}
	defer c.listings.invalidate(wabaID, EdgePhoneNumbers)
	body, err := c.do(ctx, request{method: http.MethodPost, path: []string{wabaID, EdgePhoneNumbers}, form: form})
	if err != nil {
		return "", err
	}
	o, err := decodeObject(body)
	if err == nil {
		id := o.id("id")
		if err = *o.err; err == nil {
			return id, nil
		}
	}
	// The number was created but its ID could not be read: as good as unknown.
	return "", &Error{Method: "POST", Path: c.pathString(request{path: []string{wabaID, EdgePhoneNumbers}}), Err: err, OutcomeUnknown: true}
}

// DeregisterPhoneNumber removes a number's Cloud API registration.
func (c *Client) DeregisterPhoneNumber(ctx context.Context, wabaID, phoneID string) error {
	if err := checkIDs(wabaID, phoneID); err != nil {
		return err
	}
	defer c.listings.invalidate(wabaID, EdgePhoneNumbers)
	return c.doSuccess(ctx, request{method: http.MethodPost, path: []string{phoneID, "deregister"}, idempotent: true})
}

// ListSubscribedApps fetches every page of a WABA's subscribed apps, uncached.
func (c *Client) ListSubscribedApps(ctx context.Context, wabaID string) ([]SubscribedApp, error) {
	if err := checkIDs(wabaID); err != nil {
		return nil, err
	}
	var out []SubscribedApp
	err := c.list(ctx, []string{wabaID, EdgeSubscribedApps}, url.Values{}, func(o object) {
		out = append(out, decodeSubscribedApp(o))
	})
	return out, err
}

// SubscribeApp subscribes the token's app to a WABA. With an override it sets
// the WABA's callback override; without one it clears any override.
func (c *Client) SubscribeApp(ctx context.Context, wabaID string, override *CallbackOverride) error {
	if err := checkIDs(wabaID); err != nil {
		return err
	}
	form := url.Values{}
	if override != nil {
		form.Set("override_callback_uri", override.CallbackURI)
		form.Set("verify_token", override.VerifyToken)
	}
	defer c.listings.invalidate(wabaID, EdgeSubscribedApps)
	return c.doSuccess(ctx, request{method: http.MethodPost, path: []string{wabaID, EdgeSubscribedApps}, form: form, idempotent: true})
}

// UnsubscribeApp removes the token's app's subscription from a WABA.
func (c *Client) UnsubscribeApp(ctx context.Context, wabaID string) error {
	if err := checkIDs(wabaID); err != nil {
		return err
	}
	defer c.listings.invalidate(wabaID, EdgeSubscribedApps)
	return c.doSuccess(ctx, request{method: http.MethodDelete, path: []string{wabaID, EdgeSubscribedApps}, idempotent: true})
}

// ListAssignedUsers fetches every page of the users a business has assigned
// to a WABA, uncached. A business that does not own the WABA gets an empty list.
func (c *Client) ListAssignedUsers(ctx context.Context, wabaID, businessID string) ([]AssignedUser, error) {
	if err := checkIDs(wabaID, businessID); err != nil {
		return nil, err
	}
	var out []AssignedUser
	err := c.list(ctx, []string{wabaID, EdgeAssignedUsers}, url.Values{"business": {businessID}, "fields": {assignedUserFields}}, func(o object) {
		out = append(out, decodeAssignedUser(o))
	})
	return out, err
}

// AssignUser grants a user tasks on a WABA (POST replaces the task set).
func (c *Client) AssignUser(ctx context.Context, wabaID, userID string, tasks []string) error {
	if err := checkIDs(wabaID, userID); err != nil {
		return err
	}
	encoded, err := json.Marshal(tasks)
	if err != nil {
		return err
	}
	defer c.listings.invalidate(wabaID, EdgeAssignedUsers)
	return c.doSuccess(ctx, request{
		method: http.MethodPost, path: []string{wabaID, EdgeAssignedUsers}, idempotent: true,
		form: url.Values{"user": {userID}, "tasks": {string(encoded)}},
	})
}

// UnassignUser removes all of a user's tasks on a WABA. A user who is not
// assigned is reported as ErrNotFound.
func (c *Client) UnassignUser(ctx context.Context, wabaID, userID string) error {
	if err := checkIDs(wabaID, userID); err != nil {
		return err
	}
	defer c.listings.invalidate(wabaID, EdgeAssignedUsers)
	return c.doSuccess(ctx, request{
		method: http.MethodDelete, path: []string{wabaID, EdgeAssignedUsers}, idempotent: true,
		query: url.Values{"user": {userID}},
	})
}

func (c *Client) doSuccess(ctx context.Context, r request) error {
	body, err := c.do(ctx, r)
	if err != nil {
		return err
	}
	if err := decodeSuccess(body); err != nil {
		return &Error{Method: r.method, Path: c.pathString(r), Err: err}
	}
	return nil
}

// decodeErr reports an answer to GET path that could not be decoded.
func (c *Client) decodeErr(path string, err error) error {
	return &Error{Method: http.MethodGet, Path: c.pathString(request{path: []string{path}}), Err: err}
}

// list pages through an edge. The next page is asked of base_url + the same
// path + after=<cursor>, never of the absolute `next` URL (which could name
// another host); `next` only says that more exists. A cursor seen twice is an
// error, so a looping API cannot keep a run busy.
func (c *Client) list(ctx context.Context, path []string, query url.Values, each func(object)) error {
	query.Set("limit", strconv.Itoa(pageLimit))
	seen := map[string]bool{}
	for {
		r := request{method: http.MethodGet, path: path, query: query, idempotent: true}
		body, err := c.do(ctx, r)
		if err != nil {
			return err
		}
		o, err := decodeObject(body)
		if err != nil {
			return &Error{Method: "GET", Path: c.pathString(r), Err: err}
		}
		if !o.has("data") {
			return &Error{Method: "GET", Path: c.pathString(r), Err: fmt.Errorf("the answer has no data list: %s", truncate(string(body), 120))}
		}
		for _, item := range o.objects("data") {
			each(item)
		}
		var next, after *string
		if p := o.obj("paging"); p != nil {
			next = p.str("next")
			if cur := p.obj("cursors"); cur != nil {
				after = cur.str("after")
			}
		}
		if *o.err != nil {
			return &Error{Method: "GET", Path: c.pathString(r), Err: *o.err}
		}
		if next == nil || *next == "" {
			return nil
		}
		if after == nil || *after == "" {
			return &Error{Method: "GET", Path: c.pathString(r), Err: fmt.Errorf("paging has a next page but no after cursor")}
		}
		if seen[*after] {
			return &Error{Method: "GET", Path: c.pathString(r), Err: fmt.Errorf("paging returned cursor %q twice; stopping instead of looping", truncate(*after, 40))}
		}
		seen[*after] = true
		query = cloneValues(query)
		query.Set("after", *after)
	}
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
