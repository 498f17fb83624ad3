package graphapi

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// EdgeCommerceSettings is a phone number's commerce settings: whether the
// chat offers a cart and shows the catalog's storefront icon.
// https://developers.facebook.com/docs/whatsapp/cloud-api/guides/sell-products-and-services/set-commerce-settings
const EdgeCommerceSettings = "whatsapp_commerce_settings"

// CommerceSettings is a number's commerce settings as Meta returns them;
// absent reads as false, Meta's default.
type CommerceSettings struct {
	IsCartEnabled    *bool `graph:"is_cart_enabled"`
	IsCatalogVisible *bool `graph:"is_catalog_visible"`
}

// CartEnabled reports is_cart_enabled (false when absent).
func (s *CommerceSettings) CartEnabled() bool {
	return s != nil && s.IsCartEnabled != nil && *s.IsCartEnabled
}

// CatalogVisible reports is_catalog_visible (false when absent).
func (s *CommerceSettings) CatalogVisible() bool {
	return s != nil && s.IsCatalogVisible != nil && *s.IsCatalogVisible
}

// GetCommerceSettings reads a number's commerce settings. Meta answers with
// a list of one; an empty list (a number never set) reads as the defaults.
func (c *Client) GetCommerceSettings(ctx context.Context, phoneID string) (*CommerceSettings, error) {
	got, err := getOneOf[CommerceSettings](ctx, c, phoneID, EdgeCommerceSettings, "commerce settings")
	if err == nil && got == nil {
		return &CommerceSettings{}, nil
	}
	return got, err
}

// SetCommerceSettings writes both settings, under the number's lock; an
// unknown outcome is settled by reading them back.
func (c *Client) SetCommerceSettings(ctx context.Context, phoneID string, cartEnabled, catalogVisible bool) error {
	form := url.Values{"is_cart_enabled": {strconv.FormatBool(cartEnabled)}, "is_catalog_visible": {strconv.FormatBool(catalogVisible)}}
	took := func(ctx context.Context) (bool, error) {
		s, err := c.GetCommerceSettings(ctx, phoneID)
		return err == nil && s.CartEnabled() == cartEnabled && s.CatalogVisible() == catalogVisible, err
	}
	return c.writePhoneNode(ctx, phoneID, request{method: http.MethodPost, path: []string{phoneID, EdgeCommerceSettings}, form: form}, took)
}
