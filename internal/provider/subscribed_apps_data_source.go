package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*subscribedAppsDataSource)(nil)

// NewSubscribedAppsDataSource returns the whatsapp_subscribed_apps data source.
func NewSubscribedAppsDataSource() datasource.DataSource {
	return &subscribedAppsDataSource{dataSourceBase{typeName: "subscribed_apps"}}
}

type subscribedAppsDataSource struct{ dataSourceBase }

type subscribedAppsModel struct {
	WABAID types.String         `tfsdk:"waba_id"`
	Apps   []subscribedAppEntry `tfsdk:"apps"`
}

type subscribedAppEntry struct {
	AppID               types.String `tfsdk:"app_id"`
	Name                types.String `tfsdk:"name"`
	Link                types.String `tfsdk:"link"`
	OverrideCallbackURI types.String `tfsdk:"override_callback_uri"`
}

func (d *subscribedAppsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the apps subscribed to a WhatsApp Business Account's webhooks (every page). It reads the same shared " +
			"listing as `whatsapp_subscribed_app`, so a configuration with both costs no extra call.",
		Attributes: map[string]schema.Attribute{
			"waba_id": schema.StringAttribute{
				MarkdownDescription: "The WhatsApp Business Account ID.",
				Required:            true,
				Validators:          []validator.String{graphID()},
			},
			"apps": schema.ListNestedAttribute{
				MarkdownDescription: "The subscribed apps, in Meta's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"app_id":                computedString("The app ID."),
					"name":                  computedString("The app's name."),
					"link":                  computedString("A link to the app."),
					"override_callback_uri": computedString("The app's callback override for this account, where Meta returns one."),
				}},
			},
		},
	}
}

func (d *subscribedAppsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m subscribedAppsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	client := d.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	apps, err := client.SubscribedApps(ctx, m.WABAID.ValueString())
	if err != nil {
		d.data.addReadError(&resp.Diagnostics, "Cannot Read Subscribed Apps", "listing the subscribed apps of WhatsApp Business Account "+m.WABAID.ValueString(), err)
		return
	}
	m.Apps = make([]subscribedAppEntry, 0, len(apps))
	for _, a := range apps {
		m.Apps = append(m.Apps, subscribedAppEntry{AppID: types.StringValue(a.App.ID), Name: stringValue(a.App.Name),
			Link: stringValue(a.App.Link), OverrideCallbackURI: stringValue(a.OverrideCallbackURI)})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
