package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

var (
	_ resource.ResourceWithConfigure        = (*phoneNumberWebhookResource)(nil)
	_ resource.ResourceWithImportState      = (*phoneNumberWebhookResource)(nil)
	_ resource.ResourceWithConfigValidators = (*phoneNumberWebhookResource)(nil)
)

// NewPhoneNumberWebhookResource returns the whatsapp_phone_number_webhook resource.
func NewPhoneNumberWebhookResource() resource.Resource {
	return &phoneNumberWebhookResource{newPhoneSetting("phone_number_webhook")}
}

type phoneNumberWebhookResource struct{ phoneSetting }

type phoneNumberWebhookModel struct {
	ID                   types.String `tfsdk:"id"`
	PhoneNumberID        types.String `tfsdk:"phone_number_id"`
	OverrideCallbackURI  types.String `tfsdk:"override_callback_uri"`
	VerifyToken          types.String `tfsdk:"verify_token"`
	VerifyTokenWO        types.String `tfsdk:"verify_token_wo"`
	VerifyTokenWOVersion types.Int64  `tfsdk:"verify_token_wo_version"`
}

func (r *phoneNumberWebhookResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A callback URL of the phone number's own: its message webhooks go there instead of to the account's override " +
			"or the app's callback URL. Meta accepts it only while the token's app is subscribed to the number's WhatsApp Business Account " +
			"(`whatsapp_subscribed_app`). Destroy removes the override.",
		Attributes: withAttributes(phoneSettingAttributes("The phone number whose webhooks are redirected. Changing it moves the override to another number.", map[string]schema.Attribute{
			"override_callback_uri": schema.StringAttribute{
				MarkdownDescription: "An https URL, at most 200 characters, that receives this number's message webhooks. Meta verifies it " +
					"with a `hub.challenge` request carrying the verify token. Changed in place.",
				Required:   true,
				Validators: []validator.String{stringvalidator.LengthAtMost(200), httpsURL{}},
			},
		}), numberVerifyToken.attributes()),
	}
}

// numberVerifyToken is the verify token of a number's callback override.
var numberVerifyToken = secret{
	name: "verify_token",
	plainDesc: "The token Meta sends to `override_callback_uri` when it verifies it. Kept in state (marked sensitive); " +
		"use `verify_token_wo` to keep it out of state. Exactly one of the two is required.",
	woDesc:      subscriptionVerifyToken.woDesc,
	versionDesc: subscriptionVerifyToken.versionDesc,
	validators:  subscriptionVerifyToken.validators,
}

func (r *phoneNumberWebhookResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.ExactlyOneOf(path.MatchRoot("verify_token"), path.MatchRoot("verify_token_wo"))}
}

// readOverride reads the number's own override: nil when none is set.
func readOverride(ctx context.Context, client *graphapi.Client, id string) (*string, error) {
	w, err := client.GetPhoneWebhook(ctx, id)
	if err != nil || w == nil || w.PhoneNumber == nil || *w.PhoneNumber == "" {
		return nil, err
	}
	return w.PhoneNumber, nil
}

func (r *phoneNumberWebhookResource) write(ctx context.Context, planned tfsdk.Plan, config tfsdk.Config, state *tfsdk.State, diags *diag.Diagnostics) {
	var plan phoneNumberWebhookModel
	diags.Append(planned.Get(ctx, &plan)...)
	client := r.client(diags)
	token := numberVerifyToken.value(ctx, plan.VerifyToken, config, diags)
	if diags.HasError() {
		return
	}
	id, uri := plan.PhoneNumberID.ValueString(), plan.OverrideCallbackURI.ValueString()
	writeStep[string]{
		summary: "Cannot Set Callback Override",
		what:    "setting the callback override of phone number " + id,
		write: func(ctx context.Context) error {
			return client.SetPhoneWebhook(ctx, id, graphapi.CallbackOverride{CallbackURI: uri, VerifyToken: token})
		},
		readBack: func(ctx context.Context) (*string, error) { return readOverride(ctx, client, id) },
		save: func(got *string) {
			plan.ID, plan.VerifyTokenWO = plan.PhoneNumberID, types.StringNull()
			plan.OverrideCallbackURI = types.StringValue(*got)
			diags.Append(state.Set(ctx, &plan)...)
			if *got != uri {
				diags.AddAttributeError(path.Root("override_callback_uri"), "Override Not Applied", fmt.Sprintf("Meta reports %s instead of %s.", *got, uri))
			}
		},
		explain: func(err error, diags *diag.Diagnostics) {
			if graphapi.IsAppNotSubscribed(err) {
				diags.AddAttributeError(path.Root("phone_number_id"), "Callback Override Refused",
					apiErrorDetail("setting the callback override of phone number "+id, err)+"\n\nMeta accepts a number's callback override only while "+
						"the token's app is subscribed to the number's WhatsApp Business Account, and answers this way when it is not. If it is not, add a "+
						"whatsapp_subscribed_app for that account, and depends_on = [whatsapp_subscribed_app.<name>] on this resource so it is created first; "+
						"otherwise Meta's message above says what it refused (the URL, or the verify token).")
				return
			}
			addAPIError(diags, "Cannot Set Callback Override", "setting the callback override of phone number "+id, err)
		},
		missing: func(diags *diag.Diagnostics) {
			diags.AddError("Override Not Visible", "Meta accepted the override but reports none for phone number "+id+". Run terraform apply again.")
		},
	}.run(ctx, diags)
}

// Create reads the override first: one set by another team or app would be
// redirected silently by a plan that only says "create".
func (r *phoneNumberWebhookResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan phoneNumberWebhookModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := plan.PhoneNumberID.ValueString()
	current, err := readOverride(ctx, client, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot Read Callback Override", "reading the webhook configuration of phone number "+id+" before setting it", err)
		return
	}
	if current != nil {
		resp.Diagnostics.AddError("Callback Override Already Set",
			fmt.Sprintf("Phone number %s already sends its message webhooks to %s, an override set outside this configuration (by another team "+
				"or app). Creating the resource would redirect them, so nothing was written. To manage that override, import it "+
				"into this resource (the address on this error's \"with\" line): the plan then shows the change of URL.%s", id, *current, importAdvice(id)))
		return
	}
	r.write(ctx, req.Plan, req.Config, &resp.State, &resp.Diagnostics)
}

func (r *phoneNumberWebhookResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	r.write(ctx, req.Plan, req.Config, &resp.State, &resp.Diagnostics)
}

func (r *phoneNumberWebhookResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readSetting(ctx, &r.phoneSetting, req, resp, "Cannot Read Callback Override", "reading the webhook configuration", readOverride,
		func(state *phoneNumberWebhookModel, got *string, _ *diag.Diagnostics) {
			state.ID, state.OverrideCallbackURI = state.PhoneNumberID, types.StringValue(*got)
		})
}

func (r *phoneNumberWebhookResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteSetting(ctx, &r.phoneSetting, req, resp, "Cannot Remove Callback Override", "removing the callback override",
		func(ctx context.Context, client *graphapi.Client, id string) error {
			return client.SetPhoneWebhook(ctx, id, graphapi.CallbackOverride{})
		})
}
