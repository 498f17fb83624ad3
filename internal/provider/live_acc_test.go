package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// The live-safe set: each test runs against the in-process emulator (make
// test), a started fakegraph (make testacc-live-emulated) or Meta
// (WHATSAPP_LIVE=1), on the account newLiveAcc names. They assert only what
// holds on any account, check what they left through the API (never /_fake/),
// name what they create tfacc_<random>, and put back what they changed.

var emptyPlan = resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}

func stateAttr(name, path string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(name, tfjsonpath.New(path), v)
}

// Every data source on the live WABA: the account, its numbers (the test
// number among them), users, subscriptions, templates, and the business's
// WABAs when the business is known.
func TestAccLiveDataSources(t *testing.T) {
	t.Parallel()
	la := newLiveAcc(t)
	cfg := la.provider() + fmt.Sprintf(`
data "whatsapp_business_account" "live" {
  id = %[1]q
}
data "whatsapp_phone_numbers" "live" {
  waba_id = %[1]q
}
data "whatsapp_assigned_users" "live" {
  waba_id = %[1]q
}
data "whatsapp_subscribed_apps" "live" {
  waba_id = %[1]q
}
data "whatsapp_message_templates" "live" {
  waba_id = %[1]q
}
data "whatsapp_flows" "live" {
  waba_id = %[1]q
}
`, la.target.waba)
	checks := []statecheck.StateCheck{
		stateAttr("data.whatsapp_business_account.live", "id", knownvalue.StringExact(la.target.waba)),
		stateAttr("data.whatsapp_business_account.live", "name", knownvalue.NotNull()),
		stateAttr("data.whatsapp_phone_numbers.live", "phone_numbers", knownvalue.NotNull()),
		stateAttr("data.whatsapp_assigned_users.live", "users", knownvalue.NotNull()),
		stateAttr("data.whatsapp_subscribed_apps.live", "apps", knownvalue.NotNull()),
		stateAttr("data.whatsapp_message_templates.live", "templates", knownvalue.NotNull()),
		stateAttr("data.whatsapp_flows.live", "flows", knownvalue.NotNull()),
	}
	if la.target.business != "" {
		cfg += fmt.Sprintf("\ndata \"whatsapp_business_accounts\" \"live\" {\n  business_id  = %q\n  relationship = \"all\"\n}\n", la.target.business)
		checks = append(checks, stateAttr("data.whatsapp_business_accounts.live", "accounts", knownvalue.NotNull()))
	}
	la.test(nil, resource.TestStep{Config: cfg, ConfigStateChecks: checks,
		Check: func(s *terraform.State) error {
			if la.target.phone == "" {
				return nil
			}
			return stateListHas(s, "data.whatsapp_phone_numbers.live", "phone_numbers", "id", la.target.phone)
		}})
}

// stateListHas finds an element of a list attribute whose key is want.
func stateListHas(s *terraform.State, name, list, key, want string) error {
	rs, ok := s.RootModule().Resources[name]
	if !ok {
		return fmt.Errorf("%s is not in state", name)
	}
	for k, v := range rs.Primary.Attributes {
		if strings.HasPrefix(k, list+".") && strings.HasSuffix(k, "."+key) && v == want {
			return nil
		}
	}
	return fmt.Errorf("%s.%s lists no %s %s", name, list, key, want)
}

// The test number, adopted with an import block: an empty plan, then a
// destroy that only forgets it (deregister_on_destroy is false).
func TestAccLivePhoneNumber(t *testing.T) {
	t.Parallel()
	la := newLiveAcc(t, needPhone)
	cfg, id := la.phoneNumberConfig(t)
	const name = "whatsapp_phone_number.live"
	la.test(la.phoneStays,
		resource.TestStep{Config: cfg + importBlock(name, id), ConfigStateChecks: []statecheck.StateCheck{
			stateAttr(name, "id", knownvalue.StringExact(la.target.phone)), stateAttr(name, "status", knownvalue.NotNull()),
		}},
		resource.TestStep{Config: cfg, ConfigPlanChecks: emptyPlan},
	)
}

// phoneNumberConfig declares the test number as it is (its digits read
// from Meta) and returns its import ID.
func (la *liveAcc) phoneNumberConfig(t *testing.T) (cfg, id string) {
	t.Helper()
	p, err := la.client.GetPhoneNumber(context.Background(), la.target.phone)
	if err != nil {
		t.Fatal(err)
	}
	cc, national, ok := splitDisplayNumber(deref(p.DisplayPhoneNumber))
	if !ok {
		t.Fatalf("number %s has display number %q, which splits into no country code", la.target.phone, deref(p.DisplayPhoneNumber))
	}
	cfg = la.provider() + fmt.Sprintf("\nresource \"whatsapp_phone_number\" \"live\" {\n  waba_id      = %q\n  cc           = %q\n  phone_number = %q\n}\n",
		la.target.waba, cc, national)
	return cfg, la.target.waba + "/" + la.target.phone
}

func (la *liveAcc) phoneStays(*terraform.State) error {
	_, err := la.client.GetPhoneNumber(context.Background(), la.target.phone)
	return err
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// A tfacc_ template: created, planned empty, imported by its ID, deleted.
func TestAccLiveMessageTemplate(t *testing.T) {
	t.Parallel()
	la := newLiveAcc(t)
	const name = "whatsapp_message_template.live"
	cfg := la.provider() + fmt.Sprintf(`
resource "whatsapp_message_template" "live" {
  waba_id  = %q
  name     = %q
  language = "en_US"
  category = "UTILITY"
  parameter_format = "NAMED"
  body     = { text = "Your order {{order_id}} has shipped.", examples = { order_id = "A-1042" } }
}
`, la.target.waba, la.name)
	la.test(la.templateGone,
		resource.TestStep{Config: cfg, ConfigPlanChecks: expectAction(name, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{stateAttr(name, "name", knownvalue.StringExact(la.name)), stateAttr(name, "status", knownvalue.NotNull())}},
		resource.TestStep{Config: cfg, ResourceName: name, ImportState: true, ImportStateId: la.target.waba + "/" + la.name + "/en_US",
			ImportStateVerify: true, ImportStateVerifyIgnore: []string{"wait_for_review", "timeouts"}},
	)
	la.expectRequests("POST /{waba}/message_templates", 1)
	la.expectRequests("DELETE /{waba}/message_templates", 1)
}

func (la *liveAcc) templateGone(*terraform.State) error {
	templates, err := la.client.MessageTemplates(context.Background(), la.target.waba)
	if err != nil {
		return err
	}
	for _, tpl := range templates {
		if deref(tpl.Name) == la.name {
			return fmt.Errorf("template %s (%s) is still on the WABA", la.name, tpl.ID)
		}
	}
	return nil
}

// A tfacc_ draft Flow: created with its JSON, planned empty, imported (the
// JSON downloaded), deleted. Drafts are deletable, so nothing is left.
func TestAccLiveFlow(t *testing.T) {
	t.Parallel()
	la := newLiveAcc(t)
	const name = "whatsapp_flow.live"
	cfg := la.provider() + fmt.Sprintf(`
resource "whatsapp_flow" "live" {
  waba_id    = %q
  name       = %q
  categories = ["OTHER"]
  flow_json  = jsonencode({ version = "7.2", screens = [{ id = "DONE", title = "Done", terminal = true, layout = { type = "SingleColumnLayout", children = [{ type = "TextBody", text = "Thanks" }, { type = "Footer", label = "Close", "on-click-action" = { name = "complete", payload = {} } }] } }] })
}
`, la.target.waba, la.name)
	la.test(la.flowGone,
		resource.TestStep{Config: cfg, ConfigPlanChecks: expectAction(name, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{stateAttr(name, "status", knownvalue.StringExact("DRAFT")), stateAttr(name, "validation_errors", knownvalue.ListSizeExact(0))}},
		resource.TestStep{Config: cfg, ResourceName: name, ImportState: true, ImportStateVerify: true,
			ImportStateIdFunc: func(s *terraform.State) (string, error) {
				return la.target.waba + "/" + s.RootModule().Resources[name].Primary.ID, nil
			}},
	)
	la.expectRequests("POST /{waba}/flows", 1)
	la.expectRequests("DELETE /{flow}", 1)
}

func (la *liveAcc) flowGone(*terraform.State) error {
	flows, err := la.client.Flows(context.Background(), la.target.waba)
	if err != nil {
		return err
	}
	for _, f := range flows {
		if deref(f.Name) == la.name {
			return fmt.Errorf("Flow %s (%s) is still on the WABA", la.name, f.ID)
		}
	}
	return nil
}

// The test user: assigned, its tasks changed in place, imported, unassigned.
func TestAccLiveAssignedUser(t *testing.T) {
	t.Parallel()
	la := newLiveAcc(t, needUser)
	ctx := context.Background()
	if found, _, err := la.client.FindAssignedUser(ctx, la.target.waba, la.target.business, la.target.user); err != nil {
		t.Fatal(err)
	} else if found != nil {
		t.Skipf("user %s is assigned already: the test user must be one only the tests assign (make sweep unassigns it)", la.target.user)
	}
	const name = "whatsapp_assigned_user.live"
	cfg := func(tasks ...string) string {
		return la.provider() + fmt.Sprintf("\nresource \"whatsapp_assigned_user\" \"live\" {\n  waba_id = %q\n  user_id = %q\n  tasks   = [%s]\n}\n",
			la.target.waba, la.target.user, quoteList(tasks))
	}
	la.test(la.userUnassigned,
		resource.TestStep{Config: cfg("MESSAGING"), ConfigPlanChecks: expectAction(name, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{stateAttr(name, "tasks", knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("MESSAGING")}))}},
		resource.TestStep{Config: cfg("MESSAGING", "VIEW_TEMPLATES"), ConfigPlanChecks: expectAction(name, plancheck.ResourceActionUpdate)},
		resource.TestStep{Config: cfg("MESSAGING", "VIEW_TEMPLATES"), ResourceName: name, ImportState: true,
			ImportStateId: la.target.waba + "/" + la.target.user, ImportStateVerify: true},
	)
	// One write to assign, one to change the tasks in place, one to unassign.
	la.expectRequests("POST /{waba}/assigned_users", 2)
	la.expectRequests("DELETE /{waba}/assigned_users", 1)
}

func (la *liveAcc) userUnassigned(*terraform.State) error {
	found, _, err := la.client.FindAssignedUser(context.Background(), la.target.waba, la.target.business, la.target.user)
	if err == nil && found != nil {
		err = fmt.Errorf("user %s is still assigned with tasks %v", la.target.user, found.Tasks)
	}
	return err
}

// The token's app's subscription: adopted with an import block when the app
// is subscribed already (and subscribed again after the destroy), else
// created and removed.
func TestAccLiveSubscribedApp(t *testing.T) {
	// Not parallel: both may subscribe the app.
	la := newLiveAcc(t)
	ctx := context.Background()
	app, err := la.client.AppID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	existing, err := la.client.FindSubscribedApp(ctx, la.target.waba, app)
	if err != nil {
		t.Fatal(err)
	}
	const name = "whatsapp_subscribed_app.live"
	cfg := la.provider() + fmt.Sprintf("\nresource \"whatsapp_subscribed_app\" \"live\" {\n  waba_id = %q\n}\n", la.target.waba)
	first := resource.TestStep{Config: cfg, ConfigPlanChecks: expectAction(name, plancheck.ResourceActionCreate)}
	check := la.appUnsubscribed(app)
	if existing != nil {
		if existing.OverrideCallbackURI != nil && *existing.OverrideCallbackURI != "" {
			t.Skip("live: the app's subscription has a callback override, which cannot be restored without its verify token")
		}
		first = resource.TestStep{Config: cfg + importBlock(name, la.target.waba+"/"+app), ConfigPlanChecks: expectAction(name, plancheck.ResourceActionNoop)}
		check = nil
		la.restore("the app's subscription", func() error { return la.client.SubscribeApp(ctx, la.target.waba, nil) })
	}
	la.test(check, first,
		resource.TestStep{Config: cfg, ConfigPlanChecks: emptyPlan,
			ConfigStateChecks: []statecheck.StateCheck{stateAttr(name, "app_id", knownvalue.StringExact(app))}},
	)
}

func (la *liveAcc) appUnsubscribed(app string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		found, err := la.client.FindSubscribedApp(context.Background(), la.target.waba, app)
		if err == nil && found != nil {
			err = fmt.Errorf("app %s is still subscribed", app)
		}
		return err
	}
}

// The test number's business profile, filled as every real one is: adopted
// with an import block, its about text set to tfacc_<random>, and put back
// as it was after the destroy (which clears the fields the resource set).
func TestAccLiveBusinessProfile(t *testing.T) {
	t.Parallel()
	la := newLiveAcc(t, needPhone)
	ctx := context.Background()
	before, err := la.client.GetBusinessProfile(ctx, la.target.phone)
	if err != nil {
		t.Fatal(err)
	}
	if before == nil {
		before = &graphapi.BusinessProfile{}
	}
	la.restore("the business profile", func() error { return la.restoreProfile(*before) })
	const name = "whatsapp_business_profile.live"
	body := []string{"about = " + hclString(la.name)}
	for field, v := range map[string]*string{"address": before.Address, "description": before.Description, "email": before.Email, "vertical": before.Vertical} {
		if deref(v) != "" {
			body = append(body, field+" = "+hclString(*v))
		}
	}
	if len(before.Websites) > 0 {
		quoted := make([]string, len(before.Websites))
		for i, w := range before.Websites {
			quoted[i] = hclString(w)
		}
		body = append(body, "websites = ["+strings.Join(quoted, ", ")+"]")
	}
	slices.Sort(body)
	cfg := la.provider() + fmt.Sprintf("\nresource \"whatsapp_business_profile\" \"live\" {\n  phone_number_id = %q\n  %s\n}\n", la.target.phone, strings.Join(body, "\n  "))
	la.test(nil,
		resource.TestStep{Config: cfg + importBlock(name, la.target.phone), ConfigPlanChecks: expectAction(name, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{stateAttr(name, "about", knownvalue.StringExact(la.name))}},
		resource.TestStep{Config: cfg, ConfigPlanChecks: emptyPlan},
	)
	// The adoption's update and the destroy's clearing; the restore runs later.
	la.expectRequests("POST /{phone}/whatsapp_business_profile", 2)
}

// restoreProfile writes before back and reads it back. The about text is
// written only when it was set (Meta does not let it be emptied).
func (la *liveAcc) restoreProfile(before graphapi.BusinessProfile) error {
	ctx := context.Background()
	websites := before.Websites
	if websites == nil {
		websites = []string{}
	}
	u := graphapi.BusinessProfileUpdate{Address: orEmpty(before.Address), Description: orEmpty(before.Description),
		Email: orEmpty(before.Email), Websites: &websites}
	if deref(before.About) != "" {
		u.About = before.About
	}
	if deref(before.Vertical) != "" {
		u.Vertical = before.Vertical
	}
	if err := la.client.UpdateBusinessProfile(ctx, la.target.phone, u); err != nil {
		return err
	}
	after, err := la.client.GetBusinessProfile(ctx, la.target.phone)
	if err != nil || after == nil {
		return fmt.Errorf("reading the profile back: %v", err)
	}
	if got, want := profileText(*after), profileText(before); got != want {
		return fmt.Errorf("the profile reads back as %s, want %s", got, want)
	}
	return nil
}

func profileText(p graphapi.BusinessProfile) string {
	return fmt.Sprintf("about %q, address %q, description %q, email %q, vertical %q, websites %q",
		deref(p.About), deref(p.Address), deref(p.Description), deref(p.Email), deref(p.Vertical), p.Websites)
}

func orEmpty(s *string) *string {
	if s == nil {
		empty := ""
		return &empty
	}
	return s
}

// The test number's conversational components: adopted with an import
// block, changed to a tfacc_ prompt, and put back after the destroy.
func TestAccLiveConversationalAutomation(t *testing.T) {
	t.Parallel()
	la := newLiveAcc(t, needPhone)
	ctx := context.Background()
	before, err := la.client.GetConversationalAutomation(ctx, la.target.phone)
	if err != nil {
		t.Fatal(err)
	}
	if before == nil {
		before = &graphapi.ConversationalAutomation{}
	}
	la.restore("the conversational components", func() error {
		welcome := before.EnableWelcomeMessage != nil && *before.EnableWelcomeMessage
		return la.client.SetConversationalAutomation(ctx, la.target.phone, welcome, before.Prompts, before.Commands)
	})
	const name = "whatsapp_conversational_automation.live"
	cfg := la.provider() + fmt.Sprintf("\nresource \"whatsapp_conversational_automation\" \"live\" {\n  phone_number_id = %q\n  prompts         = [%s]\n}\n",
		la.target.phone, hclString(la.name))
	la.test(nil,
		resource.TestStep{Config: cfg + importBlock(name, la.target.phone),
			ConfigStateChecks: []statecheck.StateCheck{stateAttr(name, "prompts", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(la.name)}))}},
		resource.TestStep{Config: cfg, ConfigPlanChecks: emptyPlan},
	)
}

// The test number's commerce settings: adopted with an import block, the
// cart flipped, turned off by the destroy, and written back afterwards.
func TestAccLiveCommerceSettings(t *testing.T) {
	t.Parallel()
	la := newLiveAcc(t, needPhone)
	ctx := context.Background()
	before, err := la.client.GetCommerceSettings(ctx, la.target.phone)
	if err != nil {
		t.Fatal(err)
	}
	la.restore("the commerce settings", func() error {
		if err := la.client.SetCommerceSettings(ctx, la.target.phone, before.CartEnabled(), before.CatalogVisible()); err != nil {
			return err
		}
		after, err := la.client.GetCommerceSettings(ctx, la.target.phone)
		if err == nil && (after.CartEnabled() != before.CartEnabled() || after.CatalogVisible() != before.CatalogVisible()) {
			err = fmt.Errorf("the settings read back as cart %v, catalog %v; want %v, %v", after.CartEnabled(), after.CatalogVisible(), before.CartEnabled(), before.CatalogVisible())
		}
		return err
	})
	const name = "whatsapp_commerce_settings.live"
	cart := !before.CartEnabled()
	cfg := la.provider() + fmt.Sprintf("\nresource \"whatsapp_commerce_settings\" \"live\" {\n  phone_number_id    = %q\n  is_cart_enabled    = %t\n  is_catalog_visible = %t\n}\n",
		la.target.phone, cart, before.CatalogVisible())
	la.test(nil,
		resource.TestStep{Config: cfg + importBlock(name, la.target.phone), ConfigPlanChecks: expectAction(name, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{stateAttr(name, "is_cart_enabled", knownvalue.Bool(cart))}},
		resource.TestStep{Config: cfg, ConfigPlanChecks: emptyPlan},
	)
	// The adoption's update and the destroy's reset; the restore runs later.
	la.expectRequests("POST /{phone}/whatsapp_commerce_settings", 2)
}

// A tfacc_ QR code on the test number: created, its message changed in
// place, imported, and deleted by the destroy; the number's other codes are
// never touched.
func TestAccLiveQRCode(t *testing.T) {
	t.Parallel()
	la := newLiveAcc(t, needPhone)
	const name = "whatsapp_qr_code.live"
	cfg := func(message string) string {
		return la.provider() + fmt.Sprintf("\nresource \"whatsapp_qr_code\" \"live\" {\n  phone_number_id   = %q\n  prefilled_message = %s\n  image_format      = \"SVG\"\n}\n",
			la.target.phone, hclString(message))
	}
	la.test(func(*terraform.State) error {
		codes, err := la.client.QRCodes(context.Background(), la.target.phone)
		for _, q := range codes {
			if q.PrefilledMessage != nil && strings.HasPrefix(*q.PrefilledMessage, la.name) {
				return fmt.Errorf("QR code %s (%s) is still on the number", q.Code, *q.PrefilledMessage)
			}
		}
		return err
	},
		resource.TestStep{Config: cfg(la.name), ConfigPlanChecks: expectAction(name, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{stateAttr(name, "prefilled_message", knownvalue.StringExact(la.name))}},
		resource.TestStep{Config: cfg(la.name + " v2"), ConfigPlanChecks: expectAction(name, plancheck.ResourceActionUpdate)},
		resource.TestStep{ResourceName: name, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"image_format", "qr_image_url"}},
	)
	la.expectRequests("POST /{phone}/message_qrdls", 2)
	la.expectRequests("DELETE /{phone}/message_qrdls/{code}", 1)
}

// The test number's callback override, on a number that has none (one that
// has cannot be restored without its verify token): set, then removed. The
// app is subscribed for the test when it is not.
func TestAccLivePhoneNumberWebhook(t *testing.T) {
	// Not parallel: both may subscribe the app.
	la := newLiveAcc(t, needPhone, needCallback)
	ctx := context.Background()
	before, err := la.client.GetPhoneWebhook(ctx, la.target.phone)
	if err != nil {
		t.Fatal(err)
	}
	if before != nil && deref(before.PhoneNumber) != "" {
		t.Skip("live: the test number has a callback override, which cannot be restored without its verify token")
	}
	app, err := la.client.AppID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sub, err := la.client.FindSubscribedApp(ctx, la.target.waba, app); err != nil {
		t.Fatal(err)
	} else if sub == nil {
		if err := la.client.SubscribeApp(ctx, la.target.waba, nil); err != nil {
			t.Fatal(err)
		}
		la.restore("the app's subscription", func() error { return la.client.UnsubscribeApp(ctx, la.target.waba) })
	}
	const name = "whatsapp_phone_number_webhook.live"
	cfg := la.provider() + fmt.Sprintf("\nresource \"whatsapp_phone_number_webhook\" \"live\" {\n  phone_number_id       = %q\n  override_callback_uri = %q\n  verify_token          = %q\n}\n",
		la.target.phone, la.target.callbackURL, la.target.verifyToken)
	la.test(la.noOverride,
		resource.TestStep{Config: cfg, ConfigPlanChecks: expectAction(name, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{stateAttr(name, "override_callback_uri", knownvalue.StringExact(la.target.callbackURL))}},
	)
}

func (la *liveAcc) noOverride(*terraform.State) error {
	w, err := la.client.GetPhoneWebhook(context.Background(), la.target.phone)
	if err == nil && w != nil && deref(w.PhoneNumber) != "" {
		err = fmt.Errorf("number %s still has the override %s", la.target.phone, *w.PhoneNumber)
	}
	return err
}

// terraform query (Terraform >= 1.14) of the four list resources on the live
// WABA: each lists without error, and the test number is listed with its
// identity.
func TestAccLiveListResources(t *testing.T) {
	t.Parallel()
	la := newLiveAcc(t, needPhone)
	lists := ""
	for _, typ := range []string{"phone_number", "assigned_user", "subscribed_app", "message_template"} {
		lists += fmt.Sprintf("list \"whatsapp_%s\" \"live\" {\n  provider = whatsapp\n  include_resource = true\n  config {\n    waba_id = %q\n  }\n}\n", typ, la.target.waba)
	}
	runCase(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: la.factories(),
		Steps: []resource.TestStep{
			{Config: la.provider()},
			{Query: true, Config: lists, QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectIdentity("whatsapp_phone_number.live", map[string]knownvalue.Check{
					"waba_id": knownvalue.StringExact(la.target.waba), "id": knownvalue.StringExact(la.target.phone)}),
				querycheck.ExpectLengthAtLeast("whatsapp_phone_number.live", 1),
			}},
		},
	})
}

// Resource identity (Terraform >= 1.12): the test number adopted by ID
// carries its identity, and an import block by identity finds the same
// number with nothing to change.
func TestAccLiveIdentity(t *testing.T) {
	t.Parallel()
	la := newLiveAcc(t, needPhone)
	cfg, id := la.phoneNumberConfig(t)
	const name = "whatsapp_phone_number.live"
	runCase(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: la.factories(),
		CheckDestroy:             la.phoneStays,
		Steps: []resource.TestStep{
			{Config: cfg + importBlock(name, id), ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectIdentityValueMatchesState(name, tfjsonpath.New("waba_id")),
				statecheck.ExpectIdentityValueMatchesState(name, tfjsonpath.New("id")),
			}},
			{Config: cfg, ResourceName: name, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(name, plancheck.ResourceActionNoop)}}},
		},
	})
}

// Destructive (WHATSAPP_LIVE_DESTRUCTIVE=1): the test number's Cloud API
// registration, adopted with an import block and its PIN set to
// WHATSAPP_LIVE_PIN; the destroy deregisters it and the test registers it
// again. Spends 1 of Meta's 10 deregistrations and 1 of its 10
// registrations per number per 72 hours (a number that was not registered
// is registered and deregistered: the same cost).
func TestAccLivePhoneNumberRegistration(t *testing.T) {
	// Not parallel: the number is off the Cloud API between destroy and restore.
	la := newLiveAcc(t, needPhone, needDestructive, needPIN)
	ctx := context.Background()
	p, err := la.client.GetPhoneNumber(ctx, la.target.phone)
	if err != nil {
		t.Fatal(err)
	}
	const name = "whatsapp_phone_number_registration.live"
	cfg := la.provider() + fmt.Sprintf("\nresource \"whatsapp_phone_number_registration\" \"live\" {\n  phone_number_id = %q\n  pin             = %s\n}\n",
		la.target.phone, hclString(la.target.pin))
	first := resource.TestStep{Config: cfg, ConfigPlanChecks: expectAction(name, plancheck.ResourceActionCreate)}
	check := la.notRegistered
	if p.CloudAPIRegistered() {
		first = resource.TestStep{Config: cfg + importBlock(name, la.target.phone)}
		check = nil
		la.restore("the number's registration", func() error {
			return la.client.RegisterPhoneNumber(ctx, la.target.phone, graphapi.Registration{PIN: la.target.pin})
		})
	}
	first.ConfigStateChecks = []statecheck.StateCheck{stateAttr(name, "is_pin_enabled", knownvalue.Bool(true))}
	la.test(check, first, resource.TestStep{Config: cfg, ConfigPlanChecks: emptyPlan})
}

func (la *liveAcc) notRegistered(*terraform.State) error {
	p, err := la.client.GetPhoneNumber(context.Background(), la.target.phone)
	if err == nil && p.CloudAPIRegistered() {
		err = fmt.Errorf("number %s is still registered", la.target.phone)
	}
	return err
}
