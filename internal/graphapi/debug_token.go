package graphapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// TokenInfo is what debug_token says about the access token.
// https://developers.facebook.com/docs/graph-api/reference/debug_token/
type TokenInfo struct {
	AppID       string  `graph:"app_id,id"`
	Application *string `graph:"application"`
	UserID      *string `graph:"user_id"`
	IsValid     *bool   `graph:"is_valid"`
}

type debugTokenAnswer struct {
	Data *struct {
		IsValid *bool `graph:"is_valid"`
	} `graph:"data,required"`
}

type debugTokenData struct {
	Data TokenInfo `graph:"data,required"`
}

// DebugToken asks GET /debug_token about the client's own token. The token
// goes in input_token (the one place it appears in a URL; logs mask it).
// Readers should use TokenInfo, which asks once per client.
func (c *Client) DebugToken(ctx context.Context) (*TokenInfo, error) {
	r := request{
		method: http.MethodGet, path: []string{"debug_token"}, idempotent: true,
		query: url.Values{"input_token": {c.cfg.AccessToken}},
	}
	body, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	// An invalid token answers without app_id: check validity first.
	var valid debugTokenAnswer
	if err := decodeBody(body, &valid); err != nil {
		return nil, &Error{Method: r.method, Path: c.pathString(r), Err: err}
	}
	if valid.Data.IsValid == nil || !*valid.Data.IsValid {
		return nil, &Error{Method: r.method, Path: c.pathString(r), Code: 190, Message: "debug_token says the access token is not valid"}
	}
	var info debugTokenData
	if err := decodeBody(body, &info); err != nil {
		return nil, &Error{Method: r.method, Path: c.pathString(r), Err: err}
	}
	return &info.Data, nil
}

// TokenInfo returns what debug_token says of the token, asked once per client.
func (c *Client) TokenInfo(ctx context.Context) (*TokenInfo, error) {
	return c.cache.token.get(ctx, c.DebugToken)
}

// ErrAppMismatch matches the error AppID returns when the configured app ID
// is not the app that owns the token.
var ErrAppMismatch = errors.New("the configured app_id is not the token's app")

// AppID returns the token's app. A configured app ID is checked against
// debug_token once per client: Meta applies subscriptions to the token's own
// app whatever app ID a request names, so a different one would make reads
// find another app's subscription.
func (c *Client) AppID(ctx context.Context) (string, error) {
	info, err := c.TokenInfo(ctx)
	if err != nil {
		return "", err
	}
	if c.cfg.AppID != "" && c.cfg.AppID != info.AppID {
		name := ""
		if info.Application != nil {
			name = fmt.Sprintf(" (%s)", *info.Application)
		}
		return "", &Error{Method: http.MethodGet, Path: c.pathString(request{path: []string{"debug_token"}}),
			Err: fmt.Errorf("%w: app_id is %s, but the access token belongs to app %s%s", ErrAppMismatch, c.cfg.AppID, info.AppID, name)}
	}
	return info.AppID, nil
}
