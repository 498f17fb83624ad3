package provider

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

var (
	_ resource.ResourceWithConfigure   = (*businessEncryptionResource)(nil)
	_ resource.ResourceWithImportState = (*businessEncryptionResource)(nil)
)

// NewBusinessEncryptionResource returns the whatsapp_business_encryption resource.
func NewBusinessEncryptionResource() resource.Resource {
	return &businessEncryptionResource{newPhoneSetting("business_encryption")}
}

type businessEncryptionResource struct{ phoneSetting }

type businessEncryptionModel struct {
	ID              types.String `tfsdk:"id"`
	PhoneNumberID   types.String `tfsdk:"phone_number_id"`
	PublicKey       types.String `tfsdk:"business_public_key"`
	SignatureStatus types.String `tfsdk:"business_public_key_signature_status"`
}

func (r *businessEncryptionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A phone number's business public key, which WhatsApp uses to encrypt what a Flow with an endpoint " +
			"exchanges with that endpoint (the endpoint holds the private key). Meta keeps the key when the resource is destroyed: " +
			"only a new key replaces it.",
		Attributes: phoneSettingAttributes("The phone number whose Flows use the key.", map[string]schema.Attribute{
			"business_public_key": schema.StringAttribute{
				MarkdownDescription: "A 2048-bit RSA public key, PEM-encoded (`-----BEGIN PUBLIC KEY-----`), such as " +
					"`tls_private_key.flows.public_key_pem`. Changed in place.",
				Required:   true,
				Validators: []validator.String{rsaPublicKeyPEM{}},
			},
			"business_public_key_signature_status": schema.StringAttribute{
				MarkdownDescription: "Meta's check of the key's signature: `VALID` or `MISMATCH`.",
				Computed:            true,
			},
		}),
	}
}

// rsaPublicKeyPEM requires what Meta takes: a PEM PUBLIC KEY of 2048-bit RSA.
type rsaPublicKeyPEM struct{}

func (rsaPublicKeyPEM) Description(context.Context) string {
	return "must be a PEM-encoded 2048-bit RSA public key"
}

func (v rsaPublicKeyPEM) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (rsaPublicKeyPEM) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	block, _ := pem.Decode([]byte(strings.TrimSpace(req.ConfigValue.ValueString())))
	var problem string
	switch {
	case block == nil:
		problem = "it is not PEM (-----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----)"
	case block.Type != "PUBLIC KEY":
		problem = fmt.Sprintf("its PEM block is %q, not \"PUBLIC KEY\" (send the public half of the key pair, never the private key)", block.Type)
	default:
		pub, err := x509.ParsePKIXPublicKey(block.Bytes)
		if key, ok := pub.(*rsa.PublicKey); err != nil || !ok {
			problem = "it is not an RSA public key"
		} else if key.N.BitLen() != 2048 {
			problem = fmt.Sprintf("it is a %d-bit RSA key, and Meta takes 2048-bit keys", key.N.BitLen())
		}
	}
	if problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Business Public Key", fmt.Sprintf("%s must be a PEM-encoded 2048-bit RSA public key: %s.", req.Path, problem))
	}
}

func (m *businessEncryptionModel) fill(e *graphapi.BusinessEncryption) {
	m.ID = m.PhoneNumberID
	// Meta's copy may differ in line breaks: the configuration's stays.
	if m.PublicKey.IsNull() || !graphapi.SamePublicKey(m.PublicKey.ValueString(), *e.PublicKey) {
		m.PublicKey = types.StringPointerValue(e.PublicKey)
	}
	m.SignatureStatus = types.StringPointerValue(e.SignatureStatus)
}

func (r *businessEncryptionResource) write(ctx context.Context, plan *businessEncryptionModel, state *tfsdk.State, diags *diag.Diagnostics) {
	client := r.client(diags)
	if diags.HasError() {
		return
	}
	id := plan.PhoneNumberID.ValueString()
	writeStep[graphapi.BusinessEncryption]{
		summary: "Cannot Set Business Public Key",
		what:    "setting the business public key of phone number " + id,
		write: func(ctx context.Context) error {
			return client.SetBusinessPublicKey(ctx, id, plan.PublicKey.ValueString())
		},
		readBack: func(ctx context.Context) (*graphapi.BusinessEncryption, error) {
			return client.GetBusinessEncryption(ctx, id)
		},
		save: func(e *graphapi.BusinessEncryption) {
			plan.fill(e)
			diags.Append(state.Set(ctx, plan)...)
		},
		missing: func(diags *diag.Diagnostics) {
			diags.AddError("Business Public Key Not Visible", "Meta accepted the key but reports no business public key for phone number "+id+".")
		},
	}.run(ctx, diags)
}

// Create reads the key first and refuses to overwrite another: the
// endpoint that holds its private key would stop decrypting.
func (r *businessEncryptionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan businessEncryptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := plan.PhoneNumberID.ValueString()
	current, err := client.GetBusinessEncryption(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot Read Business Public Key", "reading the business public key of phone number "+id+" before setting it", err)
		return
	}
	if current != nil && !graphapi.SamePublicKey(*current.PublicKey, plan.PublicKey.ValueString()) {
		resp.Diagnostics.AddError("Business Public Key Already Set",
			fmt.Sprintf("Phone number %s already has another business public key (signature %s). Setting this one would break the Flow "+
				"endpoint that holds the other's private key, so nothing was written. To manage the key, import it into this resource "+
				"(the address on this error's \"with\" line): the plan then shows the change.%s", id, derefOr(current.SignatureStatus, "unknown"), importAdvice(id)))
		return
	}
	r.write(ctx, &plan, &resp.State, &resp.Diagnostics)
}

func (r *businessEncryptionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan businessEncryptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if !resp.Diagnostics.HasError() {
		r.write(ctx, &plan, &resp.State, &resp.Diagnostics)
	}
}

func (r *businessEncryptionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readSetting(ctx, &r.phoneSetting, req, resp, "Cannot Read Business Public Key", "reading the business public key",
		func(ctx context.Context, client *graphapi.Client, id string) (*graphapi.BusinessEncryption, error) {
			return client.GetBusinessEncryption(ctx, id)
		},
		func(state *businessEncryptionModel, e *graphapi.BusinessEncryption, _ *diag.Diagnostics) {
			state.fill(e)
		})
}

// Delete sends nothing: Meta has no way to remove a business public key.
func (r *businessEncryptionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	id := phoneNumberIDOf(ctx, req.State.GetAttribute, &resp.Diagnostics)
	resp.Diagnostics.AddWarning("Business Public Key Kept",
		"Meta keeps phone number "+id+"'s business public key: there is no call that removes it. It stays in use until "+
			"another key replaces it; the resource is only removed from state.")
}
