package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// flowModel is whatsapp_flow's state.
type flowModel struct {
	ID                 types.String `tfsdk:"id"`
	WABAID             types.String `tfsdk:"waba_id"`
	Name               types.String `tfsdk:"name"`
	Categories         types.Set    `tfsdk:"categories"`
	FlowJSON           types.String `tfsdk:"flow_json"`
	EndpointURI        types.String `tfsdk:"endpoint_uri"`
	Publish            types.Bool   `tfsdk:"publish"`
	CloneFlowID        types.String `tfsdk:"clone_flow_id"`
	DeprecateOnDestroy types.Bool   `tfsdk:"deprecate_on_destroy"`
	Status             types.String `tfsdk:"status"`
	JSONVersion        types.String `tfsdk:"json_version"`
	DataAPIVersion     types.String `tfsdk:"data_api_version"`
	PreviewURL         types.String `tfsdk:"preview_url"`
	HealthStatus       types.String `tfsdk:"health_status"`
	ValidationErrors   types.List   `tfsdk:"validation_errors"`
}

func (m *flowModel) categories(ctx context.Context, diags *diag.Diagnostics) []string {
	var out []string
	diags.Append(m.Categories.ElementsAs(ctx, &out, false)...)
	return out
}

// fill copies what Meta reports of a Flow; flow_json, clone_flow_id and
// deprecate_on_destroy are the configuration's (Meta does not list the JSON).
func (m *flowModel) fill(ctx context.Context, f *graphapi.Flow, diags *diag.Diagnostics) {
	m.ID = types.StringValue(f.ID)
	m.Name = types.StringPointerValue(f.Name)
	cats, d := types.SetValueFrom(ctx, types.StringType, f.Categories)
	diags.Append(d...)
	m.Categories = cats
	m.EndpointURI = types.StringPointerValue(f.EndpointURI)
	m.Status = types.StringPointerValue(f.Status)
	switch {
	case f.IsPublished():
		m.Publish = types.BoolValue(true)
	case f.Status != nil && *f.Status == graphapi.FlowDraft:
		m.Publish = types.BoolValue(false)
	case m.Publish.IsNull():
		m.Publish = types.BoolValue(false) // DEPRECATED on import: it was published, and cannot be again
	}
	if m.DeprecateOnDestroy.IsNull() {
		m.DeprecateOnDestroy = types.BoolValue(false)
	}
	m.JSONVersion = types.StringPointerValue(f.JSONVersion)
	m.DataAPIVersion = types.StringPointerValue(f.DataAPIVersion)
	m.PreviewURL = types.StringNull()
	if f.Preview != nil {
		m.PreviewURL = types.StringPointerValue(f.Preview.URL)
	}
	m.HealthStatus = types.StringNull()
	if f.HealthStatus != nil {
		m.HealthStatus = types.StringPointerValue(f.HealthStatus.CanSendMessage)
	}
	found := make([]string, 0, len(f.ValidationErrors))
	for _, e := range f.ValidationErrors {
		found = append(found, describeFlowError(e))
	}
	list, d := types.ListValueFrom(ctx, types.StringType, found)
	diags.Append(d...)
	m.ValidationErrors = list
}

// describeFlowError renders one of Meta's validation errors: where it is
// in the Flow JSON, its pointer paths, and Meta's message.
func describeFlowError(e graphapi.FlowValidationError) string {
	var b strings.Builder
	b.WriteString(derefOr(e.Error, "ERROR"))
	if e.LineStart != nil {
		fmt.Fprintf(&b, " at line %d", *e.LineStart)
		if e.ColumnStart != nil {
			fmt.Fprintf(&b, ", column %d", *e.ColumnStart)
		}
	}
	var paths []string
	for _, p := range e.Pointers {
		if p.Path != nil {
			paths = append(paths, *p.Path)
		}
	}
	if len(paths) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(paths, ", "))
	}
	if e.Message != nil {
		b.WriteString(": " + *e.Message)
	}
	return b.String()
}

func derefOr(s *string, otherwise string) string {
	if s == nil {
		return otherwise
	}
	return *s
}

// addFlowValidationErrors reports Meta's findings in the Flow JSON, one
// diagnostic each on flow_json: errors when the Flow was to be published
// (Meta does not publish it), warnings for a draft.
func addFlowValidationErrors(diags *diag.Diagnostics, errs []graphapi.FlowValidationError, publish bool, flowID string) {
	for _, e := range errs {
		detail := "Meta found this in the Flow JSON of Flow " + flowID + ": " + describeFlowError(e) + "."
		if publish {
			diags.AddAttributeError(path.Root("flow_json"), "Invalid Flow JSON",
				detail+" Meta keeps the Flow as a draft and does not publish it: the draft is in state, and the next apply replaces it once the JSON is fixed.")
		} else {
			diags.AddAttributeWarning(path.Root("flow_json"), "Flow JSON Has Validation Errors",
				detail+" The draft cannot be published until the JSON is fixed.")
		}
	}
}

// warnFlowHealth names Meta's health status of a throttled or blocked Flow.
func warnFlowHealth(diags *diag.Diagnostics, m *flowModel) {
	status := m.Status.ValueString()
	if status != graphapi.FlowThrottled && status != graphapi.FlowBlocked {
		return
	}
	what := "Meta limits it to 10 new Flow messages an hour"
	if status == graphapi.FlowBlocked {
		what = "it cannot be sent or opened"
	}
	diags.AddWarning("Flow "+titleCase(status),
		fmt.Sprintf("Flow %s (%s) is %s: %s (health status can_send_message = %s). Meta's monitoring sets this when the Flow's endpoint "+
			"is slow or failing, and lifts it (BLOCKED -> THROTTLED -> PUBLISHED) once the endpoint recovers. The Flow counts as published.",
			m.Name.ValueString(), m.ID.ValueString(), status, what, m.HealthStatus.ValueString()))
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
}
