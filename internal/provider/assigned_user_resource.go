package provider

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// assignableTasks are the task names accepted at plan: the 10 of Meta's SDKs
// and the 5 of the newer reference. Unknown names read back are kept.
var assignableTasks = []string{
	"MANAGE", "DEVELOP", "MANAGE_TEMPLATES", "MANAGE_PHONE", "VIEW_COST", "MANAGE_EXTENSIONS",
	"VIEW_PHONE_ASSETS", "MANAGE_PHONE_ASSETS", "VIEW_TEMPLATES", "MESSAGING",
	"VIEW_INSIGHTS", "RECEIVE_INCOMING_MESSAGES", "MANAGE_BILLING", "MANAGE_USERS", "FULL_CONTROL",
}

var (
	_ resource.ResourceWithConfigure   = (*assignedUserResource)(nil)
	_ resource.ResourceWithImportState = (*assignedUserResource)(nil)
)

// NewAssignedUserResource returns the whatsapp_assigned_user resource.
func NewAssignedUserResource() resource.Resource {
	return newAssignedUserResource()
}

func newAssignedUserResource() *assignedUserResource {
	return &assignedUserResource{resourceBase{typeName: "assigned_user", identity: []string{"waba_id", "user_id"}}}
}

type assignedUserResource struct{ resourceBase }

type assignedUserModel struct {
	ID         types.String `tfsdk:"id"`
	WABAID     types.String `tfsdk:"waba_id"`
	UserID     types.String `tfsdk:"user_id"`
	Tasks      types.Set    `tfsdk:"tasks"`
	BusinessID types.String `tfsdk:"business_id"`
	Name       types.String `tfsdk:"name"`
	UserType   types.String `tfsdk:"user_type"`
}

func (r *assignedUserResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Grants a business or system user tasks on a WhatsApp Business Account (WABA). " +
			"Changing `tasks` updates the assignment in place; destroying it removes all of the user's tasks on the account.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<waba_id>/<user_id>`, which is also the import ID.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"waba_id": schema.StringAttribute{
				MarkdownDescription: "The WhatsApp Business Account ID. Changing it replaces the assignment.",
				Required:            true,
				Validators:          []validator.String{graphID()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"user_id": schema.StringAttribute{
				MarkdownDescription: "The business-scoped user ID or system user ID to assign. Changing it replaces the assignment.",
				Required:            true,
				Validators:          []validator.String{graphID()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"tasks": schema.SetAttribute{
				MarkdownDescription: "The tasks to grant, at least one of: `" + joinBackticked(assignableTasks) + "`. " +
					"`MANAGE` is full (admin) access and `DEVELOP` developer access. Changed in place.",
				Required:    true,
				ElementType: types.StringType,
				Validators:  []validator.Set{setvalidator.SizeAtLeast(1), knownTasks{}},
			},
			"business_id": schema.StringAttribute{
				MarkdownDescription: "The business portfolio that assigns the user, which Meta needs to list assignments: the account's owner business, " +
					"or a partner that manages the account (it is among the partner's `client_whatsapp_business_accounts`). " +
					"Defaults to the owner business (`owner_business_info.id`). Any other business sees no assignments, so a create through it is refused before any write.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{graphID()},
				PlanModifiers: keep,
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The user's name.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"user_type": schema.StringAttribute{
				MarkdownDescription: "`SYSTEM_USER`, `BUSINESS_USER` or `PERSONAL_USER`.",
				Computed:            true,
				PlanModifiers:       keep,
			},
		},
	}
}

func (m *assignedUserModel) importID() string {
	return m.WABAID.ValueString() + "/" + m.UserID.ValueString()
}

func (m *assignedUserModel) plannedTasks(ctx context.Context, diags *diag.Diagnostics) []string {
	var tasks []string
	diags.Append(m.Tasks.ElementsAs(ctx, &tasks, false)...)
	sort.Strings(tasks)
	return tasks
}

// fill copies an assignment read from the API into the model.
func (m *assignedUserModel) fill(ctx context.Context, u *graphapi.AssignedUser, diags *diag.Diagnostics) {
	m.ID = types.StringValue(m.importID())
	m.Name = types.StringPointerValue(u.Name)
	m.UserType = types.StringPointerValue(u.UserType)
	tasks, d := types.SetValueFrom(ctx, types.StringType, u.Tasks)
	diags.Append(d...)
	m.Tasks = tasks
}

// resolveBusiness fills business_id from the WABA's owner when it is unset.
func (m *assignedUserModel) resolveBusiness(ctx context.Context, r *assignedUserResource, client *graphapi.Client, diags *diag.Diagnostics) bool {
	if !m.BusinessID.IsNull() && !m.BusinessID.IsUnknown() {
		return true
	}
	owner, err := client.OwnerBusiness(ctx, m.WABAID.ValueString())
	if err != nil {
		r.addReadError(diags, "Cannot Read the Account's Owner Business",
			"reading owner_business_info of WhatsApp Business Account "+m.WABAID.ValueString()+", which business_id defaults to", err)
		return false
	}
	m.BusinessID = types.StringValue(owner)
	return true
}

// readBack finds the user after a write, for writeStep: in a listing begun
// after the write, shared with the read-backs of concurrent writes.
func (m *assignedUserModel) readBack(client *graphapi.Client) func(context.Context) (*graphapi.AssignedUser, error) {
	return func(ctx context.Context) (*graphapi.AssignedUser, error) {
		return client.ReadBackAssignedUser(ctx, m.WABAID.ValueString(), m.BusinessID.ValueString(), m.UserID.ValueString())
	}
}

// lookup finds the user in the shared listing; nil means not assigned.
func (m *assignedUserModel) lookup(ctx context.Context, client *graphapi.Client) (*graphapi.AssignedUser, []graphapi.AssignedUser, error) {
	return client.FindAssignedUser(ctx, m.WABAID.ValueString(), m.BusinessID.ValueString(), m.UserID.ValueString())
}

func (r *assignedUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan assignedUserModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	defer client.Operation()() // lets concurrent read-backs gather, see graphapi.Client.Operation
	tasks := plan.plannedTasks(ctx, &resp.Diagnostics)
	if !plan.resolveBusiness(ctx, r, client, &resp.Diagnostics) {
		return
	}
	waba, user := plan.WABAID.ValueString(), plan.UserID.ValueString()
	existing, all, err := client.RecentAssignedUser(ctx, waba, plan.BusinessID.ValueString(), user)
	if err != nil {
		r.addReadError(&resp.Diagnostics, "Cannot List Assigned Users", "listing the users of WhatsApp Business Account "+waba, err)
		return
	}
	if len(all) == 0 && !r.businessManages(ctx, client, &plan, &resp.Diagnostics) {
		return
	}
	if existing != nil {
		resp.Diagnostics.AddError("User Already Assigned",
			fmt.Sprintf("User %s already has tasks %v on WhatsApp Business Account %s. Terraform does not take over an existing assignment silently; "+
				"import it into this resource (the address on this error's \"with\" line) instead:\n\n  terraform import <address> %s\n\n"+
				"or add an import block with to = <address> and id = %q.",
				user, existing.Tasks, waba, plan.importID(), plan.importID()))
		return
	}
	writeStep[graphapi.AssignedUser]{
		summary: "Cannot Assign User",
		what:    fmt.Sprintf("assigning user %s to WhatsApp Business Account %s", user, waba),
		write: func(ctx context.Context) error {
			return client.AssignUser(ctx, waba, plan.BusinessID.ValueString(), user, tasks)
		},
		readBack: plan.readBack(client),
		save: func(got *graphapi.AssignedUser) {
			plan.fill(ctx, got, &resp.Diagnostics)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			if !slices.Equal(slices.Sorted(slices.Values(got.Tasks)), tasks) {
				resp.Diagnostics.AddError("Tasks Not Applied as Planned",
					fmt.Sprintf("Meta reports tasks %v for user %s instead of %v. The assignment was saved in state as Meta reports it.", got.Tasks, user, tasks))
			}
		},
		unconfirmed: func(readErr error, diags *diag.Diagnostics) {
			// Assigned but not confirmed: keep it in state (tainted) rather than lose it.
			plan.saveUnconfirmed(ctx, &resp.State, diags)
			addAPIError(diags, "Cannot Read Back the Assignment", "reading back the new assignment (it was saved in state)", readErr)
		},
		missing: func(diags *diag.Diagnostics) {
			// Saved (tainted) so that destroy or a fixed business_id can find it.
			plan.saveUnconfirmed(ctx, &resp.State, diags)
			diags.AddAttributeError(path.Root("business_id"), "Assignment Not Visible",
				fmt.Sprintf("Meta accepted the assignment of user %s but business %s does not list it. Check that business_id owns WhatsApp Business Account %s, "+
					"or remove business_id to use the account's owner business.", user, plan.BusinessID.ValueString(), waba))
		},
	}.run(ctx, &resp.Diagnostics)
}

// saveUnconfirmed saves an assignment that was written but not read back.
func (m *assignedUserModel) saveUnconfirmed(ctx context.Context, state *tfsdk.State, diags *diag.Diagnostics) {
	m.ID = types.StringValue(m.importID())
	m.Name, m.UserType = types.StringNull(), types.StringNull()
	diags.Append(state.Set(ctx, m)...)
}

func (r *assignedUserResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State, &req.State)
	var state assignedUserModel
	resp.Diagnostics.Append(getState(ctx, req.State, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() || !state.resolveBusiness(ctx, r, client, &resp.Diagnostics) {
		return
	}
	got, all, err := state.lookup(ctx, client)
	if err != nil {
		r.addReadError(&resp.Diagnostics, "Cannot List Assigned Users", "listing the users of WhatsApp Business Account "+state.WABAID.ValueString(), err)
		return
	}
	if len(all) == 0 {
		// State may hold a business_id that lists nothing (a wrong value the
		// config no longer sets): read through the owner business instead, so
		// that removing business_id from the config works.
		if got, all, err = r.lookupViaOwner(ctx, client, &state, &resp.Diagnostics); err != nil {
			r.addReadError(&resp.Diagnostics, "Cannot List Assigned Users", "listing the users of WhatsApp Business Account "+state.WABAID.ValueString(), err)
			return
		}
	}
	if len(all) == 0 {
		addEmptyListingError(&resp.Diagnostics, &state)
		return
	}
	if got == nil {
		resp.State.RemoveResource(ctx)
		return
	}
	state.fill(ctx, got, &resp.Diagnostics)
	resp.Diagnostics.Append(setState(ctx, &resp.State, &state)...)
}

func (r *assignedUserResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan, prior assignedUserModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	defer client.Operation()() // lets concurrent read-backs gather, see graphapi.Client.Operation
	tasks := plan.plannedTasks(ctx, &resp.Diagnostics)
	waba, user := plan.WABAID.ValueString(), plan.UserID.ValueString()
	if !plan.resolveBusiness(ctx, r, client, &resp.Diagnostics) {
		return
	}

	keepPrior := func() { resp.Diagnostics.Append(resp.State.Set(ctx, &prior)...) }
	// An empty listing must never lead to an unassign: stop before any write.
	if _, ok := r.lookupBeforeWrite(ctx, client, &plan, &resp.Diagnostics); !ok {
		keepPrior()
		return
	}
	got := writeStep[graphapi.AssignedUser]{
		summary: "Cannot Update Tasks",
		what:    fmt.Sprintf("assigning tasks %v to user %s", tasks, user),
		write: func(ctx context.Context) error {
			return client.AssignUser(ctx, waba, plan.BusinessID.ValueString(), user, tasks)
		},
		readBack: plan.readBack(client),
		save: func(got *graphapi.AssignedUser) {
			plan.fill(ctx, got, &resp.Diagnostics)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		},
		unconfirmed: func(readErr error, diags *diag.Diagnostics) {
			keepPrior()
			addAPIError(diags, "Cannot Read Back the Assignment", "reading back the updated assignment", readErr)
		},
		notSaved: keepPrior,
		missing:  func(*diag.Diagnostics) {}, // re-assigned below
	}.run(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || (got != nil && slices.Equal(slices.Sorted(slices.Values(got.Tasks)), tasks)) {
		return
	}
	// Meta merged or ignored the new set: unassign and assign afresh, unless
	// that would lock out the token's own user.
	switch r.reassign(ctx, client, &plan, tasks, &resp.Diagnostics) {
	case reassignGone:
		resp.State.RemoveResource(ctx)
		return
	case reassignFailed:
		if got == nil {
			keepPrior()
		}
		return
	}
	got, err := plan.readBack(client)(ctx)
	if err != nil || got == nil {
		if err == nil {
			err = fmt.Errorf("user %s is not listed after re-assignment", user)
		}
		addAPIError(&resp.Diagnostics, "Cannot Read Back the Assignment", "reading back the re-assigned user", err)
		keepPrior()
		return
	}
	plan.fill(ctx, got, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

type reassignOutcome int

const (
	reassigned     reassignOutcome = iota
	reassignFailed                 // nothing changed, or not knowingly
	reassignGone                   // unassigned, and assigning again failed
)

// reassign replaces a task set by DELETE then POST.
func (r *assignedUserResource) reassign(ctx context.Context, client *graphapi.Client, plan *assignedUserModel, tasks []string, diags *diag.Diagnostics) reassignOutcome {
	waba, user := plan.WABAID.ValueString(), plan.UserID.ValueString()
	info, err := client.TokenInfo(ctx)
	if err != nil {
		addAPIError(diags, "Cannot Identify the Token's User", "asking debug_token whose token this is, before re-assigning", err)
		return reassignFailed
	}
	if info.UserID != nil && *info.UserID == user {
		diags.AddAttributeError(path.Root("tasks"), "Cannot Replace the Token's Own Tasks",
			fmt.Sprintf("Meta did not apply tasks %v to user %s by a plain update, and replacing them would unassign the very user whose token the provider uses, "+
				"locking it out of WhatsApp Business Account %s. Change this user's tasks in WhatsApp Manager, or with another admin's token.", tasks, user, waba))
		return reassignFailed
	}
	if err := client.UnassignUser(ctx, waba, user); err != nil && !graphapi.IsNotFound(err) {
		addAPIError(diags, "Cannot Replace Tasks", "unassigning user "+user+" before assigning the new task set", err)
		return reassignFailed
	}
	if err := client.AssignUser(ctx, waba, plan.BusinessID.ValueString(), user, tasks); err != nil {
		addAPIError(diags, "User Unassigned, Re-assignment Failed",
			fmt.Sprintf("user %s was unassigned to replace its tasks, but assigning %v failed; the resource left state and the next apply creates it", user, tasks), err)
		return reassignGone
	}
	return reassigned
}

func (r *assignedUserResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state assignedUserModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	defer client.Operation()() // lets concurrent read-backs gather, see graphapi.Client.Operation
	err := client.UnassignUser(ctx, state.WABAID.ValueString(), state.UserID.ValueString())
	if err != nil && !graphapi.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "Cannot Unassign User", fmt.Sprintf("unassigning user %s from WhatsApp Business Account %s", state.UserID.ValueString(), state.WABAID.ValueString()), err)
	}
}

func (r *assignedUserResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := r.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	parts, err := parseImportID(id, []string{"waba_id", "user_id"}, 0)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID", err.Error()+". Example: 104996122399160/122104222222222222.")
		return
	}
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	m := assignedUserModel{WABAID: types.StringValue(parts[0]), UserID: types.StringValue(parts[1]), BusinessID: types.StringNull()}
	if !m.resolveBusiness(ctx, r, client, &resp.Diagnostics) {
		return
	}
	// The owner business lists every user: an empty listing is an account
	// with no users yet, so the user is not found either way.
	got, users, err := client.RecentAssignedUser(ctx, parts[0], m.BusinessID.ValueString(), parts[1])
	if err != nil {
		r.addReadError(&resp.Diagnostics, "Cannot List Assigned Users", "listing the users of WhatsApp Business Account "+parts[0], err)
		return
	}
	if got == nil {
		listed := make([]string, 0, len(users))
		for _, u := range users {
			listed = append(listed, u.ID)
		}
		addImportNotFound(&resp.Diagnostics, fmt.Sprintf("User %s has no tasks on WhatsApp Business Account %s", parts[1], parts[0]),
			fmt.Sprintf("business %s lists: %s", m.BusinessID.ValueString(), listOrNone(listed)), "apply this resource without importing to assign the user")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("waba_id"), parts[0])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("user_id"), parts[1])...)
}

// knownTasks names the attribute and the bad value, which the framework's
// per-element validators render as tasks[Value("BOGUS")].
type knownTasks struct{}

func (knownTasks) Description(context.Context) string {
	return "each task must be one of " + strings.Join(assignableTasks, ", ")
}

func (v knownTasks) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v knownTasks) ValidateSet(ctx context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for _, e := range req.ConfigValue.Elements() {
		s, ok := e.(types.String)
		if !ok || s.IsUnknown() || s.IsNull() || slices.Contains(assignableTasks, s.ValueString()) {
			continue
		}
		resp.Diagnostics.AddAttributeError(req.Path, "Unknown Task",
			fmt.Sprintf("tasks holds %s, which is not a task Meta accepts; value must be one of: %s.", s, strings.Join(assignableTasks, ", ")))
	}
}
