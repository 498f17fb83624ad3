package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// Which business lists a WABA's assignments: Meta answers a business that
// neither owns nor manages the account with an empty list, not an error, so
// each check here stops before a write that could not be read back.

// businessManages decides whether an empty listing is an honest answer
// before the first user of a WABA is assigned: it is when business_id owns
// the WABA or manages it as a partner (the WABA is among its client WABAs).
// Any other business lists nothing and could not read the assignment back.
// The owner is the memo'd account node that business_id defaults from; the
// partner's client listing is read only when business_id is not the owner.
func (r *assignedUserResource) businessManages(ctx context.Context, client *graphapi.Client, m *assignedUserModel, diags *diag.Diagnostics) bool {
	waba, business := m.WABAID.ValueString(), m.BusinessID.ValueString()
	owner, err := client.OwnerBusiness(ctx, waba)
	if err != nil {
		r.addReadError(diags, "Cannot Read the Account's Owner Business",
			"reading owner_business_info of WhatsApp Business Account "+waba+", to check business_id "+business+" before its first assignment", err)
		return false
	}
	if business == owner {
		return true
	}
	partner, err := client.ManagesClientWABA(ctx, business, waba)
	// A business the token cannot see manages nothing it could list.
	if err != nil && !graphapi.IsNotFound(err) {
		r.addReadError(diags, "Cannot List the Business's Client Accounts",
			"listing client_whatsapp_business_accounts of business "+business+", to check that it manages WhatsApp Business Account "+waba, err)
		return false
	}
	if !partner {
		diags.AddAttributeError(path.Root("business_id"), "Business Does Not Manage the Account",
			fmt.Sprintf("business_id %s lists no users on WhatsApp Business Account %s, and it neither owns the account (its owner business is %s) "+
				"nor has it among its client_whatsapp_business_accounts, so an assignment made through it could not be read back. Nothing was written. "+
				"Set business_id to %s, or remove it to use the owner business.", business, waba, owner, owner))
	}
	return partner
}

// lookupViaOwner reads the listing through the WABA's owner business when it
// differs from the model's business_id; it warns and moves business_id to the
// owner when that listing holds users.
func (r *assignedUserResource) lookupViaOwner(ctx context.Context, client *graphapi.Client, m *assignedUserModel, diags *diag.Diagnostics) (*graphapi.AssignedUser, []graphapi.AssignedUser, error) {
	owner, err := client.OwnerBusiness(ctx, m.WABAID.ValueString())
	if err != nil || owner == m.BusinessID.ValueString() {
		return nil, nil, nil //nolint:nilerr // no other business to try: the empty listing stands
	}
	got, all, err := client.FindAssignedUser(ctx, m.WABAID.ValueString(), owner, m.UserID.ValueString())
	if err != nil || len(all) == 0 {
		return nil, nil, err
	}
	diags.AddAttributeWarning(path.Root("business_id"), "Read Through the Owner Business",
		fmt.Sprintf("business_id %s lists no users on WhatsApp Business Account %s, so the assignment was read through the account's owner business %s. "+
			"Remove business_id from the configuration (or set it to %s).", m.BusinessID.ValueString(), m.WABAID.ValueString(), owner, owner))
	m.BusinessID = types.StringValue(owner)
	return got, all, nil
}

// lookupBeforeWrite reads the listing an update is about to change (the most
// recent one: other objects written since do not change the answer). It fails,
// before anything is written, when the listing is empty although state holds
// the user: a business that does not own the account lists nothing, and
// writing through it could unassign a user Terraform then cannot see.
func (r *assignedUserResource) lookupBeforeWrite(ctx context.Context, client *graphapi.Client, m *assignedUserModel, diags *diag.Diagnostics) (*graphapi.AssignedUser, bool) {
	got, all, err := client.RecentAssignedUser(ctx, m.WABAID.ValueString(), m.BusinessID.ValueString(), m.UserID.ValueString())
	if err != nil {
		r.addReadError(diags, "Cannot List Assigned Users", "listing the users of WhatsApp Business Account "+m.WABAID.ValueString(), err)
		return nil, false
	}
	if len(all) == 0 {
		addEmptyListingError(diags, m)
		return nil, false
	}
	return got, true
}

// addEmptyListingError explains an empty listing: a wrong business answers
// with an empty list, not an error. Failing beats planning to recreate every
// assignment, or writing what cannot be read back.
func addEmptyListingError(diags *diag.Diagnostics, m *assignedUserModel) {
	diags.AddAttributeError(path.Root("business_id"), "No Assigned Users Listed",
		fmt.Sprintf("Business %s lists no users at all on WhatsApp Business Account %s, although Terraform manages an assignment there. "+
			"This usually means business_id is not the account's owner business. Nothing was written. "+
			"Check business_id, or remove it to use owner_business_info.id.",
			m.BusinessID.ValueString(), m.WABAID.ValueString()))
}
