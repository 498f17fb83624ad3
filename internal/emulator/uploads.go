package emulator

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The Resumable Upload API: POST /{app}/uploads opens a session, POST
// /upload:<session> with file_offset: 0 and the bytes returns a file handle.
// https://developers.facebook.com/docs/graph-api/guides/upload

func init() {
	handle(http.MethodPost, "/{app}/uploads", (*Server).startUpload)
	handle(http.MethodPost, "/upload:{session}", (*Server).uploadFile)
}

// uploadMIMETypes are the file types Meta's upload guide lists.
var uploadMIMETypes = []string{"application/pdf", "image/jpeg", "image/jpg", "image/png", "video/mp4"}

// Upload is a file stored through the Resumable Upload API.
type Upload struct {
	Handle   string `json:"handle"`
	FileName string `json:"file_name"`
	FileType string `json:"file_type"`
	Length   int    `json:"length"`
	SHA256   string `json:"sha256"`
}

type uploadSession struct {
	appID, fileName, fileType string
	length                    int
}

func (s *Server) startUpload(req *request) (any, *graphError) {
	if req.parts[0] != req.app.ID {
		return nil, errf(403, 200, 0, "OAuthException", "(#200) The token's app cannot upload for app %s", req.parts[0])
	}
	name, typ := req.params.Get("file_name"), req.params.Get("file_type")
	length, err := strconv.Atoi(req.params.Get("file_length"))
	switch {
	case name == "":
		return nil, invalidParam("The parameter file_name is required")
	case err != nil || length < 1:
		return nil, invalidParam("Param file_length must be a positive integer")
	case !slices.Contains(uploadMIMETypes, typ):
		return nil, invalidParam("Param file_type must be one of {%s}", strings.Join(uploadMIMETypes, ", "))
	}
	id := base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "session:%d", s.st.next()))
	s.st.sessions[id] = &uploadSession{appID: req.app.ID, fileName: name, fileType: typ, length: length}
	return map[string]any{"id": "upload:" + id + "?sig=ARfake" + id[:4]}, nil
}

func (s *Server) uploadFile(req *request) (any, *graphError) {
	id := strings.TrimPrefix(req.parts[0], "upload:")
	sess := s.st.sessions[id]
	if sess == nil || sess.appID != req.app.ID {
		return nil, notFound("post", req.parts[0])
	}
	if req.r.Header.Get("File_offset") != "0" {
		return nil, invalidParam("The file_offset header must be 0 for a new upload")
	}
	if len(req.body) != sess.length {
		return nil, invalidParam("The upload has %d bytes; file_length announced %d", len(req.body), sess.length)
	}
	sum := sha256.Sum256(req.body)
	handle := "4::" + base64.RawStdEncoding.EncodeToString(fmt.Appendf(nil, "%s:%s", sess.fileType, hex.EncodeToString(sum[:8])))
	s.st.uploads = append(s.st.uploads, Upload{Handle: handle, FileName: sess.fileName, FileType: sess.fileType, Length: len(req.body), SHA256: hex.EncodeToString(sum[:])})
	delete(s.st.sessions, id)
	return map[string]any{"h": handle}, nil
}

// Uploads returns the files uploaded so far, oldest first.
func (s *Server) Uploads() []Upload {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.st.uploads)
}
