package graphapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
)

// EdgeBusinessProfile is a phone number's business profile: what customers
// see about the business in WhatsApp.
// https://developers.facebook.com/docs/whatsapp/cloud-api/reference/business-profiles
const EdgeBusinessProfile = "whatsapp_business_profile"

// BusinessProfile is a number's business profile as Meta returns it.
type BusinessProfile struct {
	About             *string  `graph:"about"`
	Address           *string  `graph:"address"`
	Description       *string  `graph:"description"`
	Email             *string  `graph:"email"`
	ProfilePictureURL *string  `graph:"profile_picture_url"`
	Websites          []string `graph:"websites"`
	Vertical          *string  `graph:"vertical"`
}

// BusinessProfileUpdate is what POST /{phone}/whatsapp_business_profile
// takes. Nil fields are left out (Meta keeps them); an empty string or list
// clears the field.
type BusinessProfileUpdate struct {
	About, Address, Description, Email, Vertical *string
	Websites                                     *[]string
	// ProfilePictureHandle is a Resumable Upload handle (see Upload).
	ProfilePictureHandle string
}

// GetBusinessProfile reads a number's business profile. Meta answers with a
// list of one; an empty list reads as nil.
func (c *Client) GetBusinessProfile(ctx context.Context, phoneID string) (*BusinessProfile, error) {
	return getOneOf[BusinessProfile](ctx, c, phoneID, EdgeBusinessProfile, "profiles")
}

// getOneOf reads a number's edge that Meta answers as a list of one item
// (the business profile, the commerce settings), with the fields of T; an
// empty list reads as nil. what names the items in an error.
func getOneOf[T any](ctx context.Context, c *Client, phoneID, edge, what string) (*T, error) {
	if err := checkIDs(phoneID); err != nil {
		return nil, err
	}
	var answer struct {
		Data []T `graph:"data,required"`
	}
	r := request{method: http.MethodGet, path: []string{phoneID, edge}, idempotent: true,
		query: url.Values{"fields": {fieldsOf[T]()}}}
	if err := c.doDecode(ctx, r, &answer); err != nil {
		return nil, err
	}
	switch len(answer.Data) {
	case 0:
		return nil, nil
	case 1:
		return &answer.Data[0], nil
	}
	return nil, &Error{Method: r.method, Path: c.pathString(r), Err: fmt.Errorf("the answer lists %d %s, want one", len(answer.Data), what)}
}

// UpdateBusinessProfile writes the fields of u that are set.
func (c *Client) UpdateBusinessProfile(ctx context.Context, phoneID string, u BusinessProfileUpdate) error {
	body := map[string]any{"messaging_product": "whatsapp"}
	for name, v := range map[string]*string{"about": u.About, "address": u.Address, "description": u.Description, "email": u.Email, "vertical": u.Vertical} {
		if v != nil {
			body[name] = *v
		}
	}
	if u.Websites != nil {
		body["websites"] = *u.Websites
	}
	if u.ProfilePictureHandle != "" {
		body["profile_picture_handle"] = u.ProfilePictureHandle
	}
	took := func(ctx context.Context) (bool, error) {
		p, err := c.GetBusinessProfile(ctx, phoneID)
		return p.shows(u), err
	}
	return c.writePhoneNode(ctx, phoneID, request{method: http.MethodPost, path: []string{phoneID, EdgeBusinessProfile}, json: body}, took)
}

// shows reports whether the profile reads as u wrote it. A new picture
// cannot be told from its URL: then it reports false, and the update is sent
// again (a profile write spends no budget).
func (p *BusinessProfile) shows(u BusinessProfileUpdate) bool {
	if p == nil || u.ProfilePictureHandle != "" {
		return false
	}
	for _, f := range []struct{ want, got *string }{
		{u.About, p.About}, {u.Address, p.Address}, {u.Description, p.Description}, {u.Email, p.Email}, {u.Vertical, p.Vertical},
	} {
		if f.want != nil && *f.want != deref(f.got) {
			return false
		}
	}
	return u.Websites == nil || slices.Equal(*u.Websites, p.Websites)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
