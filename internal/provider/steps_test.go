package provider

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	gotesting "github.com/mitchellh/go-testing-interface"
)

// runCase is resource.Test for every acceptance test in this package. It
// first refuses a step that only repeats the step before it to expect an
// empty plan: after every step terraform-plugin-testing plans twice (without
// and with a refresh) and fails on any change, so such a step costs seven
// Terraform processes and proves nothing more (BENCHMARKS.md, "The test
// suite"). TestEveryCaseRunsThroughRunCase keeps the other callers out.
func runCase(t gotesting.T, tc resource.TestCase) {
	t.Helper()
	for i := 1; i < len(tc.Steps); i++ {
		if repeatsForEmptyPlan(tc.Steps[i-1], tc.Steps[i]) {
			t.Fatalf("step %d only repeats step %d to expect an empty plan, which the framework already checks after step %d: drop it, or give it something of its own to check", i+1, i, i)
			return
		}
	}
	resource.Test(t, tc)
}

// repeatsForEmptyPlan says whether step is prev again (the same
// configuration and variables), checking nothing but that the plan is empty,
// after a prev that expects an empty plan itself.
func repeatsForEmptyPlan(prev, step resource.TestStep) bool {
	if prev.Config == "" || step.Config != prev.Config || !reflect.DeepEqual(step.ConfigVariables, prev.ConfigVariables) {
		return false
	}
	if prev.ImportState || prev.RefreshState || prev.Destroy || prev.ExpectError != nil || prev.ExpectNonEmptyPlan {
		return false
	}
	if step.ImportState || step.RefreshState || step.Destroy || step.ExpectError != nil || step.ExpectNonEmptyPlan ||
		step.PreConfig != nil || step.Check != nil || len(step.ConfigStateChecks) > 0 || step.SkipFunc != nil ||
		len(step.Taint) > 0 || step.ProtoV6ProviderFactories != nil {
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
// ParallelTest) but through runCase, so its check sees every case.
func TestEveryCaseRunsThroughRunCase(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	direct := regexp.MustCompile(`resource\.(Test|ParallelTest)\(`)
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
