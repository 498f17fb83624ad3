package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// secret is a value Meta takes but never returns (a verify token, a PIN),
// offered three ways: <name> kept in state (sensitive), <name>_wo write-only
// (Terraform 1.11 and later), and <name>_wo_version, whose change re-sends
// the write-only value.
type secret struct {
	name                           string
	plainDesc, woDesc, versionDesc string
	validators                     []validator.String
}

// attributes returns the three attributes of the secret.
func (s secret) attributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		s.name: schema.StringAttribute{
			MarkdownDescription: s.plainDesc, Optional: true, Sensitive: true, Validators: s.validators,
		},
		s.name + "_wo": schema.StringAttribute{
			MarkdownDescription: s.woDesc, Optional: true, Sensitive: true, WriteOnly: true, Validators: s.validators,
		},
		s.name + "_wo_version": schema.Int64Attribute{
			MarkdownDescription: s.versionDesc,
			Optional:            true,
			Validators:          []validator.Int64{int64validator.AtLeast(0), int64validator.AlsoRequires(path.MatchRoot(s.name + "_wo"))},
		},
	}
}

// value returns the secret to send: the planned <name>, or else <name>_wo
// from the configuration (write-only values are never in the plan).
func (s secret) value(ctx context.Context, plain types.String, config tfsdk.Config, diags *diag.Diagnostics) string {
	if !plain.IsNull() {
		return plain.ValueString()
	}
	var wo types.String
	diags.Append(config.GetAttribute(ctx, path.Root(s.name+"_wo"), &wo)...)
	return wo.ValueString()
}
