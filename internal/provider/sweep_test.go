package provider

import (
	"context"
	"fmt"
	"log"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
	"github.com/waba-terraform/terraform-provider-whatsapp/internal/graphapi"
)

// Sweepers (make sweep: go test -sweep=live) delete what a killed live run
// left on the live WABA: templates and Flows named tfacc_*, the test
// number's QR codes whose message starts with tfacc_, and the test user's
// assignment. Nothing else is touched. The subscription is not swept: nothing
// marks one as the tests' own, and TestAccLiveSubscribedApp restores it itself.
func init() {
	resource.AddTestSweepers("whatsapp_message_template", &resource.Sweeper{
		Name: "whatsapp_message_template",
		F: func(string) error {
			return sweepLive(func(ctx context.Context, c *graphapi.Client, target *liveTarget) ([]string, error) {
				return sweepTemplates(ctx, c, target.waba)
			})
		},
	})
	resource.AddTestSweepers("whatsapp_qr_code", &resource.Sweeper{
		Name: "whatsapp_qr_code",
		F: func(string) error {
			return sweepLive(func(ctx context.Context, c *graphapi.Client, target *liveTarget) ([]string, error) {
				if target.phone == "" {
					return nil, nil
				}
				return sweepQRCodes(ctx, c, target.phone)
			})
		},
	})
	resource.AddTestSweepers("whatsapp_flow", &resource.Sweeper{
		Name: "whatsapp_flow",
		F: func(string) error {
			return sweepLive(func(ctx context.Context, c *graphapi.Client, target *liveTarget) ([]string, error) {
				return sweepFlows(ctx, c, target.waba)
			})
		},
	})
	resource.AddTestSweepers("whatsapp_assigned_user", &resource.Sweeper{
		Name: "whatsapp_assigned_user",
		F: func(string) error {
			return sweepLive(func(ctx context.Context, c *graphapi.Client, target *liveTarget) ([]string, error) {
				if target.user == "" {
					return nil, nil
				}
				return sweepAssignment(ctx, c, target.waba, target.business, target.user)
			})
		},
	})
}

// sweepLive runs sweep against the live account; sweepers only run live.
func sweepLive(sweep func(context.Context, *graphapi.Client, *liveTarget) ([]string, error)) error {
	target, err := loadLiveTarget(os.Getenv)
	if err != nil {
		return err
	}
	if target == nil {
		return fmt.Errorf("sweepers run against a live account only: set %s=1 and the %s variables (CONTRIBUTING.md)", envLive, "WHATSAPP_LIVE_*")
	}
	c, err := graphapi.New(graphapi.Config{BaseURL: target.baseURL, AccessToken: target.token, AppSecret: target.appSecret})
	if err != nil {
		return err
	}
	deleted, err := sweep(context.Background(), c, target)
	for _, d := range deleted {
		log.Printf("[INFO] swept %s", d)
	}
	return err
}

// sweepTemplates deletes the WABA's templates whose names start with
// tfacc_, one language at a time (by ID and name).
func sweepTemplates(ctx context.Context, c *graphapi.Client, wabaID string) ([]string, error) {
	templates, err := c.MessageTemplates(ctx, wabaID)
	if err != nil {
		return nil, err
	}
	var deleted []string
	for _, t := range templates {
		if t.Name == nil || !strings.HasPrefix(*t.Name, livePrefix) {
			continue
		}
		if err := c.DeleteMessageTemplate(ctx, wabaID, t.ID, *t.Name); err != nil && !graphapi.IsNotFound(err) {
			return deleted, fmt.Errorf("deleting template %s (%s): %w", *t.Name, t.ID, err)
		}
		deleted = append(deleted, "template "+*t.Name)
	}
	return deleted, nil
}

// sweepQRCodes deletes the number's QR codes whose prefilled message starts
// with tfacc_ (a QR code has no name: the tests mark its message).
func sweepQRCodes(ctx context.Context, c *graphapi.Client, phoneID string) ([]string, error) {
	codes, err := c.QRCodes(ctx, phoneID)
	if err != nil {
		return nil, err
	}
	var deleted []string
	for _, q := range codes {
		if q.PrefilledMessage == nil || !strings.HasPrefix(*q.PrefilledMessage, livePrefix) {
			continue
		}
		if err := c.DeleteQRCode(ctx, phoneID, q.Code); err != nil && !graphapi.IsNotFound(err) {
			return deleted, fmt.Errorf("deleting QR code %s: %w", q.Code, err)
		}
		deleted = append(deleted, "QR code "+q.Code)
	}
	return deleted, nil
}

// sweepFlows deletes the WABA's draft Flows whose names start with tfacc_
// and deprecates published ones (Meta deletes only drafts); deprecated
// Flows cannot be removed.
func sweepFlows(ctx context.Context, c *graphapi.Client, wabaID string) ([]string, error) {
	flows, err := c.Flows(ctx, wabaID)
	if err != nil {
		return nil, err
	}
	var swept []string
	for _, f := range flows {
		if f.Name == nil || !strings.HasPrefix(*f.Name, livePrefix) {
			continue
		}
		switch {
		case f.IsPublished():
			if err := c.DeprecateFlow(ctx, wabaID, f.ID); err != nil {
				return swept, fmt.Errorf("deprecating Flow %s (%s): %w", *f.Name, f.ID, err)
			}
			swept = append(swept, "Flow "+*f.Name+" (deprecated)")
		case f.Status != nil && *f.Status == graphapi.FlowDraft:
			if err := c.DeleteFlow(ctx, wabaID, f.ID); err != nil {
				return swept, fmt.Errorf("deleting Flow %s (%s): %w", *f.Name, f.ID, err)
			}
			swept = append(swept, "Flow "+*f.Name)
		}
	}
	return swept, nil
}

// sweepAssignment unassigns the live test user from the WABA, if assigned.
// Without a business ID it looks up the WABA's owner, as the resource does.
func sweepAssignment(ctx context.Context, c *graphapi.Client, wabaID, businessID, userID string) ([]string, error) {
	if businessID == "" {
		owner, err := c.OwnerBusiness(ctx, wabaID)
		if err != nil {
			return nil, err
		}
		businessID = owner
	}
	found, _, err := c.FindAssignedUser(ctx, wabaID, businessID, userID)
	if err != nil || found == nil {
		return nil, err
	}
	if err := c.UnassignUser(ctx, wabaID, userID); err != nil && !graphapi.IsNotFound(err) {
		return nil, err
	}
	return []string{"assignment of user " + userID}, nil
}

// The sweepers delete the prefixed templates and draft Flows (deprecating
// published ones) and the test user's assignment, and leave every
// unprefixed template and Flow and other users alone.
func TestSweepersDeleteOnlyPrefixed(t *testing.T) {
	t.Parallel()
	tpl := func(name, lang string) emulator.SeedMessageTemplate {
		return emulator.SeedMessageTemplate{Name: name, Language: lang, Category: "UTILITY",
			Components: []any{map[string]any{"type": "BODY", "text": "Hello"}}}
	}
	seed := testSeed()
	w := &seed.WABAs[0]
	w.MessageTemplates = []emulator.SeedMessageTemplate{
		tpl("tfacc_abcdefgh", "en_US"), tpl("tfacc_abcdefgh", "de"), tpl("tfacc_zz", "en_US"),
		tpl("order_update", "en_US"), tpl("tfaccount_notice", "en_US"), tpl("my_tfacc_reminder", "en_US"),
	}
	w.PhoneNumbers[0].QRCodes = []emulator.SeedQRCode{{Code: "TFACC1", PrefilledMessage: "tfacc_abcdefgh"},
		{Code: "POSTER1", PrefilledMessage: "Winter sale"}, {Code: "EMPTY1"}, {Code: "MINE1", PrefilledMessage: "my tfacc_ note"}}
	w.Flows = []emulator.SeedFlow{
		{Name: "tfacc_draft", Categories: []string{"OTHER"}}, {Name: "tfacc_published", Categories: []string{"OTHER"}, Status: "PUBLISHED"},
		{Name: "tfacc_old", Categories: []string{"OTHER"}, Status: "DEPRECATED"}, {Name: "signup", Categories: []string{"SIGN_UP"}},
		{Name: "my_tfacc_survey", Categories: []string{"SURVEY"}, Status: "PUBLISHED"},
	}
	w.AssignedUsers = append(w.AssignedUsers, emulator.SeedAssignedUser{UserID: janeUser, Tasks: []string{"MESSAGING"}},
		emulator.SeedAssignedUser{UserID: samUser, Tasks: []string{"MANAGE"}})
	fake, err := emulator.NewServer(seed, emulator.Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fake.Close)
	c, err := graphapi.New(graphapi.Config{BaseURL: fake.URL, AccessToken: testToken})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	deleted, err := sweepTemplates(ctx, c, testWABA)
	if err != nil {
		t.Fatal(err)
	}
	if len(deleted) != 3 {
		t.Errorf("swept %q, want the 3 tfacc_ templates", deleted)
	}
	var left []string
	for _, tpl := range fake.State().WABAs[0].MessageTemplates {
		left = append(left, tpl.Name+"/"+tpl.Language)
	}
	slices.Sort(left)
	if want := []string{"my_tfacc_reminder/en_US", "order_update/en_US", "tfaccount_notice/en_US"}; !slices.Equal(left, want) {
		t.Errorf("templates left %q, want %q", left, want)
	}
	if got := fake.Stats().Count("DELETE /{waba}/message_templates"); got != 3 {
		t.Errorf("%d template deletes, want 3", got)
	}

	if deleted, err := sweepQRCodes(ctx, c, seededPhone); err != nil || len(deleted) != 1 {
		t.Errorf("swept %q (%v), want the tfacc_ QR code", deleted, err)
	}
	var codes []string
	for _, q := range fake.QRCodes(seededPhone) {
		codes = append(codes, q.Code)
	}
	if want := []string{"POSTER1", "EMPTY1", "MINE1"}; !slices.Equal(codes, want) {
		t.Errorf("QR codes left %q, want %q", codes, want)
	}

	swept, err := sweepFlows(ctx, c, testWABA)
	if err != nil || len(swept) != 2 {
		t.Fatalf("swept Flows %q, %v; want the tfacc_ draft and the tfacc_ published Flow", swept, err)
	}
	flows := map[string]string{}
	for _, f := range fake.State().WABAs[0].Flows {
		flows[f.Name] = f.Status
	}
	if want := map[string]string{"tfacc_published": "DEPRECATED", "tfacc_old": "DEPRECATED", "signup": "DRAFT", "my_tfacc_survey": "PUBLISHED"}; !maps.Equal(flows, want) {
		t.Errorf("Flows after the sweep %v, want %v", flows, want)
	}

	// Without WHATSAPP_LIVE_BUSINESS_ID: the owner is looked up.
	if _, err := sweepAssignment(ctx, c, testWABA, "", janeUser); err != nil {
		t.Fatal(err)
	}
	if _, ok := fake.Assignment(testWABA, janeUser); ok {
		t.Error("the test user is still assigned")
	}
	for _, user := range []string{botUser, samUser} {
		if _, ok := fake.Assignment(testWABA, user); !ok {
			t.Errorf("user %s was unassigned, but only the test user may be", user)
		}
	}
	// A second sweep finds nothing and writes nothing.
	before := fake.Stats().Total
	if deleted, err := sweepAssignment(ctx, c, testWABA, testBusiness, janeUser); err != nil || len(deleted) != 0 {
		t.Errorf("second sweep: %q, %v", deleted, err)
	}
	if got := fake.Stats().Count("DELETE /{waba}/assigned_users"); got != 1 {
		t.Errorf("%d unassignments, want 1 (requests since the first sweep: %d)", got, fake.Stats().Total-before)
	}
}
