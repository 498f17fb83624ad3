package provider

import (
	"context"
	"fmt"

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

// The resources that hold one setting of a phone number (its registration,
// business profile, callback override, conversational automation) share a
// skeleton, written here once: the phone_number_id and id attributes, the
// identity, import by phone number ID, a Read of the number's setting and a
// Delete that clears it. A new per-number setting embeds phoneSetting and
// writes its own attributes, its Create (which reads first and refuses to
// take over what is set) and its Update.

// phoneSetting is embedded by per-number setting resources.
type phoneSetting struct{ resourceBase }

func newPhoneSetting(typeName string) phoneSetting {
	return phoneSetting{resourceBase{typeName: typeName, identity: []string{"phone_number_id"}}}
}

// ImportState imports by the phone number ID (or the identity); the Read
// that follows fills in the rest.
func (s *phoneSetting) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	s.importByPhoneNumberID(ctx, req, resp)
}

// phoneSettingAttributes adds id and phone_number_id to a setting's
// attributes; phoneDesc says what the number is to the setting. Another
// number is another setting: a change replaces the resource.
func phoneSettingAttributes(phoneDesc string, attrs map[string]schema.Attribute) map[string]schema.Attribute {
	attrs["id"] = computed("The phone number ID, which is also the import ID.")
	attrs["phone_number_id"] = schema.StringAttribute{
		MarkdownDescription: phoneDesc,
		Required:            true,
		Validators:          []validator.String{graphID()},
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
	return attrs
}

// phoneNumberIDOf is the phone_number_id of a state.
func phoneNumberIDOf(ctx context.Context, get func(context.Context, path.Path, any) diag.Diagnostics, diags *diag.Diagnostics) string {
	var id types.String
	diags.Append(get(ctx, path.Root("phone_number_id"), &id)...)
	return id.ValueString()
}

// readSetting is a per-number setting's Read: read fetches the setting of
// the number in state (nil, or a number that is gone, removes the resource)
// and fill sets the state model M from it.
func readSetting[M, T any](ctx context.Context, s *phoneSetting, req resource.ReadRequest, resp *resource.ReadResponse, summary, what string,
	read func(ctx context.Context, client *graphapi.Client, id string) (*T, error), fill func(*M, *T, *diag.Diagnostics)) {
	defer s.keepIdentity(ctx, resp.Identity, &resp.State, &req.State)
	var state M
	resp.Diagnostics.Append(getState(ctx, req.State, &state)...)
	id := phoneNumberIDOf(ctx, req.State.GetAttribute, &resp.Diagnostics)
	client := s.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	got := readOrRemove(ctx, &s.resourceBase, resp, summary, what+" of phone number "+id,
		func() (*T, error) { return read(ctx, client, id) })
	if got == nil {
		return
	}
	fill(&state, got, &resp.Diagnostics)
	resp.Diagnostics.Append(setState(ctx, &resp.State, &state)...)
}

// deleteSetting is a per-number setting's Delete: reset writes the
// setting's empty value; a number that is gone has nothing to reset.
func deleteSetting(ctx context.Context, s *phoneSetting, req resource.DeleteRequest, resp *resource.DeleteResponse, summary, what string,
	reset func(ctx context.Context, client *graphapi.Client, id string) error) {
	id := phoneNumberIDOf(ctx, req.State.GetAttribute, &resp.Diagnostics)
	client := s.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := reset(ctx, client, id); err != nil && !graphapi.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, summary, what+" of phone number "+id, err)
	}
}

// importAdvice ends a Create's refusal to take over a setting that is set:
// the two ways to import it.
func importAdvice(id string) string {
	return fmt.Sprintf("\n\n  terraform import <address> %s\n\nor add an import block with to = <address> and id = %q.", id, id)
}
