package emulator

import (
	"errors"
	"strings"
)

// LiveSeed is the account the provider's live mode runs against when it is
// emulated (make testacc-live-emulated, and the probe's fresh emulator): the
// starter seed, with the token's app already subscribed to the WABA, as it is
// on any account that receives webhooks.
func LiveSeed() (string, error) {
	const none = `"subscribed_apps": [],`
	if !strings.Contains(StarterSeed, none) {
		return "", errors.New("the starter seed no longer holds an empty subscribed_apps list to fill")
	}
	return strings.Replace(StarterSeed, none, `"subscribed_apps": [{"app_id": "670843887433847"}],`, 1), nil
}
