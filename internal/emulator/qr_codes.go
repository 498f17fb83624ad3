package emulator

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// A number's QR codes and short links: GET, POST /{phone}/message_qrdls,
// GET and DELETE /{phone}/message_qrdls/{code}, with Meta's limits (140
// characters, 2,000 per number).
// https://developers.facebook.com/docs/whatsapp/business-management-api/qr-codes

func init() {
	handle(http.MethodGet, "/{phone}/message_qrdls", (*Server).listQRCodes)
	handle(http.MethodPost, "/{phone}/message_qrdls", (*Server).writeQRCode)
	handle(http.MethodGet, "/{phone}/message_qrdls/{code}", (*Server).getQRCode)
	handle(http.MethodDelete, "/{phone}/message_qrdls/{code}", (*Server).deleteQRCode)
	registerKind(KindQRCode, kind{
		modify: func(st *state, c Change) error {
			p, i := st.qrCode(c.ID)
			if p == nil {
				return fmt.Errorf("no QR code %s", c.ID)
			}
			return mergeFields(&p.QRCodes[i], c.Fields)
		},
		delete: func(st *state, c Change) error {
			p, i := st.qrCode(c.ID)
			if p == nil {
				return fmt.Errorf("no QR code %s", c.ID)
			}
			p.QRCodes = slices.Delete(p.QRCodes, i, i+1)
			return nil
		},
	})
}

// KindQRCode changes or deletes a QR code out of band (Change.ID is the
// code; Fields as in SeedQRCode).
const KindQRCode = "qr_code"

// MaxQRCodes is how many QR codes Meta lets one number have.
const MaxQRCodes = 2000

// SeedQRCode is a QR code and short link of a number.
type SeedQRCode struct {
	Code             string `json:"code"`
	PrefilledMessage string `json:"prefilled_message"`
}

var qrFields = map[string]bool{"code": true, "prefilled_message": true, "deep_link_url": true, "qr_image_url": true}

var qrDefaultFields = []string{"code", "prefilled_message", "deep_link_url"}

// qrImageFormat reads the format of qr_image_url.format(X) in fields=.
var qrImageFormat = regexp.MustCompile(`qr_image_url\.format\(([A-Za-z]*)\)`)

// qrCode finds a QR code by its code on any number.
func (st *state) qrCode(code string) (*phone, int) {
	for _, p := range st.phones {
		if i := slices.IndexFunc(p.QRCodes, func(q SeedQRCode) bool { return q.Code == code }); i >= 0 {
			return p, i
		}
	}
	return nil, -1
}

// qrSeqs numbers the number's codes in listing order, seeded ones first.
func (st *state) qrSeqs(p *phone) map[string]int64 {
	if p.qrSeq == nil {
		p.qrSeq = map[string]int64{}
	}
	for _, q := range p.QRCodes {
		if p.qrSeq[q.Code] == 0 {
			p.qrSeq[q.Code] = st.next()
		}
	}
	return p.qrSeq
}

// qrNode renders a QR code; format, when set, adds its image URL.
func qrNode(q SeedQRCode, format string) map[string]any {
	n := map[string]any{"code": q.Code, "prefilled_message": q.PrefilledMessage, "deep_link_url": "https://wa.me/message/" + q.Code}
	if format != "" {
		n["qr_image_url"] = "https://scontent.whatsapp.net/v/qr/" + q.Code + "." + strings.ToLower(format)
	}
	return n
}

// imageFormatOf reads the image format asked for in fields=; qr_image_url
// without a format is refused, as Meta does.
func imageFormatOf(fields string) (string, *graphError) {
	if !strings.Contains(fields, "qr_image_url") {
		return "", nil
	}
	m := qrImageFormat.FindStringSubmatch(fields)
	if m == nil || m[1] != "PNG" && m[1] != "SVG" {
		return "", invalidParam("qr_image_url must designate an image format: qr_image_url.format(SVG) or qr_image_url.format(PNG)")
	}
	return m[1], nil
}

func (s *Server) listQRCodes(req *request) (any, *graphError) {
	p := s.st.phones[req.parts[0]]
	format, gerr := imageFormatOf(req.params.Get("fields"))
	if gerr != nil {
		return nil, gerr
	}
	seqs := s.st.qrSeqs(p)
	items := make([]pageItem, 0, len(p.QRCodes))
	for _, q := range p.QRCodes {
		items = append(items, pageItem{seqs[q.Code], qrNode(q, format)})
	}
	return s.page(req, items, qrFields, qrDefaultFields, "WhatsAppBusinessMessageQRDL")
}

func (s *Server) getQRCode(req *request) (any, *graphError) {
	p := s.st.phones[req.parts[0]]
	i := slices.IndexFunc(p.QRCodes, func(q SeedQRCode) bool { return q.Code == req.parts[2] })
	if i < 0 {
		return nil, notFound("get", req.parts[2])
	}
	format, gerr := imageFormatOf(req.params.Get("fields"))
	if gerr != nil {
		return nil, gerr
	}
	n, gerr := selectFields(qrNode(p.QRCodes[i], format), req.params.Get("fields"), qrFields, qrDefaultFields, "WhatsAppBusinessMessageQRDL")
	if gerr != nil {
		return nil, gerr
	}
	return map[string]any{"data": []any{n}}, nil
}

// writeQRCode creates a QR code, or with code= changes its message.
func (s *Server) writeQRCode(req *request) (any, *graphError) {
	p := s.st.phones[req.parts[0]]
	message := req.params.Get("prefilled_message")
	if n := utf8.RuneCountInString(message); n > 140 {
		return nil, invalidParam("Param prefilled_message must be at most 140 characters long, %d found", n)
	}
	if code := req.params.Get("code"); code != "" {
		i := slices.IndexFunc(p.QRCodes, func(q SeedQRCode) bool { return q.Code == code })
		if i < 0 {
			return nil, invalidParam("Param code %s is not a QR code of this phone number", code)
		}
		p.QRCodes[i].PrefilledMessage = message
		return qrNode(p.QRCodes[i], ""), nil
	}
	format := req.params.Get("generate_qr_image")
	if format != "" && format != "PNG" && format != "SVG" {
		return nil, invalidParam("Param generate_qr_image must be one of {SVG, PNG}")
	}
	if len(p.QRCodes) >= MaxQRCodes {
		return nil, invalidParam("This phone number already has %d QR codes and short links, the most it can have", MaxQRCodes)
	}
	q := SeedQRCode{Code: fmt.Sprintf("%X%02d1", s.st.next()+0x4F4F0000, len(p.QRCodes)%100), PrefilledMessage: message}
	p.QRCodes = append(p.QRCodes, q)
	s.st.qrSeqs(p)
	return qrNode(q, format), nil
}

func (s *Server) deleteQRCode(req *request) (any, *graphError) {
	p := s.st.phones[req.parts[0]]
	i := slices.IndexFunc(p.QRCodes, func(q SeedQRCode) bool { return q.Code == req.parts[2] })
	if i < 0 {
		return nil, notFound("delete", req.parts[2])
	}
	p.QRCodes = slices.Delete(p.QRCodes, i, i+1)
	return map[string]any{"success": true}, nil
}

// QRCodes returns a number's QR codes, oldest first.
func (s *Server) QRCodes(phoneID string) []SeedQRCode {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.st.phones[phoneID]; p != nil {
		return slices.Clone(p.QRCodes)
	}
	return nil
}
