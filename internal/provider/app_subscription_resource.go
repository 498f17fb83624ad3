package provider

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
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
	_ resource.ResourceWithConfigure        = (*appSubscriptionResource)(nil)
	_ resource.ResourceWithImportState      = (*appSubscriptionResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*appSubscriptionResource)(nil)
	_ resource.ResourceWithConfigValidators = (*appSubscriptionResource)(nil)
)

// NewAppSubscriptionResource returns the whatsapp_app_subscription resource.
func NewAppSubscriptionResource() resource.Resource {
	return &appSubscriptionResource{resourceBase{typeName: "app_subscription", identity: []string{"app_id"}}}
}

type appSubscriptionResource struct{ resourceBase }

type appSubscriptionModel struct {
	ID                   types.String `tfsdk:"id"`
	AppID                types.String `tfsdk:"app_id"`
	Object               types.String `tfsdk:"object"`
	CallbackURL          types.String `tfsdk:"callback_url"`
	VerifyToken          types.String `tfsdk:"verify_token"`
	VerifyTokenWO        types.String `tfsdk:"verify_token_wo"`
	VerifyTokenWOVersion types.Int64  `tfsdk:"verify_token_wo_version"`
	Fields               types.Set    `tfsdk:"fields"`
	Active               types.Bool   `tfsdk:"active"`
}

// appVerifyToken is the verify token Meta sends to the app's callback URL.
var appVerifyToken = secret{
	name: "verify_token",
	plainDesc: "The token Meta sends to `callback_url` when it verifies it. Kept in state (marked sensitive); " +
		"use `verify_token_wo` to keep it out of state. Exactly one of the two is required.",
	woDesc:      subscriptionVerifyToken.woDesc,
	versionDesc: subscriptionVerifyToken.versionDesc,
	validators:  subscriptionVerifyToken.validators,
}

func (r *appSubscriptionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The app's WhatsApp webhook (`/{app-id}/subscriptions`, object `whatsapp_business_account`): the callback URL, " +
			"verify token and fields Meta sends. Without it Meta sends the app nothing, whatever `whatsapp_subscribed_app` says. It takes " +
			"the app access token, formed from the provider's `app_id` and `app_secret`, which never appears in logs, errors or state. " +
			"Other objects' subscriptions of the app are never touched. Destroy removes the WhatsApp subscription.",
		Attributes: withAttributes(map[string]schema.Attribute{
			"id":     schema.StringAttribute{MarkdownDescription: "The app ID, which is also the import ID.", Computed: true, PlanModifiers: keep},
			"app_id": schema.StringAttribute{MarkdownDescription: "The app: the provider's `app_id`.", Computed: true, PlanModifiers: keep},
			"object": schema.StringAttribute{MarkdownDescription: "Always `" + graphapi.WhatsAppObject + "`.", Computed: true, PlanModifiers: keep},
			"callback_url": schema.StringAttribute{
				MarkdownDescription: "The https URL Meta sends the webhooks to. Meta verifies it at once with a GET carrying `hub.mode=subscribe`, " +
					"`hub.challenge` and `hub.verify_token`: the endpoint must answer 200 with the challenge. Changed in place.",
				Required:   true,
				Validators: []validator.String{callbackURL{}},
			},
			"fields": schema.SetAttribute{
				MarkdownDescription: "The webhook fields to receive, such as `messages` and `message_template_status_update`; one of `" +
					joinBackticked(graphapi.WhatsAppWebhookFields) + "`.",
				Required:    true,
				ElementType: types.StringType,
				Validators: []validator.Set{setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(graphapi.WhatsAppWebhookFields...))},
			},
			"active": schema.BoolAttribute{MarkdownDescription: "Whether Meta reports the subscription active.", Computed: true},
		}, appVerifyToken.attributes()),
	}
}

func (r *appSubscriptionResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.ExactlyOneOf(path.MatchRoot("verify_token"), path.MatchRoot("verify_token_wo"))}
}

// ModifyPlan refuses at plan time a provider that cannot form the app
// access token.
func (r *appSubscriptionResource) ModifyPlan(_ context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil || r.data.client == nil || r.data.client.HasAppToken() {
		return
	}
	resp.Diagnostics.AddError("App Access Token Needed",
		"whatsapp_app_subscription uses the app access token, app_id|app_secret: set both app_id and app_secret in the provider block "+
			"(or "+envAppID+" and "+envAppSecret+"). The app is the one that owns the webhook, the access token's app.")
}

// callbackURL is an https URL; http only on loopback, for a local endpoint
// tested against the emulator.
type callbackURL struct{}

func (callbackURL) Description(context.Context) string {
	return "must be an absolute https URL (http only on a loopback host), such as https://hooks.example.com/whatsapp"
}

func (v callbackURL) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v callbackURL) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	u, err := url.Parse(req.ConfigValue.ValueString())
	ok := err == nil && u.Host != "" && !strings.ContainsAny(req.ConfigValue.ValueString(), " \t\n") &&
		(u.Scheme == "https" || u.Scheme == "http" && graphapi.IsLoopbackHost(u.Hostname()))
	if !ok {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Callback URL",
			fmt.Sprintf("%s %s; got %q. Meta only calls webhooks over https.", req.Path, v.Description(ctx), req.ConfigValue.ValueString()))
	}
}

func (m *appSubscriptionModel) fill(ctx context.Context, appID string, s *graphapi.AppSubscription, diags *diag.Diagnostics) {
	m.ID, m.AppID, m.Object = types.StringValue(appID), types.StringValue(appID), types.StringValue(s.Object)
	if s.CallbackURL != nil {
		m.CallbackURL = types.StringValue(*s.CallbackURL)
	}
	m.Active = types.BoolValue(s.Active == nil || *s.Active)
	fields, d := types.SetValueFrom(ctx, types.StringType, s.FieldNames())
	diags.Append(d...)
	m.Fields = fields
}

func (r *appSubscriptionResource) write(ctx context.Context, plan *appSubscriptionModel, config tfsdk.Config, state *tfsdk.State, diags *diag.Diagnostics) {
	client := r.client(diags)
	token := appVerifyToken.value(ctx, plan.VerifyToken, config, diags)
	var fields []string
	diags.Append(plan.Fields.ElementsAs(ctx, &fields, false)...)
	if diags.HasError() {
		return
	}
	appID, callback := client.ConfiguredAppID(), plan.CallbackURL.ValueString()
	plan.VerifyTokenWO = types.StringNull()
	writeStep[graphapi.AppSubscription]{
		summary: "Cannot Subscribe the App",
		what:    "subscribing app " + appID + " to WhatsApp webhooks at " + callback,
		write:   func(ctx context.Context) error { return client.SetAppSubscription(ctx, callback, token, fields) },
		readBack: func(ctx context.Context) (*graphapi.AppSubscription, error) {
			return client.GetAppSubscription(ctx)
		},
		save: func(s *graphapi.AppSubscription) {
			plan.fill(ctx, appID, s, diags)
			diags.Append(state.Set(ctx, plan)...)
		},
		explain: func(err error, diags *diag.Diagnostics) {
			if graphapi.IsCallbackVerificationFailed(err) {
				diags.AddAttributeError(path.Root("callback_url"), "Callback Verification Failed",
					"Meta could not verify "+callback+": the endpoint must answer a GET carrying hub.mode=subscribe, hub.challenge and "+
						"hub.verify_token by checking the verify token and echoing hub.challenge as the body, with status 200. Nothing was "+
						"saved.\n\n"+apiErrorDetail("subscribing app "+appID, err))
				return
			}
			addAPIError(diags, "Cannot Subscribe the App", "subscribing app "+appID+" to WhatsApp webhooks", err)
		},
		missing: func(diags *diag.Diagnostics) {
			diags.AddError("Subscription Not Visible", "Meta accepted the subscription but app "+appID+" lists no WhatsApp subscription.")
		},
	}.run(ctx, diags)
}

// Create refuses to take over a subscription the app already has: its
// callback receives every webhook the app gets.
func (r *appSubscriptionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan appSubscriptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	appID := client.ConfiguredAppID()
	current, err := client.GetAppSubscription(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot Read the App's Subscriptions", "reading the webhook subscriptions of app "+appID, err)
		return
	}
	if current != nil {
		resp.Diagnostics.AddError("App Already Subscribed",
			fmt.Sprintf("App %s already has a WhatsApp webhook subscription (callback %s, fields %s). Creating the resource would replace it, "+
				"so nothing was written. To manage it, import it into this resource (the address on this error's \"with\" line): the plan "+
				"then shows each change.%s", appID, derefOr(current.CallbackURL, "none"), strings.Join(current.FieldNames(), ", "), importAdvice(appID)))
		return
	}
	r.write(ctx, &plan, req.Config, &resp.State, &resp.Diagnostics)
}

func (r *appSubscriptionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan appSubscriptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if !resp.Diagnostics.HasError() {
		r.write(ctx, &plan, req.Config, &resp.State, &resp.Diagnostics)
	}
}

func (r *appSubscriptionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State, &req.State)
	var state appSubscriptionModel
	resp.Diagnostics.Append(getState(ctx, req.State, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	got := readOrRemove(ctx, &r.resourceBase, resp, "Cannot Read the App's Subscriptions", "reading the webhook subscriptions of app "+state.AppID.ValueString(),
		func() (*graphapi.AppSubscription, error) { return client.GetAppSubscription(ctx) })
	if got == nil {
		return
	}
	state.fill(ctx, state.AppID.ValueString(), got, &resp.Diagnostics)
	resp.Diagnostics.Append(setState(ctx, &resp.State, &state)...)
}

func (r *appSubscriptionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := client.DeleteAppSubscription(ctx); err != nil && !graphapi.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "Cannot Unsubscribe the App", "removing the WhatsApp webhook subscription of app "+client.ConfiguredAppID(), err)
	}
}

// ImportState takes the app ID, which must be the provider's app_id.
func (r *appSubscriptionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := r.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	if !graphapi.ValidID(id) {
		resp.Diagnostics.AddError("Invalid Import ID", fmt.Sprintf("The import ID must be the app ID, a Graph ID of 1 to 32 decimal digits; got %q.", id))
		return
	}
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if !client.HasAppToken() {
		resp.Diagnostics.AddError("App Access Token Needed", "Importing whatsapp_app_subscription reads the app's subscriptions with the app "+
			"access token, app_id|app_secret: set both app_id and app_secret in the provider block (or "+envAppID+" and "+envAppSecret+").")
		return
	}
	if client.ConfiguredAppID() != id {
		resp.Diagnostics.AddError("Cannot Import: Another App",
			fmt.Sprintf("App %s's subscriptions take that app's access token: set the provider's app_id to %s and app_secret to its secret.", id, id))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("app_id"), id)...)
}
