package graphapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
)

// EdgeQRCodes is a phone number's click-to-chat QR codes and short links.
// https://developers.facebook.com/docs/whatsapp/business-management-api/qr-codes
const EdgeQRCodes = "message_qrdls"

// MaxQRCodesPerNumber is how many QR codes and short links Meta lets one
// number have.
const MaxQRCodesPerNumber = 2000

// MaxPrefilledMessage is the longest prefilled message Meta takes, in
// characters.
const MaxPrefilledMessage = 140

// QRCodeImageFormats are the image formats Meta renders a QR code in.
var QRCodeImageFormats = []string{"PNG", "SVG"}

// QRCodePattern is what a QR code's code looks like; it goes into a URL
// path, so nothing else is let through.
var QRCodePattern = regexp.MustCompile(`^[A-Za-z0-9]{1,64}$`)

// QRCode is a QR code and short link of a number. Meta lists the code, the
// message and the link; the image URL comes only with a create, or when
// asked for in one format (qr_image_url.format(SVG)).
type QRCode struct {
	Code             string  `graph:"code"`
	PrefilledMessage *string `graph:"prefilled_message"`
	DeepLinkURL      *string `graph:"deep_link_url"`
	QRImageURL       *string `graph:"qr_image_url,nofetch"`
}

func checkQRCode(code string) error {
	if !QRCodePattern.MatchString(code) {
		return &Error{Err: fmt.Errorf("QR code %q is not 1 to 64 letters and digits", code)}
	}
	return nil
}

func (c *Client) listQRCodes(ctx context.Context, phoneID, after string) (listPage[QRCode], error) {
	if err := checkIDs(phoneID); err != nil {
		return listPage[QRCode]{}, err
	}
	return listAll[QRCode](ctx, c, []string{phoneID, EdgeQRCodes}, url.Values{"fields": {fieldsOf[QRCode]()}}, after)
}

// QRCodes returns a number's QR codes from the shared listing.
func (c *Client) QRCodes(ctx context.Context, phoneID string) ([]QRCode, error) {
	return c.qrCodeListing().get(ctx, listKey{node: phoneID})
}

// FindQRCode looks a QR code up in the shared listing; nil when the number
// does not list it.
func (c *Client) FindQRCode(ctx context.Context, phoneID, code string) (*QRCode, error) {
	q, _, err := c.qrCodeListing().find(ctx, listKey{node: phoneID}, code)
	return q, err
}

// ReadBackQRCode looks a QR code up after this client wrote it, in a listing
// begun after the write.
func (c *Client) ReadBackQRCode(ctx context.Context, phoneID, code string) (*QRCode, error) {
	return c.qrCodeListing().readBack(ctx, listKey{node: phoneID}, code)
}

// CreateQRCode creates a QR code with its image in format (PNG or SVG). A
// create is not harmless to repeat: an unknown outcome is settled, as a Flow
// create is, by a fresh listing (the write bumped the generation), where a
// code with this message that the listing before the create did not have,
// and that no other write of this client made, is the one created.
func (c *Client) CreateQRCode(ctx context.Context, phoneID, message, format string) (*QRCode, error) {
	if err := checkIDs(phoneID); err != nil {
		return nil, err
	}
	l := c.qrCodeListing()
	_, before, err := l.recent(ctx, listKey{node: phoneID}, "")
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, q := range before {
		known[q.Code] = true
	}
	r := request{method: http.MethodPost, path: []string{phoneID, EdgeQRCodes}, form: url.Values{"prefilled_message": {message}, "generate_qr_image": {format}}}
	return Settle(ctx, c, func(ctx context.Context) (*QRCode, error) {
		var q QRCode
		err := l.write(ctx, phoneID, func(ctx context.Context) (string, error) {
			if err := c.doDecode(ctx, r, &q); err != nil {
				return "", err
			}
			if q.Code == "" {
				return "", &Error{Method: r.method, Path: c.pathString(r), Err: fmt.Errorf("the answer has no code")}
			}
			return q.Code, nil
		})
		if err != nil {
			return nil, err
		}
		return &q, nil
	}, func(ctx context.Context) (*QRCode, bool, error) {
		codes, err := l.get(ctx, listKey{node: phoneID})
		for _, q := range codes {
			if !known[q.Code] && !l.wrote(phoneID, q.Code) && q.PrefilledMessage != nil && *q.PrefilledMessage == message {
				return &q, true, nil
			}
		}
		return nil, false, err
	})
}

// UpdateQRCode sets a QR code's prefilled message; the code, link and image
// stay. Setting a message twice is harmless, so it is retried as a read.
func (c *Client) UpdateQRCode(ctx context.Context, phoneID, code, message string) error {
	if err := checkIDs(phoneID); err != nil {
		return err
	}
	if err := checkQRCode(code); err != nil {
		return err
	}
	return c.qrCodeListing().write(ctx, phoneID, func(ctx context.Context) (string, error) {
		// Meta answers with the QR code; its fields are read back with the listing.
		var answer QRCode
		return code, c.doDecode(ctx, request{method: http.MethodPost, path: []string{phoneID, EdgeQRCodes},
			form: url.Values{"code": {code}, "prefilled_message": {message}}, idempotent: true}, &answer)
	})
}

// DeleteQRCode deletes a QR code; its short link stops working.
func (c *Client) DeleteQRCode(ctx context.Context, phoneID, code string) error {
	if err := checkIDs(phoneID); err != nil {
		return err
	}
	if err := checkQRCode(code); err != nil {
		return err
	}
	return c.qrCodeListing().write(ctx, phoneID, func(ctx context.Context) (string, error) {
		return code, c.doSuccess(ctx, request{method: http.MethodDelete, path: []string{phoneID, EdgeQRCodes, code}, idempotent: true})
	})
}

// QRCodeImageURL asks for a QR code's image in format: one request, for a
// code adopted by import (the listing carries no image).
func (c *Client) QRCodeImageURL(ctx context.Context, phoneID, code, format string) (string, error) {
	if err := checkIDs(phoneID); err != nil {
		return "", err
	}
	if err := checkQRCode(code); err != nil {
		return "", err
	}
	var answer struct {
		Data []QRCode `graph:"data,required"`
	}
	r := request{method: http.MethodGet, path: []string{phoneID, EdgeQRCodes, code}, idempotent: true,
		query: url.Values{"fields": {"code,qr_image_url.format(" + format + ")"}}}
	if err := c.doDecode(ctx, r, &answer); err != nil {
		return "", err
	}
	if len(answer.Data) != 1 || answer.Data[0].QRImageURL == nil {
		return "", &Error{Method: r.method, Path: c.pathString(r), Err: fmt.Errorf("the answer has no qr_image_url")}
	}
	return *answer.Data[0].QRImageURL, nil
}

func init() {
	registerListing(EdgeQRCodes, func(c *Client) *listing[QRCode] {
		return newListing(c, EdgeQRCodes, func(q QRCode) string { return q.Code },
			func(ctx context.Context, k listKey, after string) (listPage[QRCode], error) {
				return c.listQRCodes(ctx, k.node, after)
			})
	})
}

// qrCodeListing is the shared listing of a number's QR codes.
func (c *Client) qrCodeListing() *listing[QRCode] {
	return listingOf[QRCode](c, EdgeQRCodes)
}
