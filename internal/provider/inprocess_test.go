package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// planInProcess sends the provider server the RPCs `terraform plan` (or, with
// an importID, `terraform import`) sends for config, in Terraform's order
// (validate everything, configure, then plan or read each block or import),
// and stops at the first error, as Terraform does. It returns the
// diagnostics rendered as text (severity, summary, attribute path, detail)
// for the same errorRe a CLI test uses. It starts no CLI: an invalid-config
// case costs microseconds instead of a terraform process, and a handful of
// TestAcc cases prove the CLI renders the same diagnostics.
//
// config is HCL of the kinds our tests write: a terraform block (ignored),
// one provider block and resource and data blocks whose attributes are
// literals or jsonencode(...).
func (a *acc) planInProcess(config, importResource, importID string) (string, error) {
	ctx := context.Background()
	srv := newServer("test", testOptions{clock: instantClock{}})()
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return "", err
	}
	file, parseDiags := hclsyntax.ParseConfig([]byte(config), "main.tf", hcl.InitialPos)
	if parseDiags.HasErrors() {
		return "", parseDiags
	}
	var providerConfig *tfprotov6.DynamicValue
	type block struct {
		kind, typeName string
		config         *tfprotov6.DynamicValue
		schema         *tfprotov6.Schema
	}
	var blocks []block
	for _, b := range file.Body.(*hclsyntax.Body).Blocks {
		switch b.Type {
		case "terraform":
		case "provider":
			if providerConfig, err = blockValue(b.Body, schemas.Provider); err != nil {
				return "", fmt.Errorf("provider: %w", err)
			}
		case "resource", "data":
			schema := schemas.ResourceSchemas[b.Labels[0]]
			if b.Type == "data" {
				schema = schemas.DataSourceSchemas[b.Labels[0]]
			}
			if schema == nil {
				return "", fmt.Errorf("%s %q: no such type", b.Type, b.Labels[0])
			}
			value, err := blockValue(b.Body, schema)
			if err != nil {
				return "", fmt.Errorf("%s.%s: %w", b.Labels[0], b.Labels[1], err)
			}
			blocks = append(blocks, block{kind: b.Type, typeName: b.Labels[0], config: value, schema: schema})
		default:
			return "", fmt.Errorf("planInProcess does not support %s blocks", b.Type)
		}
	}
	if providerConfig == nil {
		return "", fmt.Errorf("the config has no provider block")
	}

	var out diagnosticText
	validate := []func() []*tfprotov6.Diagnostic{func() []*tfprotov6.Diagnostic {
		resp, err := srv.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{Config: providerConfig})
		return rpcDiags(resp.Diagnostics, err)
	}}
	for _, b := range blocks {
		validate = append(validate, func() []*tfprotov6.Diagnostic {
			if b.kind == "data" {
				resp, err := srv.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: b.typeName, Config: b.config})
				return rpcDiags(resp.Diagnostics, err)
			}
			resp, err := srv.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: b.typeName, Config: b.config,
				ClientCapabilities: &tfprotov6.ValidateResourceConfigClientCapabilities{WriteOnlyAttributesAllowed: true}})
			return rpcDiags(resp.Diagnostics, err)
		})
	}
	// Terraform validates every block before it stops.
	for _, v := range validate {
		out.add(v())
	}
	if out.failed {
		return out.String(), nil
	}
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: providerConfig})
	if out.add(rpcDiags(resp.Diagnostics, err)); out.failed {
		return out.String(), nil
	}
	if importID != "" {
		typeName, _, _ := strings.Cut(importResource, ".")
		resp, err := srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: typeName, ID: importID})
		out.add(rpcDiags(resp.Diagnostics, err))
		return out.String(), nil
	}
	for _, b := range blocks {
		if b.kind == "data" {
			resp, err := srv.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: b.typeName, Config: b.config})
			out.add(rpcDiags(resp.Diagnostics, err))
			continue
		}
		typ := b.schema.ValueType()
		prior, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
		if err != nil {
			return "", err
		}
		proposed, err := withoutWriteOnly(b.config, b.schema)
		if err != nil {
			return "", err
		}
		resp, err := srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: b.typeName,
			PriorState: &prior, ProposedNewState: proposed, Config: b.config,
			ClientCapabilities: &tfprotov6.PlanResourceChangeClientCapabilities{DeferralAllowed: true}})
		out.add(rpcDiags(resp.Diagnostics, err))
	}
	return out.String(), nil
}

func rpcDiags(diags []*tfprotov6.Diagnostic, err error) []*tfprotov6.Diagnostic {
	if err != nil {
		return append(diags, &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityError, Summary: "RPC failed", Detail: err.Error()})
	}
	return diags
}

// diagnosticText renders diagnostics much as the CLI does, path included.
type diagnosticText struct {
	strings.Builder
	failed bool
}

func (d *diagnosticText) add(diags []*tfprotov6.Diagnostic) {
	for _, diag := range diags {
		severity := "Warning"
		if diag.Severity == tfprotov6.DiagnosticSeverityError {
			severity, d.failed = "Error", true
		}
		fmt.Fprintf(d, "%s: %s\n", severity, diag.Summary)
		if diag.Attribute != nil {
			fmt.Fprintf(d, "  with %s\n", attributePathText(diag.Attribute))
		}
		fmt.Fprintf(d, "%s\n\n", diag.Detail)
	}
}

// attributePathText writes a path as configurations do: commands[0].name.
func attributePathText(p *tftypes.AttributePath) string {
	var s strings.Builder
	for _, step := range p.Steps() {
		switch step := step.(type) {
		case tftypes.AttributeName:
			if s.Len() > 0 {
				s.WriteByte('.')
			}
			s.WriteString(string(step))
		case tftypes.ElementKeyInt:
			fmt.Fprintf(&s, "[%d]", step)
		case tftypes.ElementKeyString:
			fmt.Fprintf(&s, "[%q]", string(step))
		default:
			s.WriteString("[...]")
		}
	}
	return s.String()
}

var hclFunctions = map[string]function.Function{"jsonencode": stdlib.JSONEncodeFunc}

// blockValue evaluates a block's attributes into the schema's object type;
// absent attributes are null, unknown ones an error (a typo in a test).
func blockValue(body *hclsyntax.Body, schema *tfprotov6.Schema) (*tfprotov6.DynamicValue, error) {
	if len(body.Blocks) > 0 {
		return nil, fmt.Errorf("nested blocks are not supported (%s)", body.Blocks[0].Type)
	}
	attrs := map[string]cty.Value{}
	for name, attr := range body.Attributes {
		v, diags := attr.Expr.Value(&hcl.EvalContext{Functions: hclFunctions})
		if diags.HasErrors() {
			return nil, diags
		}
		attrs[name] = v
	}
	typ := schema.ValueType()
	value, err := tfValue(cty.ObjectVal(attrs), typ)
	if err != nil {
		return nil, err
	}
	dv, err := tfprotov6.NewDynamicValue(typ, value)
	return &dv, err
}

// withoutWriteOnly is the proposed new state of a create: the config, with
// write-only attributes null (Terraform never puts them in a plan).
func withoutWriteOnly(config *tfprotov6.DynamicValue, schema *tfprotov6.Schema) (*tfprotov6.DynamicValue, error) {
	typ := schema.ValueType()
	value, err := config.Unmarshal(typ)
	if err != nil {
		return nil, err
	}
	var attrs map[string]tftypes.Value
	if err := value.As(&attrs); err != nil {
		return nil, err
	}
	for _, attr := range schema.Block.Attributes {
		if attr.WriteOnly {
			attrs[attr.Name] = tftypes.NewValue(attrs[attr.Name].Type(), nil)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
	return &dv, err
}

// tfValue converts an HCL value into a value of the schema's type, as
// Terraform does before it sends a config.
func tfValue(v cty.Value, typ tftypes.Type) (tftypes.Value, error) {
	if v.IsNull() {
		return tftypes.NewValue(typ, nil), nil
	}
	switch typ := typ.(type) {
	case tftypes.Object:
		if !v.Type().IsObjectType() && !v.Type().IsMapType() {
			return tftypes.Value{}, fmt.Errorf("%s is not an object", v.Type().FriendlyName())
		}
		given := v.AsValueMap()
		attrs := map[string]tftypes.Value{}
		for name, attrType := range typ.AttributeTypes {
			av, ok := given[name]
			if !ok {
				av = cty.NullVal(cty.DynamicPseudoType)
			}
			tv, err := tfValue(av, attrType)
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("%s: %w", name, err)
			}
			attrs[name] = tv
			delete(given, name)
		}
		if len(given) > 0 {
			var extra []string
			for name := range given {
				extra = append(extra, name)
			}
			sort.Strings(extra)
			return tftypes.Value{}, fmt.Errorf("unsupported attributes %v", extra)
		}
		return tftypes.NewValue(typ, attrs), nil
	case tftypes.List, tftypes.Set:
		elemType := elementType(typ)
		if !v.CanIterateElements() {
			return tftypes.Value{}, fmt.Errorf("%s is not a list", v.Type().FriendlyName())
		}
		var elems []tftypes.Value
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			tv, err := tfValue(ev, elemType)
			if err != nil {
				return tftypes.Value{}, err
			}
			elems = append(elems, tv)
		}
		return tftypes.NewValue(typ, elems), nil
	case tftypes.Map:
		elems := map[string]tftypes.Value{}
		for key, ev := range v.AsValueMap() {
			tv, err := tfValue(ev, typ.ElementType)
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("%s: %w", key, err)
			}
			elems[key] = tv
		}
		return tftypes.NewValue(typ, elems), nil
	}
	switch {
	case typ.Is(tftypes.String):
		s, err := convert.Convert(v, cty.String)
		if err != nil {
			return tftypes.Value{}, err
		}
		return tftypes.NewValue(typ, s.AsString()), nil
	case typ.Is(tftypes.Number):
		n, err := convert.Convert(v, cty.Number)
		if err != nil {
			return tftypes.Value{}, err
		}
		return tftypes.NewValue(typ, n.AsBigFloat()), nil
	case typ.Is(tftypes.Bool):
		b, err := convert.Convert(v, cty.Bool)
		if err != nil {
			return tftypes.Value{}, err
		}
		return tftypes.NewValue(typ, b.True()), nil
	}
	return tftypes.Value{}, fmt.Errorf("type %s is not supported", typ)
}

func elementType(typ tftypes.Type) tftypes.Type {
	if l, ok := typ.(tftypes.List); ok {
		return l.ElementType
	}
	return typ.(tftypes.Set).ElementType
}
