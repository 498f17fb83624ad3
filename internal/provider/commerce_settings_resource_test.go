package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

const commerceName = "whatsapp_commerce_settings.test"

func commerceConfig(a *acc, body ...string) string {
	return a.provider() + fmt.Sprintf("\nresource \"whatsapp_commerce_settings\" \"test\" {\n  phone_number_id = %q\n  %s\n}\n", seededPhone, strings.Join(body, "\n  "))
}

func (a *acc) commerceIs(want emulator.SeedCommerceSettings) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got, _ := a.fake.CommerceSettings(seededPhone); got != want {
			return fmt.Errorf("fake commerce settings %+v, want %+v", got, want)
		}
		return nil
	}
}

func TestAccCommerceSettings(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	both := []string{`is_cart_enabled = true`, `is_catalog_visible = true`}
	a.testWithDestroyCheck(a.commerceIs(emulator.SeedCommerceSettings{}),
		resource.TestStep{
			Config: commerceConfig(a, both...),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(commerceName, tfjsonpath.New("id"), knownvalue.StringExact(seededPhone)),
				statecheck.ExpectKnownValue(commerceName, tfjsonpath.New("is_cart_enabled"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(commerceName, tfjsonpath.New("is_catalog_visible"), knownvalue.Bool(true)),
			},
			// One read before the create, one write, one read-back.
			Check: resource.ComposeTestCheckFunc(a.commerceIs(emulator.SeedCommerceSettings{IsCartEnabled: true, IsCatalogVisible: true}),
				a.calls("POST /{phone}/whatsapp_commerce_settings", 1)),
		},
		// In place: the catalog leaves the config and goes back to its default.
		resource.TestStep{
			Config:           commerceConfig(a, `is_cart_enabled = true`),
			ConfigPlanChecks: expectAction(commerceName, plancheck.ResourceActionUpdate),
			Check: resource.ComposeTestCheckFunc(a.commerceIs(emulator.SeedCommerceSettings{IsCartEnabled: true}),
				a.calls("POST /{phone}/whatsapp_commerce_settings", 2)),
		},
		// Turned off in WhatsApp Manager: drift, set back.
		resource.TestStep{
			PreConfig: func() {
				if err := a.fake.Modify(emulator.Change{Kind: emulator.KindCommerceSettings, ID: seededPhone,
					Fields: map[string]any{"is_cart_enabled": false}}); err != nil {
					t.Fatal(err)
				}
			},
			Config:           commerceConfig(a, `is_cart_enabled = true`),
			ConfigPlanChecks: expectAction(commerceName, plancheck.ResourceActionUpdate),
			Check:            a.commerceIs(emulator.SeedCommerceSettings{IsCartEnabled: true}),
		},
		resource.TestStep{ResourceName: commerceName, ImportState: true, ImportStateId: seededPhone, ImportStateVerify: true},
		resource.TestStep{
			Config:       commerceConfig(a, `is_cart_enabled = true`),
			ResourceName: commerceName, ImportState: true, ImportStateKind: resource.ImportBlockWithID, ImportStateId: seededPhone,
		},
	)
}

// A number whose cart someone enabled: the create fails before any write,
// with what is set and the import ID; the import plans the change.
func TestAccCommerceSettingsAlreadySet(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) {
		s.WABAs[0].PhoneNumbers[0].CommerceSettings = &emulator.SeedCommerceSettings{IsCartEnabled: true, IsCatalogVisible: true}
	})
	cfg := commerceConfig(a, `is_catalog_visible = true`)
	a.testWithDestroyCheck(a.commerceIs(emulator.SeedCommerceSettings{}),
		resource.TestStep{
			Config: cfg,
			ExpectError: errorRe(`Commerce Settings Already Set.*` + seededPhone + ` has commerce settings that are not the defaults: ` +
				`the cart is enabled; the catalog is visible.*nothing was written.*terraform import <address> ` + seededPhone),
		},
		resource.TestStep{
			PreConfig: func() {
				if n := a.writesTo("/{phone}/whatsapp_commerce_settings"); n != 0 {
					t.Fatalf("%d writes to the commerce settings after a refused create, want 0", n)
				}
			},
			Config: cfg + importBlock(commerceName, seededPhone),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(commerceName, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(commerceName, tfjsonpath.New("is_cart_enabled"), knownvalue.Bool(false)),
			}},
			Check: resource.ComposeTestCheckFunc(a.commerceIs(emulator.SeedCommerceSettings{IsCatalogVisible: true}),
				a.calls("POST /{phone}/whatsapp_commerce_settings", 1)),
		},
		resource.TestStep{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
	)
}

// Destroy turns both settings off with one write and warns that it did.
func TestCommerceSettingsDestroyWarns(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) {
		s.WABAs[0].PhoneNumbers[0].CommerceSettings = &emulator.SeedCommerceSettings{IsCartEnabled: true, IsCatalogVisible: true}
	})
	client, err := graphapi.New(graphapi.Config{BaseURL: a.fake.URL, AccessToken: testToken})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r := NewCommerceSettingsResource().(*commerceSettingsResource)
	r.data = &providerData{client: client}
	var sr fwresource.SchemaResponse
	r.Schema(ctx, fwresource.SchemaRequest{}, &sr)
	state := tfsdk.State{Schema: sr.Schema}
	if d := state.Set(ctx, &commerceSettingsModel{ID: types.StringValue(seededPhone), PhoneNumberID: types.StringValue(seededPhone),
		IsCartEnabled: types.BoolValue(true), IsCatalogVisible: types.BoolValue(true)}); d.HasError() {
		t.Fatal(d)
	}
	resp := fwresource.DeleteResponse{State: state}
	r.Delete(ctx, fwresource.DeleteRequest{State: state}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if w := resp.Diagnostics.Warnings(); len(w) != 1 || w[0].Summary() != "Commerce Settings Turned Off" || !strings.Contains(w[0].Detail(), seededPhone) {
		t.Fatalf("warnings %v, want one naming the number", w)
	}
	if got, _ := a.fake.CommerceSettings(seededPhone); got != (emulator.SeedCommerceSettings{}) {
		t.Fatalf("after destroy: %+v, want both off", got)
	}
	if n := a.fake.Stats().Count("POST /{phone}/whatsapp_commerce_settings"); n != 1 {
		t.Fatalf("%d writes, want 1", n)
	}
}
