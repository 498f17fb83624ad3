package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

var _ datasource.DataSourceWithConfigure = (*flowsDataSource)(nil)

// NewFlowsDataSource returns the whatsapp_flows data source.
func NewFlowsDataSource() datasource.DataSource {
	return &flowsDataSource{dataSourceBase{typeName: "flows"}}
}

type flowsDataSource struct{ dataSourceBase }

type flowsModel struct {
	WABAID   types.String `tfsdk:"waba_id"`
	Name     types.String `tfsdk:"name"`
	Status   types.String `tfsdk:"status"`
	Category types.String `tfsdk:"category"`
	Flows    []flowEntry  `tfsdk:"flows"`
}

type flowEntry struct {
	ID         types.String `tfsdk:"id"`
	Name       types.String `tfsdk:"name"`
	Status     types.String `tfsdk:"status"`
	Categories types.Set    `tfsdk:"categories"`
}

var flowStatuses = []string{graphapi.FlowDraft, graphapi.FlowPublished, graphapi.FlowDeprecated, graphapi.FlowThrottled, graphapi.FlowBlocked}

func (d *flowsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists a WhatsApp Business Account's Flows (every page), optionally filtered. It reads the same shared " +
			"listing as `whatsapp_flow`, so a configuration with both costs no extra call.",
		Attributes: map[string]schema.Attribute{
			"waba_id": schema.StringAttribute{
				MarkdownDescription: "The WhatsApp Business Account ID.",
				Required:            true,
				Validators:          []validator.String{graphID()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Only the Flow of this name.",
				Optional:            true,
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Only Flows in this status: `" + joinBackticked(flowStatuses) + "`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(flowStatuses...)},
			},
			"category": schema.StringAttribute{
				MarkdownDescription: "Only Flows with this category: `" + joinBackticked(graphapi.FlowCategories) + "`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(graphapi.FlowCategories...)},
			},
			"flows": schema.ListNestedAttribute{
				MarkdownDescription: "The Flows, in Meta's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":         computedString("The Flow ID."),
					"name":       computedString("The Flow's name."),
					"status":     computedString("`DRAFT`, `PUBLISHED`, `DEPRECATED`, `THROTTLED` or `BLOCKED`."),
					"categories": schema.SetAttribute{MarkdownDescription: "The Flow's categories.", Computed: true, ElementType: types.StringType},
				}},
			},
		},
	}
}

func (d *flowsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m flowsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	client := d.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	flows, err := client.Flows(ctx, m.WABAID.ValueString())
	if err != nil {
		d.data.addReadError(&resp.Diagnostics, "Cannot Read Flows", "listing the Flows of WhatsApp Business Account "+m.WABAID.ValueString(), err)
		return
	}
	m.Flows = make([]flowEntry, 0, len(flows))
	for _, f := range flows {
		switch {
		case !m.Name.IsNull() && (f.Name == nil || *f.Name != m.Name.ValueString()),
			!m.Status.IsNull() && (f.Status == nil || *f.Status != m.Status.ValueString()),
			!m.Category.IsNull() && !slices.Contains(f.Categories, m.Category.ValueString()):
			continue
		}
		cats, diags := types.SetValueFrom(ctx, types.StringType, f.Categories)
		resp.Diagnostics.Append(diags...)
		m.Flows = append(m.Flows, flowEntry{ID: types.StringValue(f.ID), Name: stringValue(f.Name), Status: stringValue(f.Status), Categories: cats})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
