package contactstest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"example.com/contacts-example/exampleapp"
)

// comparable reads a template and leaves out what legitimately differs between the languages:
// Resources.CDKMetadata.Properties.Analytics encodes the runtime.
func comparable(t *testing.T, file string) map[string]any {
	t.Helper()
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var template map[string]any
	if err := json.Unmarshal(text, &template); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if resources, ok := template["Resources"].(map[string]any); ok {
		if metadata, ok := resources["CDKMetadata"].(map[string]any); ok {
			if properties, ok := metadata["Properties"].(map[string]any); ok {
				delete(properties, "Analytics")
			}
		}
	}
	return template
}

// firstDifference names the first line where the two templates, printed alike, differ.
func firstDifference(expected, actual map[string]any) string {
	left, _ := json.MarshalIndent(expected, "", "  ")
	right, _ := json.MarshalIndent(actual, "", "  ")
	leftLines, rightLines := strings.Split(string(left), "\n"), strings.Split(string(right), "\n")
	for index := range leftLines {
		if index >= len(rightLines) || leftLines[index] != rightLines[index] {
			found := "(end)"
			if index < len(rightLines) {
				found = rightLines[index]
			}
			return fmt.Sprintf("line %d: TypeScript %s, Go %s", index+1, strings.TrimSpace(leftLines[index]), strings.TrimSpace(found))
		}
	}
	return "Go has more lines"
}

// The Go example app (examples/go) synthesizes the same templates as examples/example-app.ts.
func TestExampleAppHasTypeScriptsTemplates(t *testing.T) {
	reference := setting(t, "TYPESCRIPT_REFERENCE")
	outdir := t.TempDir()
	exampleapp.Build(outdir).Synth(nil)
	for _, stack := range []string{"AccountContactsExample", "OrganizationContactsExample"} {
		t.Run(stack, func(t *testing.T) {
			expected := comparable(t, filepath.Join(reference, "example", stack+".template.json"))
			actual := comparable(t, filepath.Join(outdir, stack+".template.json"))
			if resources, _ := actual["Resources"].(map[string]any); len(resources) < 5 {
				t.Fatalf("too few resources: %d", len(resources))
			}
			if !reflect.DeepEqual(expected, actual) {
				t.Fatalf("the Go template differs from TypeScript's: %s", firstDifference(expected, actual))
			}
		})
	}
}
