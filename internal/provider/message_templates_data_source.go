package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// NewMessageTemplatesDataSource returns the whatsapp_message_templates data source.
func NewMessageTemplatesDataSource() datasource.DataSource {
	return &messageTemplatesDataSource{dataSourceBase{typeName: "message_templates"}}
}

type messageTemplatesDataSource struct{ dataSourceBase }

type messageTemplatesModel struct {
	WABAID               types.String    `tfsdk:"waba_id"`
	Name                 types.String    `tfsdk:"name"`
	Languages            []types.String  `tfsdk:"languages"`
	Statuses             []types.String  `tfsdk:"statuses"`
	Categories           []types.String  `tfsdk:"categories"`
	Templates            []templateEntry `tfsdk:"templates"`
	MessageTemplateCount types.Int64     `tfsdk:"message_template_count"`
	MessageTemplateLimit types.Int64     `tfsdk:"message_template_limit"`
}

type templateEntry struct {
	ID              types.String `tfsdk:"id"`
	Name            types.String `tfsdk:"name"`
	Language        types.String `tfsdk:"language"`
	Category        types.String `tfsdk:"category"`
	Status          types.String `tfsdk:"status"`
	ParameterFormat types.String `tfsdk:"parameter_format"`
	RejectedReason  types.String `tfsdk:"rejected_reason"`
	QualityScore    types.String `tfsdk:"quality_score"`
	ComponentsJSON  types.String `tfsdk:"components_json"`
}

var templateStatuses = []string{"APPROVED", "IN_APPEAL", "PENDING", "REJECTED", "PENDING_DELETION", "DELETED", "DISABLED", "PAUSED", "LIMIT_EXCEEDED", "ARCHIVED"}

func (d *messageTemplatesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	filter := func(what string, values []string) schema.ListAttribute {
		return schema.ListAttribute{
			MarkdownDescription: "Only templates of these " + what + ".", ElementType: types.StringType, Optional: true,
			Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.ValueStringsAre(stringvalidator.OneOf(values...))},
		}
	}
	computedString := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists a WhatsApp Business Account's message templates, with their components, through the same shared listing " +
			"as `whatsapp_message_template` (no extra call next to template resources of the account), and how many the account may hold.",
		Attributes: map[string]schema.Attribute{
			"waba_id": schema.StringAttribute{MarkdownDescription: "The WhatsApp Business Account ID.", Required: true, Validators: []validator.String{graphID()}},
			"name": schema.StringAttribute{
				MarkdownDescription: "Only templates of exactly this name (every language).", Optional: true,
				Validators: []validator.String{stringvalidator.RegexMatches(templateNameRegexp, "must be 1 to 512 lowercase letters, digits and underscores")},
			},
			"languages":  filter("language codes", templateLanguages),
			"statuses":   filter("statuses", templateStatuses),
			"categories": filter("categories (MARKETING, UTILITY, AUTHENTICATION)", templateCategories),
			"templates": schema.ListNestedAttribute{
				MarkdownDescription: "The templates, in Meta's order.", Computed: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":               computedString("The template ID."),
					"name":             computedString("The template name."),
					"language":         computedString("The language code."),
					"category":         computedString("The category Meta assigned."),
					"status":           computedString("Meta's review status."),
					"parameter_format": computedString("`POSITIONAL` or `NAMED`."),
					"rejected_reason":  computedString("Why Meta rejected it (`NONE` when it did not)."),
					"quality_score":    computedString("`GREEN`, `YELLOW`, `RED` or `UNKNOWN`."),
					"components_json":  computedString("The components as Meta returns them, as JSON."),
				}},
			},
			"message_template_count": schema.Int64Attribute{MarkdownDescription: "How many templates the account holds, as Meta counts them.", Computed: true},
			"message_template_limit": schema.Int64Attribute{MarkdownDescription: "How many templates the account may hold (250, or up to 6,000 for verified businesses).", Computed: true},
		},
	}
}

func (d *messageTemplatesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m messageTemplatesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	client := d.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	waba := m.WABAID.ValueString()
	all, err := client.MessageTemplates(ctx, waba)
	if err != nil {
		d.data.addReadError(&resp.Diagnostics, "Cannot List Message Templates", "listing the templates of WhatsApp Business Account "+waba, err)
		return
	}
	m.Templates = make([]templateEntry, 0, len(all))
	for _, t := range all {
		if !templateMatches(&m, &t) {
			continue
		}
		e := templateEntry{ID: types.StringValue(t.ID), Name: stringValue(t.Name), Language: stringValue(t.Language), Category: stringValue(t.Category),
			Status: stringValue(t.Status), ParameterFormat: stringValue(t.ParameterFormat), RejectedReason: stringValue(t.RejectedReason),
			QualityScore: types.StringNull(), ComponentsJSON: types.StringNull()}
		if t.QualityScore != nil {
			e.QualityScore = stringValue(t.QualityScore.Score)
		}
		if len(t.Components) > 0 {
			e.ComponentsJSON = types.StringValue(string(t.Components))
		}
		m.Templates = append(m.Templates, e)
	}
	m.MessageTemplateCount, m.MessageTemplateLimit = types.Int64Value(int64(len(all))), types.Int64Null()
	if summary, err := client.TemplateSummary(ctx, waba); err == nil && summary != nil {
		if summary.MessageTemplateCount != nil {
			m.MessageTemplateCount = types.Int64Value(int64(*summary.MessageTemplateCount))
		}
		if summary.MessageTemplateLimit != nil {
			m.MessageTemplateLimit = types.Int64Value(int64(*summary.MessageTemplateLimit))
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// templateMatches applies the filters to one template; the name is compared
// exactly (Meta's own name filter may match a part).
func templateMatches(m *messageTemplatesModel, t *graphapi.MessageTemplate) bool {
	in := func(filter []types.String, v *string) bool {
		if len(filter) == 0 {
			return true
		}
		return v != nil && slices.ContainsFunc(filter, func(f types.String) bool { return f.ValueString() == *v })
	}
	if !m.Name.IsNull() && (t.Name == nil || *t.Name != m.Name.ValueString()) {
		return false
	}
	return in(m.Languages, t.Language) && in(m.Statuses, t.Status) && in(m.Categories, t.Category)
}
