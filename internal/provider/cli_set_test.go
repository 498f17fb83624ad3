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
	cliTests := regexp.MustCompile(makeVariable(t, "CLI_TESTS"))

	tests := packageTests(t)
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

// TestRaceSet checks that every test make test names in RACE_ACC_TESTS (the
// acceptance tests it runs under the race detector) exists, so a rename
// cannot quietly take a concurrency test out from under the detector.
func TestRaceSet(t *testing.T) {
	t.Parallel()
	pattern := makeVariable(t, "RACE_ACC_TESTS")
	m := regexp.MustCompile(`^\^TestAcc\((.+)\)\$$`).FindStringSubmatch(pattern)
	if m == nil {
		t.Fatalf("RACE_ACC_TESTS %s is not of the form ^TestAcc(A|B)$", pattern)
	}
	tests := packageTests(t)
	for _, suffix := range strings.Split(m[1], "|") {
		if _, ok := tests["TestAcc"+suffix]; !ok {
			t.Errorf("RACE_ACC_TESTS names TestAcc%s: no such test", suffix)
		}
	}
}

// makeVariable is the value of a `NAME := value` line of GNUmakefile, as
// make passes it on ($$ is make's escape for $).
func makeVariable(t *testing.T, name string) string {
	t.Helper()
	makefile, err := os.ReadFile("../../GNUmakefile")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^` + name + ` := (.+)$`).FindSubmatch(makefile)
	if m == nil {
		t.Fatalf("GNUmakefile has no %s := line", name)
	}
	return strings.ReplaceAll(string(m[1]), "$$", "$")
}

// packageTests are the test functions of this package; true: the test
// checks the CLI's version.
func packageTests(t *testing.T) map[string]bool {
	t.Helper()
	tests := map[string]bool{}
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
	return tests
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
