package graphapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// EdgePhoneNumbers is a WABA's phone numbers.
// https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account/phone_numbers/
const EdgePhoneNumbers = "phone_numbers"

// PhoneNumber is a business phone number.
// https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account-to-number-current-status/
type PhoneNumber struct {
	ID                        string      `graph:"id,id"`
	DisplayPhoneNumber        *string     `graph:"display_phone_number"`
	VerifiedName              *string     `graph:"verified_name"`
	Status                    *string     `graph:"status"`
	CodeVerificationStatus    *string     `graph:"code_verification_status"`
	QualityRating             *string     `graph:"quality_rating"`
	NameStatus                *string     `graph:"name_status"`
	PlatformType              *string     `graph:"platform_type"`
	Throughput                *Throughput `graph:"throughput,whole"`
	AccountMode               *string     `graph:"account_mode"`
	IsOfficialBusinessAccount *bool       `graph:"is_official_business_account"`
	LastOnboardedTime         *string     `graph:"last_onboarded_time"`
	IsPinEnabled              *bool       `graph:"is_pin_enabled"`
	// NewDisplayName and NewNameStatus describe the latest display-name request.
	NewDisplayName *string `graph:"new_display_name"`
	NewNameStatus  *string `graph:"new_name_status"`
}

// Throughput is a number's messaging throughput.
type Throughput struct {
	Level *string `graph:"level"`
}

// ThroughputLevel is throughput.level, or nil.
func (p *PhoneNumber) ThroughputLevel() *string {
	if p.Throughput == nil {
		return nil
	}
	return p.Throughput.Level
}

// NewPhoneNumber is what POST /{waba}/phone_numbers takes.
type NewPhoneNumber struct {
	CC                 string
	PhoneNumber        string
	VerifiedName       string
	MigratePhoneNumber bool
	PreverifiedID      string
}

// GetPhoneNumber reads one phone number node.
func (c *Client) GetPhoneNumber(ctx context.Context, phoneID string) (*PhoneNumber, error) {
	return getNode[PhoneNumber](ctx, c, phoneID)
}

// ListPhoneNumbers fetches every page of a WABA's phone numbers, uncached.
// Readers should use PhoneNumbers or FindPhoneNumber, which share one listing.
func (c *Client) ListPhoneNumbers(ctx context.Context, wabaID string) ([]PhoneNumber, error) {
	page, err := c.listPhoneNumbers(ctx, wabaID, "")
	return page.items, err
}

func (c *Client) listPhoneNumbers(ctx context.Context, wabaID, after string) (listPage[PhoneNumber], error) {
	if err := checkIDs(wabaID); err != nil {
		return listPage[PhoneNumber]{}, err
	}
	return listAll[PhoneNumber](ctx, c, []string{wabaID, EdgePhoneNumbers}, url.Values{"fields": {fieldsOf[PhoneNumber]()}}, after)
}

// PhoneNumbers returns a WABA's phone numbers from the shared listing.
func (c *Client) PhoneNumbers(ctx context.Context, wabaID string) ([]PhoneNumber, error) {
	return c.phoneNumberListing().get(ctx, listKey{node: wabaID})
}

// FindPhoneNumber looks a number up by ID in the shared listing; nil when
// the WABA does not list it.
func (c *Client) FindPhoneNumber(ctx context.Context, wabaID, phoneID string) (*PhoneNumber, error) {
	p, _, err := c.phoneNumberListing().find(ctx, listKey{node: wabaID}, phoneID)
	return p, err
}

// ReadBackPhoneNumber looks a number up after this client added or changed
// it: in a listing begun after the write, shared with the read-backs of
// concurrent writes, or by the number's node when that is cheaper. Nil when
// the WABA does not list it.
func (c *Client) ReadBackPhoneNumber(ctx context.Context, wabaID, phoneID string) (*PhoneNumber, error) {
	return c.phoneNumberListing().readBack(ctx, listKey{node: wabaID}, phoneID)
}

// CreatePhoneNumber adds a number to a WABA and returns its ID. Its answer
// reads the new number (read-after-write), which ReadBackPhoneNumber then
// takes without a call when the answer carried it. The POST is
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
	r := request{method: http.MethodPost, path: []string{wabaID, EdgePhoneNumbers}, form: form}
	var created createdAnswer
	err := c.phoneNumberListing().writeReading(ctx, listKey{node: wabaID}, "", func(ctx context.Context, _ string) (string, readAfter[PhoneNumber], error) {
		answer, err := c.doReading(ctx, r, fieldsOf[PhoneNumber](), false)
		if err == nil && decodeBody(answer.body, &created) != nil {
			err = &Error{Method: r.method, Path: c.pathString(r), Err: fmt.Errorf("the answer has no id: %s", truncate(string(answer.body), 200)), undecodable: true}
		}
		if err != nil {
			return created.ID, readAfter[PhoneNumber]{}, err
		}
		return created.ID, readAfter[PhoneNumber]{got: readNodeAnswer[PhoneNumber](answer)}, nil
	})
	if e, ok := As(err); ok && e.undecodable {
		// The number was created but its ID could not be read: as good as unknown.
		e.OutcomeUnknown = true
	}
	if err != nil {
		return "", err
	}
	return created.ID, nil
}

func init() {
	registerListing(EdgePhoneNumbers, func(c *Client) *listing[PhoneNumber] {
		return newListing(c, EdgePhoneNumbers, func(p PhoneNumber) string { return p.ID },
			func(ctx context.Context, k listKey, after string) (listPage[PhoneNumber], error) {
				return c.listPhoneNumbers(ctx, k.node, after)
			}).withNode(c.GetPhoneNumber).
			withExpansion(c.cache.expansions, func(_ listKey, after string) string {
				return expansion(EdgePhoneNumbers, tailQuery(after), fieldsOf[PhoneNumber]())
			})
	})
}

// phoneNumberListing is the shared listing of a WABA's numbers.
func (c *Client) phoneNumberListing() *listing[PhoneNumber] {
	return listingOf[PhoneNumber](c, EdgePhoneNumbers)
}
