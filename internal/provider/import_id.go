package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// parseImportID splits an import ID of the form "<a>/<b>" into its decimal
// parts, one per name. With optional, the trailing parts may be left out.
func parseImportID(id string, names []string, optional int) ([]string, error) {
	form := "<" + strings.Join(names, ">/<") + ">"
	parts := strings.Split(id, "/")
	if len(parts) > len(names) || len(parts) < len(names)-optional {
		return nil, fmt.Errorf("the import ID must have the form %s, with decimal Graph IDs; got %q", form, id)
	}
	for i, p := range parts {
		if !graphapi.ValidID(p) {
			return nil, fmt.Errorf("the import ID must have the form %s; %s %q is not a Graph ID of 1 to 32 decimal digits", form, names[i], p)
		}
	}
	return parts, nil
}

// addImportNotFound explains an import of something that is not there, in
// place of Terraform's generic "non-existent remote object": what was looked
// for, what is there instead, and what to do.
func addImportNotFound(diags *diag.Diagnostics, missing, found, advice string) {
	diags.AddError("Cannot Import: Not Found", fmt.Sprintf("%s (%s). Check the import ID, or %s.", missing, found, advice))
}

// listOrNone renders at most 10 items, or "none".
func listOrNone(items []string) string {
	switch {
	case len(items) == 0:
		return "none"
	case len(items) > 10:
		return strings.Join(items[:10], ", ") + fmt.Sprintf(" and %d more", len(items)-10)
	}
	return strings.Join(items, ", ")
}

// importByPhoneNumberID imports a per-number resource by its phone number ID.
func (b *resourceBase) importByPhoneNumberID(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if id, ok := b.phoneNumberImportID(ctx, req, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("phone_number_id"), id)...)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	}
}

// phoneNumberImportID is the phone number ID a per-number resource is
// imported by (the ID, or its identity), checked.
func (b *resourceBase) phoneNumberImportID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) (string, bool) {
	id, ok := b.importID(ctx, req, diags)
	if !ok {
		return "", false
	}
	parts, err := parseImportID(id, []string{"phone_number_id"}, 0)
	if err != nil {
		diags.AddError("Invalid Import ID", err.Error()+". Example: 110200345501442.")
		return "", false
	}
	return parts[0], true
}
