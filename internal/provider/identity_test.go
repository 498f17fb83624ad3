package provider

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// identityAttributes are each resource's identity, as the design fixes it.
var identityAttributes = map[string][]string{
	"whatsapp_phone_number":              {"waba_id", "id"},
	"whatsapp_assigned_user":             {"waba_id", "user_id"},
	"whatsapp_subscribed_app":            {"waba_id", "app_id"},
	"whatsapp_phone_number_registration": {"phone_number_id"},
	"whatsapp_business_profile":          {"phone_number_id"},
	"whatsapp_phone_number_webhook":      {"phone_number_id"},
	"whatsapp_conversational_automation": {"phone_number_id"},
	"whatsapp_message_template":          {"waba_id", "id"},
	"whatsapp_commerce_settings":         {"phone_number_id"},
	"whatsapp_qr_code":                   {"phone_number_id", "code"},
	"whatsapp_app_subscription":          {"app_id"},
	"whatsapp_flow":                      {"waba_id", "id"},
	"whatsapp_business_encryption":       {"phone_number_id"},
}

// onlyChanges passes when the plan changes no attribute of address but
// allowed: what a config sets and import cannot read.
func onlyChanges(address string, allowed ...string) plancheck.PlanCheck {
	return planCheckFunc(func(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
		for _, rc := range req.Plan.ResourceChanges {
			if rc.Address != address || rc.Change == nil {
				continue
			}
			before, _ := rc.Change.Before.(map[string]any)
			after, _ := rc.Change.After.(map[string]any)
			for name, v := range after {
				if !slices.Contains(allowed, name) && !reflect.DeepEqual(before[name], v) {
					resp.Error = fmt.Errorf("%s: import left %s = %v, the configuration plans %v; only %v may differ", address, name, before[name], v, allowed)
					return
				}
			}
			return
		}
		resp.Error = fmt.Errorf("%s is not in the plan", address)
	})
}

// TestAccResourceIdentity applies every resource's example and checks that
// its identity is in state and equals the state's attributes, then imports it
// by identity into a fresh state with an import block: the same identity, and
// a plan that changes nothing but what import cannot read (Terraform >= 1.12).
func TestAccResourceIdentity(t *testing.T) {
	t.Parallel()
	for _, tc := range exampleResources() {
		t.Run(tc.typeName, func(t *testing.T) {
			t.Parallel()
			attrs, ok := identityAttributes[tc.typeName]
			if !ok {
				t.Fatalf("%s has no identity in identityAttributes", tc.typeName)
			}
			dir := filepath.Join("resources", tc.typeName)
			m := importCommand.FindStringSubmatch(readExample(t, filepath.Join(dir, "import.sh")))
			if m == nil {
				t.Fatal("import.sh has no `terraform import ADDRESS ID` line")
			}
			address := m[1]
			checks := []statecheck.StateCheck{}
			for _, name := range attrs {
				checks = append(checks, statecheck.ExpectIdentityValueMatchesState(address, tfjsonpath.New(name)))
			}
			a := newAcc(t, emulator.Options{})
			cfg := a.provider(tc.provider...) + readExample(t, filepath.Join(dir, "resource.tf"))
			runCase(t, resource.TestCase{
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
				ProtoV6ProviderFactories: a.factories(),
				Steps: []resource.TestStep{
					{Config: cfg, ConfigVariables: tc.vars, ConfigStateChecks: checks},
					{
						Config: cfg, ConfigVariables: tc.vars, ResourceName: address,
						ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity,
						ExpectNonEmptyPlan: len(tc.unreadable) > 0,
						ImportPlanChecks:   resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{onlyChanges(address, tc.unreadable...)}},
					},
				},
			})
		})
	}
}

// planCheckFunc is a plan check written as a function.
type planCheckFunc func(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse)

func (f planCheckFunc) CheckPlan(ctx context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	f(ctx, req, resp)
}

// TestAccExampleImportByIdentity applies each resource's import-by-identity
// example next to its resource example, against a fake that holds the
// object (Terraform >= 1.12), and checks the object was imported, not created
// (other types an example needs, such as the webhook's subscription, are).
func TestAccExampleImportByIdentity(t *testing.T) {
	t.Parallel()
	for _, tc := range exampleResources() {
		t.Run(tc.typeName, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join("resources", tc.typeName)
			a := newAcc(t, emulator.Options{}, tc.existing)
			cfg := a.provider(tc.provider...) + readExample(t, filepath.Join(dir, "resource.tf")) + readExample(t, filepath.Join(dir, "import-by-identity.tf"))
			runCase(t, resource.TestCase{
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
				ProtoV6ProviderFactories: a.factories(),
				Steps: []resource.TestStep{{
					Config: cfg, ConfigVariables: tc.vars,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{importsOnly(tc.typeName)}},
				}},
			})
		})
	}
}

// importsOnly passes when every resource of typeName in the plan is
// imported, none created.
func importsOnly(typeName string) plancheck.PlanCheck {
	return planCheckFunc(func(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
		for _, rc := range req.Plan.ResourceChanges {
			if rc.Type == typeName && rc.Change != nil && rc.Change.Importing == nil {
				resp.Error = fmt.Errorf("%s is planned %v, not imported", rc.Address, rc.Change.Actions)
				return
			}
		}
	})
}
