// Command localproxy writes this module, as the working tree holds it, into
// a folder laid out as a Go module proxy (GOPROXY=file://DIR), at a version
// of one's choosing. scripts/fakegraph-install-test.sh uses it to run the
// `go install .../cmd/fakegraph@VERSION` line of the emulator guide from a
// clean GOPATH without publishing anything.
//
//	go run ./scripts/localproxy -dir DIR [-version v0.0.0-local]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"
)

func main() {
	dir := flag.String("dir", "", "the proxy folder to write (required)")
	version := flag.String("version", "v0.0.0-local", "the version to publish the module at")
	src := flag.String("src", ".", "the module's root folder")
	flag.Parse()
	if err := run(*dir, *version, *src); err != nil {
		fmt.Fprintln(os.Stderr, "localproxy:", err)
		os.Exit(1)
	}
}

func run(dir, version, src string) error {
	if dir == "" {
		return fmt.Errorf("-dir is required")
	}
	goMod, err := os.ReadFile(filepath.Join(src, "go.mod"))
	if err != nil {
		return err
	}
	path := modfile.ModulePath(goMod)
	mv := module.Version{Path: path, Version: version}
	if err := module.Check(path, version); err != nil {
		return err
	}
	escaped, err := module.EscapePath(path)
	if err != nil {
		return err
	}
	at := filepath.Join(dir, filepath.FromSlash(escaped), "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		return err
	}
	out, err := os.Create(filepath.Join(at, version+".zip"))
	if err != nil {
		return err
	}
	// CreateFromDir leaves out what a module zip must not hold: nested
	// modules (tools/), vendor folders and files over the size limits.
	if err := zip.CreateFromDir(out, mv, src); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	info := fmt.Sprintf(`{"Version":%q,"Time":%q}`+"\n", version, time.Now().UTC().Format(time.RFC3339))
	files := map[string][]byte{version + ".mod": goMod, version + ".info": []byte(info), "list": []byte(version + "\n")}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(at, name), data, 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("localproxy: %s@%s in %s\n", path, version, dir)
	return nil
}
