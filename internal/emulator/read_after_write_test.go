package emulator

import (
	"encoding/json"
	"net/url"
	"reflect"
	"testing"
)

// TestReadAfterWrite: a POST with fields= does the write, then answers what
// a GET of the node it reads answers with those fields (and nothing of the
// write's own answer); without fields= it answers as before; a failed write
// answers its error and reads nothing.
func TestReadAfterWrite(t *testing.T) {
	t.Parallel()
	s := newFake(t, Options{})
	waba := "/v25.0/" + wabaID
	usersExpansion := "assigned_users.business(" + business + ").limit(100){id,name,tasks,user_type}"
	tests := []struct {
		name     string
		edge     string
		form     url.Values
		readPath func(answer) string // the GET whose answer the POST must equal
	}{
		{
			name: "phone_numbers reads the created number",
			edge: "/phone_numbers", form: url.Values{"cc": {"44"}, "phone_number": {"7700900123"}, "fields": {"id,display_phone_number,status"}},
			readPath: func(a answer) string {
				return "/v25.0/" + a.body["id"].(string) + "?fields=id,display_phone_number,status"
			},
		},
		{
			name: "assigned_users reads the WABA with the edge expanded",
			edge: "/assigned_users", form: url.Values{"user": {janeUser}, "tasks": {`["VIEW_COST"]`}, "fields": {usersExpansion}},
			readPath: func(answer) string { return waba + "?fields=" + url.QueryEscape(usersExpansion) },
		},
		{
			name: "subscribed_apps reads the WABA, own fields and edge",
			edge: "/subscribed_apps", form: url.Values{"fields": {"id,name,subscribed_apps.limit(100){whatsapp_business_api_data,override_callback_uri}"}},
			readPath: func(answer) string {
				return waba + "?fields=" + url.QueryEscape("id,name,subscribed_apps.limit(100){whatsapp_business_api_data,override_callback_uri}")
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			posted := call(t, s, "POST", waba+tt.edge, tt.form, testToken)
			if posted.status != 200 {
				t.Fatalf("POST: %d %v", posted.status, posted.body)
			}
			if _, ok := posted.body["success"]; ok {
				t.Errorf("the answer is the node read, without the write's success: %v", posted.body)
			}
			read := call(t, s, "GET", tt.readPath(posted), nil, testToken)
			if !reflect.DeepEqual(posted.body, read.body) {
				t.Errorf("POST answered\n%s\nGET of the node answers\n%s", asJSON(posted.body), asJSON(read.body))
			}
		})
	}

	t.Run("the expanded page after a cursor holds the new assignment", func(t *testing.T) {
		list := call(t, s, "GET", waba+"/assigned_users?business="+business+"&limit=100", nil, testToken)
		tail := list.body["paging"].(map[string]any)["cursors"].(map[string]any)["after"].(string)
		fields := "assigned_users.business(" + business + ").after(" + tail + ").limit(100){id,tasks}"
		a := call(t, s, "POST", waba+"/assigned_users", url.Values{"user": {botUser}, "tasks": {`["DEVELOP"]`}, "fields": {fields}}, testToken)
		// botUser was assigned before the cursor: re-assigning keeps its place.
		if data := a.body["assigned_users"].(map[string]any)["data"].([]any); len(data) != 0 || a.body["id"] != wabaID {
			t.Errorf("after the last cursor: %v", a.body)
		}
	})

	t.Run("without fields the write answers as before", func(t *testing.T) {
		a := call(t, s, "POST", waba+"/assigned_users", url.Values{"user": {janeUser}, "tasks": {`["MANAGE"]`}}, testToken)
		if !reflect.DeepEqual(a.body, map[string]any{"success": true}) {
			t.Errorf("got %v", a.body)
		}
		a = call(t, s, "POST", waba+"/phone_numbers", url.Values{"cc": {"44"}, "phone_number": {"7700900124"}}, testToken)
		if len(a.body) != 1 || a.body["id"] == nil {
			t.Errorf("got %v", a.body)
		}
	})

	t.Run("a failed write answers its error and reads nothing", func(t *testing.T) {
		a := call(t, s, "POST", waba+"/phone_numbers", url.Values{"cc": {"44"}, "phone_number": {"7700900123"}, "fields": {"id,status"}}, testToken)
		if a.status != 400 || a.errorCode() != 2388012 {
			t.Errorf("duplicate number: %d %v", a.status, a.body)
		}
	})
}

func asJSON(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}
