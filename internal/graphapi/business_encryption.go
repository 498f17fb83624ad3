package graphapi

import (
	"bytes"
	"context"
	"encoding/pem"
	"net/http"
	"net/url"
	"strings"
)

// EdgeBusinessEncryption is a number's business public key, which Flows
// with an endpoint use to encrypt what they exchange with it.
// https://developers.facebook.com/docs/whatsapp/cloud-api/reference/whatsapp-business-encryption
const EdgeBusinessEncryption = "whatsapp_business_encryption"

// BusinessEncryption is a number's business public key and Meta's check of
// its signature.
type BusinessEncryption struct {
	PublicKey       *string `graph:"business_public_key"`
	SignatureStatus *string `graph:"business_public_key_signature_status"`
}

// GetBusinessEncryption reads a number's business public key; nil when
// none is set.
func (c *Client) GetBusinessEncryption(ctx context.Context, phoneID string) (*BusinessEncryption, error) {
	if err := checkIDs(phoneID); err != nil {
		return nil, err
	}
	var page pageAnswer[BusinessEncryption]
	r := request{method: http.MethodGet, path: []string{phoneID, EdgeBusinessEncryption}, idempotent: true}
	if err := c.doDecode(ctx, r, &page); err != nil {
		return nil, err
	}
	for _, e := range page.Data {
		if e.PublicKey != nil && strings.TrimSpace(*e.PublicKey) != "" {
			return &e, nil
		}
	}
	return nil, nil
}

// SetBusinessPublicKey sets a number's business public key (PEM), under
// the number's lock; an unknown outcome is settled by reading the key.
func (c *Client) SetBusinessPublicKey(ctx context.Context, phoneID, publicKey string) error {
	took := func(ctx context.Context) (bool, error) {
		got, err := c.GetBusinessEncryption(ctx, phoneID)
		return err == nil && got != nil && SamePublicKey(*got.PublicKey, publicKey), err
	}
	r := request{method: http.MethodPost, path: []string{phoneID, EdgeBusinessEncryption}, form: url.Values{"business_public_key": {publicKey}}}
	return c.writePhoneNode(ctx, phoneID, r, took)
}

// SamePublicKey reports two PEM documents holding the same key, whatever
// their line breaks and surrounding white space.
func SamePublicKey(a, b string) bool {
	ba, _ := pem.Decode([]byte(strings.TrimSpace(a)))
	bb, _ := pem.Decode([]byte(strings.TrimSpace(b)))
	if ba == nil || bb == nil {
		return strings.TrimSpace(a) == strings.TrimSpace(b)
	}
	return ba.Type == bb.Type && bytes.Equal(ba.Bytes, bb.Bytes)
}
