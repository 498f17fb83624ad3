package graphapi

import (
	"context"
	"encoding/json"
	"fmt"
)

// Graph API read-after-write: "If a fields parameter is specified, the
// request will first do the write, then read the created or updated object,
// selecting fields using the fields parameter, as the response"
// (https://developers.facebook.com/docs/graph-api/changelog/version2.9).
// POST /{waba}/phone_numbers reads the number it created; POST
// /{waba}/assigned_users and /{waba}/subscribed_apps read the WABA, whose
// edge the fields expand (see expansions). A write whose answer carries its
// object needs no read-back; one whose answer lacks it (a Graph API that
// ignores fields=, an object not on the page expanded) is read back by the
// listing's engine, so a miss costs a call, never a wrong answer.

// readAfter is what the answer of a write read: the object written, nil
// when the answer did not carry it, and for an expanded edge the cursor
// after the page read ("" when none), where the edge's tail moves to.
type readAfter[T any] struct {
	got  *T
	tail string
}

// doReading sends the write r with fields= and returns its answer as an
// object. A write whose answer says "success": false fails, as doSuccess
// does; the answer may carry "success", the node read, or both.
//
// An edge expansion (expands) is left out once Meta refused one
// (expansions.refused). When Meta refuses a write that carries one (any 4xx
// but a rate limit: a Graph API that takes no expansion there), an
// idempotent write is sent once more without it and expansions are off for
// the run; a write that is not idempotent gets the error, since the refusal
// may concern the write itself.
func (c *Client) doReading(ctx context.Context, r request, fields string, expands bool) (writeAnswer, error) {
	if expands && c.cache.expansions.refused.Load() {
		fields = ""
	}
	send := r
	if fields != "" {
		send.form = cloneValues(r.form)
		send.form.Set("fields", fields)
	}
	body, err := c.do(ctx, send)
	if ge, ok := As(err); ok && fields != "" && expands && r.idempotent && ge.HTTPStatus >= 400 && ge.HTTPStatus < 500 && !ge.IsRateLimited() {
		c.cache.expansions.refused.Store(true)
		body, err = c.do(ctx, r)
	}
	if err != nil {
		return writeAnswer{}, err
	}
	top, err := objectOf(body)
	if err == nil {
		err = confirmed(top, body)
	}
	if err != nil {
		return writeAnswer{}, &Error{Method: r.method, Path: c.pathString(r), Err: err, undecodable: true}
	}
	return writeAnswer{body: body, fields: top}, nil
}

// writeAnswer is a write's answer, whole and by top-level field.
type writeAnswer struct {
	body   []byte
	fields map[string]json.RawMessage
}

// confirmed accepts a write's answer: "success": true, or without
// "success" a node read (its id).
func confirmed(answer map[string]json.RawMessage, body []byte) error {
	if _, ok := answer["success"]; ok {
		return decodeSuccess(body)
	}
	if present(answer["id"]) {
		return nil
	}
	return fmt.Errorf("the API did not confirm success: %s", truncate(string(body), 200))
}

// readNodeAnswer decodes the node a write read, nil when the answer holds
// no field of it but its id (fields= ignored) or does not decode.
func readNodeAnswer[T any](a writeAnswer) *T {
	for name := range a.fields {
		if name == "id" || name == "success" {
			continue
		}
		var got T
		if decodeBody(a.body, &got) != nil {
			return nil
		}
		return &got
	}
	return nil
}

// readEdgeAnswer picks the object id from the page of edge that a write's
// answer expanded, and the cursor after that page.
func readEdgeAnswer[T any](l *listing[T], a writeAnswer, id string) readAfter[T] {
	page, err := nestedPage[T](a.fields[l.edge])
	if err != nil {
		return readAfter[T]{}
	}
	_, cursor := page.links()
	return readAfter[T]{got: l.pick(page.Data, id), tail: cursor}
}
