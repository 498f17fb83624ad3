package provider

import (
	"context"
	"encoding/json"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
)

// sameJSON reports two JSON documents equal by meaning: key order and white
// space aside. A document that does not parse equals only itself.
func sameJSON(a, b string) bool {
	if a == b {
		return true
	}
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// sameJSONPlan plans state's JSON when the configuration's means the same,
// so `file()` and `jsonencode()` of one document plan nothing.
type sameJSONPlan struct{}

func (sameJSONPlan) Description(context.Context) string {
	return "A JSON document that means what state holds plans no change."
}

func (m sameJSONPlan) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (sameJSONPlan) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if known(req.StateValue) && known(req.PlanValue) && sameJSON(req.StateValue.ValueString(), req.PlanValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}
