package provider

import (
	"context"
	"math/big"
	"reflect"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// getState and setState must answer exactly as the framework's State.Get and
// State.Set do, for the model of every resource whose Read uses them, on
// states with every attribute set, every attribute null, and a mix; and each
// model takes the short way or not as the table says (models with nested Go
// structs do not), so the shortcut cannot silently stop saving anything.
func TestModelStateAnswersAsTheFramework(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		check func(*testing.T)
	}{
		{"phone_number", checkModelState[phoneNumberModel](NewPhoneNumberResource(), true)},
		{"assigned_user", checkModelState[assignedUserModel](NewAssignedUserResource(), true)},
		{"subscribed_app", checkModelState[subscribedAppModel](NewSubscribedAppResource(), true)},
		{"app_subscription", checkModelState[appSubscriptionModel](NewAppSubscriptionResource(), true)},
		{"flow", checkModelState[flowModel](NewFlowResource(), true)},
		{"message_template", checkModelState[messageTemplateModel](NewMessageTemplateResource(), false)},
		{"phone_number_registration", checkModelState[registrationModel](NewPhoneNumberRegistrationResource(), true)},
		{"qr_code", checkModelState[qrCodeModel](NewQRCodeResource(), true)},
		{"business_profile", checkModelState[businessProfileModel](NewBusinessProfileResource(), true)},
		{"business_encryption", checkModelState[businessEncryptionModel](NewBusinessEncryptionResource(), true)},
		{"commerce_settings", checkModelState[commerceSettingsModel](NewCommerceSettingsResource(), true)},
		{"conversational_automation", checkModelState[conversationalAutomationModel](NewConversationalAutomationResource(), false)},
		{"phone_number_webhook", checkModelState[phoneNumberWebhookModel](NewPhoneNumberWebhookResource(), true)},
	}
	for _, tc := range tests {
		t.Run(tc.name, tc.check)
	}
}

func checkModelState[M any](r resource.Resource, wantShort bool) func(*testing.T) {
	return func(t *testing.T) {
		ctx := context.Background()
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		objectType := sr.Schema.Type().TerraformType(ctx)
		short := layoutOf[M]() != nil
		if short != wantShort {
			t.Errorf("the model %T takes the short way: %t, want %t", *new(M), short, wantShort)
		}
		for _, kind := range []sampleKind{allSet, allNull, mixed} {
			st := tfsdk.State{Schema: sr.Schema, Raw: sampleValue(objectType, kind)}
			var want, got M
			wantDiags, gotDiags := st.Get(ctx, &want), getState(ctx, st, &got)
			if !sameDiagnostics(wantDiags, gotDiags) || !reflect.DeepEqual(want, got) {
				t.Fatalf("%s: getState = %+v %v, the framework's Get = %+v %v", kind, got, gotDiags, want, wantDiags)
			}
			if _, ok := modelFrom[M](ctx, st); ok != (short && kind != allNull) {
				t.Errorf("%s: modelFrom took the short way: %t, want %t", kind, ok, short)
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
	allSet sampleKind = iota
	allNull
	mixed // every other attribute null, by name, at every level
)

func (k sampleKind) String() string { return [...]string{"all set", "all null", "mixed"}[k] }

// sampleValue is a value of typ: all set, all null or mixed.
func sampleValue(typ tftypes.Type, kind sampleKind) tftypes.Value {
	if kind == allNull {
		return tftypes.NewValue(typ, nil)
	}
	switch {
	case typ.Is(tftypes.String):
		return tftypes.NewValue(typ, "sample")
	case typ.Is(tftypes.Bool):
		return tftypes.NewValue(typ, true)
	case typ.Is(tftypes.Number):
		return tftypes.NewValue(typ, big.NewFloat(7))
	case typ.Is(tftypes.List{}):
		return tftypes.NewValue(typ, []tftypes.Value{sampleValue(typ.(tftypes.List).ElementType, kind)})
	case typ.Is(tftypes.Set{}):
		return tftypes.NewValue(typ, []tftypes.Value{sampleValue(typ.(tftypes.Set).ElementType, kind)})
	case typ.Is(tftypes.Map{}):
		return tftypes.NewValue(typ, map[string]tftypes.Value{"k": sampleValue(typ.(tftypes.Map).ElementType, kind)})
	case typ.Is(tftypes.Object{}):
		attrs := typ.(tftypes.Object).AttributeTypes
		names := make([]string, 0, len(attrs))
		for name := range attrs {
			names = append(names, name)
		}
		slices.Sort(names)
		values := map[string]tftypes.Value{}
		for i, name := range names {
			if kind == mixed && i%2 == 1 {
				values[name] = tftypes.NewValue(attrs[name], nil)
			} else {
				values[name] = sampleValue(attrs[name], kind)
			}
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
