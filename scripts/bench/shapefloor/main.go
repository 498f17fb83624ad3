// Command shapefloor is the bench's second floor: a provider that serves our
// provider's resource types under the same type names with the same schemas
// (attributes, validators, plan modifiers, identities), but none of our
// resources' code: Read keeps the state (and copies the identity from it, as
// the framework requires), a plan is what the framework makes of the schema,
// an apply keeps the plan. Planned against a copy of our plan's configuration and state, it
// costs what Terraform and the framework cost for our schemas, so the ratio of
// our plan to its plan is what our provider's own code adds. It runs with our
// provider's process settings and behind our provider's server wrapper, like
// the floor. Built and run by scripts/bench.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/procsettings"
	whatsapp "github.com/waba-terraform/terraform-provider-whatsapp/internal/provider"
)

func main() {
	procsettings.Apply()
	if err := tf6server.Serve("registry.terraform.io/waba-terraform/whatsapp", newServer); err != nil {
		log.Fatal(err.Error())
	}
}

func newServer() tfprotov6.ProviderServer {
	return whatsapp.Lean(providerserver.NewProtocol6(shapeProvider{})())
}

type shapeProvider struct{}

func (shapeProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "whatsapp"
}

func (shapeProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (shapeProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

// Resources are ours, each wrapped so that only its name and schema remain.
func (shapeProvider) Resources(ctx context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for _, newResource := range whatsapp.New("shapefloor")().Resources(ctx) {
		out = append(out, func() resource.Resource { return shape{of: newResource()} })
	}
	return out
}

func (shapeProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// shape has the name and schema of the resource it wraps and no behaviour.
type shape struct{ of resource.Resource }

func (s shape) Metadata(ctx context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	s.of.Metadata(ctx, req, resp)
}

func (s shape) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	s.of.Schema(ctx, req, resp)
}

// IdentitySchema is the wrapped resource's: the framework's identity work is
// part of what a plan of our resource types costs.
func (s shape) IdentitySchema(ctx context.Context, req resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	if r, ok := s.of.(resource.ResourceWithIdentity); ok {
		r.IdentitySchema(ctx, req, resp)
	}
}

// keepIdentity sets the identity's attributes from the state's attributes of
// the same names, as our resources' identities are.
func keepIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, state tftypes.Value) {
	var attrs map[string]tftypes.Value
	if identity == nil || state.IsNull() || state.As(&attrs) != nil {
		return
	}
	typ, ok := identity.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		return
	}
	values := map[string]tftypes.Value{}
	for name, t := range typ.AttributeTypes {
		if v, ok := attrs[name]; ok && v.Type().Equal(t) {
			values[name] = v
		} else {
			values[name] = tftypes.NewValue(t, nil)
		}
	}
	identity.Raw = tftypes.NewValue(typ, values)
}

// Create keeps the plan, with null for what the plan left unknown.
func (shape) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	known, err := tftypes.Transform(req.Plan.Raw, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if !v.IsKnown() {
			return tftypes.NewValue(v.Type(), nil), nil
		}
		return v, nil
	})
	if err != nil {
		resp.Diagnostics.AddError("shapefloor", err.Error())
		return
	}
	resp.State.Raw = known
	keepIdentity(ctx, resp.Identity, known)
}

func (shape) Read(ctx context.Context, _ resource.ReadRequest, resp *resource.ReadResponse) {
	keepIdentity(ctx, resp.Identity, resp.State.Raw)
}

func (shape) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
	keepIdentity(ctx, resp.Identity, req.Plan.Raw)
}

func (shape) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
