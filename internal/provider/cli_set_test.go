package provider

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// cliSmokeTests run every registered type under each extra CLI: the
// examples of exampleResources and listResourceExamples (TestWiring checks
// that every type is in them) and the identity of identityAttributes.
var cliSmokeTests = []string{
	"TestAccExampleResources", "TestAccExampleImportByIdentity", "TestAccResourceIdentity",
	"TestAccListResources", "TestAccExampleListResources", "TestAccExampleProviderAndDataSource",
}

// TestCLISet checks that make testcli's pattern (CLI_TESTS in GNUmakefile)
// runs, under Terraform 1.15 and OpenTofu, the smoke tests and every test
// that depends on the CLI: one that checks its version (tfversion: identity,
// list resources, write-only attributes) or names write-only attributes.
// The live-safe tests (TestAccLive*) run under the shared CLI in make
// testacc-live-emulated instead.
func TestCLISet(t *testing.T) {
	t.Parallel()
	makefile, err := os.ReadFile("../../GNUmakefile")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^CLI_TESTS := (.+)$`).FindSubmatch(makefile)
	if m == nil {
		t.Fatal("GNUmakefile has no CLI_TESTS := line")
	}
	cliTests := regexp.MustCompile(string(m[1]))

	tests := map[string]bool{} // test functions of this package; true: checks the CLI's version
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Test") {
				continue
			}
			tests[fn.Name.Name] = usesPackage(fn.Body, "tfversion")
		}
	}
	for _, name := range cliSmokeTests {
		if _, ok := tests[name]; !ok {
			t.Errorf("%s: no such test (cliSmokeTests)", name)
		} else if !cliTests.MatchString(name) {
			t.Errorf("%s: a smoke test of every type, not in make testcli's CLI_TESTS %s", name, cliTests)
		}
	}
	for name, checksVersion := range tests {
		dependsOnCLI := checksVersion || strings.Contains(name, "WriteOnly")
		if dependsOnCLI && !strings.HasPrefix(name, "TestAccLive") && !cliTests.MatchString(name) {
			t.Errorf("%s depends on the CLI (it checks its version or tests write-only attributes), "+
				"but make testcli's CLI_TESTS %s does not run it: rename it or extend the pattern", name, cliTests)
		}
	}
}

// usesPackage reports whether node refers to the imported package pkg.
func usesPackage(node ast.Node, pkg string) bool {
	found := false
	ast.Inspect(node, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == pkg {
				found = true
			}
		}
		return !found
	})
	return found
}
