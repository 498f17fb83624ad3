package emulator

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"strings"
)

// A number's business public key for Flows with an endpoint:
// GET and POST /{phone}/whatsapp_business_encryption, after
// https://developers.facebook.com/docs/whatsapp/cloud-api/reference/whatsapp-business-encryption.
// Meta checks that the key is signed by the number's business; the fake
// reports every key it accepts as VALID.

func init() {
	handle(http.MethodGet, "/{phone}/whatsapp_business_encryption", (*Server).getBusinessEncryption)
	handle(http.MethodPost, "/{phone}/whatsapp_business_encryption", (*Server).setBusinessEncryption)
}

func (s *Server) getBusinessEncryption(req *request) (any, *graphError) {
	p := s.st.phones[req.parts[0]]
	data := []any{}
	if p.BusinessPublicKey != "" {
		data = append(data, map[string]any{"business_public_key": p.BusinessPublicKey, "business_public_key_signature_status": "VALID"})
	}
	return map[string]any{"data": data}, nil
}

func (s *Server) setBusinessEncryption(req *request) (any, *graphError) {
	p := s.st.phones[req.parts[0]]
	key := req.params.Get("business_public_key")
	if key == "" {
		return nil, invalidParam("The parameter business_public_key is required")
	}
	block, _ := pem.Decode([]byte(strings.TrimSpace(key)))
	if block == nil || block.Type != "PUBLIC KEY" {
		return nil, invalidParam("Param business_public_key must be a PEM-encoded public key")
	}
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	if rsaKey, ok := pub.(*rsa.PublicKey); err != nil || !ok || rsaKey.N.BitLen() != 2048 {
		return nil, invalidParam("Param business_public_key must be a 2048-bit RSA public key")
	}
	p.BusinessPublicKey = key
	return map[string]any{"success": true}, nil
}
