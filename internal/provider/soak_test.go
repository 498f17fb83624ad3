package provider

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// soakFaults are the failures a flaky network and Meta's throttling produce.
var soakFaults = []string{
	emulator.FaultRateLimit4, emulator.FaultRateLimit80007, emulator.FaultRateLimit80008,
	emulator.FaultHTTP500, emulator.FaultHTTP503HTML, emulator.FaultTransient,
	emulator.FaultDropBefore, emulator.FaultDropAfter, emulator.FaultTransientAfter,
}

// TestAccFaultSoak applies 118 resources over two WABAs while 20% of all
// requests fail (reproducibly, by hash), then checks that the fake holds
// exactly the seed plus what state holds, that the next plan is empty, and
// that destroy under the same faults leaves nothing managed behind.
func TestAccFaultSoak(t *testing.T) {
	t.Parallel()
	var ids []string
	a := newAcc(t, emulator.Options{OmitOptionalErrorFields: true}, func(s *emulator.Seed) { ids = seedUsers(s, "3200000000", 90) })
	if err := a.fake.SetFaults(emulator.FaultConfig{Seed: 20261121, Rate: 0.2, Kinds: soakFaults}); err != nil {
		t.Fatal(err)
	}
	cfg := a.provider("max_retries = 10") + fmt.Sprintf(`
locals {
  wabas = [%q, %q]
  users = [%s]
}

resource "whatsapp_assigned_user" "team" {
  count   = length(local.users)
  waba_id = local.wabas[count.index %% 2]
  user_id = local.users[count.index]
  tasks   = ["VIEW_COST"]
}

resource "whatsapp_phone_number" "line" {
  count        = 10
  waba_id      = local.wabas[count.index %% 2]
  cc           = "44"
  phone_number = format("77009001%%02d", count.index)
}

resource "whatsapp_subscribed_app" "hooks" {
  count                 = 2
  waba_id               = local.wabas[count.index]
  override_callback_uri = "https://hooks.example.com/wa/${count.index}"
  verify_token          = "soak-${count.index}"
}

resource "whatsapp_message_template" "notice" {
  count    = 10
  waba_id  = local.wabas[count.index %% 2]
  name     = format("soak_notice_%%02d", count.index)
  language = "en_US"
  category = "UTILITY"
  body     = { text = "Notice ${count.index}: your order {{1}} is ready.", examples = { "1" = "A-1" } }
}

resource "whatsapp_flow" "survey" {
  count                = 6
  waba_id              = local.wabas[count.index %% 2]
  name                 = format("soak_survey_%%02d", count.index)
  categories           = ["SURVEY"]
  publish              = count.index < 3
  deprecate_on_destroy = true
  flow_json            = jsonencode({ version = "7.2", screens = [{ id = "DONE", title = "Survey ${count.index}", terminal = true, layout = { type = "SingleColumnLayout", children = [] } }] })
}
`, testWABA, sparseWABA, quoteList(ids))

	exact := func(s *terraform.State) error {
		return a.soakExact(s, ids)
	}
	nothingManagedLeft := func(*terraform.State) error {
		for i, id := range ids {
			waba := []string{testWABA, sparseWABA}[i%2]
			if _, ok := a.fake.Assignment(waba, id); ok {
				return fmt.Errorf("user %s still assigned on %s after destroy", id, waba)
			}
		}
		for _, w := range []string{testWABA, sparseWABA} {
			if _, ok := a.fake.Subscription(w, testApp); ok {
				return fmt.Errorf("the app is still subscribed to %s after destroy", w)
			}
		}
		if n := len(a.soakTemplates()); n != 0 {
			return fmt.Errorf("%d templates left after destroy", n)
		}
		for _, f := range a.soakFlows() {
			if f.Status != "DEPRECATED" {
				return fmt.Errorf("Flow %s (%s) left %s after destroy: drafts are deleted, published Flows deprecated", f.Name, f.ID, f.Status)
			}
		}
		return nil
	}
	a.testWithDestroyCheck(nothingManagedLeft,
		resource.TestStep{Config: cfg, Check: exact},
	)
	st := a.fake.Stats()
	kinds := make([]string, 0, len(st.Faults))
	faults := 0
	for k, n := range st.Faults {
		kinds = append(kinds, fmt.Sprintf("%s=%d", k, n))
		faults += n
	}
	sort.Strings(kinds)
	// Each injected fault was answered by a retry (or a read-back); printed
	// to stderr so the figures show in make test's output.
	fmt.Fprintf(os.Stderr, "soak: %d requests, %d faults injected and recovered from (%s)\n", st.Total, faults, strings.Join(kinds, ", "))
	if faults < 50 {
		t.Fatalf("only %d faults: the soak exercised too little", faults)
	}
}

// soakExact checks the fake holds the seed plus exactly what state holds.
func (a *acc) soakExact(s *terraform.State, ids []string) error {
	inState := map[string]bool{}
	for _, r := range s.RootModule().Resources {
		if r.Type == "whatsapp_phone_number" {
			inState[r.Primary.ID] = true
		}
	}
	if len(inState) != 10 {
		return fmt.Errorf("%d phone numbers in state, want 10", len(inState))
	}
	digits := map[string]int{}
	for _, w := range []string{testWABA, sparseWABA} {
		for _, p := range a.fake.PhoneNumbers(w) {
			digits[p.CC+p.PhoneNumber]++
			if p.ID != seededPhone && !inState[p.ID] {
				return fmt.Errorf("orphan phone number %s (+%s %s) on %s", p.ID, p.CC, p.PhoneNumber, w)
			}
		}
	}
	for d, n := range digits {
		if n > 1 {
			return fmt.Errorf("phone number %s exists %d times", d, n)
		}
	}
	for i, id := range ids {
		waba := []string{testWABA, sparseWABA}[i%2]
		if tasks, ok := a.fake.Assignment(waba, id); !ok || len(tasks) != 1 || tasks[0] != "VIEW_COST" {
			return fmt.Errorf("user %s on %s: %v %v", id, waba, tasks, ok)
		}
	}
	for _, w := range []string{testWABA, sparseWABA} {
		if _, ok := a.fake.Subscription(w, testApp); !ok {
			return fmt.Errorf("the app is not subscribed to %s", w)
		}
	}
	templatesInState := map[string]bool{}
	for _, r := range s.RootModule().Resources {
		if r.Type == "whatsapp_message_template" {
			templatesInState[r.Primary.ID] = true
		}
	}
	onFake := a.soakTemplates()
	if len(onFake) != 10 || len(templatesInState) != 10 {
		return fmt.Errorf("%d soak templates on the fake and %d in state, want 10 of each (one per name)", len(onFake), len(templatesInState))
	}
	for _, t := range onFake {
		if !templatesInState[t.ID] {
			return fmt.Errorf("orphan template %s (%s) on the fake", t.ID, t.Name)
		}
	}
	return a.soakFlowsExact(s)
}

// soakFlowsExact checks the fake holds one Flow per soak name, each in
// state, the first three published.
func (a *acc) soakFlowsExact(s *terraform.State) error {
	inState := map[string]bool{}
	for _, r := range s.RootModule().Resources {
		if r.Type == "whatsapp_flow" {
			inState[r.Primary.ID] = true
		}
	}
	onFake := a.soakFlows()
	if len(onFake) != 6 || len(inState) != 6 {
		return fmt.Errorf("%d soak Flows on the fake and %d in state, want 6 of each (one per name)", len(onFake), len(inState))
	}
	for _, f := range onFake {
		want := "DRAFT"
		if f.Name < "soak_survey_03" {
			want = "PUBLISHED"
		}
		if !inState[f.ID] || f.Status != want {
			return fmt.Errorf("Flow %s (%s) is %s (in state: %v), want %s and in state", f.Name, f.ID, f.Status, inState[f.ID], want)
		}
	}
	return nil
}

// soakFlows are the soak's Flows on the fake.
func (a *acc) soakFlows() []emulator.SeedFlow {
	var out []emulator.SeedFlow
	for _, w := range a.fake.State().WABAs {
		for _, f := range w.Flows {
			if strings.HasPrefix(f.Name, "soak_survey_") {
				out = append(out, f)
			}
		}
	}
	return out
}

// soakTemplates are the soak's templates on the fake.
func (a *acc) soakTemplates() []emulator.SeedMessageTemplate {
	var out []emulator.SeedMessageTemplate
	for _, w := range a.fake.State().WABAs {
		for _, t := range w.MessageTemplates {
			if strings.HasPrefix(t.Name, "soak_notice_") {
				out = append(out, t)
			}
		}
	}
	return out
}
