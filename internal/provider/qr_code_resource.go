package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

var (
	_ resource.ResourceWithConfigure   = (*qrCodeResource)(nil)
	_ resource.ResourceWithImportState = (*qrCodeResource)(nil)
)

// NewQRCodeResource returns the whatsapp_qr_code resource.
func NewQRCodeResource() resource.Resource { return newQRCodeResource() }

func newQRCodeResource() *qrCodeResource {
	return &qrCodeResource{resourceBase{typeName: "qr_code", identity: []string{"phone_number_id", "code"}}}
}

type qrCodeResource struct{ resourceBase }

type qrCodeModel struct {
	ID               types.String `tfsdk:"id"`
	PhoneNumberID    types.String `tfsdk:"phone_number_id"`
	PrefilledMessage types.String `tfsdk:"prefilled_message"`
	ImageFormat      types.String `tfsdk:"image_format"`
	Code             types.String `tfsdk:"code"`
	DeepLinkURL      types.String `tfsdk:"deep_link_url"`
	QRImageURL       types.String `tfsdk:"qr_image_url"`
}

func (r *qrCodeResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A click-to-chat QR code and short link of a phone number: scanning it or opening the link starts a chat with " +
			"the number, the prefilled message typed in. The message changes in place; the code and link stay, so printed codes keep working.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<phone_number_id>/<code>`, which is also the import ID.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"phone_number_id": schema.StringAttribute{
				MarkdownDescription: "The phone number the code opens a chat with.",
				Required:            true,
				Validators:          []validator.String{graphID()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"prefilled_message": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The message typed in for the customer, at most %d characters. Changed in place.", graphapi.MaxPrefilledMessage),
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtMost(graphapi.MaxPrefilledMessage)},
			},
			"image_format": schema.StringAttribute{
				MarkdownDescription: "The format of the QR code's image, `PNG` or `SVG`. Default `PNG`; a change creates a new code. " +
					"Meta does not report it: after an import it is taken from the configuration, without replacing the code.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.OneOf(graphapi.QRCodeImageFormats...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(),
					stringplanmodifier.RequiresReplaceIf(formatChanged, "A change of image_format creates a new code.", "A change of `image_format` creates a new code.")},
			},
			"code":          computedWith("The code Meta gave the QR code, its ID under the number.", keep),
			"deep_link_url": computedWith("The short link (`https://wa.me/message/<code>`).", keep),
			"qr_image_url": computedWith("The URL of the QR code's image in `image_format`, as Meta answered when the code was created "+
				"(or when `image_format` was first set after an import). Meta may expire it: download the image rather than linking to it.",
				[]planmodifier.String{keepImageURL{}}),
		},
	}
}

func computedWith(desc string, modifiers []planmodifier.String) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: desc, Computed: true, PlanModifiers: modifiers}
}

// keepImageURL keeps the image URL of state; one that is not known yet
// (after an import) stays unknown, for the update to read.
type keepImageURL struct{}

func (keepImageURL) Description(context.Context) string { return "keeps the image URL of state" }

func (m keepImageURL) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (keepImageURL) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.StateValue.IsNull() && req.PlanValue.IsUnknown() {
		resp.PlanValue = req.StateValue
	}
}

// formatChanged replaces a code whose format changes; a format that was
// unknown (after an import) is taken from the configuration instead.
func formatChanged(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !req.StateValue.IsNull() && !req.PlanValue.IsUnknown() && !req.PlanValue.Equal(req.StateValue)
}

// fill copies what the number's listing shows; the format and image stay
// as state has them (the listing carries no image).
func (m *qrCodeModel) fill(q *graphapi.QRCode) {
	m.Code = types.StringValue(q.Code)
	m.ID = types.StringValue(m.PhoneNumberID.ValueString() + "/" + q.Code)
	// Meta leaves out an empty message.
	m.PrefilledMessage = types.StringValue("")
	if q.PrefilledMessage != nil {
		m.PrefilledMessage = types.StringValue(*q.PrefilledMessage)
	}
	m.DeepLinkURL = types.StringPointerValue(q.DeepLinkURL)
	if q.QRImageURL != nil {
		m.QRImageURL = types.StringValue(*q.QRImageURL)
	}
	if m.QRImageURL.IsUnknown() {
		m.QRImageURL = types.StringNull()
	}
}

func (r *qrCodeResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan qrCodeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	defer client.Operation()()
	phone, message := plan.PhoneNumberID.ValueString(), plan.PrefilledMessage.ValueString()
	if plan.ImageFormat.IsUnknown() || plan.ImageFormat.IsNull() {
		plan.ImageFormat = types.StringValue("PNG")
	}
	var created *graphapi.QRCode
	writeStep[graphapi.QRCode]{
		summary: "Cannot Create QR Code",
		what:    "creating a QR code of phone number " + phone,
		write: func(ctx context.Context) (err error) {
			created, err = client.CreateQRCode(ctx, phone, message, plan.ImageFormat.ValueString())
			return err
		},
		readBack: func(ctx context.Context) (*graphapi.QRCode, error) {
			if created == nil {
				return nil, nil
			}
			q, err := client.ReadBackQRCode(ctx, phone, created.Code)
			if q != nil {
				q.QRImageURL = created.QRImageURL
			}
			return q, err
		},
		save: func(q *graphapi.QRCode) {
			plan.fill(q)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		},
		unconfirmed: func(readErr error, diags *diag.Diagnostics) {
			plan.fill(created)
			diags.Append(resp.State.Set(ctx, &plan)...)
			addAPIError(diags, "Cannot Read Back the QR Code", "reading back QR code "+created.Code+" of phone number "+phone+" (it exists and was saved in state)", readErr)
		},
		explain: func(err error, diags *diag.Diagnostics) {
			detail := "creating a QR code of phone number " + phone
			if all, lerr := client.QRCodes(ctx, phone); lerr == nil && len(all) >= graphapi.MaxQRCodesPerNumber {
				detail += fmt.Sprintf(": the number has %d QR codes and short links, the most Meta allows; delete some first", len(all))
			}
			addAPIError(diags, "Cannot Create QR Code", detail, err)
		},
		missing: func(diags *diag.Diagnostics) {
			diags.AddError("QR Code Not Visible", "Meta created QR code "+created.Code+" but phone number "+phone+" does not list it.")
		},
	}.run(ctx, &resp.Diagnostics)
}

func (r *qrCodeResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State, &req.State)
	var state qrCodeModel
	resp.Diagnostics.Append(getState(ctx, req.State, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	phone, code := state.PhoneNumberID.ValueString(), state.Code.ValueString()
	got := readOrRemove(ctx, &r.resourceBase, resp, "Cannot Read QR Code", "listing the QR codes of phone number "+phone,
		func() (*graphapi.QRCode, error) { return client.FindQRCode(ctx, phone, code) })
	if got == nil {
		return
	}
	state.fill(got)
	resp.Diagnostics.Append(setState(ctx, &resp.State, &state)...)
}

// Update changes the message in place. A format set for the first time
// after an import asks Meta for the image in it.
func (r *qrCodeResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer r.keepIdentity(ctx, resp.Identity, &resp.State)
	var plan, state qrCodeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	defer client.Operation()()
	phone, code := state.PhoneNumberID.ValueString(), state.Code.ValueString()
	plan.QRImageURL = state.QRImageURL
	if plan.ImageFormat.IsUnknown() || plan.ImageFormat.IsNull() {
		plan.ImageFormat = state.ImageFormat
	}
	if state.ImageFormat.IsNull() && !plan.ImageFormat.IsNull() {
		url, err := client.QRCodeImageURL(ctx, phone, code, plan.ImageFormat.ValueString())
		if err != nil {
			addAPIError(&resp.Diagnostics, "Cannot Read QR Code Image", "reading the "+plan.ImageFormat.ValueString()+" image of QR code "+code, err)
			return
		}
		plan.QRImageURL = types.StringValue(url)
	}
	message := plan.PrefilledMessage.ValueString()
	if message == state.PrefilledMessage.ValueString() {
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	writeStep[graphapi.QRCode]{
		summary: "Cannot Update QR Code",
		what:    "changing the prefilled message of QR code " + code + " of phone number " + phone,
		write:   func(ctx context.Context) error { return client.UpdateQRCode(ctx, phone, code, message) },
		readBack: func(ctx context.Context) (*graphapi.QRCode, error) {
			return client.ReadBackQRCode(ctx, phone, code)
		},
		save: func(q *graphapi.QRCode) {
			plan.fill(q)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		},
		missing: func(diags *diag.Diagnostics) {
			diags.AddError("QR Code Gone", "QR code "+code+" is no longer listed by phone number "+phone+": it was deleted outside Terraform.")
		},
	}.run(ctx, &resp.Diagnostics)
}

// Delete deletes the code: its short link and printed QR codes stop working.
func (r *qrCodeResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state qrCodeModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	defer client.Operation()()
	phone, code := state.PhoneNumberID.ValueString(), state.Code.ValueString()
	if err := client.DeleteQRCode(ctx, phone, code); err != nil && !graphapi.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "Cannot Delete QR Code", "deleting QR code "+code+" of phone number "+phone, err)
	}
}

// ImportState takes <phone_number_id>/<code> (or the identity).
func (r *qrCodeResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := r.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	phone, code, _ := strings.Cut(id, "/")
	if !graphapi.ValidID(phone) || !graphapi.QRCodePattern.MatchString(code) {
		resp.Diagnostics.AddError("Invalid Import ID", fmt.Sprintf("The import ID must have the form <phone_number_id>/<code>: a Graph ID of 1 to 32 "+
			"decimal digits and the QR code's letters and digits; got %q. Example: 110200345501442/4O4YGZEG3RIVE1.", id))
		return
	}
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	got, err := client.FindQRCode(ctx, phone, code)
	if err != nil {
		r.addReadError(&resp.Diagnostics, "Cannot List QR Codes", "listing the QR codes of phone number "+phone, err)
		return
	}
	if got == nil {
		addImportNotFound(&resp.Diagnostics, fmt.Sprintf("Phone number %s has no QR code %s", phone, code), "the number's listing",
			"apply this resource without importing to create a code")
		return
	}
	for name, v := range map[string]string{"id": id, "phone_number_id": phone, "code": code} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), v)...)
	}
}
