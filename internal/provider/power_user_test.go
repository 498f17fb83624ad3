package provider

import (
	"context"
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// Tests for what a power user hit (issue 22): each reproduces one report.

const strangerBusiness = "999999999999999"

// recordingT lets a test read the whole output of a failing step, to count
// or rule out what a diagnostic says, which ExpectError's regexp cannot.
type recordingT struct {
	*testing.T
	mu   sync.Mutex
	msgs []string
}

func (r *recordingT) record(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, s)
}

func (r *recordingT) Error(args ...any)                 { r.record(fmt.Sprint(args...)) }
func (r *recordingT) Errorf(format string, args ...any) { r.record(fmt.Sprintf(format, args...)) }
func (r *recordingT) Fatal(args ...any)                 { r.record(fmt.Sprint(args...)); runtime.Goexit() }
func (r *recordingT) Fatalf(format string, args ...any) {
	r.record(fmt.Sprintf(format, args...))
	runtime.Goexit()
}
func (r *recordingT) FailNow() { runtime.Goexit() }
func (r *recordingT) Fail()    {}

// failureOutput runs steps that must fail and returns what the first failure
// said (a failed step; what destroy says afterwards is left out).
func (a *acc) failureOutput(steps ...resource.TestStep) string {
	a.t.Helper()
	stepsAddSomething(a.t, steps) // a refusal fails the test, not just rt
	rt := &recordingT{T: a.t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		runCase(rt, resource.TestCase{ProtoV6ProviderFactories: a.factories(), Steps: steps})
	}()
	<-done
	// Terraform wraps diagnostics: fold white space so phrases can be counted.
	if len(rt.msgs) == 0 {
		a.t.Fatal("the steps did not fail")
	}
	return strings.Join(strings.Fields(rt.msgs[0]), " ")
}

func (a *acc) writesTo(route string) int {
	st := a.fake.Stats()
	return st.Count("POST "+route) + st.Count("DELETE "+route)
}

// 1: a wrong business_id on an existing assignment fails before any write.
func TestAccWrongBusinessOnExistingAssignmentWritesNothing(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	a.fake.Apply(emulator.Seed{Businesses: []emulator.SeedBusiness{{ID: strangerBusiness, Name: "Stranger"}}}) //nolint:errcheck // a plain seed
	cfg := assignedUserConfig(a, janeUser, []string{"VIEW_COST"})
	a.test(
		resource.TestStep{Config: cfg},
		resource.TestStep{
			PreConfig:   a.fake.ResetStats,
			Config:      strings.Replace(cfg, `tasks   = ["VIEW_COST"]`, `tasks   = ["VIEW_COST"]`+"\n  business_id = \""+strangerBusiness+"\"", 1),
			ExpectError: errorRe(`No Assigned Users Listed.*` + strangerBusiness + `.*Nothing was written`),
		},
		resource.TestStep{
			PreConfig: func() {
				if n := a.writesTo("/{waba}/assigned_users"); n != 0 {
					t.Fatalf("%d writes to assigned_users for a wrong business_id, want 0", n)
				}
			},
			Config:           cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check:            a.assignmentIs(janeUser, "VIEW_COST"),
		},
	)
}

// 2: a provider app_id that is not the token's app is refused before any write.
func TestAccAppIDNotTokensAppWritesNothing(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	a.test(resource.TestStep{
		Config:      a.provider(fmt.Sprintf("app_id = %q", otherApp)) + subscribedAppBlock(),
		ExpectError: errorRe(`app_id is ` + otherApp + `, but the access token belongs to app ` + testApp + ` \(Acme Terraform App\).*Set app_id`),
	})
	if n := a.writesTo("/{waba}/subscribed_apps"); n != 0 {
		t.Fatalf("%d writes to subscribed_apps, want 0", n)
	}
	if _, ok := a.fake.Subscription(testWABA, testApp); ok {
		t.Fatal("the token's app was subscribed")
	}
	if _, ok := a.fake.Subscription(testWABA, otherApp); !ok {
		t.Fatal("the other app's subscription is gone")
	}
}

// 3: after a wrong business_id, removing it (as the message says) works, and
// a stale business_id in state is read through the owner business.
func TestAccWrongBusinessAdviceWorks(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	const newOwner = "506914307656699"
	cfg := assignedUserConfig(a, janeUser, []string{"VIEW_COST"})
	a.test(
		resource.TestStep{
			Config:      strings.Replace(cfg, `tasks   = ["VIEW_COST"]`, `tasks   = ["VIEW_COST"]`+"\n  business_id = \""+strangerBusiness+"\"", 1),
			ExpectError: errorRe(`Business Does Not Manage the Account.*` + strangerBusiness + `.*Nothing was written.*remove it`),
		},
		resource.TestStep{
			PreConfig: func() {
				if _, ok := a.fake.Assignment(testWABA, janeUser); ok || a.writesTo("/{waba}/assigned_users") != 0 {
					t.Fatal("a create with a wrong business_id wrote")
				}
			},
			Config: cfg,
			Check:  a.assignmentIs(janeUser, "VIEW_COST"),
		},
		resource.TestStep{
			// The account moves to another owner business: the business_id in
			// state lists nothing, and the owner's listing is used instead.
			PreConfig: func() {
				if err := a.fake.Apply(emulator.Seed{
					Businesses: []emulator.SeedBusiness{{ID: newOwner, Name: "Acme Holding"}},
					WABAs:      []emulator.SeedWABA{{ID: testWABA, OwnerBusinessID: newOwner}},
				}); err != nil {
					t.Fatal(err)
				}
			},
			Config:            cfg,
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(assignedUserName, tfjsonpath.New("business_id"), knownvalue.StringExact(newOwner))},
		},
	)
}

// 4: Ctrl-C during a rate-limit wait says it was cancelled.
func TestCancelledWaitSaysCancelled(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	if err := a.fake.SetFaults(emulator.FaultConfig{RegainMinutes: 4, Rules: []emulator.FaultRule{{Kind: emulator.FaultRateLimit80008}}}); err != nil {
		t.Fatal(err)
	}
	clock := &signallingClock{sleeping: make(chan struct{}, 1)}
	client, err := graphapi.New(graphapi.Config{BaseURL: a.fake.URL, AccessToken: testToken, MaxRetries: 3, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := client.GetWABA(ctx, testWABA); done <- err }()
	<-clock.sleeping // the client waits for the announced 4 minutes
	cancel()
	detail := apiErrorDetail("reading WhatsApp Business Account "+testWABA, <-done)
	for _, want := range []string{"cancelled while waiting", "The run was cancelled"} {
		if !strings.Contains(detail, want) {
			t.Errorf("the diagnostic lacks %q:\n%s", want, detail)
		}
	}
	for _, bad := range []string{"failed temporarily", "gave up", "Run again later"} {
		if strings.Contains(detail, bad) {
			t.Errorf("the diagnostic says %q:\n%s", bad, detail)
		}
	}
}

// signallingClock says when a wait starts, and waits until the context ends.
type signallingClock struct{ sleeping chan struct{} }

func (c *signallingClock) Now() time.Time { return time.Now() }

func (c *signallingClock) Sleep(ctx context.Context, _ time.Duration) error {
	c.sleeping <- struct{}{}
	<-ctx.Done()
	return ctx.Err()
}

var traceIDs = regexp.MustCompile(`fbtrace_id [A-Za-z0-9_-]{8,}`)

// 5: the owner-business lookup's errors name their cause; Meta's message,
// codes and fbtrace_id appear once.
func TestAccOwnerLookupErrorsNameTheirCause(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, waba string
		rule       *emulator.FaultRule
		want, not  []string
	}{
		{name: "rate limited", waba: testWABA, rule: &emulator.FaultRule{Method: "GET", Route: "/{waba}", Kind: emulator.FaultRateLimit4},
			want: []string{"Cannot Read the Account's Owner Business", "Meta's rate limit is used up", "(#4) Application request limit reached"},
			not:  []string{"Set business_id", "set business_id"}},
		{name: "no such account", waba: "999999",
			want: []string{"Cannot Read the Account's Owner Business", "does not exist, or the token cannot see it"},
			not:  []string{"Set business_id", "set business_id"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := newAcc(t, emulator.Options{})
			if tc.rule != nil {
				if err := a.fake.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{*tc.rule}}); err != nil {
					t.Fatal(err)
				}
			}
			out := a.failureOutput(resource.TestStep{Config: a.provider("max_retries = 0") + strings.Replace(assignedUserBlock(janeUser, []string{"VIEW_COST"}), testWABA, tc.waba, 1)})
			for _, w := range tc.want {
				if strings.Count(out, w) != 1 {
					t.Errorf("%q appears %d times, want once:\n%s", w, strings.Count(out, w), out)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(out, n) {
					t.Errorf("the output says %q:\n%s", n, out)
				}
			}
			if n := len(traceIDs.FindAllString(out, -1)); n != 1 {
				t.Errorf("fbtrace_id appears %d times, want once:\n%s", n, out)
			}
		})
	}
}

// 6: one failed listing is reported once, not once per resource.
func TestAccFailedListingReportedOnce(t *testing.T) {
	t.Parallel()
	const n = 50
	a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) {
		for i := range n {
			s.Users = append(s.Users, emulator.SeedUser{ID: fmt.Sprintf("20000000000%04d", i), Name: "user", BusinessID: testBusiness})
		}
	})
	cfg := a.provider() + fmt.Sprintf(`
resource "whatsapp_assigned_user" "many" {
  count   = %d
  waba_id = %q
  user_id = format("20000000000%%04d", count.index)
  tasks   = ["VIEW_COST"]
}
`, n, testWABA)
	out := a.failureOutput(
		resource.TestStep{Config: cfg},
		resource.TestStep{
			PreConfig: func() {
				if err := a.fake.SetFaults(emulator.FaultConfig{Rules: []emulator.FaultRule{{Method: "GET", Route: "/{waba}/assigned_users", Kind: emulator.FaultPermission}}}); err != nil {
					t.Fatal(err)
				}
			},
			Config: cfg, PlanOnly: true,
		},
	)
	if got := len(traceIDs.FindAllString(out, -1)); got != 1 {
		t.Errorf("fbtrace_id appears %d times for one failed listing, want once:\n%s", got, out)
	}
	if got := strings.Count(out, "whatsapp_business_management (and business_management)"); got != 1 {
		t.Errorf("the full error appears %d times, want once", got)
	}
	if !strings.Contains(out, "failed for another resource") {
		t.Errorf("the other resources do not refer to the reported error:\n%s", out)
	}
}

// 7: config generated for a subscription with an override says what to add.
func TestAccGeneratedConfigForOverrideSaysWhatToAdd(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	cfg := subscribedAppConfig(a, `override_callback_uri = "https://hooks.example.com/wa"`, `verify_token = "s3cret"`)
	a.test(
		resource.TestStep{Config: cfg},
		resource.TestStep{
			Config: cfg, ResourceName: subscribedAppName, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
			ImportStateId: testWABA, GenerateConfig: true,
			ExpectError: errorRe(`Missing Verify Token.*Import cannot read the token back.*generate-config-out.*set verify_token_wo`),
		},
	)
}

// 8: importing what is not there says what was looked for and where it is.
func TestAccImportMissingObjectsSayWhere(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, config, resourceName, id, want string }{
		{"number on another account", fmt.Sprintf(`
resource "whatsapp_phone_number" "test" {
  waba_id      = %q
  cc           = "49"
  phone_number = "15112345678"
}
`, sparseWABA), phoneNumberName, sparseWABA + "/" + seededPhone,
			`Cannot Import: Not Found.*Phone number ` + seededPhone + ` \(\+49 151 12345678\) exists but is not on WhatsApp Business Account ` + sparseWABA + `: it belongs to another account.*has: none`},
		{"user not assigned", assignedUserBlock(samUser, []string{"VIEW_COST"}), assignedUserName, testWABA + "/" + samUser,
			`Cannot Import: Not Found.*User ` + samUser + ` has no tasks on WhatsApp Business Account ` + testWABA + `.*lists: ` + botUser},
		{"app not subscribed", strings.Replace(subscribedAppBlock(), testWABA, sparseWABA, 1), subscribedAppName, sparseWABA,
			`Cannot Import: Not Found.*app ` + testApp + ` is not subscribed to WhatsApp Business Account ` + sparseWABA + ` \(subscribed apps: none\)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := newAcc(t, emulator.Options{})
			a.test(resource.TestStep{
				Config: a.provider() + tc.config, ResourceName: tc.resourceName, ImportState: true, ImportStateId: tc.id,
				ExpectError: errorRe(tc.want),
			})
		})
	}
}

// 11: an unknown task names the attribute and the value plainly.
func TestUnknownTaskMessage(t *testing.T) {
	t.Parallel()
	set, _ := types.SetValueFrom(context.Background(), types.StringType, []string{"MANAGE", "BOGUS"})
	var resp validator.SetResponse
	knownTasks{}.ValidateSet(context.Background(), validator.SetRequest{Path: path.Root("tasks"), ConfigValue: set}, &resp)
	if resp.Diagnostics.ErrorsCount() != 1 {
		t.Fatalf("%d errors", resp.Diagnostics.ErrorsCount())
	}
	d := resp.Diagnostics.Errors()[0]
	if !strings.Contains(d.Detail(), `tasks holds "BOGUS"`) || strings.Contains(d.Detail(), "Value(") {
		t.Fatalf("detail: %s", d.Detail())
	}
}
