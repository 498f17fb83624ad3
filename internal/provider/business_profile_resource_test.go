package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
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

const profileName = "whatsapp_business_profile.test"

// pngFile writes a small PNG image and returns its path and SHA-256.
func pngFile(t *testing.T, name string, payload string) (string, string) {
	t.Helper()
	data := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), payload...)
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return file, hex.EncodeToString(sum[:])
}

func profileConfig(a *acc, body ...string) string {
	return a.provider() + fmt.Sprintf("\nresource \"whatsapp_business_profile\" \"test\" {\n  phone_number_id = %q\n  %s\n}\n", seededPhone, strings.Join(body, "\n  "))
}

func profileAttr(name string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(profileName, tfjsonpath.New(name), v)
}

// profileIs checks the fake's profile of the seeded number.
func (a *acc) profileIs(want emulator.SeedBusinessProfile) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got, _ := a.fake.BusinessProfile(seededPhone)
		url, wantPicture := got.ProfilePictureURL, want.ProfilePictureURL != ""
		got.ProfilePictureURL, want.ProfilePictureURL = "", ""
		if fmt.Sprint(got) != fmt.Sprint(want) || (wantPicture && url == "") {
			return fmt.Errorf("fake profile %+v, want %+v", got, want)
		}
		return nil
	}
}

func (a *acc) uploads(want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := len(a.fake.Uploads()); n != want {
			return fmt.Errorf("%d uploads, want %d", n, want)
		}
		return nil
	}
}

func TestAccBusinessProfile(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	picture, sum := pngFile(t, "logo.png", "first")
	picture2, sum2 := pngFile(t, "logo-2026.png", "second")
	full := []string{`about = "Support Mo-Fr 8-18"`, `address = "Hauptstr. 1, Berlin"`, `description = "Acme support line"`,
		`email = "support@acme.example"`, `websites = ["https://acme.example", "https://acme.example/help"]`, `vertical = "RETAIL"`,
		fmt.Sprintf("profile_picture_file = %q", picture), fmt.Sprintf("profile_picture_sha256 = %q", sum)}
	empty := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	a.testWithDestroyCheck(
		// Destroy clears what it set; about stays, as Meta requires one.
		a.profileIs(emulator.SeedBusinessProfile{About: "Support 24/7"}),
		resource.TestStep{
			Config: profileConfig(a, full...),
			ConfigStateChecks: []statecheck.StateCheck{
				profileAttr("id", knownvalue.StringExact(seededPhone)),
				profileAttr("websites", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("https://acme.example"), knownvalue.StringExact("https://acme.example/help")})),
				profileAttr("profile_picture_url", knownvalue.StringRegexp(regexpOf(`^https://pps\.whatsapp\.net/`))),
			},
			Check: resource.ComposeTestCheckFunc(a.uploads(1), a.profileIs(emulator.SeedBusinessProfile{About: "Support Mo-Fr 8-18",
				Address: "Hauptstr. 1, Berlin", Description: "Acme support line", Email: "support@acme.example",
				Websites: []string{"https://acme.example", "https://acme.example/help"}, Vertical: "RETAIL", ProfilePictureURL: "set"})),
		},
		resource.TestStep{Config: profileConfig(a, full...), ConfigPlanChecks: empty, Check: a.uploads(1)},
		// In place: about changes; address and one website leave the config and are cleared.
		resource.TestStep{
			Config: profileConfig(a, `about = "Support 24/7"`, `description = "Acme support line"`, `email = "support@acme.example"`,
				`websites = ["https://acme.example"]`, `vertical = "RETAIL"`, fmt.Sprintf("profile_picture_file = %q", picture), fmt.Sprintf("profile_picture_sha256 = %q", sum)),
			ConfigPlanChecks: expectAction(profileName, plancheck.ResourceActionUpdate),
			Check: resource.ComposeTestCheckFunc(a.uploads(1), a.profileIs(emulator.SeedBusinessProfile{About: "Support 24/7",
				Description: "Acme support line", Email: "support@acme.example", Websites: []string{"https://acme.example"}, Vertical: "RETAIL", ProfilePictureURL: "set"})),
		},
		// Changed in WhatsApp Manager: drift, put back by the apply.
		resource.TestStep{
			PreConfig: func() {
				if err := a.fake.Modify(emulator.Change{Kind: emulator.KindBusinessProfile, ID: seededPhone, Fields: map[string]any{"description": "Edited by hand"}}); err != nil {
					t.Fatal(err)
				}
			},
			Config: profileConfig(a, `about = "Support 24/7"`, `description = "Acme support line"`, `email = "support@acme.example"`,
				`websites = ["https://acme.example"]`, `vertical = "RETAIL"`, fmt.Sprintf("profile_picture_file = %q", picture), fmt.Sprintf("profile_picture_sha256 = %q", sum)),
			ConfigPlanChecks: expectAction(profileName, plancheck.ResourceActionUpdate),
			Check:            a.uploads(1),
		},
		// A new picture (its hash changed): uploaded once more.
		resource.TestStep{
			Config: profileConfig(a, `about = "Support 24/7"`, `description = "Acme support line"`, `email = "support@acme.example"`,
				`websites = ["https://acme.example"]`, `vertical = "RETAIL"`, fmt.Sprintf("profile_picture_file = %q", picture2), fmt.Sprintf("profile_picture_sha256 = %q", sum2)),
			Check: resource.ComposeTestCheckFunc(a.uploads(2), func(*terraform.State) error {
				if ups := a.fake.Uploads(); ups[1].SHA256 != sum2 || ups[1].FileName != "logo-2026.png" {
					return fmt.Errorf("second upload: %+v", ups[1])
				}
				return nil
			}),
		},
		resource.TestStep{
			ResourceName: profileName, ImportState: true, ImportStateId: seededPhone, ImportStateVerify: true,
			ImportStateVerifyIgnore: []string{"profile_picture_file", "profile_picture_sha256"},
		},
		resource.TestStep{
			Config:       profileConfig(a, `about = "Support 24/7"`, `description = "Acme support line"`, `email = "support@acme.example"`, `websites = ["https://acme.example"]`, `vertical = "RETAIL"`),
			ResourceName: profileName, ImportState: true, ImportStateKind: resource.ImportBlockWithID, ImportStateId: seededPhone,
		},
	)
	if ups := a.fake.Uploads(); slices.ContainsFunc(ups, func(u emulator.Upload) bool { return u.FileType != "image/png" }) {
		t.Fatalf("uploads %+v", ups)
	}
}

func TestAccBusinessProfilePictureMismatch(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	picture, _ := pngFile(t, "logo.png", "content")
	a.test(resource.TestStep{
		Config:      profileConfig(a, fmt.Sprintf("profile_picture_file = %q", picture), fmt.Sprintf("profile_picture_sha256 = %q", strings.Repeat("0", 64))),
		ExpectError: errorRe(`Profile Picture Changed.*filesha256`),
	})
	if n := len(a.fake.Uploads()); n != 0 {
		t.Fatalf("%d uploads of a file whose hash does not match", n)
	}
}

func regexpOf(s string) *regexp.Regexp { return regexp.MustCompile(s) }

// importBlock adopts the object with import ID id into the resource at to.
func importBlock(to, id string) string {
	return fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", to, id)
}

// filledProfile is a profile filled in WhatsApp Manager before Terraform.
func filledProfile(s *emulator.Seed) {
	s.WABAs[0].PhoneNumbers[0].BusinessProfile = &emulator.SeedBusinessProfile{About: "Support Mon-Fri 8-18 CET",
		Address: "Hauptstr. 1, 10115 Berlin", Description: "Orders and returns.", Email: "support@acme.example",
		Websites: []string{"https://acme.example"}, Vertical: "RETAIL", ProfilePictureURL: "https://pps.whatsapp.net/v/t61.24694-24/1_n.jpg"}
}

// A number whose profile was filled in WhatsApp Manager: a create that would
// clear fields fails before any write, naming them and the import ID; the
// import then plans each change, and the apply makes the profile the config.
func TestAccBusinessProfileFilledRefused(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{}, filledProfile)
	cfg := profileConfig(a, `description = "Orders, returns and repairs."`)
	filled, _ := a.fake.BusinessProfile(seededPhone)
	profileWrites := func() int { return a.writesTo("/{phone}/whatsapp_business_profile") }
	a.testWithDestroyCheck(
		a.profileIs(emulator.SeedBusinessProfile{About: "Support Mon-Fri 8-18 CET", ProfilePictureURL: "kept"}),
		resource.TestStep{
			Config: cfg,
			ExpectError: errorRe(`Business Profile Already Filled.*leaves out fields that hold a value.*address = "Hauptstr\. 1, 10115 Berlin" ` +
				`email = "support@acme\.example" websites = \["https://acme\.example"\] vertical = "RETAIL" ` +
				`Creating the resource would clear them, so nothing was written.*terraform import <address> ` + seededPhone),
		},
		resource.TestStep{
			PreConfig: func() {
				if n := profileWrites(); n != 0 {
					t.Fatalf("%d writes to the profile after a refused create, want 0", n)
				}
				if got, _ := a.fake.BusinessProfile(seededPhone); fmt.Sprint(got) != fmt.Sprint(filled) {
					t.Fatalf("the profile changed: %+v", got)
				}
			},
			Config: cfg + importBlock(profileName, seededPhone),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(profileName, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(profileName, tfjsonpath.New("description"), knownvalue.StringExact("Orders, returns and repairs.")),
				plancheck.ExpectKnownValue(profileName, tfjsonpath.New("address"), knownvalue.Null()),
				plancheck.ExpectKnownValue(profileName, tfjsonpath.New("email"), knownvalue.Null()),
				plancheck.ExpectKnownValue(profileName, tfjsonpath.New("websites"), knownvalue.Null()),
				plancheck.ExpectKnownValue(profileName, tfjsonpath.New("vertical"), knownvalue.Null()),
				// Left out, about keeps Meta's text.
				plancheck.ExpectKnownValue(profileName, tfjsonpath.New("about"), knownvalue.StringExact("Support Mon-Fri 8-18 CET")),
			}},
			Check: resource.ComposeTestCheckFunc(a.profileIs(emulator.SeedBusinessProfile{About: "Support Mon-Fri 8-18 CET",
				Description: "Orders, returns and repairs.", ProfilePictureURL: "kept"}), func(*terraform.State) error {
				if n := profileWrites(); n != 1 {
					return fmt.Errorf("%d writes to the profile, want 1", n)
				}
				return nil
			}),
		},
		resource.TestStep{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
	)
}

// Meta's empty values (and vertical UNDEFINED) are unset: a create over them
// writes, and its state is the plan.
func TestAccBusinessProfileOverEmptyFields(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) {
		s.WABAs[0].PhoneNumbers[0].BusinessProfile = &emulator.SeedBusinessProfile{About: "Hello", Description: "Set in WhatsApp Manager",
			Vertical: "UNDEFINED"}
	})
	cfg := profileConfig(a, `description = "Orders and returns."`, `email = "support@acme.example"`)
	a.test(
		resource.TestStep{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				profileAttr("about", knownvalue.StringExact("Hello")),
				profileAttr("description", knownvalue.StringExact("Orders and returns.")),
				profileAttr("vertical", knownvalue.Null()),
				profileAttr("address", knownvalue.Null()),
				profileAttr("websites", knownvalue.Null()),
			},
			Check: a.profileIs(emulator.SeedBusinessProfile{About: "Hello", Description: "Orders and returns.", Email: "support@acme.example",
				Vertical: "UNDEFINED"}),
		},
	)
}

// TestBusinessProfileComparisons: what a create would clear, and what a
// read-back reports differently from the plan.
func TestBusinessProfileComparisons(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	model := func(p graphapi.BusinessProfile) businessProfileModel {
		var m businessProfileModel
		var diags diag.Diagnostics
		m.fill(ctx, &p, &diags)
		if diags.HasError() {
			t.Fatal(diags)
		}
		return m
	}
	str := func(s string) *string { return &s }
	unknownAbout := model(graphapi.BusinessProfile{Description: str("Orders")})
	unknownAbout.About = types.StringUnknown()
	tests := []struct {
		name               string
		plan, meta         businessProfileModel
		wouldClear, differ []string
	}{
		{name: "same", plan: model(graphapi.BusinessProfile{About: str("Hi"), Email: str("a@b.example")}),
			meta: model(graphapi.BusinessProfile{About: str("Hi"), Email: str("a@b.example")})},
		{name: "Meta's empty values and UNDEFINED are unset", plan: model(graphapi.BusinessProfile{About: str("Hi")}),
			meta: model(graphapi.BusinessProfile{About: str("Hi"), Address: str(""), Websites: []string{}, Vertical: str("UNDEFINED")})},
		{name: "left out but held", plan: model(graphapi.BusinessProfile{About: str("Hi")}),
			meta:       model(graphapi.BusinessProfile{About: str("Hi"), Address: str("Main St"), Websites: []string{"https://a.example"}}),
			wouldClear: []string{`address     = "Main St"`, `websites    = ["https://a.example"]`},
			differ:     []string{`address is "Main St", not unset`, `websites is ["https://a.example"], not unset`}},
		{name: "a configured value overwritten is not cleared", plan: model(graphapi.BusinessProfile{Vertical: str("RETAIL")}),
			meta: model(graphapi.BusinessProfile{Vertical: str("HOTEL")}), differ: []string{`vertical is "HOTEL", not "RETAIL"`}},
		{name: "unknown about is Meta's", plan: unknownAbout, meta: model(graphapi.BusinessProfile{About: str("Hello"), Description: str("Orders")})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.plan.wouldClear(&tc.meta); !slices.Equal(got, tc.wouldClear) {
				t.Errorf("wouldClear = %q, want %q", got, tc.wouldClear)
			}
			if got := tc.plan.notAsPlanned(&tc.meta); !slices.Equal(got, tc.differ) {
				t.Errorf("notAsPlanned = %q, want %q", got, tc.differ)
			}
		})
	}
}
