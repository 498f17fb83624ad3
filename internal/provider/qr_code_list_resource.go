package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewQRCodeListResource returns the whatsapp_qr_code list resource.
func NewQRCodeListResource() list.ListResource {
	return newQRCodeResource()
}

func (r *qrCodeResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the QR codes and short links of a phone number, for `terraform query`: each result carries the resource " +
			"identity to import it by, and with `-generate-config-out` a resource block that imports with no changes. Meta does not " +
			"report a code's image format: set `image_format` in a generated block to get `qr_image_url` (the code stays).",
		Attributes: map[string]listschema.Attribute{
			"phone_number_id": listschema.StringAttribute{
				MarkdownDescription: "The phone number whose QR codes to list.",
				Required:            true,
				Validators:          []validator.String{graphID()},
			},
		},
	}
}

// List returns every QR code of the number, from the listing Read uses.
func (r *qrCodeResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var phone types.String
	var diags diag.Diagnostics
	diags.Append(req.Config.GetAttribute(ctx, path.Root("phone_number_id"), &phone)...)
	client := r.client(&diags)
	if diags.HasError() {
		listFailed(stream, diags)
		return
	}
	codes, err := client.QRCodes(ctx, phone.ValueString())
	if err != nil {
		addAPIError(&diags, "Cannot List QR Codes", "listing the QR codes of phone number "+phone.ValueString(), err)
		listFailed(stream, diags)
		return
	}
	objects := make([]found, 0, len(codes))
	for i := range codes {
		m := &qrCodeModel{PhoneNumberID: phone, ImageFormat: types.StringNull(), QRImageURL: types.StringNull()}
		m.fill(&codes[i])
		display := codes[i].Code
		if msg := m.PrefilledMessage.ValueString(); msg != "" {
			display += " (" + msg + ")"
		}
		objects = append(objects, found{display: display, identity: []string{phone.ValueString(), codes[i].Code}, model: m})
	}
	r.streamFound(ctx, req, stream, objects)
}
