package provider

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
)

// TestWiring is the executable part of ARCHITECTURE.md's checklist: every
// type the provider registers has its examples, its rows in the test tables
// that run them, its template, its generated page and its README rows.
func TestWiring(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := New("test")()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	// mustExist reports each of the repository's files (paths relative to
	// its root) that is missing.
	mustExist := func(typeName string, paths ...string) {
		t.Helper()
		for _, rel := range paths {
			if _, err := os.Stat(filepath.Join("../..", rel)); err != nil {
				t.Errorf("%s: %s is missing", typeName, rel)
			}
		}
	}
	inReadme := func(typeName, table string) {
		t.Helper()
		if !strings.Contains(string(readme), "`"+typeName+"`") {
			t.Errorf("%s: README.md's %s does not name it", typeName, table)
		}
	}

	examples := map[string]bool{}
	for _, e := range exampleResources() {
		examples[e.typeName] = true
	}
	for _, newRes := range p.Resources(ctx) {
		var resp fwresource.MetadataResponse
		newRes().Metadata(ctx, fwresource.MetadataRequest{ProviderTypeName: "whatsapp"}, &resp)
		typeName, short := resp.TypeName, strings.TrimPrefix(resp.TypeName, "whatsapp_")
		if !examples[typeName] {
			t.Errorf("%s: not in exampleResources (examples_test.go)", typeName)
		}
		if _, ok := identityAttributes[typeName]; !ok {
			t.Errorf("%s: not in identityAttributes (identity_test.go)", typeName)
		}
		if _, ok := modelStates[typeName]; !ok {
			t.Errorf("%s: not in modelStates (model_state_test.go)", typeName)
		}
		dir := "examples/resources/" + typeName + "/"
		mustExist(typeName, dir+"resource.tf", dir+"import.sh", dir+"import-by-string-id.tf", dir+"import-by-identity.tf",
			"templates/resources/"+short+".md.tmpl", "docs/resources/"+short+".md")
		inReadme(typeName, "types table")
		if !strings.Contains(string(readme), "| `"+typeName+"` | `<") {
			t.Errorf("%s: README.md's import table has no row for it", typeName)
		}
	}
	for _, newDS := range p.DataSources(ctx) {
		var resp datasource.MetadataResponse
		newDS().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "whatsapp"}, &resp)
		typeName, short := resp.TypeName, strings.TrimPrefix(resp.TypeName, "whatsapp_")
		mustExist(typeName, "examples/data-sources/"+typeName+"/data-source.tf", "docs/data-sources/"+short+".md")
		inReadme(typeName, "types table")
	}
	for _, newList := range p.(interface {
		ListResources(context.Context) []func() list.ListResource
	}).ListResources(ctx) {
		var resp fwresource.MetadataResponse
		newList().Metadata(ctx, fwresource.MetadataRequest{ProviderTypeName: "whatsapp"}, &resp)
		typeName, short := resp.TypeName, strings.TrimPrefix(resp.TypeName, "whatsapp_")
		if _, ok := listResourceExamples[typeName]; !ok {
			t.Errorf("%s: not in listResourceExamples (list_resources_test.go)", typeName)
		}
		mustExist(typeName, "examples/list-resources/"+typeName+"/list-resource.tfquery.hcl", "docs/list-resources/"+short+".md")
		inReadme(typeName, "list resources sentence")
	}
}

// maxProductionLines is ARCHITECTURE.md's bound on a production Go file:
// a longer one is split by concern.
const maxProductionLines = 500

// TestProductionFilesStaySmall checks that bound over the module (the
// separate tools module aside).
func TestProductionFilesStaySmall(t *testing.T) {
	t.Parallel()
	root := "../.."
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "tools" || d.Name() == "bin" || strings.HasPrefix(d.Name(), ".") && path != root) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if n := strings.Count(string(data), "\n"); n > maxProductionLines {
			rel, _ := filepath.Rel(root, path)
			t.Errorf("%s has %d lines, more than %d: split it by concern", rel, n, maxProductionLines)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
