package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

var (
	_ resource.ResourceWithConfigure   = (*conversationalAutomationResource)(nil)
	_ resource.ResourceWithImportState = (*conversationalAutomationResource)(nil)
)

// NewConversationalAutomationResource returns the whatsapp_conversational_automation resource.
func NewConversationalAutomationResource() resource.Resource {
	return &conversationalAutomationResource{newPhoneSetting("conversational_automation")}
}

type conversationalAutomationResource struct{ phoneSetting }

type conversationalAutomationModel struct {
	ID                   types.String   `tfsdk:"id"`
	PhoneNumberID        types.String   `tfsdk:"phone_number_id"`
	EnableWelcomeMessage types.Bool     `tfsdk:"enable_welcome_message"`
	Prompts              types.List     `tfsdk:"prompts"`
	Commands             []commandModel `tfsdk:"commands"`
}

type commandModel struct {
	Name        types.String `tfsdk:"name"`
	Description types.String `tfsdk:"description"`
}

func (r *conversationalAutomationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The conversational components of a phone number: the welcome message, the ice breakers (prompts) a customer " +
			"can tap to start a chat, and the commands offered after `/`. Every apply sends the whole desired state; destroy turns the " +
			"welcome message off and removes the prompts and commands.",
		Attributes: phoneSettingAttributes("The phone number these components belong to.", map[string]schema.Attribute{
			"enable_welcome_message": schema.BoolAttribute{
				MarkdownDescription: "Whether WhatsApp sends a welcome message when a customer opens the chat for the first time. Default `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"prompts": schema.ListAttribute{
				MarkdownDescription: "Up to 4 ice breakers, each 1 to 80 characters, in the order shown.",
				Optional:            true,
				ElementType:         types.StringType,
				Validators:          []validator.List{listvalidator.SizeBetween(1, 4), listvalidator.ValueStringsAre(stringvalidator.LengthBetween(1, 80))},
			},
			"commands": schema.ListNestedAttribute{
				MarkdownDescription: "Up to 30 commands, in the order shown.",
				Optional:            true,
				Validators:          []validator.List{listvalidator.SizeBetween(1, 30), uniqueCommandNames{}},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name": schema.StringAttribute{
						MarkdownDescription: "The command without the leading `/`, 1 to 32 characters, unique on the number.",
						Required:            true,
						Validators: []validator.String{stringvalidator.LengthBetween(1, 32),
							stringvalidator.RegexMatches(noLeadingSlash, "must not start with / (WhatsApp adds it)")},
					},
					"description": schema.StringAttribute{
						MarkdownDescription: "What the command does, at most 256 characters.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.LengthBetween(1, 256)},
					},
				}},
			},
		}),
	}
}

// uniqueCommandNames refuses two commands with one name, naming the repeat.
type uniqueCommandNames struct{}

func (uniqueCommandNames) Description(context.Context) string { return "command names must be unique" }

func (v uniqueCommandNames) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v uniqueCommandNames) ValidateList(ctx context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var commands []commandModel
	if d := req.ConfigValue.ElementsAs(ctx, &commands, false); d.HasError() {
		return // unknown elements: checked at apply
	}
	seen := map[string]int{}
	for i, c := range commands {
		if c.Name.IsUnknown() || c.Name.IsNull() {
			continue
		}
		if j, dup := seen[c.Name.ValueString()]; dup {
			resp.Diagnostics.AddAttributeError(req.Path.AtListIndex(i).AtName("name"), "Duplicate Command Name",
				fmt.Sprintf("commands[%d] and commands[%d] are both named %q; command names must be unique on a number.", j, i, c.Name.ValueString()))
		}
		seen[c.Name.ValueString()] = i
	}
}

func (m *conversationalAutomationModel) desired(ctx context.Context, diags *diag.Diagnostics) (bool, []string, []graphapi.Command) {
	var prompts []string
	if !m.Prompts.IsNull() {
		diags.Append(m.Prompts.ElementsAs(ctx, &prompts, false)...)
	}
	commands := make([]graphapi.Command, 0, len(m.Commands))
	for _, c := range m.Commands {
		commands = append(commands, graphapi.Command{Name: c.Name.ValueString(), Description: c.Description.ValueString()})
	}
	return m.EnableWelcomeMessage.ValueBool(), prompts, commands
}

// fill copies Meta's components into the model; empty lists are null.
func (m *conversationalAutomationModel) fill(ctx context.Context, a *graphapi.ConversationalAutomation, diags *diag.Diagnostics) {
	m.ID = m.PhoneNumberID
	m.EnableWelcomeMessage = types.BoolValue(a.EnableWelcomeMessage != nil && *a.EnableWelcomeMessage)
	m.Prompts = types.ListNull(types.StringType)
	if len(a.Prompts) > 0 {
		list, d := types.ListValueFrom(ctx, types.StringType, a.Prompts)
		diags.Append(d...)
		m.Prompts = list
	}
	m.Commands = nil
	for _, c := range a.Commands {
		m.Commands = append(m.Commands, commandModel{Name: types.StringValue(c.Name), Description: types.StringValue(c.Description)})
	}
}

func (r *conversationalAutomationResource) write(ctx context.Context, plan *conversationalAutomationModel, state interface {
	Set(context.Context, any) diag.Diagnostics
}, diags *diag.Diagnostics) {
	client := r.client(diags)
	welcome, prompts, commands := plan.desired(ctx, diags)
	if diags.HasError() {
		return
	}
	id := plan.PhoneNumberID.ValueString()
	writeStep[graphapi.ConversationalAutomation]{
		summary: "Cannot Set Conversational Automation",
		what:    "setting the conversational components of phone number " + id,
		write: func(ctx context.Context) error {
			return client.SetConversationalAutomation(ctx, id, welcome, prompts, commands)
		},
		readBack: func(ctx context.Context) (*graphapi.ConversationalAutomation, error) {
			return client.GetConversationalAutomation(ctx, id)
		},
		save: func(a *graphapi.ConversationalAutomation) {
			plan.fill(ctx, a, diags)
			diags.Append(state.Set(ctx, plan)...)
		},
		missing: func(diags *diag.Diagnostics) {
			diags.AddError("Conversational Automation Not Visible", "Meta accepted the update but reports no conversational components for phone number "+id+".")
		},
	}.run(ctx, diags)
}

// Create reads the components first: a live welcome message, prompts or
// commands would be replaced by a plan that only says "create".
func (r *conversationalAutomationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan conversationalAutomationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := plan.PhoneNumberID.ValueString()
	current, err := client.GetConversationalAutomation(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot Read Conversational Automation", "reading the conversational components of phone number "+id+" before setting them", err)
		return
	}
	if set := describeAutomation(current); len(set) > 0 {
		resp.Diagnostics.AddError("Conversational Automation Already Set",
			fmt.Sprintf("Phone number %s already has conversational components: %s. Creating the resource would replace them, so nothing was "+
				"written. To manage them, import them into this resource (the address on this error's \"with\" line): the plan then shows "+
				"each change.%s", id, strings.Join(set, "; "), importAdvice(id)))
		return
	}
	r.write(ctx, &plan, &resp.State, &resp.Diagnostics)
}

// describeAutomation says what of a number's components is set: nothing
// for a welcome message that is off and no prompts or commands.
func describeAutomation(a *graphapi.ConversationalAutomation) []string {
	if a == nil {
		return nil
	}
	var set []string
	if a.EnableWelcomeMessage != nil && *a.EnableWelcomeMessage {
		set = append(set, "the welcome message is on")
	}
	if len(a.Prompts) > 0 {
		set = append(set, fmt.Sprintf("prompts %q", a.Prompts))
	}
	if len(a.Commands) > 0 {
		names := make([]string, len(a.Commands))
		for i, c := range a.Commands {
			names[i] = "/" + c.Name
		}
		set = append(set, "commands "+strings.Join(names, ", "))
	}
	return set
}

func (r *conversationalAutomationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan conversationalAutomationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if !resp.Diagnostics.HasError() {
		r.write(ctx, &plan, &resp.State, &resp.Diagnostics)
	}
}

func (r *conversationalAutomationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readSetting(ctx, &r.phoneSetting, req, resp, "Cannot Read Conversational Automation", "reading the conversational components",
		func(ctx context.Context, client *graphapi.Client, id string) (*graphapi.ConversationalAutomation, error) {
			return client.GetConversationalAutomation(ctx, id)
		},
		func(state *conversationalAutomationModel, a *graphapi.ConversationalAutomation, diags *diag.Diagnostics) {
			state.fill(ctx, a, diags)
		})
}

// Delete turns the welcome message off and empties the prompts and commands.
func (r *conversationalAutomationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteSetting(ctx, &r.phoneSetting, req, resp, "Cannot Clear Conversational Automation", "clearing the conversational components",
		func(ctx context.Context, client *graphapi.Client, id string) error {
			return client.SetConversationalAutomation(ctx, id, false, nil, nil)
		})
}

// noLeadingSlash matches a command name that does not start with /.
var noLeadingSlash = regexp.MustCompile(`^[^/]`)
