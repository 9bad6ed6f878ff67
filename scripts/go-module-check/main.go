// Command go-module-check makes the module zip the Go module proxy would serve for a folder, with the Go tools' own
// rules (golang.org/x/mod/zip: file names, sizes, no nested module, no vendor folder, the go.mod), and checks it.
// scripts/release-dry-run.sh runs it on the module jsii-pacmak builds.
//
//	go run . FOLDER MODULE_PATH VERSION
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"
)

func check(folder, path, version string) error {
	if err := module.Check(path, version); err != nil {
		return err
	}
	text, err := os.ReadFile(filepath.Join(folder, "go.mod"))
	if err != nil {
		return err
	}
	declared, err := modfile.Parse("go.mod", text, nil)
	if err != nil {
		return err
	}
	if declared.Module == nil || declared.Module.Mod.Path != path {
		return fmt.Errorf("go.mod declares module %v, the release publishes %s", declared.Module, path)
	}
	archive, err := os.CreateTemp("", "module-*.zip")
	if err != nil {
		return err
	}
	defer os.Remove(archive.Name())
	released := module.Version{Path: path, Version: version}
	if err := zip.CreateFromDir(archive, released, folder); err != nil {
		return fmt.Errorf("the Go tools refuse the module: %w", err)
	}
	if err := archive.Close(); err != nil {
		return err
	}
	files, err := zip.CheckZip(released, archive.Name())
	if err != nil {
		return err
	}
	if err := files.Err(); err != nil {
		return fmt.Errorf("the module zip: %w", err)
	}
	info, err := os.Stat(archive.Name())
	if err != nil {
		return err
	}
	fmt.Printf("go %s@%s: module zip of %d files, %d bytes (the proxy's limit: %d)\n", path, version, len(files.Valid), info.Size(), zip.MaxZipFile)
	return nil
}

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: go run . FOLDER MODULE_PATH VERSION")
		os.Exit(64)
	}
	if err := check(os.Args[1], os.Args[2], os.Args[3]); err != nil {
		fmt.Fprintln(os.Stderr, "RELEASE CHECK FAILED", err)
		os.Exit(1)
	}
}
