package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// WhatsApp Flows, after
// https://developers.facebook.com/docs/whatsapp/flows/reference/flowsapi and
// https://developers.facebook.com/docs/whatsapp/flows/reference/error-codes.
// Where Meta's pages disagree the fake takes the harder case: a published
// Flow is immutable (its metadata and JSON edits answer code 139001, as the
// reference says; the lifecycle page says newer Flows return to draft), and
// publishing or deprecating twice is refused (139002, 139003), so a client
// reads the status back before it sends either again. A create with publish
// whose JSON has validation errors keeps the draft and answers its ID with
// the errors.

func init() {
	handle(http.MethodGet, "/{waba}/flows", (*Server).listFlows)
	handle(http.MethodPost, "/{waba}/flows", (*Server).createFlow)
	handle(http.MethodGet, "/{flow}", (*Server).getFlow)
	handle(http.MethodPost, "/{flow}", (*Server).updateFlow)
	handle(http.MethodDelete, "/{flow}", (*Server).deleteFlow)
	handle(http.MethodPost, "/{flow}/assets", (*Server).uploadFlowAsset)
	handle(http.MethodGet, "/{flow}/assets", (*Server).listFlowAssets)
	handle(http.MethodPost, "/{flow}/publish", (*Server).publishFlow)
	handle(http.MethodPost, "/{flow}/deprecate", (*Server).deprecateFlow)
	registerKind(KindFlow, kind{
		delete: func(st *state, c Change) error {
			if st.flows[c.ID] == nil {
				return fmt.Errorf("no flow %q", c.ID)
			}
			delete(st.flows, c.ID)
			return nil
		},
		modify: func(st *state, c Change) error {
			f := st.flows[c.ID]
			if f == nil {
				return fmt.Errorf("no flow %q", c.ID)
			}
			for k, v := range c.Fields {
				s, _ := v.(string)
				switch k {
				case "status":
					f.Status = s
				case "name":
					f.Name = s
				default:
					return fmt.Errorf("flow: cannot change field %q", k)
				}
			}
			return nil
		},
	})
}

// KindFlow names Flows in the control routes. Change.Fields may set status
// (THROTTLED or BLOCKED, as Meta's health monitoring does; DEPRECATED) and
// name.
const KindFlow = "flow"

// Meta's Flows error codes.
const (
	codeFlowNotUpdatable = 139001
	codeFlowPublish      = 139002
	codeFlowDeprecate    = 139003
)

// flowJSONVersions are the Flow JSON versions Meta accepts for publishing.
var flowJSONVersions = []string{"5.1", "6.0", "6.1", "6.2", "6.3", "7.0", "7.1", "7.2", "7.3"}

var flowCategories = []string{
	"APPOINTMENT_BOOKING", "CONTACT_US", "CUSTOMER_SUPPORT", "LEAD_GENERATION", "OTHER",
	"SHOPPING", "SIGN_IN", "SIGN_UP", "SURVEY",
}

// SeedFlow is a WhatsApp Flow on a WABA; Status defaults to DRAFT.
type SeedFlow struct {
	ID          string   `json:"id,omitempty"`
	Name        string   `json:"name"`
	Categories  []string `json:"categories"`
	Status      string   `json:"status,omitempty"`
	FlowJSON    string   `json:"flow_json,omitempty"`
	EndpointURI string   `json:"endpoint_uri,omitempty"`
}

type flow struct {
	SeedFlow
	wabaID string
	seq    int64
}

var flowFields = map[string]bool{
	"id": true, "name": true, "status": true, "categories": true, "validation_errors": true, "json_version": true,
	"data_api_version": true, "endpoint_uri": true, "preview": true, "health_status": true, "whatsapp_business_account": true,
	"application": true, "updated_at": true,
}

var flowListDefaults = []string{"id", "name", "status", "categories", "validation_errors"}

func (st *state) addFlow(w *waba, f SeedFlow) (*flow, error) {
	if f.ID == "" {
		st.nextFlow++
		f.ID = strconv.FormatInt(st.nextFlow, 10)
	}
	if f.Status == "" {
		f.Status = "DRAFT"
	}
	if !isDecimal(f.ID) {
		return nil, fmt.Errorf("flow ID %q is not decimal", f.ID)
	}
	fl := &flow{SeedFlow: f, wabaID: w.id, seq: st.next()}
	st.flows[f.ID] = fl
	return fl, nil
}

func (st *state) flowsOf(wabaID string) []*flow {
	var out []*flow
	for _, f := range st.flows {
		if f.wabaID == wabaID {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b *flow) int { return int(a.seq - b.seq) })
	return out
}

func (st *state) flowNode(f *flow) map[string]any {
	m := map[string]any{
		"id": f.ID, "name": f.Name, "status": f.Status, "categories": f.Categories,
		"validation_errors":         flowValidationErrors(f.FlowJSON),
		"whatsapp_business_account": map[string]any{"id": f.wabaID},
		"preview": map[string]any{
			"preview_url": "https://business.facebook.com/wa/manage/flows/" + f.ID + "/preview/?token=fake",
			"expires_at":  "2030-01-01T00:00:00+0000",
		},
	}
	var doc struct {
		Version        string `json:"version"`
		DataAPIVersion string `json:"data_api_version"`
	}
	if json.Unmarshal([]byte(f.FlowJSON), &doc) == nil {
		if doc.Version != "" {
			m["json_version"] = doc.Version
		}
		if doc.DataAPIVersion != "" {
			m["data_api_version"] = doc.DataAPIVersion
		}
	}
	if f.EndpointURI != "" {
		m["endpoint_uri"] = f.EndpointURI
	}
	can := "AVAILABLE"
	switch f.Status {
	case "BLOCKED":
		can = "BLOCKED"
	case "THROTTLED":
		can = "LIMITED"
	}
	m["health_status"] = map[string]any{"can_send_message": can}
	return m
}

func (s *Server) listFlows(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	var items []pageItem
	for _, f := range s.st.flowsOf(w.id) {
		items = append(items, pageItem{f.seq, s.st.flowNode(f)})
	}
	return s.page(req, items, flowFields, flowListDefaults, "WhatsAppFlow")
}

func (s *Server) flowFor(req *request) (*flow, *graphError) {
	f := s.st.flows[req.parts[0]]
	if f == nil {
		return nil, notFound(strings.ToLower(req.r.Method), req.parts[0])
	}
	if len(req.token.WABAs) > 0 && !slices.Contains(req.token.WABAs, f.wabaID) {
		return nil, errf(403, 200, 0, "OAuthException", "(#200) Permissions error")
	}
	return f, nil
}

func (s *Server) getFlow(req *request) (any, *graphError) {
	f, gerr := s.flowFor(req)
	if gerr != nil {
		return nil, gerr
	}
	return selectFields(s.st.flowNode(f), req.params.Get("fields"), flowFields, []string{"id", "name"}, "WhatsAppFlow")
}

// flowMetadata checks a name, categories and endpoint as Meta does.
func (s *Server) flowMetadata(req *request, wabaID, self string, create bool) (name string, categories []string, gerr *graphError) {
	name = req.params.Get("name")
	switch {
	case create && name == "":
		return "", nil, invalidParam("The parameter name is required")
	case len(name) > 200:
		return "", nil, invalidParam("Param name must be at most 200 characters long")
	}
	if name != "" {
		for _, other := range s.st.flowsOf(wabaID) {
			if other.ID != self && other.Name == name {
				return "", nil, invalidParam("Flow name is not unique")
			}
		}
	}
	if raw := req.params.Get("categories"); create || raw != "" {
		list, err := parseList(raw)
		if err != nil || len(list) == 0 {
			return "", nil, invalidParam("Param categories must be a non-empty array")
		}
		for _, c := range list {
			if !slices.Contains(flowCategories, c) {
				return "", nil, invalidParam("Param categories[%d] must be one of {%s}", slices.Index(list, c), strings.Join(flowCategories, ", "))
			}
		}
		categories = dedupe(list)
	}
	if uri := req.params.Get("endpoint_uri"); uri != "" && !strings.HasPrefix(uri, "https://") {
		return "", nil, invalidParam("Param endpoint_uri must be an https URL")
	}
	return name, categories, nil
}

func (s *Server) createFlow(req *request) (any, *graphError) {
	w, gerr := s.wabaFor(req)
	if gerr != nil {
		return nil, gerr
	}
	name, categories, gerr := s.flowMetadata(req, w.id, "", true)
	if gerr != nil {
		return nil, gerr
	}
	doc := req.params.Get("flow_json")
	if id := req.params.Get("clone_flow_id"); id != "" {
		src := s.st.flows[id]
		if src == nil || src.wabaID != w.id {
			return nil, invalidParam("Param clone_flow_id is not a Flow of this WhatsApp Business Account")
		}
		if doc == "" {
			doc = src.FlowJSON
		}
	}
	f, err := s.st.addFlow(w, SeedFlow{Name: name, Categories: categories, FlowJSON: doc, EndpointURI: req.params.Get("endpoint_uri")})
	if err != nil {
		return nil, invalidParam("%v", err)
	}
	errs := flowValidationErrors(doc)
	if req.params.Get("publish") == "true" && doc != "" && len(errs) == 0 {
		f.Status = "PUBLISHED"
	}
	return map[string]any{"id": f.ID, "success": true, "validation_errors": errs}, nil
}

func (s *Server) updateFlow(req *request) (any, *graphError) {
	f, gerr := s.flowFor(req)
	if gerr != nil {
		return nil, gerr
	}
	if f.Status != "DRAFT" {
		return nil, flowNotUpdatable(f)
	}
	name, categories, gerr := s.flowMetadata(req, f.wabaID, f.ID, false)
	if gerr != nil {
		return nil, gerr
	}
	if name != "" {
		f.Name = name
	}
	if categories != nil {
		f.Categories = categories
	}
	if _, ok := req.params["endpoint_uri"]; ok {
		f.EndpointURI = req.params.Get("endpoint_uri")
	}
	return map[string]any{"success": true}, nil
}

func flowNotUpdatable(f *flow) *graphError {
	return errf(400, codeFlowNotUpdatable, 0, "OAuthException", "(#139001) Flow can't be updated: the Flow is %s and cannot be modified; clone it to make changes", f.Status)
}

func (s *Server) deleteFlow(req *request) (any, *graphError) {
	f, gerr := s.flowFor(req)
	if gerr != nil {
		return nil, gerr
	}
	if f.Status != "DRAFT" {
		return nil, errf(400, 139004, 0, "OAuthException", "(#139004) Flow can't be deleted: only Flows in DRAFT can be deleted, this one is %s", f.Status)
	}
	delete(s.st.flows, f.ID)
	return map[string]any{"success": true}, nil
}

// uploadFlowAsset takes the Flow JSON as a multipart file named "file",
// with asset_type FLOW_JSON.
func (s *Server) uploadFlowAsset(req *request) (any, *graphError) {
	f, gerr := s.flowFor(req)
	if gerr != nil {
		return nil, gerr
	}
	fields, file, gerr := multipartFile(req)
	if gerr != nil {
		return nil, gerr
	}
	if fields["asset_type"] != "FLOW_JSON" {
		return nil, invalidParam("Param asset_type must be FLOW_JSON")
	}
	if f.Status != "DRAFT" {
		return nil, flowNotUpdatable(f)
	}
	f.FlowJSON = string(file)
	return map[string]any{"success": true, "validation_errors": flowValidationErrors(f.FlowJSON)}, nil
}

// listFlowAssets names the Flow JSON's download URL: a /_fake/ route of
// this server, standing in for Meta's signed CDN URL (fetched without a
// token).
func (s *Server) listFlowAssets(req *request) (any, *graphError) {
	f, gerr := s.flowFor(req)
	if gerr != nil {
		return nil, gerr
	}
	data := []any{}
	if f.FlowJSON != "" {
		data = append(data, map[string]any{"name": "flow.json", "asset_type": "FLOW_JSON",
			"download_url": "http://" + req.r.Host + flowDownloadPrefix + f.ID})
	}
	return map[string]any{"data": data}, nil
}

// flowDownloadPrefix is the path of a Flow JSON's download URL.
const flowDownloadPrefix = "/_fake/flow_json/"

// serveFlowDownload answers a Flow JSON's download URL.
func (s *Server) serveFlowDownload(w http.ResponseWriter, id string) {
	s.mu.Lock()
	f := s.st.flows[id]
	var doc string
	if f != nil {
		doc = f.FlowJSON
	}
	s.mu.Unlock()
	if f == nil {
		http.NotFound(w, nil)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, doc)
}

func multipartFile(req *request) (map[string]string, []byte, *graphError) {
	mt, params, err := mime.ParseMediaType(req.r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return nil, nil, invalidParam("The request must be multipart/form-data with the Flow JSON as file")
	}
	mr := multipart.NewReader(bytes.NewReader(req.body), params["boundary"])
	fields := map[string]string{}
	var file []byte
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, invalidParam("Malformed multipart body: %v", err)
		}
		b, _ := io.ReadAll(p)
		if p.FormName() == "file" {
			file = b
		} else {
			fields[p.FormName()] = string(b)
		}
	}
	if file == nil {
		return nil, nil, invalidParam("The parameter file is required")
	}
	return fields, file, nil
}

func (s *Server) publishFlow(req *request) (any, *graphError) {
	f, gerr := s.flowFor(req)
	if gerr != nil {
		return nil, gerr
	}
	switch {
	case f.Status != "DRAFT":
		return nil, errf(400, codeFlowPublish, 0, "OAuthException", "(#139002) Publishing Flow failed: the Flow is %s, only a DRAFT can be published", f.Status)
	case f.FlowJSON == "" || len(flowValidationErrors(f.FlowJSON)) > 0:
		return nil, errf(400, codeFlowPublish, 0, "OAuthException", "(#139002) Publishing Flow failed: the Flow JSON has validation errors")
	}
	f.Status = "PUBLISHED"
	return map[string]any{"success": true}, nil
}

func (s *Server) deprecateFlow(req *request) (any, *graphError) {
	f, gerr := s.flowFor(req)
	if gerr != nil {
		return nil, gerr
	}
	if f.Status != "PUBLISHED" && f.Status != "THROTTLED" && f.Status != "BLOCKED" {
		return nil, errf(400, codeFlowDeprecate, 0, "OAuthException", "(#139003) Flow can't be deprecated: the Flow is %s, only a published Flow can be deprecated", f.Status)
	}
	f.Status = "DEPRECATED"
	return map[string]any{"success": true}, nil
}

// Flow returns a Flow as the fake holds it, and whether it exists.
func (s *Server) Flow(id string) (SeedFlow, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f := s.st.flows[id]; f != nil {
		return f.SeedFlow, true
	}
	return SeedFlow{}, false
}
