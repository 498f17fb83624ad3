package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

var (
	_ resource.ResourceWithConfigure   = (*flowResource)(nil)
	_ resource.ResourceWithImportState = (*flowResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*flowResource)(nil)
)

// privateEditRefused marks a Flow whose published JSON or metadata Meta
// refused to change: from then on the plan says what to do instead.
const privateEditRefused = "published_edit_refused"

// NewFlowResource returns the whatsapp_flow resource.
func NewFlowResource() resource.Resource {
	return newFlowResource()
}

func newFlowResource() *flowResource {
	return &flowResource{resourceBase{typeName: "flow", identity: []string{"waba_id", "id"}}}
}

type flowResource struct{ resourceBase }

func (r *flowResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A WhatsApp Flow: a form or multi-screen journey inside WhatsApp, defined by its Flow JSON. " +
			"Created as a draft, or published in the same call with `publish = true`. Meta's validation errors of the Flow JSON " +
			"are reported with their line and column.",
		Attributes: map[string]schema.Attribute{
			"id": computed("The Flow ID."),
			"waba_id": schema.StringAttribute{
				MarkdownDescription: "The WhatsApp Business Account ID. Changing it replaces the Flow.",
				Required:            true,
				Validators:          []validator.String{graphID()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The Flow's name, at most 200 characters, unique within the account.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 200)},
			},
			"categories": schema.SetAttribute{
				MarkdownDescription: "At least one of `" + joinBackticked(graphapi.FlowCategories) + "`.",
				Required:            true,
				ElementType:         types.StringType,
				Validators: []validator.Set{setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(graphapi.FlowCategories...))},
			},
			"flow_json": schema.StringAttribute{
				MarkdownDescription: "The Flow JSON, as `file(\"flow.json\")` or `jsonencode({...})`; compared by meaning, so key order and " +
					"white space make no diff. At most 10 MB. A change uploads it as the Flow's `FLOW_JSON` asset.",
				Required:      true,
				PlanModifiers: []planmodifier.String{sameJSONPlan{}},
				Validators:    []validator.String{stringvalidator.LengthAtMost(10 << 20), jsonDocument{}},
			},
			"endpoint_uri": schema.StringAttribute{
				MarkdownDescription: "The https endpoint that exchanges data with the Flow (Flows with an endpoint need the number's " +
					"`whatsapp_business_encryption` key).",
				Optional:   true,
				Validators: []validator.String{httpsURL{}},
			},
			"publish": schema.BoolAttribute{
				MarkdownDescription: "Whether the Flow is published. `true` publishes it (in the create call, or after an update); " +
					"publishing cannot be undone, so `true` to `false` is a plan error. Default `false`: a draft, which can only be sent as a test.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"clone_flow_id": schema.StringAttribute{
				MarkdownDescription: "A Flow of the same account to clone at creation. Changing it replaces the Flow.",
				Optional:            true,
				Validators:          []validator.String{graphID()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"deprecate_on_destroy": schema.BoolAttribute{
				MarkdownDescription: "Meta deletes only drafts. With `true`, destroying a published Flow deprecates it (irreversible: it " +
					"can no longer be sent); with `false` (the default) destroying a published Flow fails before any change.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"status":           computedNoDiff("`DRAFT`, `PUBLISHED`, `DEPRECATED`, or, for a published Flow Meta's monitoring limits, `THROTTLED` or `BLOCKED`."),
			"json_version":     computedNoDiff("The Flow JSON's `version`, as Meta read it."),
			"data_api_version": computedNoDiff("The Flow JSON's `data_api_version`, as Meta read it."),
			"preview_url":      computed("A web preview of the Flow, to share before publishing."),
			"health_status":    computedNoDiff("Meta's `can_send_message` for the Flow: `AVAILABLE`, `LIMITED` or `BLOCKED`."),
			"validation_errors": schema.ListAttribute{
				MarkdownDescription: "Meta's validation errors of the Flow JSON, each with its line, column and pointer paths.",
				Computed:            true,
				ElementType:         types.StringType,
			},
		},
	}
}

// jsonDocument requires a string that parses as JSON.
type jsonDocument struct{}

func (jsonDocument) Description(context.Context) string { return "must be a JSON document" }

func (v jsonDocument) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (jsonDocument) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := json.Unmarshal([]byte(req.ConfigValue.ValueString()), new(any)); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Flow JSON", fmt.Sprintf("%s is not JSON: %v. Use file(\"flow.json\") or jsonencode({...}).", req.Path, err))
	}
}

func (r *flowResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var state, plan flowModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	status := state.Status.ValueString()
	published := (&graphapi.Flow{Status: &status}).IsPublished()
	switch {
	case status == graphapi.FlowDeprecated && plan.Publish.ValueBool():
		resp.Diagnostics.AddAttributeError(path.Root("publish"), "Flow Is Deprecated",
			fmt.Sprintf("Flow %s (%s) is deprecated, which Meta cannot undo, and the configuration says publish = true. "+
				"Replace it: give it a new name (with lifecycle { create_before_destroy = true }), or run terraform apply -replace.", state.Name.ValueString(), state.ID.ValueString()))
	case published && !plan.Publish.IsUnknown() && !plan.Publish.ValueBool():
		resp.Diagnostics.AddAttributeError(path.Root("publish"), "Cannot Unpublish a Flow",
			fmt.Sprintf("Flow %s (%s) is published, and Meta cannot turn a published Flow back into a draft. Set publish = true, "+
				"or replace the Flow.", state.Name.ValueString(), state.ID.ValueString()))
	}
	if flowConfigUnchanged(&plan, &state) {
		// The framework marks computed attributes unknown before
		// flow_json's modifier finds a reformatted document unchanged:
		// with nothing to send, what Meta reported stays.
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &state)...)
		return
	}
	refused, d := req.Private.GetKey(ctx, privateEditRefused)
	resp.Diagnostics.Append(d...)
	if !published || refused == nil || plan.FlowJSON.IsUnknown() || sameJSON(plan.FlowJSON.ValueString(), state.FlowJSON.ValueString()) {
		return
	}
	if plan.Name.Equal(state.Name) {
		resp.Diagnostics.AddAttributeError(path.Root("flow_json"), "Published Flow Is Immutable",
			fmt.Sprintf("Meta refused to change the JSON of published Flow %s (%s): a published Flow cannot be edited. A new Flow JSON needs a new "+
				"Flow: change name as well, with lifecycle { create_before_destroy = true } and deprecate_on_destroy = true, so the new Flow is "+
				"published before the old one is deprecated.", state.Name.ValueString(), state.ID.ValueString()))
		return
	}
	resp.RequiresReplace = append(resp.RequiresReplace, path.Root("flow_json"))
}

func (r *flowResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan flowModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client := r.client(&resp.Diagnostics)
	categories := plan.categories(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	defer client.Operation()() // lets concurrent read-backs gather, see graphapi.Client.Operation
	waba, name := plan.WABAID.ValueString(), plan.Name.ValueString()
	// First contact: a Flow of that name is someone's; adopt it by import.
	existing, err := client.Flows(ctx, waba)
	if err != nil {
		r.addReadError(&resp.Diagnostics, "Cannot Read Flows", "listing the Flows of WhatsApp Business Account "+waba+" before creating "+name, err)
		return
	}
	if i := slices.IndexFunc(existing, func(f graphapi.Flow) bool { return f.Name != nil && *f.Name == name }); i >= 0 {
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Flow Already Exists",
			fmt.Sprintf("WhatsApp Business Account %s already has a Flow named %q (ID %s, %s). Nothing was created. Import it with "+
				"terraform import <address> %s/%s (or an import block), or choose another name.", waba, name, existing[i].ID, derefOr(existing[i].Status, "status unknown"), waba, existing[i].ID))
		return
	}
	publish := plan.Publish.ValueBool()
	var created graphapi.FlowCreated
	writeStep[graphapi.Flow]{
		summary: "Cannot Create Flow",
		what:    fmt.Sprintf("creating Flow %s on WhatsApp Business Account %s", name, waba),
		write: func(ctx context.Context) error {
			created, err = client.CreateFlow(ctx, waba, graphapi.NewFlow{Name: name, Categories: categories, FlowJSON: plan.FlowJSON.ValueString(),
				EndpointURI: plan.EndpointURI.ValueString(), Publish: publish, CloneFlowID: plan.CloneFlowID.ValueString()})
			return err
		},
		readBack: func(ctx context.Context) (*graphapi.Flow, error) {
			if created.ID == "" {
				return nil, nil
			}
			return client.ReadBackFlow(ctx, waba, created.ID)
		},
		save: func(got *graphapi.Flow) {
			plan.fill(ctx, got, &resp.Diagnostics)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			addFlowValidationErrors(&resp.Diagnostics, created.ValidationErrors, publish, got.ID)
			if publish && len(created.ValidationErrors) == 0 && !got.IsPublished() {
				resp.Diagnostics.AddError("Flow Not Published", fmt.Sprintf("Meta created Flow %s (%s) but reports it %s, not published. "+
					"It is in state; the next apply replaces it.", name, got.ID, plan.Status.ValueString()))
			}
			warnFlowHealth(&resp.Diagnostics, &plan)
		},
		missing: func(diags *diag.Diagnostics) {
			diags.AddError("Flow Not Visible", fmt.Sprintf("Meta created Flow %s (ID %s) but does not list it on WhatsApp Business Account %s. "+
				"Import it with terraform import <address> %s/%s.", name, created.ID, waba, waba, created.ID))
		},
	}.run(ctx, &resp.Diagnostics)
}

func (r *flowResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State, &req.State)
	var state flowModel
	resp.Diagnostics.Append(getState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	waba, id := state.WABAID.ValueString(), state.ID.ValueString()
	got := readOrRemove(ctx, &r.resourceBase, resp, "Cannot Read Flow", "reading the Flows of WhatsApp Business Account "+waba,
		func() (*graphapi.Flow, error) { return client.FindFlow(ctx, waba, id) })
	if got == nil {
		return
	}
	if state.FlowJSON.IsNull() {
		// Import: Meta does not list the JSON; its asset holds it.
		doc, err := client.FlowJSON(ctx, id)
		if err != nil {
			addAPIError(&resp.Diagnostics, "Cannot Read Flow JSON", "downloading the Flow JSON of Flow "+id, err)
			return
		}
		if doc != "" {
			state.FlowJSON = types.StringValue(doc)
		}
	}
	state.fill(ctx, got, &resp.Diagnostics)
	warnFlowHealth(&resp.Diagnostics, &state)
	resp.Diagnostics.Append(setState(ctx, &resp.State, &state)...)
}

func (r *flowResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan, state flowModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	categories := plan.categories(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	defer client.Operation()()
	waba, id := state.WABAID.ValueString(), state.ID.ValueString()
	publish := plan.Publish.ValueBool()
	var validation []graphapi.FlowValidationError
	jsonChanged := !sameJSON(plan.FlowJSON.ValueString(), state.FlowJSON.ValueString())
	uploaded := false
	write := func(ctx context.Context) error {
		if meta, changed := flowMetadataChange(&plan, &state, categories); changed {
			if err := client.UpdateFlowMetadata(ctx, waba, id, meta); err != nil {
				return err
			}
		}
		if jsonChanged {
			var err error
			if validation, err = client.UploadFlowJSON(ctx, waba, id, plan.FlowJSON.ValueString()); err != nil {
				return err
			}
			uploaded = true
		}
		// A draft is published when asked (an upload may also have turned a
		// published Flow back into a draft, as Meta's lifecycle page says);
		// JSON with validation errors is reported instead (Meta would refuse).
		if publish && (state.Status.ValueString() == graphapi.FlowDraft || uploaded) && len(validation) == 0 {
			return client.PublishFlow(ctx, waba, id)
		}
		return nil
	}
	jsonSent := plan.FlowJSON
	writeStep[graphapi.Flow]{
		summary: "Cannot Update Flow",
		what:    fmt.Sprintf("updating Flow %s (%s)", plan.Name.ValueString(), id),
		write:   write,
		readBack: func(ctx context.Context) (*graphapi.Flow, error) {
			return client.ReadBackFlow(ctx, waba, id)
		},
		save: func(got *graphapi.Flow) {
			if jsonChanged && !uploaded {
				// A step before or at the upload failed: Meta holds the old JSON,
				// and the next plan must still send the new one.
				plan.FlowJSON = state.FlowJSON
			}
			plan.fill(ctx, got, &resp.Diagnostics)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			addFlowValidationErrors(&resp.Diagnostics, validation, publish, id)
			warnFlowHealth(&resp.Diagnostics, &plan)
		},
		explainSaved: func(err error, diags *diag.Diagnostics) {
			if !graphapi.IsFlowNotUpdatable(err) {
				addAPIError(diags, "Cannot Update Flow", fmt.Sprintf("updating Flow %s (%s) (the Flow was read back and saved in state)", plan.Name.ValueString(), id), err)
				return
			}
			// What Meta kept, the old JSON and metadata, is in state as read (save).
			diags.Append(resp.Private.SetKey(ctx, privateEditRefused, []byte("true"))...)
			diags.AddAttributeError(path.Root("flow_json"), "Published Flow Is Immutable",
				apiErrorDetailHint(fmt.Sprintf("changing published Flow %s (%s); nothing was changed", state.Name.ValueString(), id), err,
					"Meta keeps a published Flow as it is. A changed Flow JSON needs a new Flow: change name as well, with "+
						"lifecycle { create_before_destroy = true } and deprecate_on_destroy = true, so the new Flow is published before the old one is deprecated."))
		},
		missing: func(diags *diag.Diagnostics) {
			diags.AddError("Flow Gone", fmt.Sprintf("Flow %s is no longer listed on WhatsApp Business Account %s after the update (JSON sent: %d bytes).", id, waba, len(jsonSent.ValueString())))
		},
	}.run(ctx, &resp.Diagnostics)
}

// flowConfigUnchanged reports a plan that sends nothing: every configurable
// attribute as in state (flow_json by meaning, as its modifier planned).
func flowConfigUnchanged(plan, state *flowModel) bool {
	return plan.WABAID.Equal(state.WABAID) && plan.Name.Equal(state.Name) && plan.Categories.Equal(state.Categories) &&
		plan.FlowJSON.Equal(state.FlowJSON) && plan.EndpointURI.Equal(state.EndpointURI) && plan.Publish.Equal(state.Publish) &&
		plan.CloneFlowID.Equal(state.CloneFlowID) && plan.DeprecateOnDestroy.Equal(state.DeprecateOnDestroy)
}

// flowMetadataChange is the metadata the plan changes, if any.
func flowMetadataChange(plan, state *flowModel, categories []string) (graphapi.FlowMetadata, bool) {
	var m graphapi.FlowMetadata
	changed := false
	if !plan.Name.Equal(state.Name) {
		m.Name, changed = plan.Name.ValueStringPointer(), true
	}
	if !plan.Categories.Equal(state.Categories) {
		m.Categories, changed = categories, true
	}
	if !plan.EndpointURI.Equal(state.EndpointURI) {
		uri := plan.EndpointURI.ValueString() // "" clears it
		m.EndpointURI, changed = &uri, true
	}
	return m, changed
}

func (r *flowResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state flowModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	defer client.Operation()()
	waba, id, name := state.WABAID.ValueString(), state.ID.ValueString(), state.Name.ValueString()
	got, err := client.FindFlow(ctx, waba, id)
	if err != nil {
		r.addReadError(&resp.Diagnostics, "Cannot Read Flow", "reading Flow "+id+" before destroying it", err)
		return
	}
	switch {
	case got == nil || got.Status != nil && *got.Status == graphapi.FlowDeprecated:
		return // gone, or deprecated: nothing Meta lets us remove
	case got.IsPublished() && !state.DeprecateOnDestroy.ValueBool():
		resp.Diagnostics.AddError("Published Flow Not Destroyed",
			fmt.Sprintf("Flow %s (%s) is %s, and Meta deletes only drafts: destroying it means deprecating it, which cannot be undone "+
				"(it can no longer be sent). Nothing was changed. Set deprecate_on_destroy = true and apply before destroying, or remove "+
				"it from state with terraform state rm to leave it published.", name, id, *got.Status))
	case got.IsPublished():
		if err := client.DeprecateFlow(ctx, waba, id); err != nil {
			addAPIError(&resp.Diagnostics, "Cannot Deprecate Flow", fmt.Sprintf("deprecating Flow %s (%s)", name, id), err)
		}
	default:
		if err := client.DeleteFlow(ctx, waba, id); err != nil && !graphapi.IsNotFound(err) {
			addAPIError(&resp.Diagnostics, "Cannot Delete Flow", fmt.Sprintf("deleting draft Flow %s (%s)", name, id), err)
		}
	}
}

func (r *flowResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := r.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	parts, err := parseImportID(id, []string{"waba_id", "flow_id"}, 0)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID", err.Error()+". Example: 104996122399160/1183907543004829.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("waba_id"), parts[0])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), parts[1])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("flow_json"), types.StringNull())...)
}
