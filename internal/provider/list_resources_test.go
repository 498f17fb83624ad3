package provider

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

// adoptionSeed is an existing setup on two WABAs, for the list resources:
// numbers, users and the token's app's subscription on both.
func adoptionSeed(s *emulator.Seed) {
	w, sparse := &s.WABAs[0], &s.WABAs[1]
	w.PhoneNumbers = append(w.PhoneNumbers, emulator.SeedPhoneNumber{ID: "110200345501443", CC: "1", PhoneNumber: "6315551234", VerifiedName: "Acme US", Status: "CONNECTED"})
	w.AssignedUsers = append(w.AssignedUsers,
		emulator.SeedAssignedUser{UserID: janeUser, Tasks: []string{"MANAGE_TEMPLATES", "VIEW_COST"}},
		emulator.SeedAssignedUser{UserID: samUser, Tasks: []string{"MESSAGING"}})
	w.SubscribedApps = append(w.SubscribedApps, emulator.SeedSubscribedApp{AppID: testApp})
	w.PhoneNumbers[0].QRCodes = []emulator.SeedQRCode{{Code: "4O4YGZEG3RIVE1", PrefilledMessage: "Where is my order?"}, {Code: "ANOVZ6RINRD7G1"}}
	sparse.PhoneNumbers = append(sparse.PhoneNumbers, emulator.SeedPhoneNumber{ID: "110200345501450", CC: "44", PhoneNumber: "7700900123", VerifiedName: "Acme UK"})
	sparse.SubscribedApps = append(sparse.SubscribedApps, emulator.SeedSubscribedApp{AppID: testApp, OverrideCallbackURI: "https://hooks.example.com/uk"})
	w.MessageTemplates = append(w.MessageTemplates, exampleTemplate(), emulator.SeedMessageTemplate{
		Name: "weekly_picks", Language: "en_US", Category: "MARKETING",
		Components: []any{map[string]any{"type": "BODY", "text": "Our picks"}, map[string]any{"type": "CAROUSEL", "cards": []any{}}},
	})
	w.Flows = append(w.Flows,
		emulator.SeedFlow{ID: "1183907543004829", Name: "newsletter_signup", Categories: []string{"SIGN_UP"}, Status: "PUBLISHED", FlowJSON: exampleFlowJSON},
		emulator.SeedFlow{ID: "1183907543004830", Name: "rma_request", Categories: []string{"CUSTOMER_SUPPORT"}, FlowJSON: exampleFlowJSON},
		emulator.SeedFlow{ID: "1183907543004831", Name: "old_survey", Categories: []string{"SURVEY"}, Status: "DEPRECATED", FlowJSON: exampleFlowJSON})
	sparse.MessageTemplates = append(sparse.MessageTemplates, emulator.SeedMessageTemplate{
		Name: "login_code", Language: "en_GB", Category: "AUTHENTICATION",
		Components: []any{map[string]any{"type": "BODY", "add_security_recommendation": true},
			map[string]any{"type": "BUTTONS", "buttons": []any{map[string]any{"type": "OTP", "otp_type": "COPY_CODE"}}}},
	})
}

// TestAccListResources runs terraform query (Terraform >= 1.14) over the two
// WABAs, one item a page: every list returns exactly what the fake holds,
// with identities and resources as Read would save them. The subscribed-app
// list holds only the token's own app (another app's subscription cannot be
// managed with this token).
func TestAccListResources(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{PageSize: 1}, adoptionSeed)
	lists := ""
	for _, waba := range []string{testWABA, sparseWABA} {
		for _, typ := range []string{"phone_number", "assigned_user", "subscribed_app", "message_template", "flow"} {
			lists += fmt.Sprintf("list \"whatsapp_%s\" \"w%s\" {\n  provider = whatsapp\n  include_resource = true\n  config {\n    waba_id = %q\n  }\n}\n", typ, waba[len(waba)-2:], waba)
		}
	}
	identity := func(pairs ...string) map[string]knownvalue.Check {
		m := map[string]knownvalue.Check{}
		for i := 0; i < len(pairs); i += 2 {
			m[pairs[i]] = knownvalue.StringExact(pairs[i+1])
		}
		return m
	}
	byIdentity := func(pairs ...string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(identity(pairs...))
	}
	runCase(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: a.factories(),
		Steps: []resource.TestStep{
			{Config: a.provider()},
			{
				Query:  true,
				Config: lists,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("whatsapp_phone_number.w60", 2),
					querycheck.ExpectLength("whatsapp_assigned_user.w60", 3),
					querycheck.ExpectLength("whatsapp_subscribed_app.w60", 1),
					querycheck.ExpectLength("whatsapp_phone_number.w61", 1),
					querycheck.ExpectLength("whatsapp_assigned_user.w61", 1),
					querycheck.ExpectLength("whatsapp_subscribed_app.w61", 1),
					querycheck.ExpectLength("whatsapp_message_template.w60", 2),
					querycheck.ExpectLength("whatsapp_message_template.w61", 1),
					querycheck.ExpectLength("whatsapp_flow.w60", 2),
					querycheck.ExpectLength("whatsapp_flow.w61", 0),
					querycheck.ExpectResourceKnownValues("whatsapp_flow.w60", byIdentity("waba_id", testWABA, "id", "1183907543004829"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("flow_json"), KnownValue: knownvalue.StringExact(exampleFlowJSON)},
						{Path: tfjsonpath.New("publish"), KnownValue: knownvalue.Bool(true)},
						{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("PUBLISHED")},
					}),
					querycheck.ExpectResourceKnownValues("whatsapp_message_template.w61", byIdentity("waba_id", sparseWABA, "id", "1702255403300003"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("login_code")},
						{Path: tfjsonpath.New("category"), KnownValue: knownvalue.StringExact("AUTHENTICATION")},
						{Path: tfjsonpath.New("buttons").AtSliceIndex(0).AtMapKey("type"), KnownValue: knownvalue.StringExact("OTP")},
					}),
					querycheck.ExpectResourceKnownValues("whatsapp_message_template.w60", byIdentity("waba_id", testWABA, "id", "1702255403300001"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("parameter_format"), KnownValue: knownvalue.StringExact("NAMED")},
						{Path: tfjsonpath.New("components_json"), KnownValue: knownvalue.Null()},
					}),
					querycheck.ExpectIdentity("whatsapp_phone_number.w60", identity("waba_id", testWABA, "id", seededPhone)),
					querycheck.ExpectIdentity("whatsapp_phone_number.w60", identity("waba_id", testWABA, "id", "110200345501443")),
					querycheck.ExpectIdentity("whatsapp_assigned_user.w60", identity("waba_id", testWABA, "user_id", samUser)),
					querycheck.ExpectIdentity("whatsapp_subscribed_app.w61", identity("waba_id", sparseWABA, "app_id", testApp)),
					querycheck.ExpectResourceDisplayName("whatsapp_phone_number.w61", byIdentity("waba_id", sparseWABA, "id", "110200345501450"),
						knownvalue.StringExact("+44 770 0900123 (110200345501450)")),
					querycheck.ExpectResourceKnownValues("whatsapp_phone_number.w61", byIdentity("waba_id", sparseWABA, "id", "110200345501450"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("cc"), KnownValue: knownvalue.StringExact("44")},
						{Path: tfjsonpath.New("phone_number"), KnownValue: knownvalue.StringExact("7700900123")},
						{Path: tfjsonpath.New("verified_name"), KnownValue: knownvalue.StringExact("Acme UK")},
					}),
					querycheck.ExpectResourceKnownValues("whatsapp_assigned_user.w60", byIdentity("waba_id", testWABA, "user_id", janeUser), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("business_id"), KnownValue: knownvalue.StringExact(testBusiness)},
						{Path: tfjsonpath.New("tasks"), KnownValue: knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("MANAGE_TEMPLATES"), knownvalue.StringExact("VIEW_COST")})},
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("Jane Ops")},
					}),
					querycheck.ExpectResourceKnownValues("whatsapp_subscribed_app.w61", byIdentity("waba_id", sparseWABA, "app_id", testApp), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("override_callback_uri"), KnownValue: knownvalue.StringExact("https://hooks.example.com/uk")},
						{Path: tfjsonpath.New("verify_token"), KnownValue: knownvalue.Null()},
					}),
				},
			},
		},
	})
}

// listResourceExamples are the list resources whose example
// TestAccExampleListResources runs, with the results each lists from the
// adoption seed.
var listResourceExamples = map[string]int{"whatsapp_phone_number": 2, "whatsapp_assigned_user": 3, "whatsapp_subscribed_app": 1, "whatsapp_message_template": 2,
	"whatsapp_qr_code": 2, "whatsapp_flow": 2}

// TestAccExampleListResources runs each list resource's example with
// terraform query against the adoption seed (Terraform >= 1.14).
func TestAccExampleListResources(t *testing.T) {
	t.Parallel()
	for typeName, want := range listResourceExamples {
		t.Run(typeName, func(t *testing.T) {
			t.Parallel()
			a := newAcc(t, emulator.Options{}, adoptionSeed)
			runCase(t, resource.TestCase{
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
				ProtoV6ProviderFactories: a.factories(),
				Steps: []resource.TestStep{
					{Config: a.provider()},
					{
						Query:             true,
						Config:            readExample(t, filepath.Join("list-resources", typeName, "list-resource.tfquery.hcl")),
						QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength(typeName+".support", want)},
					},
				},
			})
		})
	}
}
