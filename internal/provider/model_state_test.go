package provider

import (
	"context"
	"math/big"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// modelStates has a row for every resource type (TestWiring checks it): its
// Read's model, and whether that model takes the short way (models with
// nested Go structs do not).
var modelStates = map[string]func(*testing.T){
	"whatsapp_phone_number":              checkModelState[phoneNumberModel](NewPhoneNumberResource(), true),
	"whatsapp_assigned_user":             checkModelState[assignedUserModel](NewAssignedUserResource(), true),
	"whatsapp_subscribed_app":            checkModelState[subscribedAppModel](NewSubscribedAppResource(), true),
	"whatsapp_app_subscription":          checkModelState[appSubscriptionModel](NewAppSubscriptionResource(), true),
	"whatsapp_flow":                      checkModelState[flowModel](NewFlowResource(), true),
	"whatsapp_message_template":          checkModelState[messageTemplateModel](NewMessageTemplateResource(), false),
	"whatsapp_phone_number_registration": checkModelState[registrationModel](NewPhoneNumberRegistrationResource(), true),
	"whatsapp_qr_code":                   checkModelState[qrCodeModel](NewQRCodeResource(), true),
	"whatsapp_business_profile":          checkModelState[businessProfileModel](NewBusinessProfileResource(), true),
	"whatsapp_business_encryption":       checkModelState[businessEncryptionModel](NewBusinessEncryptionResource(), true),
	"whatsapp_commerce_settings":         checkModelState[commerceSettingsModel](NewCommerceSettingsResource(), true),
	"whatsapp_conversational_automation": checkModelState[conversationalAutomationModel](NewConversationalAutomationResource(), false),
	"whatsapp_phone_number_webhook":      checkModelState[phoneNumberWebhookModel](NewPhoneNumberWebhookResource(), true),
}

// getState and setState must answer exactly as the framework's State.Get and
// State.Set do, for every resource's model, on states with every attribute
// set, every attribute null, and a mix; and each model takes the short way or
// not as its row says, so the shortcut cannot silently stop saving anything.
func TestModelStateAnswersAsTheFramework(t *testing.T) {
	t.Parallel()
	for name, check := range modelStates {
		t.Run(name, check)
	}
}

func checkModelState[M any](r resource.Resource, wantShort bool) func(*testing.T) {
	return func(t *testing.T) {
		ctx := context.Background()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "whatsapp"}, &md)
		if !strings.HasSuffix(t.Name(), "/"+md.TypeName) {
			t.Fatalf("the row %s holds the resource %s", t.Name(), md.TypeName)
		}
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		objectType := sr.Schema.Type().TerraformType(ctx)
		short := layoutOf[M]() != nil
		if short != wantShort {
			t.Errorf("the model %T takes the short way: %t, want %t", *new(M), short, wantShort)
		}
		for _, kind := range []sampleKind{allSet, attributesNull, oddNull, evenNull, objectNull, duplicateSetElements} {
			st := tfsdk.State{Schema: sr.Schema, Raw: sampleValue(objectType, kind, -1)}
			var want, got M
			wantDiags, gotDiags := st.Get(ctx, &want), getState(ctx, st, &got)
			if !sameDiagnostics(wantDiags, gotDiags) || !reflect.DeepEqual(want, got) {
				t.Fatalf("%s: getState = %+v %v, the framework's Get = %+v %v", kind, got, gotDiags, want, wantDiags)
			}
			readable := kind != objectNull && kind != duplicateSetElements
			if short && readable && wantDiags.HasError() {
				t.Fatalf("%s: the framework cannot read the sample: %v", kind, wantDiags)
			}
			if _, ok := modelFrom[M](ctx, st); short && readable && !ok {
				t.Errorf("%s: getState took the framework's way", kind)
			}
			if _, ok := valueOf(ctx, &tfsdk.State{Schema: sr.Schema}, &want); short && readable && !ok {
				t.Errorf("%s: setState took the framework's way", kind)
			}
			checkSetState(ctx, t, kind.String(), sr, &want)
		}
		// A model the schema cannot hold (the zero model's lists have no
		// element type) gets the framework's own error.
		checkSetState(ctx, t, "zero model", sr, new(M))
	}
}

func checkSetState[M any](ctx context.Context, t *testing.T, what string, sr resource.SchemaResponse, m *M) {
	t.Helper()
	want, got := tfsdk.State{Schema: sr.Schema}, tfsdk.State{Schema: sr.Schema}
	wantDiags, gotDiags := want.Set(ctx, m), setState(ctx, &got, m)
	if !sameDiagnostics(wantDiags, gotDiags) || !want.Raw.Equal(got.Raw) {
		t.Errorf("%s: setState = %v %v, the framework's Set = %v %v", what, got.Raw, gotDiags, want.Raw, wantDiags)
	}
}

// sameDiagnostics: the same, or both failing (the framework reports the first
// attribute it fails on, in the random order of a Go map).
func sameDiagnostics(a, b diag.Diagnostics) bool {
	if a.HasError() || b.HasError() {
		return a.HasError() && b.HasError()
	}
	return a.Equal(b)
}

type sampleKind int

const (
	allSet               sampleKind = iota
	attributesNull                  // the object, with every attribute null
	oddNull                         // the attributes at odd places (by name) null, at every level
	evenNull                        // the others
	objectNull                      // the whole object null
	duplicateSetElements            // all set, each set holding one element twice
)

func (k sampleKind) String() string {
	return [...]string{"all set", "attributes null", "odd null", "even null", "object null", "duplicate set elements"}[k]
}

// sampleValue is a value of typ of the given kind; place is its place among
// an object's attributes (by name), or -1 for the state itself and for
// elements, which are never null.
func sampleValue(typ tftypes.Type, kind sampleKind, place int) tftypes.Value {
	if kind == objectNull || (kind == oddNull && place%2 == 1) || (kind == evenNull && place%2 == 0 && place >= 0) {
		return tftypes.NewValue(typ, nil)
	}
	if kind == attributesNull && place >= 0 {
		return tftypes.NewValue(typ, nil)
	}
	element := func(t tftypes.Type) tftypes.Value { return sampleValue(t, kind, -1) } // elements are never null
	switch {
	case typ.Is(tftypes.String):
		return tftypes.NewValue(typ, "sample")
	case typ.Is(tftypes.Bool):
		return tftypes.NewValue(typ, true)
	case typ.Is(tftypes.Number):
		return tftypes.NewValue(typ, big.NewFloat(7))
	case typ.Is(tftypes.List{}):
		return tftypes.NewValue(typ, []tftypes.Value{element(typ.(tftypes.List).ElementType)})
	case typ.Is(tftypes.Set{}):
		e := element(typ.(tftypes.Set).ElementType)
		if kind == duplicateSetElements {
			return tftypes.NewValue(typ, []tftypes.Value{e, e})
		}
		return tftypes.NewValue(typ, []tftypes.Value{e})
	case typ.Is(tftypes.Map{}):
		return tftypes.NewValue(typ, map[string]tftypes.Value{"k": element(typ.(tftypes.Map).ElementType)})
	case typ.Is(tftypes.Object{}):
		attrs := typ.(tftypes.Object).AttributeTypes
		names := make([]string, 0, len(attrs))
		for name := range attrs {
			names = append(names, name)
		}
		slices.Sort(names)
		values := map[string]tftypes.Value{}
		for i, name := range names {
			values[name] = sampleValue(attrs[name], kind, i)
		}
		return tftypes.NewValue(typ, values)
	}
	panic("sampleValue: no sample of " + typ.String())
}

// The shortcut's layout refuses what the framework's rules cover and it
// does not: untagged, ignored and Go-native fields.
func TestLayoutOfRefusesWhatItDoesNotCover(t *testing.T) {
	t.Parallel()
	type untagged struct{ ID types.String }
	type ignored struct {
		ID   types.String `tfsdk:"id"`
		Note types.String `tfsdk:"-"`
	}
	type native struct {
		ID   types.String `tfsdk:"id"`
		Name string       `tfsdk:"name"`
	}
	type plain struct {
		ID    types.String `tfsdk:"id"`
		Tasks types.List   `tfsdk:"tasks"`
	}
	for name, layout := range map[string]modelLayout{
		"untagged": layoutOf[untagged](), "ignored": layoutOf[ignored](), "native": layoutOf[native](),
	} {
		if layout != nil {
			t.Errorf("%s: layout %v, want none", name, layout)
		}
	}
	if got := layoutOf[plain](); !reflect.DeepEqual(got, modelLayout{"id": 0, "tasks": 1}) {
		t.Errorf("plain: layout %v", got)
	}
}
