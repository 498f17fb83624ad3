package graphapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// The Resumable Upload API stores a file with Meta and returns a handle that
// message template examples and the business profile picture refer to.
// https://developers.facebook.com/docs/graph-api/guides/upload

// Upload sends data as one file and returns its handle ("4::aW1hZ2...").
// It opens an upload session on the app (POST /{app_id}/uploads), then sends
// the bytes from offset 0 (POST /upload:<session>). The second step is
// idempotent at a given offset, so a dropped connection is retried.
func (c *Client) Upload(ctx context.Context, fileName, contentType string, data []byte) (string, error) {
	appID, err := c.AppID(ctx)
	if err != nil {
		return "", err
	}
	if err := checkIDs(appID); err != nil {
		return "", err
	}
	var session struct {
		ID string `graph:"id"`
	}
	err = c.doDecode(ctx, request{
		method: http.MethodPost, path: []string{appID, "uploads"}, idempotent: true,
		query: url.Values{"file_name": {fileName}, "file_length": {strconv.Itoa(len(data))}, "file_type": {contentType}},
	}, &session)
	if err != nil {
		return "", err
	}
	sessionPath, sessionQuery, ok := uploadSession(session.ID)
	if !ok {
		return "", &Error{Method: http.MethodPost, Path: c.pathString(request{path: []string{appID, "uploads"}}),
			Err: fmt.Errorf("the upload session ID %q is not of the form upload:<id>", truncate(session.ID, 60))}
	}
	var handle struct {
		H string `graph:"h"`
	}
	upload := request{
		method: http.MethodPost, path: []string{sessionPath}, query: sessionQuery, idempotent: true,
		raw: &rawBody{data: data, header: http.Header{"File_offset": {"0"}, "Content-Type": {"application/octet-stream"}}},
	}
	err = c.doDecode(ctx, upload, &handle)
	if err != nil {
		return "", err
	}
	if handle.H == "" {
		return "", &Error{Method: http.MethodPost, Path: c.pathString(upload), Err: fmt.Errorf("the answer has no file handle h")}
	}
	return handle.H, nil
}

// uploadSession splits "upload:<id>?sig=..." into the path segment and the
// query. The ID is opaque (base64 text), so it is checked to hold nothing
// that could leave the path segment.
func uploadSession(s string) (string, url.Values, bool) {
	path, rawQuery, _ := strings.Cut(s, "?")
	id, ok := strings.CutPrefix(path, "upload:")
	if !ok || !uploadIDPattern.MatchString(id) {
		return "", nil, false
	}
	query, err := url.ParseQuery(rawQuery)
	if err != nil {
		return "", nil, false
	}
	return path, query, true
}

var uploadIDPattern = regexp.MustCompile(`^[A-Za-z0-9_=-]+$`)
