package emulator

import (
	"net/http"
	"net/url"
)

// Graph API read-after-write: "If a fields parameter is specified, the
// request will first do the write, then read the created or updated object,
// selecting fields using the fields parameter, as the response"
// (https://developers.facebook.com/docs/graph-api/changelog/version2.9). The
// WABA reference says which node each POST reads: POST /{waba}/phone_numbers
// the number it created (the id of its answer), POST /{waba}/assigned_users
// and /{waba}/subscribed_apps the node posted to, the WABA, whose edges
// field expansion nests.
//
// Meta does not document whether the answer keeps the write's own fields
// ("success": true) beside the node read: the fake takes the harder case and
// answers the node alone. A write that fails answers its error and reads
// nothing; a read that fails after the write answers the read's error,
// although the write stands (again the harder case for a client).

// readAfterWrite answers a successful POST: its own answer without fields=,
// else a GET of the node nodeID (route "/{waba}" or "/{phone}") with the
// POST's fields, as getWABA or getPhone answer it.
func (s *Server) readAfterWrite(req *request, answer any, route, nodeID string, read handler) (any, *graphError) {
	fields := req.params.Get("fields")
	if fields == "" || s.opts.IgnoreWriteFields {
		return answer, nil
	}
	get := *req
	get.parts, get.route = []string{nodeID}, route
	get.params = url.Values{"fields": {fields}}
	get.body = nil
	get.r = req.r.Clone(req.r.Context())
	get.r.Method = http.MethodGet
	get.r.URL.Path = nodePath(req.r.URL.Path, len(req.parts), nodeID)
	get.r.URL.RawQuery = get.params.Encode()
	return read(s, &get)
}

// nodePath is the path of the node nodeID under the same version prefix as
// a request path of n parts (/v25.0/{waba}/phone_numbers -> /v25.0/{node}).
func nodePath(path string, n int, nodeID string) string {
	end := len(path)
	for i := 0; i < n && end > 0; i++ {
		for end > 0 && path[end-1] == '/' {
			end--
		}
		for end > 0 && path[end-1] != '/' {
			end--
		}
	}
	return path[:end] + nodeID
}
