package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// resourceBase is embedded by every resource: its type name, Metadata,
// Configure and access to the client. A resource adds its schema and CRUD.
type resourceBase struct {
	typeName string // without the provider prefix, such as "phone_number"
	data     *providerData
}

func (b *resourceBase) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + b.typeName
}

func (b *resourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.data = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// client returns the Graph API client, or adds an error saying why there is none.
func (b *resourceBase) client(diags *diag.Diagnostics) *graphapi.Client {
	return b.data.get(diags)
}

// address is the resource type's full name, for messages: whatsapp_phone_number.
func (b *resourceBase) address() string { return "whatsapp_" + b.typeName }

// dataSourceBase is resourceBase for data sources.
type dataSourceBase struct {
	typeName string
	data     *providerData
}

func (b *dataSourceBase) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + b.typeName
}

func (b *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	b.data = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (b *dataSourceBase) client(diags *diag.Diagnostics) *graphapi.Client {
	return b.data.get(diags)
}

// clientFrom unpacks provider data in a resource's or data source's Configure.
func clientFrom(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil // the provider is not configured yet (validation)
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data", fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider.", data))
		return nil
	}
	return pd
}

// get returns the client, or adds an error if the provider could not make one.
func (pd *providerData) get(diags *diag.Diagnostics) *graphapi.Client {
	if pd == nil {
		diags.AddError("Provider Not Configured", "The whatsapp provider was not configured before use. This is a bug in the provider or Terraform.")
		return nil
	}
	if pd.client == nil {
		diags.AddError("Provider Configuration Not Known Yet", pd.deferred+" Apply the resources they come from first, or set them to known values.")
		return nil
	}
	return pd.client
}
