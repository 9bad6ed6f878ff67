// Package contactstest holds what Go users live through: the Go example app against the TypeScript one, the
// README's Go block as written, and the errors a careless user meets. scripts/go-end-to-end.sh runs it with
// TYPESCRIPT_REFERENCE (what test/python/reference.ts synthesized and recorded) and REPOSITORY_ROOT set.
package contactstest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/jsii-runtime-go"
)

// TestMain stops jsii's Node.js process once every test has run.
func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// setting is an environment variable the script sets; a test without it fails, it is never skipped.
func setting(t *testing.T, name string) string {
	t.Helper()
	value := os.Getenv(name)
	if value == "" {
		t.Fatalf("%s is not set: run the tests with scripts/go-end-to-end.sh", name)
	}
	return value
}

func repositoryRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(setting(t, "REPOSITORY_ROOT"))
	if err != nil {
		t.Fatal(err)
	}
	return root
}
