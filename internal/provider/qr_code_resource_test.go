package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

const qrName = "whatsapp_qr_code.test"

func qrConfig(a *acc, body ...string) string {
	return a.provider() + fmt.Sprintf("\nresource \"whatsapp_qr_code\" \"test\" {\n  phone_number_id = %q\n  %s\n}\n", seededPhone, strings.Join(body, "\n  "))
}

// qrCodesAre checks the number's codes' messages at the fake, oldest first.
func (a *acc) qrCodesAre(messages ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var got []string
		for _, q := range a.fake.QRCodes(seededPhone) {
			got = append(got, q.PrefilledMessage)
		}
		if fmt.Sprint(got) != fmt.Sprint(messages) {
			return fmt.Errorf("fake QR codes %q, want %q", got, messages)
		}
		return nil
	}
}

// The number already has a code (printed on last year's posters): the
// resource's code is created beside it, and the old one is never touched.
func TestAccQRCode(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) {
		s.WABAs[0].PhoneNumbers[0].QRCodes = []emulator.SeedQRCode{{Code: "POSTER2025Q1", PrefilledMessage: "Winter sale"}}
	})
	var code string
	a.testWithDestroyCheck(a.qrCodesAre("Winter sale"),
		resource.TestStep{
			Config: qrConfig(a, `prefilled_message = "Summer sale"`, `image_format = "SVG"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(qrName, tfjsonpath.New("prefilled_message"), knownvalue.StringExact("Summer sale")),
				statecheck.ExpectKnownValue(qrName, tfjsonpath.New("image_format"), knownvalue.StringExact("SVG")),
				statecheck.ExpectKnownValue(qrName, tfjsonpath.New("qr_image_url"), knownvalue.StringRegexp(errorRe(`\.svg$`))),
				statecheck.ExpectKnownValue(qrName, tfjsonpath.New("deep_link_url"), knownvalue.StringRegexp(errorRe(`^https://wa\.me/message/[A-Z0-9]+$`))),
			},
			// The listing before the create, one POST, the read-back.
			Check: resource.ComposeTestCheckFunc(a.qrCodesAre("Winter sale", "Summer sale"), a.calls("POST /{phone}/message_qrdls", 1),
				func(s *terraform.State) error {
					code = s.RootModule().Resources[qrName].Primary.Attributes["code"]
					return nil
				}),
		},
		// The message changes in place: same code, same link, one POST.
		resource.TestStep{
			Config:           qrConfig(a, `prefilled_message = "Summer sale: 20% off"`, `image_format = "SVG"`),
			ConfigPlanChecks: expectAction(qrName, plancheck.ResourceActionUpdate),
			Check: resource.ComposeTestCheckFunc(a.qrCodesAre("Winter sale", "Summer sale: 20% off"), a.calls("POST /{phone}/message_qrdls", 2),
				func(s *terraform.State) error {
					if got := s.RootModule().Resources[qrName].Primary.Attributes["code"]; got != code {
						return fmt.Errorf("code %s after the update, want %s", got, code)
					}
					return nil
				}),
		},
		// Edited in WhatsApp Manager: drift, set back.
		resource.TestStep{
			PreConfig: func() {
				if err := a.fake.Modify(emulator.Change{Kind: emulator.KindQRCode, ID: code, Fields: map[string]any{"prefilled_message": "Something else"}}); err != nil {
					t.Fatal(err)
				}
			},
			Config:           qrConfig(a, `prefilled_message = "Summer sale: 20% off"`, `image_format = "SVG"`),
			ConfigPlanChecks: expectAction(qrName, plancheck.ResourceActionUpdate),
			Check:            a.qrCodesAre("Winter sale", "Summer sale: 20% off"),
		},
		// A new format is a new code.
		resource.TestStep{
			Config:           qrConfig(a, `prefilled_message = "Summer sale: 20% off"`, `image_format = "PNG"`),
			ConfigPlanChecks: expectAction(qrName, plancheck.ResourceActionDestroyBeforeCreate),
			Check:            resource.ComposeTestCheckFunc(a.qrCodesAre("Winter sale", "Summer sale: 20% off"), a.calls("DELETE /{phone}/message_qrdls/{code}", 1)),
		},
		resource.TestStep{ResourceName: qrName, ImportState: true, ImportStateIdFunc: func(s *terraform.State) (string, error) {
			return s.RootModule().Resources[qrName].Primary.Attributes["id"], nil
		}, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"image_format", "qr_image_url"}},
	)
}

// Adopting a code: import by ID, then a format set after the import is taken
// without replacing the code, and its image is read once.
func TestAccQRCodeImported(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) {
		s.WABAs[0].PhoneNumbers[0].QRCodes = []emulator.SeedQRCode{{Code: "POSTER2025Q1", PrefilledMessage: "Winter sale"}}
	})
	id := seededPhone + "/POSTER2025Q1"
	a.testWithDestroyCheck(a.qrCodesAre(),
		resource.TestStep{
			Config:       qrConfig(a, `prefilled_message = "Winter sale"`),
			ResourceName: qrName, ImportState: true, ImportStateKind: resource.ImportBlockWithID, ImportStateId: id,
		},
		resource.TestStep{
			Config: qrConfig(a, `prefilled_message = "Winter sale"`, `image_format = "PNG"`) + importBlock(qrName, id),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(qrName, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(qrName, tfjsonpath.New("code"), knownvalue.StringExact("POSTER2025Q1")),
				statecheck.ExpectKnownValue(qrName, tfjsonpath.New("qr_image_url"), knownvalue.StringRegexp(errorRe(`POSTER2025Q1\.png$`))),
			},
			Check: resource.ComposeTestCheckFunc(a.calls("POST /{phone}/message_qrdls", 0), a.calls("GET /{phone}/message_qrdls/{code}", 1)),
		},
		resource.TestStep{Config: qrConfig(a, `prefilled_message = "Winter sale"`, `image_format = "PNG"`), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		// Deleted in WhatsApp Manager: gone from state, created again.
		resource.TestStep{
			PreConfig: func() {
				if err := a.fake.Delete(emulator.Change{Kind: emulator.KindQRCode, ID: "POSTER2025Q1"}); err != nil {
					t.Fatal(err)
				}
			},
			Config:           qrConfig(a, `prefilled_message = "Winter sale"`, `image_format = "PNG"`),
			ConfigPlanChecks: expectAction(qrName, plancheck.ResourceActionCreate),
			Check:            a.qrCodesAre("Winter sale"),
		},
	)
}

// terraform query lists every code of a number (Terraform >= 1.14), one a
// page, with identities and resources as Read saves them: the common first
// step to adopting them.
func TestAccQRCodeQuery(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{PageSize: 1}, adoptionSeed)
	byCode := func(code string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"phone_number_id": knownvalue.StringExact(seededPhone), "code": knownvalue.StringExact(code)})
	}
	runCase(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: a.factories(),
		Steps: []resource.TestStep{
			{Config: a.provider()},
			{
				Query:  true,
				Config: readExample(t, "list-resources/whatsapp_qr_code/list-resource.tfquery.hcl"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("whatsapp_qr_code.support", 2),
					querycheck.ExpectResourceDisplayName("whatsapp_qr_code.support", byCode("4O4YGZEG3RIVE1"), knownvalue.StringExact("4O4YGZEG3RIVE1 (Where is my order?)")),
					querycheck.ExpectResourceKnownValues("whatsapp_qr_code.support", byCode("4O4YGZEG3RIVE1"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("prefilled_message"), KnownValue: knownvalue.StringExact("Where is my order?")},
						{Path: tfjsonpath.New("deep_link_url"), KnownValue: knownvalue.StringExact("https://wa.me/message/4O4YGZEG3RIVE1")},
						{Path: tfjsonpath.New("image_format"), KnownValue: knownvalue.Null()},
					}),
					querycheck.ExpectResourceKnownValues("whatsapp_qr_code.support", byCode("ANOVZ6RINRD7G1"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("prefilled_message"), KnownValue: knownvalue.StringExact("")},
					}),
				},
			},
		},
	})
	// The listing, one code a page; nothing else.
	if st := a.fake.Stats(); st.Count("GET /{phone}/message_qrdls") != 2 || st.Total != 2 {
		t.Errorf("requests %v, want the listing's pages only", st.Requests)
	}
}
