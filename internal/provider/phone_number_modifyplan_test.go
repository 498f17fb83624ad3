package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestDeclinedDisplayNameWarns checks the plan-time warning for a declined
// display-name request (acceptance tests cannot see warnings): it names the
// declined name, and only while the name is declined and the configuration
// still asks for it.
func TestDeclinedDisplayNameWarns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := &phoneNumberResource{}
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	model := phoneNumberModel{
		ID: types.StringValue("110200345501442"), WABAID: types.StringValue(testWABA), CC: types.StringValue("49"),
		PhoneNumber: types.StringValue("15112345678"), VerifiedName: types.StringValue("Acme Unlikely"),
		MigratePhoneNumber: types.BoolNull(), PreverifiedID: types.StringNull(), DeregisterOnDestroy: types.BoolValue(false),
		DisplayPhoneNumber: types.StringValue("+49 151 12345678"), Status: types.StringValue("CONNECTED"),
		CodeVerificationStatus: types.StringNull(), QualityRating: types.StringNull(), NameStatus: types.StringValue("APPROVED"),
		PlatformType: types.StringNull(), ThroughputLevel: types.StringNull(), AccountMode: types.StringNull(),
		IsOfficialBusinessAccount: types.BoolNull(), LastOnboardedTime: types.StringNull(),
		NewDisplayName: types.StringValue("Acme Unlikely"), NewNameStatus: types.StringValue("DECLINED"),
	}
	tests := []struct {
		name, status, configured string
		warn                     bool
	}{
		{"the declined name is still configured", "DECLINED", "Acme Unlikely", true},
		{"another name is configured", "DECLINED", "Acme Likely", false},
		{"the name is still under review", "PENDING_REVIEW", "Acme Unlikely", false},
	}
	for _, tc := range tests {
		model.NewNameStatus = types.StringValue(tc.status)
		state := tfsdk.State{Schema: sr.Schema}
		if d := state.Set(ctx, &model); d.HasError() {
			t.Fatal(d)
		}
		configured := model
		configured.VerifiedName = types.StringValue(tc.configured)
		plan := tfsdk.Plan{Schema: sr.Schema}
		if d := plan.Set(ctx, &configured); d.HasError() {
			t.Fatal(d)
		}
		config := tfsdk.Config{Schema: sr.Schema, Raw: plan.Raw}
		resp := resource.ModifyPlanResponse{Plan: plan}
		r.ModifyPlan(ctx, resource.ModifyPlanRequest{State: state, Plan: plan, Config: config}, &resp)
		warned := resp.Diagnostics.WarningsCount() == 1 && strings.Contains(resp.Diagnostics.Warnings()[0].Detail(), `declined the display name "Acme Unlikely"`)
		if warned != tc.warn || resp.Diagnostics.HasError() {
			t.Errorf("%s: diagnostics %v, want a warning: %v", tc.name, resp.Diagnostics, tc.warn)
		}
	}
}
