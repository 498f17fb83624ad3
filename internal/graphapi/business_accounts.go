package graphapi

import (
	"context"
	"net/url"
	"slices"
)

// The WhatsApp Business Accounts of a business portfolio: those it owns, and
// those it manages for clients (as a solution provider).
// https://developers.facebook.com/docs/graph-api/reference/business/owned_whatsapp_business_accounts/
// https://developers.facebook.com/docs/graph-api/reference/business/client_whatsapp_business_accounts/

// Relationships of a business to its WABAs, as the edges name them.
const (
	RelationshipOwned  = "owned"
	RelationshipClient = "client"
)

// BusinessAccountSummary is a WABA as the business's edges list it.
type BusinessAccountSummary struct {
	ID                         string  `graph:"id,id"`
	Name                       *string `graph:"name"`
	TimezoneID                 *string `graph:"timezone_id"`
	Currency                   *string `graph:"currency"`
	Status                     *string `graph:"status"`
	AccountReviewStatus        *string `graph:"account_review_status"`
	BusinessVerificationStatus *string `graph:"business_verification_status"`
	Country                    *string `graph:"country"`
	OwnershipType              *string `graph:"ownership_type"`
	MessageTemplateNamespace   *string `graph:"message_template_namespace"`
}

// ListBusinessAccounts fetches every page of a business's owned or client
// WABAs (relationship is RelationshipOwned or RelationshipClient).
func (c *Client) ListBusinessAccounts(ctx context.Context, businessID, relationship string) ([]BusinessAccountSummary, error) {
	if err := checkIDs(businessID); err != nil {
		return nil, err
	}
	edge := "owned_whatsapp_business_accounts"
	if relationship == RelationshipClient {
		edge = "client_whatsapp_business_accounts"
	}
	page, err := listAll[BusinessAccountSummary](ctx, c, []string{businessID, edge}, url.Values{"fields": {fieldsOf[BusinessAccountSummary]()}}, "")
	return page.items, err
}

// ManagesClientWABA reports whether a business has a WABA among its client
// WhatsApp Business Accounts, as a partner managing it for the owner. The
// business's client listing is read once per client.
func (c *Client) ManagesClientWABA(ctx context.Context, businessID, wabaID string) (bool, error) {
	ids, err := c.cache.clientWABAs.slot(businessID).get(ctx, func(ctx context.Context) ([]string, error) {
		if err := checkIDs(businessID); err != nil {
			return nil, err
		}
		page, err := listAll[BusinessAccountSummary](ctx, c, []string{businessID, "client_whatsapp_business_accounts"}, url.Values{"fields": {"id"}}, "")
		ids := make([]string, 0, len(page.items))
		for _, w := range page.items {
			ids = append(ids, w.ID)
		}
		return ids, err
	})
	return slices.Contains(ids, wabaID), err
}
