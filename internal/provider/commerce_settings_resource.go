package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

var (
	_ resource.ResourceWithConfigure   = (*commerceSettingsResource)(nil)
	_ resource.ResourceWithImportState = (*commerceSettingsResource)(nil)
)

// NewCommerceSettingsResource returns the whatsapp_commerce_settings resource.
func NewCommerceSettingsResource() resource.Resource {
	return &commerceSettingsResource{newPhoneSetting("commerce_settings")}
}

type commerceSettingsResource struct{ phoneSetting }

type commerceSettingsModel struct {
	ID               types.String `tfsdk:"id"`
	PhoneNumberID    types.String `tfsdk:"phone_number_id"`
	IsCartEnabled    types.Bool   `tfsdk:"is_cart_enabled"`
	IsCatalogVisible types.Bool   `tfsdk:"is_catalog_visible"`
}

func (r *commerceSettingsResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The commerce settings of a phone number: whether customers can add products to a cart in the chat, " +
			"and whether the catalog's storefront icon shows. Destroy turns both off.",
		Attributes: phoneSettingAttributes("The phone number these settings belong to.", map[string]schema.Attribute{
			"is_cart_enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether the cart buttons appear in the chat, the catalog and product views. Default `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"is_catalog_visible": schema.BoolAttribute{
				MarkdownDescription: "Whether the catalog's storefront icon and buttons appear in the chat and the business profile. Default `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
		}),
	}
}

func (m *commerceSettingsModel) fill(s *graphapi.CommerceSettings) {
	m.ID = m.PhoneNumberID
	m.IsCartEnabled = types.BoolValue(s.CartEnabled())
	m.IsCatalogVisible = types.BoolValue(s.CatalogVisible())
}

func (r *commerceSettingsResource) write(ctx context.Context, plan *commerceSettingsModel, state interface {
	Set(context.Context, any) diag.Diagnostics
}, diags *diag.Diagnostics) {
	client := r.client(diags)
	if diags.HasError() {
		return
	}
	id := plan.PhoneNumberID.ValueString()
	cart, catalog := plan.IsCartEnabled.ValueBool(), plan.IsCatalogVisible.ValueBool()
	writeStep[graphapi.CommerceSettings]{
		summary: "Cannot Set Commerce Settings",
		what:    "setting the commerce settings of phone number " + id,
		write: func(ctx context.Context) error {
			return client.SetCommerceSettings(ctx, id, cart, catalog)
		},
		readBack: func(ctx context.Context) (*graphapi.CommerceSettings, error) {
			return client.GetCommerceSettings(ctx, id)
		},
		save: func(s *graphapi.CommerceSettings) {
			plan.fill(s)
			diags.Append(state.Set(ctx, plan)...)
		},
		missing: func(diags *diag.Diagnostics) {
			diags.AddError("Commerce Settings Not Visible", "Meta accepted the update but reports no commerce settings for phone number "+id+".")
		},
	}.run(ctx, diags)
}

// Create reads the settings first: a cart or catalog someone turned on
// would be changed by a plan that only says "create".
func (r *commerceSettingsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan commerceSettingsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := plan.PhoneNumberID.ValueString()
	current, err := client.GetCommerceSettings(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot Read Commerce Settings", "reading the commerce settings of phone number "+id+" before setting them", err)
		return
	}
	var set []string
	if current.CartEnabled() {
		set = append(set, "the cart is enabled")
	}
	if current.CatalogVisible() {
		set = append(set, "the catalog is visible")
	}
	if len(set) > 0 {
		resp.Diagnostics.AddError("Commerce Settings Already Set",
			fmt.Sprintf("Phone number %s has commerce settings that are not the defaults: %s. Creating the resource would change them, so "+
				"nothing was written. To manage them, import them into this resource (the address on this error's \"with\" line): the plan "+
				"then shows each change.%s", id, strings.Join(set, "; "), importAdvice(id)))
		return
	}
	r.write(ctx, &plan, &resp.State, &resp.Diagnostics)
}

func (r *commerceSettingsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan commerceSettingsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if !resp.Diagnostics.HasError() {
		r.write(ctx, &plan, &resp.State, &resp.Diagnostics)
	}
}

func (r *commerceSettingsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readSetting(ctx, &r.phoneSetting, req, resp, "Cannot Read Commerce Settings", "reading the commerce settings",
		func(ctx context.Context, client *graphapi.Client, id string) (*graphapi.CommerceSettings, error) {
			return client.GetCommerceSettings(ctx, id)
		},
		func(state *commerceSettingsModel, s *graphapi.CommerceSettings, _ *diag.Diagnostics) { state.fill(s) })
}

// Delete turns the cart and the catalog off, Meta's defaults for the
// provider, and says so: the number's customers see the change.
func (r *commerceSettingsResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteSetting(ctx, &r.phoneSetting, req, resp, "Cannot Reset Commerce Settings", "turning off the cart and catalog",
		func(ctx context.Context, client *graphapi.Client, id string) error {
			return client.SetCommerceSettings(ctx, id, false, false)
		})
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.AddWarning("Commerce Settings Turned Off",
			"Destroying whatsapp_commerce_settings turned the cart and the catalog's storefront icon off for phone number "+
				phoneNumberIDOf(ctx, req.State.GetAttribute, &resp.Diagnostics)+": customers no longer see them in the chat.")
	}
}
