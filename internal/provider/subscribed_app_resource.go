package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
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

var (
	_ resource.ResourceWithConfigure        = (*subscribedAppResource)(nil)
	_ resource.ResourceWithImportState      = (*subscribedAppResource)(nil)
	_ resource.ResourceWithConfigValidators = (*subscribedAppResource)(nil)
)

// NewSubscribedAppResource returns the whatsapp_subscribed_app resource.
func NewSubscribedAppResource() resource.Resource {
	return newSubscribedAppResource()
}

func newSubscribedAppResource() *subscribedAppResource {
	return &subscribedAppResource{resourceBase{typeName: "subscribed_app", identity: []string{"waba_id", "app_id"}}}
}

type subscribedAppResource struct{ resourceBase }

type subscribedAppModel struct {
	ID                   types.String `tfsdk:"id"`
	WABAID               types.String `tfsdk:"waba_id"`
	OverrideCallbackURI  types.String `tfsdk:"override_callback_uri"`
	VerifyToken          types.String `tfsdk:"verify_token"`
	VerifyTokenWO        types.String `tfsdk:"verify_token_wo"`
	VerifyTokenWOVersion types.Int64  `tfsdk:"verify_token_wo_version"`
	AppID                types.String `tfsdk:"app_id"`
	AppName              types.String `tfsdk:"app_name"`
	AppLink              types.String `tfsdk:"app_link"`
}

func (r *subscribedAppResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Subscribes the access token's app to a WhatsApp Business Account's webhooks, optionally with a " +
			"WABA-level callback URL override. Which webhook fields are delivered is configured on the app in the App Dashboard.",
		Attributes: withAttributes(map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<waba_id>/<app_id>`.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"waba_id": schema.StringAttribute{
				MarkdownDescription: "The WhatsApp Business Account ID. Changing it replaces the subscription.",
				Required:            true,
				Validators:          []validator.String{graphID()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"override_callback_uri": schema.StringAttribute{
				MarkdownDescription: "An https URL, at most 200 characters, that receives this account's message webhooks instead of the app's " +
					"callback URL. Meta verifies it with a `hub.challenge` request carrying the verify token before accepting it. " +
					"Needs exactly one of `verify_token` and `verify_token_wo`. Set, changed and removed in place.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtMost(200), httpsURL{}},
			},
			"app_id": schema.StringAttribute{
				MarkdownDescription: "The subscribed app: the one that owns the access token.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"app_name": schema.StringAttribute{
				MarkdownDescription: "The app's name.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"app_link": schema.StringAttribute{
				MarkdownDescription: "A link to the app.",
				Computed:            true,
				PlanModifiers:       keep,
			},
		}, subscriptionVerifyToken.attributes()),
	}
}

func (r *subscribedAppResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.Conflicting(path.MatchRoot("verify_token"), path.MatchRoot("verify_token_wo")),
		overrideNeedsVerifyToken{},
	}
}

// subscriptionVerifyToken is the verify token of a WABA's callback override.
var subscriptionVerifyToken = secret{
	name: "verify_token",
	plainDesc: "The token Meta sends to `override_callback_uri` when it verifies it. Kept in state (marked sensitive); " +
		"use `verify_token_wo` to keep it out of state.",
	woDesc: "Write-only form of `verify_token`: sent to Meta, never stored. Needs Terraform 1.11 or later. " +
		"Change `verify_token_wo_version` to send a new value.",
	versionDesc: "Any number; changing it re-sends `verify_token_wo` (write-only values never show a diff of their own).",
	validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
}

// overrideNeedsVerifyToken: an override needs a verify token, and a verify
// token without an override would never be sent.
type overrideNeedsVerifyToken struct{}

func (overrideNeedsVerifyToken) Description(context.Context) string {
	return "override_callback_uri needs exactly one of verify_token and verify_token_wo, and they need it"
}

func (v overrideNeedsVerifyToken) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v overrideNeedsVerifyToken) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var uri, token, tokenWO types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("override_callback_uri"), &uri)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("verify_token"), &token)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("verify_token_wo"), &tokenWO)...)
	if uri.IsUnknown() || token.IsUnknown() || tokenWO.IsUnknown() {
		return
	}
	hasToken := !token.IsNull() || !tokenWO.IsNull()
	switch {
	case !uri.IsNull() && !hasToken:
		resp.Diagnostics.AddAttributeError(path.Root("override_callback_uri"), "Missing Verify Token",
			"override_callback_uri needs exactly one of verify_token or verify_token_wo: Meta sends it to the URL to verify it. "+
				"Import cannot read the token back, so a block written by terraform plan -generate-config-out leaves both null: "+
				"set verify_token_wo (with verify_token_wo_version) or verify_token in it.")
	case uri.IsNull() && hasToken:
		resp.Diagnostics.AddAttributeError(path.Root("verify_token"), "Verify Token Without Override",
			"verify_token and verify_token_wo are only sent with override_callback_uri. Set override_callback_uri, or remove the verify token.")
	}
}

// override builds the override to send from the plan and the write-only
// config value; nil clears any override.
func (m *subscribedAppModel) override(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) *graphapi.CallbackOverride {
	if m.OverrideCallbackURI.IsNull() {
		return nil
	}
	return &graphapi.CallbackOverride{CallbackURI: m.OverrideCallbackURI.ValueString(), VerifyToken: subscriptionVerifyToken.value(ctx, m.VerifyToken, config, diags)}
}

// lookup finds the token's app in the shared listing.
func (m *subscribedAppModel) lookup(ctx context.Context, client *graphapi.Client) (*graphapi.SubscribedApp, error) {
	appID, err := client.AppID(ctx)
	if err != nil {
		return nil, err
	}
	return client.FindSubscribedApp(ctx, m.WABAID.ValueString(), appID)
}

func (m *subscribedAppModel) fill(a *graphapi.SubscribedApp) {
	m.ID = types.StringValue(m.WABAID.ValueString() + "/" + a.App.ID)
	m.AppID = types.StringValue(a.App.ID)
	m.AppName = types.StringPointerValue(a.App.Name)
	m.AppLink = types.StringPointerValue(a.App.Link)
	m.OverrideCallbackURI = types.StringPointerValue(a.OverrideCallbackURI)
	m.VerifyTokenWO = types.StringNull() // write-only: never in state
}

// write subscribes (or re-subscribes) as planned and reads back, for Create
// and Update.
func (r *subscribedAppResource) write(ctx context.Context, planned tfsdk.Plan, config tfsdk.Config, state *tfsdk.State, diags *diag.Diagnostics) {
	var m subscribedAppModel
	diags.Append(planned.Get(ctx, &m)...)
	client := r.client(diags)
	if diags.HasError() {
		return
	}
	defer client.Operation()() // lets concurrent read-backs gather, see graphapi.Client.Operation
	plan := &m
	override := plan.override(ctx, config, diags)
	if diags.HasError() {
		return
	}
	waba := plan.WABAID.ValueString()
	// Meta subscribes the token's app whatever app_id says: make sure they
	// agree before writing, or reads would find another app's subscription.
	if _, err := client.AppID(ctx); err != nil {
		addAPIError(diags, "Cannot Identify the Token's App", "checking which app owns the access token, before subscribing", err)
		return
	}
	plannedURI := plan.OverrideCallbackURI
	writeStep[graphapi.SubscribedApp]{
		summary: "Cannot Subscribe App",
		what:    "subscribing the token's app to WhatsApp Business Account " + waba,
		write:   func(ctx context.Context) error { return client.SubscribeApp(ctx, waba, override) },
		readBack: func(ctx context.Context) (*graphapi.SubscribedApp, error) {
			appID, err := client.AppID(ctx)
			if err != nil {
				return nil, err
			}
			return client.ReadBackSubscribedApp(ctx, waba, appID)
		},
		save: func(got *graphapi.SubscribedApp) {
			plan.fill(got)
			diags.Append(state.Set(ctx, plan)...)
			if !plannedURI.Equal(plan.OverrideCallbackURI) {
				diags.AddAttributeError(path.Root("override_callback_uri"), "Override Not Applied",
					fmt.Sprintf("Meta reports override_callback_uri %s instead of %s.", plan.OverrideCallbackURI, plannedURI))
			}
		},
		missing: func(diags *diag.Diagnostics) {
			diags.AddError("Subscription Not Visible",
				"Meta accepted the subscription but does not list the token's app among the subscribed apps of WhatsApp Business Account "+waba+". Run terraform apply again.")
		},
	}.run(ctx, diags)
}

func (r *subscribedAppResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	r.write(ctx, req.Plan, req.Config, &resp.State, &resp.Diagnostics)
}

func (r *subscribedAppResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	r.write(ctx, req.Plan, req.Config, &resp.State, &resp.Diagnostics)
}

func (r *subscribedAppResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State, &req.State)
	var state subscribedAppModel
	resp.Diagnostics.Append(getState(ctx, req.State, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	got, err := state.lookup(ctx, client)
	if err != nil {
		r.addReadError(&resp.Diagnostics, "Cannot Read Subscription", "reading the subscribed apps of WhatsApp Business Account "+state.WABAID.ValueString(), err)
		return
	}
	if got == nil {
		resp.State.RemoveResource(ctx)
		return
	}
	state.fill(got)
	resp.Diagnostics.Append(setState(ctx, &resp.State, &state)...)
}

func (r *subscribedAppResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state subscribedAppModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	defer client.Operation()() // lets concurrent read-backs gather, see graphapi.Client.Operation
	waba := state.WABAID.ValueString()
	// DELETE unsubscribes the token's app: never when state holds another's.
	own, err := client.AppID(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot Identify the Token's App", "checking which app owns the access token, before unsubscribing", err)
		return
	}
	if !state.AppID.IsNull() && state.AppID.ValueString() != own {
		resp.Diagnostics.AddError("Not the Token's App",
			fmt.Sprintf("State holds the subscription of app %s to WhatsApp Business Account %s, but the access token belongs to app %s, and Meta would unsubscribe that one. "+
				"Nothing was unsubscribed. Use a token of app %s, or remove the resource from state with terraform state rm.", state.AppID.ValueString(), waba, own, state.AppID.ValueString()))
		return
	}
	if err := client.UnsubscribeApp(ctx, waba); err != nil && !graphapi.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "Cannot Unsubscribe App", "unsubscribing the token's app from WhatsApp Business Account "+waba, err)
	}
}

func (r *subscribedAppResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := r.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	parts, err := parseImportID(id, []string{"waba_id", "app_id"}, 1)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID", err.Error()+". Example: 104996122399160 or 104996122399160/670843887433847.")
		return
	}
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	own, err := client.AppID(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot Identify the Token's App", "looking up the app that owns the access token", err)
		return
	}
	waba := parts[0]
	if len(parts) == 2 && own != parts[1] {
		resp.Diagnostics.AddError("Not the Token's App",
			fmt.Sprintf("App %s is not the app that owns the access token (%s). Meta only lets an app manage its own subscription; "+
				"import with %s/%s, or use that app's token.", parts[1], own, waba, own))
		return
	}
	apps, err := client.SubscribedApps(ctx, waba)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot Read Subscription", "listing the subscribed apps of WhatsApp Business Account "+waba, err)
		return
	}
	if !slices.ContainsFunc(apps, func(a graphapi.SubscribedApp) bool { return a.App.ID == own }) {
		listed := make([]string, 0, len(apps))
		for _, a := range apps {
			listed = append(listed, a.App.ID)
		}
		addImportNotFound(&resp.Diagnostics, fmt.Sprintf("The token's app %s is not subscribed to WhatsApp Business Account %s", own, waba),
			fmt.Sprintf("subscribed apps: %s", listOrNone(listed)), "apply this resource without importing to subscribe the app")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("waba_id"), waba)...)
}
