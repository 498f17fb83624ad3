package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// resourceBase is embedded by every resource: its type name, Metadata,
// Configure and access to the client. A resource adds its schema and CRUD.
type resourceBase struct {
	typeName string // without the provider prefix, such as "phone_number"
	// identity names the state attributes that identify an instance, in the
	// order of the import ID's parts: its resource identity (Terraform >= 1.12).
	identity []string
	data     *providerData
}

func (b *resourceBase) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + b.typeName
}

func (b *resourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.data = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// identityDescriptions document the identity attributes.
var identityDescriptions = map[string]string{
	"waba_id":         "The WhatsApp Business Account ID.",
	"id":              "The object's own Graph ID.",
	"user_id":         "The ID of the business or system user.",
	"app_id":          "The ID of the subscribed app (the access token's own app).",
	"phone_number_id": "The phone number ID.",
	"code":            "The QR code's code, its ID under the number.",
}

// IdentitySchema declares the resource identity: the attributes of the
// import ID, every one required to import by identity.
func (b *resourceBase) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	attrs := map[string]identityschema.Attribute{}
	for _, name := range b.identity {
		attrs[name] = identityschema.StringAttribute{RequiredForImport: true, Description: identityDescriptions[name]}
	}
	resp.IdentitySchema = identityschema.Schema{Attributes: attrs}
}

// keepIdentity sets the identity from the first of states that holds the
// resource: the state a Create, Read or Update leaves, or for a Read that
// removed the resource the state it had. Deferred at the top of each, so no
// path can forget it. A state without every identity attribute sets nothing.
func (b *resourceBase) keepIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, states ...*tfsdk.State) {
	if identity == nil {
		return
	}
	for _, st := range states {
		if st == nil || st.Raw.IsNull() {
			continue
		}
		values := map[string]types.String{}
		for _, name := range b.identity {
			var v types.String
			if diags := st.GetAttribute(ctx, path.Root(name), &v); diags.HasError() || v.IsNull() || v.IsUnknown() {
				return
			}
			values[name] = v
		}
		for name, v := range values {
			identity.SetAttribute(ctx, path.Root(name), v)
		}
		return
	}
}

// importID is the import ID of an import by ID, or the same ID put together
// from the identity of an import by identity, so each resource's ImportState
// has one path for both.
func (b *resourceBase) importID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) (string, bool) {
	if req.ID != "" || req.Identity == nil {
		return req.ID, true
	}
	parts := make([]string, 0, len(b.identity))
	for _, name := range b.identity {
		var v types.String
		diags.Append(req.Identity.GetAttribute(ctx, path.Root(name), &v)...)
		if diags.HasError() {
			return "", false
		}
		if v.IsNull() || v.IsUnknown() || v.ValueString() == "" {
			diags.AddAttributeError(path.Root(name), "Incomplete Import Identity",
				fmt.Sprintf("An import by identity needs %s, each a Graph ID; %s is missing.", strings.Join(b.identity, " and "), name))
			return "", false
		}
		parts = append(parts, v.ValueString())
	}
	return strings.Join(parts, "/"), true
}

// client returns the Graph API client, or adds an error saying why there is none.
func (b *resourceBase) client(diags *diag.Diagnostics) *graphapi.Client {
	return b.data.get(diags)
}

// addReadError reports a failed read; see providerData.addReadError.
func (b *resourceBase) addReadError(diags *diag.Diagnostics, summary, what string, err error) {
	b.data.addReadError(diags, summary, what, err)
}

// readOrRemove runs a Read's API call: a failure is reported (once, see
// addReadError), and an object that is gone (not found, or nil) leaves
// state. It returns the object, or nil when Read has nothing more to do.
func readOrRemove[T any](ctx context.Context, b *resourceBase, resp *resource.ReadResponse, summary, what string, read func() (*T, error)) *T {
	got, err := read()
	if err != nil && !graphapi.IsNotFound(err) {
		b.addReadError(&resp.Diagnostics, summary, what, err)
		return nil
	}
	if got == nil {
		resp.State.RemoveResource(ctx)
	}
	return got
}

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

// addReadError reports a failed read of a shared listing or node. Every
// reader of that listing gets the failure (the same error, or the same
// answer again for readers that came after it), so with a for_each of 100 it
// would be printed 100 times: the first reader reports it in full (with its
// fbtrace_id), the others refer to it briefly.
func (pd *providerData) addReadError(diags *diag.Diagnostics, summary, what string, err error) {
	e, ok := graphapi.As(err)
	if !ok || pd == nil {
		addAPIError(diags, summary, what, err)
		return
	}
	var key any = e
	if e.Code != 0 {
		key = fmt.Sprintf("%s %s %d %d", e.Method, e.Path, e.Code, e.Subcode)
	}
	if _, seen := pd.reported.LoadOrStore(key, true); !seen {
		addAPIError(diags, summary, what, err)
		return
	}
	diags.AddError(summary, fmt.Sprintf("%s failed: the same request (%s %s) failed for another resource; that error, reported once, says why and what to do.",
		what, e.Method, e.Path))
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
