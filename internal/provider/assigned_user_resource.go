package provider

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
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
func NewAssignedUserResource() resource.Resource { return &assignedUserResource{} }

type assignedUserResource struct{ data *providerData }

type assignedUserModel struct {
	ID         types.String `tfsdk:"id"`
	WABAID     types.String `tfsdk:"waba_id"`
	UserID     types.String `tfsdk:"user_id"`
	Tasks      types.Set    `tfsdk:"tasks"`
	BusinessID types.String `tfsdk:"business_id"`
	Name       types.String `tfsdk:"name"`
	UserType   types.String `tfsdk:"user_type"`
}

func (r *assignedUserResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_assigned_user"
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
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(assignableTasks...)),
				},
			},
			"business_id": schema.StringAttribute{
				MarkdownDescription: "The business portfolio that assigns the user, which Meta needs to list assignments. " +
					"Defaults to the account's owner business (`owner_business_info.id`). A business that does not own the account sees no assignments.",
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

func (r *assignedUserResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = clientFrom(req.ProviderData, &resp.Diagnostics)
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
func (m *assignedUserModel) resolveBusiness(ctx context.Context, client *graphapi.Client, diags *diag.Diagnostics) bool {
	if !m.BusinessID.IsNull() && !m.BusinessID.IsUnknown() {
		return true
	}
	owner, err := client.OwnerBusiness(ctx, m.WABAID.ValueString())
	if err != nil {
		addAPIError(diags, "Cannot find the account's owner business",
			"reading owner_business_info of WhatsApp Business Account "+m.WABAID.ValueString()+" (set business_id to skip this lookup)", err)
		return false
	}
	m.BusinessID = types.StringValue(owner)
	return true
}

// lookup finds the user in the shared listing; nil means not assigned.
func (m *assignedUserModel) lookup(ctx context.Context, client *graphapi.Client) (*graphapi.AssignedUser, []graphapi.AssignedUser, error) {
	users, err := client.AssignedUsers(ctx, m.WABAID.ValueString(), m.BusinessID.ValueString())
	if err != nil {
		return nil, nil, err
	}
	for i := range users {
		if users[i].ID == m.UserID.ValueString() {
			return &users[i], users, nil
		}
	}
	return nil, users, nil
}

func (r *assignedUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan assignedUserModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client := r.data.get(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	tasks := plan.plannedTasks(ctx, &resp.Diagnostics)
	unlock := client.LockEdge(plan.WABAID.ValueString(), graphapi.EdgeAssignedUsers)
	defer unlock()
	if !plan.resolveBusiness(ctx, client, &resp.Diagnostics) {
		return
	}

	existing, _, err := plan.lookup(ctx, client)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot list assigned users", "listing the users of WhatsApp Business Account "+plan.WABAID.ValueString(), err)
		return
	}
	if existing != nil {
		resp.Diagnostics.AddError("User already assigned",
			fmt.Sprintf("User %s already has tasks %v on WhatsApp Business Account %s. Terraform does not take over an existing assignment silently; "+
				"import it instead:\n\n  terraform import whatsapp_assigned_user.<name> %s\n\nor add an import block with id = %q.",
				plan.UserID.ValueString(), existing.Tasks, plan.WABAID.ValueString(), plan.importID(), plan.importID()))
		return
	}

	postErr := client.AssignUser(ctx, plan.WABAID.ValueString(), plan.UserID.ValueString(), tasks)
	// Read back even after an error: a retried POST may have taken effect, and
	// an assignment that exists must land in state.
	got, _, readErr := plan.lookup(ctx, client)
	switch {
	case got != nil:
		plan.fill(ctx, got, &resp.Diagnostics)
		if postErr != nil {
			addAPIError(&resp.Diagnostics, "Assignment incomplete", "assigning the user (the assignment exists and was saved in state)", postErr)
		} else if !slices.Equal(sortedCopy(got.Tasks), tasks) {
			resp.Diagnostics.AddError("Tasks not applied as planned",
				fmt.Sprintf("Meta reports tasks %v for user %s instead of %v. The assignment was saved in state as Meta reports it.", got.Tasks, plan.UserID.ValueString(), tasks))
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	case postErr != nil:
		addAPIError(&resp.Diagnostics, "Cannot assign user", fmt.Sprintf("assigning user %s to WhatsApp Business Account %s", plan.UserID.ValueString(), plan.WABAID.ValueString()), postErr)
	case readErr != nil:
		// Assigned but not confirmed: keep it in state (tainted) rather than lose it.
		plan.ID = types.StringValue(plan.importID())
		plan.Name, plan.UserType = types.StringNull(), types.StringNull()
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		addAPIError(&resp.Diagnostics, "Cannot read back the assignment", "reading back the new assignment (it was saved in state)", readErr)
	default:
		plan.ID = types.StringValue(plan.importID())
		plan.Name, plan.UserType = types.StringNull(), types.StringNull()
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		resp.Diagnostics.AddAttributeError(path.Root("business_id"), "Assignment not visible",
			fmt.Sprintf("Meta accepted the assignment of user %s but business %s does not list it. Check that business_id owns WhatsApp Business Account %s.",
				plan.UserID.ValueString(), plan.BusinessID.ValueString(), plan.WABAID.ValueString()))
	}
}

func (r *assignedUserResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state assignedUserModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.data.get(&resp.Diagnostics)
	if resp.Diagnostics.HasError() || !state.resolveBusiness(ctx, client, &resp.Diagnostics) {
		return
	}
	got, all, err := state.lookup(ctx, client)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot list assigned users", "listing the users of WhatsApp Business Account "+state.WABAID.ValueString(), err)
		return
	}
	if got == nil {
		if len(all) == 0 {
			// A wrong business answers with an empty list, not an error: failing
			// here beats planning to recreate every assignment.
			resp.Diagnostics.AddAttributeError(path.Root("business_id"), "No assigned users listed",
				fmt.Sprintf("Business %s lists no users at all on WhatsApp Business Account %s, not even the token's own. "+
					"This usually means business_id is not the account's owner business. Check business_id, or leave it unset to use owner_business_info.id.",
					state.BusinessID.ValueString(), state.WABAID.ValueString()))
			return
		}
		resp.State.RemoveResource(ctx)
		return
	}
	state.fill(ctx, got, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *assignedUserResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, prior assignedUserModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	client := r.data.get(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	tasks := plan.plannedTasks(ctx, &resp.Diagnostics)
	waba, user := plan.WABAID.ValueString(), plan.UserID.ValueString()
	unlock := client.LockEdge(waba, graphapi.EdgeAssignedUsers)
	defer unlock()
	if !plan.resolveBusiness(ctx, client, &resp.Diagnostics) {
		return
	}

	if err := client.AssignUser(ctx, waba, user, tasks); err != nil {
		addAPIError(&resp.Diagnostics, "Cannot update tasks", fmt.Sprintf("assigning tasks %v to user %s", tasks, user), err)
		r.saveReality(ctx, &plan, &prior, client, resp)
		return
	}
	got, _, err := plan.lookup(ctx, client)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot read back the assignment", "reading back the updated assignment", err)
		resp.Diagnostics.Append(resp.State.Set(ctx, &prior)...)
		return
	}
	if got == nil || !slices.Equal(sortedCopy(got.Tasks), tasks) {
		// Meta merged or ignored the new set: unassign and assign afresh,
		// unless that would lock out the token's own user.
		switch r.reassign(ctx, client, &plan, tasks, &resp.Diagnostics) {
		case reassignGone:
			resp.State.RemoveResource(ctx)
			return
		case reassignFailed:
			r.saveReality(ctx, &plan, &prior, client, resp)
			return
		}
		if got, _, err = plan.lookup(ctx, client); err != nil || got == nil {
			if err == nil {
				err = fmt.Errorf("user %s is not listed after re-assignment", user)
			}
			addAPIError(&resp.Diagnostics, "Cannot read back the assignment", "reading back the re-assigned user", err)
			resp.Diagnostics.Append(resp.State.Set(ctx, &prior)...)
			return
		}
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
		addAPIError(diags, "Cannot identify the token's user", "asking debug_token whose token this is, before re-assigning", err)
		return reassignFailed
	}
	if info.UserID != nil && *info.UserID == user {
		diags.AddAttributeError(path.Root("tasks"), "Cannot replace the token's own tasks",
			fmt.Sprintf("Meta did not apply tasks %v to user %s by a plain update, and replacing them would unassign the very user whose token the provider uses, "+
				"locking it out of WhatsApp Business Account %s. Change this user's tasks in WhatsApp Manager, or with another admin's token.", tasks, user, waba))
		return reassignFailed
	}
	if err := client.UnassignUser(ctx, waba, user); err != nil && !graphapi.IsNotFound(err) {
		addAPIError(diags, "Cannot replace tasks", "unassigning user "+user+" before assigning the new task set", err)
		return reassignFailed
	}
	if err := client.AssignUser(ctx, waba, user, tasks); err != nil {
		addAPIError(diags, "User unassigned, re-assignment failed",
			fmt.Sprintf("user %s was unassigned to replace its tasks, but assigning %v failed; the resource left state and the next apply creates it", user, tasks), err)
		return reassignGone
	}
	return reassigned
}

// saveReality stores what the API now says after a failed update, or the
// prior state when it cannot be read.
func (r *assignedUserResource) saveReality(ctx context.Context, plan, prior *assignedUserModel, client *graphapi.Client, resp *resource.UpdateResponse) {
	if got, _, err := plan.lookup(ctx, client); err == nil && got != nil {
		plan.fill(ctx, got, &resp.Diagnostics)
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, prior)...)
}

func (r *assignedUserResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state assignedUserModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.data.get(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	unlock := client.LockEdge(state.WABAID.ValueString(), graphapi.EdgeAssignedUsers)
	defer unlock()
	err := client.UnassignUser(ctx, state.WABAID.ValueString(), state.UserID.ValueString())
	if err != nil && !graphapi.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "Cannot unassign user", fmt.Sprintf("unassigning user %s from WhatsApp Business Account %s", state.UserID.ValueString(), state.WABAID.ValueString()), err)
	}
}

func (r *assignedUserResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	parts, err := parseImportID(req.ID, []string{"waba_id", "user_id"}, 0)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", err.Error()+". Example: 104996122399160/122104222222222222.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("waba_id"), parts[0])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("user_id"), parts[1])...)
}

func sortedCopy(xs []string) []string {
	out := append([]string(nil), xs...)
	sort.Strings(out)
	return out
}
