package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewMessageTemplateListResource returns the whatsapp_message_template list resource.
func NewMessageTemplateListResource() list.ListResource {
	return newMessageTemplateResource()
}

func (r *messageTemplateResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	filter := func(what string, values []string) listschema.ListAttribute {
		return listschema.ListAttribute{
			MarkdownDescription: "Only templates of these " + what + ".", ElementType: types.StringType, Optional: true,
			Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.ValueStringsAre(stringvalidator.OneOf(values...))},
		}
	}
	resp.Schema = wabaListSchema("message templates", "The filters are the whatsapp_message_templates data source's. "+
		"Import cannot read a media header's local file: add media_file to a generated block to upload one.", map[string]listschema.Attribute{
		"name": listschema.StringAttribute{
			MarkdownDescription: "Only templates of exactly this name (every language).", Optional: true,
			Validators: []validator.String{stringvalidator.RegexMatches(templateNameRegexp, "must be 1 to 512 lowercase letters, digits and underscores")},
		},
		"languages":  filter("language codes", templateLanguages),
		"statuses":   filter("statuses", templateStatuses),
		"categories": filter("categories (MARKETING, UTILITY, AUTHENTICATION)", templateCategories),
	})
}

// List returns the WABA's templates that match the filters, from the shared
// listing, each filled as Read fills an imported template.
func (r *messageTemplateResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var filters struct {
		WABAID     types.String   `tfsdk:"waba_id"`
		Name       types.String   `tfsdk:"name"`
		Languages  []types.String `tfsdk:"languages"`
		Statuses   []types.String `tfsdk:"statuses"`
		Categories []types.String `tfsdk:"categories"`
	}
	var diags diag.Diagnostics
	diags.Append(req.Config.Get(ctx, &filters)...)
	cfg := messageTemplatesModel{WABAID: filters.WABAID, Name: filters.Name, Languages: filters.Languages, Statuses: filters.Statuses, Categories: filters.Categories}
	client := r.client(&diags)
	if diags.HasError() {
		listFailed(stream, diags)
		return
	}
	waba := cfg.WABAID.ValueString()
	all, err := client.MessageTemplates(ctx, waba)
	if err != nil {
		addAPIError(&diags, "Cannot List Message Templates", "listing the templates of WhatsApp Business Account "+waba, err)
		listFailed(stream, diags)
		return
	}
	noTimeouts := timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType, "update": types.StringType})}
	var objects []found
	for i := range all {
		t := &all[i]
		if !templateMatches(&cfg, t) || (t.Status != nil && (*t.Status == "DELETED" || *t.Status == "PENDING_DELETION")) {
			continue
		}
		m := messageTemplateModel{WABAID: cfg.WABAID, Category: types.StringNull(), ParameterFormat: types.StringNull(),
			ComponentsJSON: types.StringNull(), WaitForReview: types.BoolValue(false), Timeouts: noTimeouts}
		m.fill(ctx, t, &diags)
		objects = append(objects, found{display: m.Name.ValueString() + " (" + m.Language.ValueString() + ", " + t.ID + ")",
			identity: []string{waba, t.ID}, model: &m})
	}
	if diags.HasError() {
		listFailed(stream, diags)
		return
	}
	r.streamFound(ctx, req, stream, objects)
}
