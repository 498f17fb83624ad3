package provider

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	gotesting "github.com/mitchellh/go-testing-interface"
)

// runCase is resource.Test for every acceptance test in this package. It
// first refuses a step that only repeats the step before it to expect an
// empty plan: after every step terraform-plugin-testing plans twice (without
// and with a refresh) and fails on any change, so such a step costs about
// seven Terraform processes and proves nothing more (BENCHMARKS.md, "The test
// suite"). TestEveryCaseRunsThroughRunCase keeps the other callers out.
func runCase(t gotesting.T, tc resource.TestCase) {
	t.Helper()
	if !stepsAddSomething(t, tc.Steps) {
		return // a T whose Fatalf returns (failureOutput's) must not run the case
	}
	resource.Test(t, tc)
}

// stepsAddSomething fails t, and says false, at the first step that only
// repeats the step before it to expect an empty plan.
func stepsAddSomething(t gotesting.T, steps []resource.TestStep) bool {
	t.Helper()
	for i := 1; i < len(steps); i++ {
		if repeatsForEmptyPlan(steps[i-1], steps[i]) {
			t.Fatalf("step %d only repeats step %d to expect an empty plan, which the framework already checks after step %d: drop it, or give it something of its own to check", i+1, i, i)
			return false
		}
	}
	return true
}

// repeatsForEmptyPlan says whether step is prev again (the same inline
// configuration and variables), checking nothing but that the plan is empty,
// after a prev that applies that configuration and expects an empty plan
// itself. It errs towards false: steps of ConfigFile or ConfigDirectory, and
// variables nil in one step and empty in the other, are never flagged.
func repeatsForEmptyPlan(prev, step resource.TestStep) bool {
	if prev.Config == "" || step.Config != prev.Config || !reflect.DeepEqual(step.ConfigVariables, prev.ConfigVariables) {
		return false
	}
	if !plainApply(prev) || !plainApply(step) {
		return false
	}
	if step.PreConfig != nil || step.Check != nil || len(step.ConfigStateChecks) > 0 || step.PostApplyFunc != nil || len(step.Taint) > 0 {
		return false
	}
	checks := step.ConfigPlanChecks
	if len(checks.PostApplyPreRefresh) > 0 || len(checks.PostApplyPostRefresh) > 0 {
		return false
	}
	for _, c := range checks.PreApply {
		if c != plancheck.ExpectEmptyPlan() {
			return false
		}
	}
	return true
}

// plainApply says whether step applies its configuration with the case's
// providers and expects an empty plan after it: no import, refresh, destroy,
// query, state store or generated config, no expected error or change, no
// providers of its own, and nothing that may skip it.
func plainApply(step resource.TestStep) bool {
	return !step.ImportState && !step.RefreshState && !step.Destroy && !step.Query && !step.StateStore && !step.VerifyStateStoreLock &&
		!step.GenerateConfig && step.ExpectError == nil && !step.ExpectNonEmptyPlan && step.SkipFunc == nil && len(step.RefreshPlanChecks.PostRefresh) == 0 &&
		step.ProviderFactories == nil && step.ProtoV5ProviderFactories == nil && step.ProtoV6ProviderFactories == nil && step.ExternalProviders == nil
}

func TestRepeatsForEmptyPlan(t *testing.T) {
	t.Parallel()
	const cfg = `resource "whatsapp_subscribed_app" "app" {}`
	emptyPlanChecks := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	noop := func() {}
	tests := []struct {
		name       string
		prev, step resource.TestStep
		want       bool
	}{
		{"the same config to expect an empty plan", resource.TestStep{Config: cfg}, resource.TestStep{Config: cfg, ConfigPlanChecks: emptyPlanChecks}, true},
		{"the same config, plan only", resource.TestStep{Config: cfg}, resource.TestStep{Config: cfg, PlanOnly: true}, true},
		{"another config", resource.TestStep{Config: cfg}, resource.TestStep{Config: cfg + "\n", ConfigPlanChecks: emptyPlanChecks}, false},
		{"after a step that expects changes", resource.TestStep{Config: cfg, ExpectNonEmptyPlan: true}, resource.TestStep{Config: cfg, ConfigPlanChecks: emptyPlanChecks}, false},
		{"after an import", resource.TestStep{Config: cfg, ImportState: true, ResourceName: "whatsapp_subscribed_app.app"}, resource.TestStep{Config: cfg, ConfigPlanChecks: emptyPlanChecks}, false},
		{"after an error", resource.TestStep{Config: cfg, ExpectError: regexp.MustCompile("x")}, resource.TestStep{Config: cfg}, false},
		{"a change made before it", resource.TestStep{Config: cfg}, resource.TestStep{Config: cfg, PreConfig: noop, ConfigPlanChecks: emptyPlanChecks}, false},
		{"a check of its own", resource.TestStep{Config: cfg}, resource.TestStep{Config: cfg, Check: func(*terraform.State) error { return nil }}, false},
		{"a plan check of its own", resource.TestStep{Config: cfg}, resource.TestStep{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("whatsapp_subscribed_app.app", plancheck.ResourceActionNoop)}}}, false},
		{"a refresh", resource.TestStep{Config: cfg}, resource.TestStep{Config: cfg, RefreshState: true}, false},
		{"other variables", resource.TestStep{Config: cfg, ConfigVariables: config.Variables{"x": config.StringVariable("a")}},
			resource.TestStep{Config: cfg, ConfigVariables: config.Variables{"x": config.StringVariable("b")}, ConfigPlanChecks: emptyPlanChecks}, false},
		{"the same variables", resource.TestStep{Config: cfg, ConfigVariables: config.Variables{"x": config.StringVariable("a")}},
			resource.TestStep{Config: cfg, ConfigVariables: config.Variables{"x": config.StringVariable("a")}}, true},
		{"a destroy", resource.TestStep{Config: cfg}, resource.TestStep{Config: cfg, Destroy: true}, false},
		{"state checks of its own", resource.TestStep{Config: cfg}, resource.TestStep{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("whatsapp_subscribed_app.app", tfjsonpath.New("id"), knownvalue.NotNull())}}, false},
		{"after a step that may be skipped", resource.TestStep{Config: cfg, SkipFunc: func() (bool, error) { return true, nil }},
			resource.TestStep{Config: cfg, ConfigPlanChecks: emptyPlanChecks}, false},
		{"a step that may be skipped", resource.TestStep{Config: cfg}, resource.TestStep{Config: cfg, SkipFunc: func() (bool, error) { return true, nil }}, false},
		{"providers of its own", resource.TestStep{Config: cfg}, resource.TestStep{Config: cfg, ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){}}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := repeatsForEmptyPlan(tc.prev, tc.step); got != tc.want {
				t.Errorf("repeatsForEmptyPlan = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestEveryCaseRunsThroughRunCase: no test file calls resource.Test (or
// ParallelTest, UnitTest) but through runCase, so its check sees every case.
func TestEveryCaseRunsThroughRunCase(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	direct := regexp.MustCompile(`resource\.(Test|ParallelTest|UnitTest)\(`)
	for _, f := range files {
		if f == "steps_test.go" {
			continue // runCase's own call
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if direct.MatchString(line) {
				t.Errorf("%s:%d calls %s; use runCase", f, i+1, direct.FindString(line))
			}
		}
	}
}
