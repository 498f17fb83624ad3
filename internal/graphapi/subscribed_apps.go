package graphapi

import (
	"context"
	"net/http"
	"net/url"
)

// EdgeSubscribedApps is the apps subscribed to a WABA's webhooks.
// https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account/subscribed_apps/
const EdgeSubscribedApps = "subscribed_apps"

// SubscribedApp is an app subscribed to a WABA's webhooks.
type SubscribedApp struct {
	App                 AppData `graph:"whatsapp_business_api_data,required"`
	OverrideCallbackURI *string `graph:"override_callback_uri"`
}

// AppData names a subscribed app.
type AppData struct {
	ID   string  `graph:"id,id"`
	Name *string `graph:"name"`
	Link *string `graph:"link"`
}

// CallbackOverride is a WABA-level webhook callback override.
type CallbackOverride struct {
	CallbackURI string
	VerifyToken string
}

// ListSubscribedApps fetches every page of a WABA's subscribed apps, uncached.
func (c *Client) ListSubscribedApps(ctx context.Context, wabaID string) ([]SubscribedApp, error) {
	page, err := c.listSubscribedApps(ctx, wabaID, "")
	return page.items, err
}

func (c *Client) listSubscribedApps(ctx context.Context, wabaID, after string) (listPage[SubscribedApp], error) {
	if err := checkIDs(wabaID); err != nil {
		return listPage[SubscribedApp]{}, err
	}
	// The edge takes no fields=: it always answers with the app's data.
	return listAll[SubscribedApp](ctx, c, []string{wabaID, EdgeSubscribedApps}, url.Values{}, after)
}

// ReadBackSubscribedApp looks an app up after this client subscribed or
// unsubscribed it, in a listing begun after the write.
func (c *Client) ReadBackSubscribedApp(ctx context.Context, wabaID, appID string) (*SubscribedApp, error) {
	return c.subscribedAppListing().readBack(ctx, listKey{node: wabaID}, appID)
}

// SubscribedApps returns a WABA's subscribed apps from the shared listing.
func (c *Client) SubscribedApps(ctx context.Context, wabaID string) ([]SubscribedApp, error) {
	return c.subscribedAppListing().get(ctx, listKey{node: wabaID})
}

// FindSubscribedApp looks an app up in the shared listing; nil when the WABA
// does not list it.
func (c *Client) FindSubscribedApp(ctx context.Context, wabaID, appID string) (*SubscribedApp, error) {
	a, _, err := c.subscribedAppListing().find(ctx, listKey{node: wabaID}, appID)
	return a, err
}

// SubscribeApp subscribes the token's app to a WABA. With an override it sets
// the WABA's callback override; without one it clears any override. The
// answer reads the WABA's subscribed apps (read-after-write), which
// ReadBackSubscribedApp then takes without a call when the app is there.
func (c *Client) SubscribeApp(ctx context.Context, wabaID string, override *CallbackOverride) error {
	if err := checkIDs(wabaID); err != nil {
		return err
	}
	form := url.Values{}
	if override != nil {
		form.Set("override_callback_uri", override.CallbackURI)
		form.Set("verify_token", override.VerifyToken)
	}
	r := request{method: http.MethodPost, path: []string{wabaID, EdgeSubscribedApps}, form: form, idempotent: true}
	appID, err := c.AppID(ctx)
	if err != nil {
		return err
	}
	l := c.subscribedAppListing()
	return l.writeReading(ctx, listKey{node: wabaID}, appID, func(ctx context.Context, _ string) (string, readAfter[SubscribedApp], error) {
		// A WABA has a few subscribed apps: the first page holds them.
		answer, err := c.doReading(ctx, r, l.expand(listKey{node: wabaID}, ""), true)
		if err != nil {
			return appID, readAfter[SubscribedApp]{}, err
		}
		return appID, readEdgeAnswer(l, answer, appID), nil
	})
}

// UnsubscribeApp removes the token's app's subscription from a WABA.
func (c *Client) UnsubscribeApp(ctx context.Context, wabaID string) error {
	if err := checkIDs(wabaID); err != nil {
		return err
	}
	// Meta applies it to the token's app, so that is the object written.
	appID, err := c.AppID(ctx)
	if err != nil {
		return err
	}
	return c.subscribedAppListing().write(ctx, wabaID, func(ctx context.Context) (string, error) {
		return appID, c.doSuccess(ctx, request{method: http.MethodDelete, path: []string{wabaID, EdgeSubscribedApps}, idempotent: true})
	})
}

func init() {
	registerListing(EdgeSubscribedApps, func(c *Client) *listing[SubscribedApp] {
		return newListing(c, EdgeSubscribedApps, func(a SubscribedApp) string { return a.App.ID },
			func(ctx context.Context, k listKey, after string) (listPage[SubscribedApp], error) {
				return c.listSubscribedApps(ctx, k.node, after)
			}).
			withExpansion(c.cache.expansions, func(_ listKey, after string) string {
				return expansion(EdgeSubscribedApps, tailQuery(after), fieldsOf[SubscribedApp]())
			})
	})
}

// subscribedAppListing is the shared listing of a WABA's subscribed apps.
func (c *Client) subscribedAppListing() *listing[SubscribedApp] {
	return listingOf[SubscribedApp](c, EdgeSubscribedApps)
}
