package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// TestAccExampleFlowsDataSource runs the data source's example over three
// Flows (published sign-up, draft, deprecated): the filters keep the one,
// and the data source beside a whatsapp_flow costs one listing page in all.
func TestAccExampleFlowsDataSource(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{}, adoptionSeed)
	cfg := a.provider() + readExample(t, "data-sources/whatsapp_flows/data-source.tf") + readExample(t, "resources/whatsapp_flow/resource.tf") + `
data "whatsapp_flows" "all" {
  waba_id = "104996122399160"
}
`
	resourceOnly := a.provider() + readExample(t, "resources/whatsapp_flow/resource.tf")
	snapshot := func(to *emulator.Stats) resource.ConfigPlanChecks {
		return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			planCheckFunc(func(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) { *to = a.fake.Stats() }),
		}}
	}
	var alone, together emulator.Stats
	a.test(
		resource.TestStep{
			Config: cfg + importBlock("whatsapp_flow.signup", testWABA+"/1183907543004829"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("published_signup_flows", knownvalue.MapExact(map[string]knownvalue.Check{
					"newsletter_signup": knownvalue.StringExact("1183907543004829"),
				})),
				statecheck.ExpectKnownValue("data.whatsapp_flows.all", tfjsonpath.New("flows"), knownvalue.ListSizeExact(3)),
				statecheck.ExpectKnownValue("data.whatsapp_flows.all", tfjsonpath.New("flows").AtSliceIndex(1), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id": knownvalue.StringExact("1183907543004830"), "name": knownvalue.StringExact("rma_request"), "status": knownvalue.StringExact("DRAFT"),
					"categories": knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("CUSTOMER_SUPPORT")}),
				})),
			},
		},
		resource.TestStep{PreConfig: a.fake.ResetStats, Config: resourceOnly, ConfigPlanChecks: snapshot(&alone)},
		resource.TestStep{PreConfig: a.fake.ResetStats, Config: cfg, ConfigPlanChecks: snapshot(&together)},
	)
	t.Logf("plan requests: the Flow alone %v, with two data sources %v", alone.Requests, together.Requests)
	if together.Total != alone.Total || together.Count("GET /{flow}") != 0 || alone.Count("GET /{waba}/flows") == 0 {
		t.Fatalf("two whatsapp_flows data sources beside the Flow cost %v, the Flow alone %v: they must read the Flow's listing", together.Requests, alone.Requests)
	}
}
