package graphapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// WABA is a WhatsApp Business Account node. Optional fields are pointers:
// nil means Meta left the field out.
// https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account/
type WABA struct {
	ID                         string                  `graph:"id,id"`
	Name                       *string                 `graph:"name"`
	TimezoneID                 *string                 `graph:"timezone_id"`
	MessageTemplateNamespace   *string                 `graph:"message_template_namespace"`
	AccountReviewStatus        *string                 `graph:"account_review_status"`
	BusinessVerificationStatus *string                 `graph:"business_verification_status"`
	Country                    *string                 `graph:"country"`
	Currency                   *string                 `graph:"currency"`
	IsEnabledForInsights       *bool                   `graph:"is_enabled_for_insights"`
	OwnershipType              *string                 `graph:"ownership_type"`
	PrimaryFundingID           *string                 `graph:"primary_funding_id"`
	PurchaseOrderNumber        *string                 `graph:"purchase_order_number"`
	PrimaryBusinessLocation    *string                 `graph:"primary_business_location"`
	Status                     *string                 `graph:"status"`
	OnBehalfOfBusinessInfo     *OnBehalfOfBusinessInfo `graph:"on_behalf_of_business_info"`
	OwnerBusinessInfo          *BusinessInfo           `graph:"owner_business_info"`
	HealthStatus               *HealthStatus           `graph:"health_status,whole"`
	// CreationTime is unix seconds as Meta documents it; a time string, as
	// some answers carry, is kept as it comes.
	CreationTime                          *string       `graph:"creation_time"`
	IsSharedWithPartners                  *bool         `graph:"is_shared_with_partners"`
	WhatsAppBusinessManagerMessagingLimit *string       `graph:"whatsapp_business_manager_messaging_limit"`
	MarketingMessagesLiteAPIStatus        *string       `graph:"marketing_messages_lite_api_status"`
	MarketingMessagesOnboardingStatus     *string       `graph:"marketing_messages_onboarding_status"`
	OwnerBusiness                         *BusinessInfo `graph:"owner_business"`
	LinkedCommerceAccount                 *struct {
		ID *string `graph:"id"`
	} `graph:"linked_commerce_account"`
	// AuthInternationalRateEligibility is kept as Meta's JSON: its shape is
	// not documented.
	AuthInternationalRateEligibility json.RawMessage `graph:"auth_international_rate_eligibility"`
}

// OnBehalfOfBusinessInfo is the business a WABA acts for.
type OnBehalfOfBusinessInfo struct {
	ID     *string `graph:"id"`
	Name   *string `graph:"name"`
	Status *string `graph:"status"`
	Type   *string `graph:"type"`
}

// BusinessInfo names a business portfolio.
type BusinessInfo struct {
	ID   *string `graph:"id"`
	Name *string `graph:"name"`
}

// HealthStatus says whether the WABA and its entities can send messages.
type HealthStatus struct {
	CanSendMessage *string        `graph:"can_send_message"`
	Entities       []HealthEntity `graph:"entities"`
}

// HealthEntity is one entity's messaging health, and why it is limited.
type HealthEntity struct {
	EntityType     *string       `graph:"entity_type"`
	ID             *string       `graph:"id"`
	CanSendMessage *string       `graph:"can_send_message"`
	Errors         []HealthError `graph:"errors"`
	AdditionalInfo []string      `graph:"additional_info"`
}

// HealthError says why an entity cannot send, and what to do.
type HealthError struct {
	ErrorCode        *int64  `graph:"error_code"`
	ErrorDescription *string `graph:"error_description"`
	PossibleSolution *string `graph:"possible_solution"`
}

// GetWABA reads a WhatsApp Business Account with an explicit field list.
// Readers should use WABA, which reads each account once per client.
func (c *Client) GetWABA(ctx context.Context, wabaID string) (*WABA, error) {
	return getNode[WABA](ctx, c, wabaID)
}

// WABA returns a WhatsApp Business Account, read once per client: the data
// source and the owner-business lookup share it.
func (c *Client) WABA(ctx context.Context, wabaID string) (*WABA, error) {
	return c.cache.wabas.slot(wabaID).get(ctx, func(ctx context.Context) (*WABA, error) {
		return c.GetWABA(ctx, wabaID)
	})
}

// ForgetWABA drops the cached account node, for writes that change it.
func (c *Client) ForgetWABA(wabaID string) { c.cache.wabas.slot(wabaID).forget() }

// ErrNoOwnerBusiness is returned by OwnerBusiness for an account whose node
// names no owner business.
var ErrNoOwnerBusiness = fmt.Errorf("the WhatsApp Business Account has no owner_business_info.id")

// OwnerBusiness returns the ID of the business that owns a WABA.
func (c *Client) OwnerBusiness(ctx context.Context, wabaID string) (string, error) {
	w, err := c.WABA(ctx, wabaID)
	if err != nil {
		return "", err
	}
	if w.OwnerBusinessInfo == nil || w.OwnerBusinessInfo.ID == nil || !ValidID(*w.OwnerBusinessInfo.ID) {
		return "", &Error{Method: "GET", Path: c.pathString(request{path: []string{wabaID}}), Err: ErrNoOwnerBusiness}
	}
	return *w.OwnerBusinessInfo.ID, nil
}

// getNode reads GET /{id}?fields=<the fields of T>.
func getNode[T any](ctx context.Context, c *Client, id string) (*T, error) {
	if err := checkIDs(id); err != nil {
		return nil, err
	}
	var node T
	r := request{method: http.MethodGet, path: []string{id}, idempotent: true, query: url.Values{"fields": {fieldsOf[T]()}}}
	if err := c.doDecode(ctx, r, &node); err != nil {
		return nil, err
	}
	return &node, nil
}
