package contactstest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

const modulePath = "github.com/cdk-account-contacts/cdk-account-contacts-go/cdkaccountcontacts"

// run runs a command in dir as a user types it, and fails the test with its output when it fails.
func run(t *testing.T, dir string, environment []string, name string, arguments ...string) {
	t.Helper()
	command := exec.Command(name, arguments...)
	command.Dir = dir
	command.Env = append(os.Environ(), environment...)
	if output, err := command.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, arguments, err, output)
	}
}

// The README's Go block, as written, in an empty folder: go mod init, go mod tidy, go run. Only the module itself
// comes from this build (a replace, standing in for the published version); everything else comes from the proxy.
func TestReadmeGoBlockSynthesizes(t *testing.T) {
	root := repositoryRoot(t)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllSubmatch(readme, -1)
	if len(blocks) != 1 {
		t.Fatalf("the README has %d Go blocks; this test expects the quick start's one", len(blocks))
	}
	folder := t.TempDir()
	if err := os.WriteFile(filepath.Join(folder, "main.go"), blocks[0][1], 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, folder, nil, "go", "mod", "init", "quickstart")
	run(t, folder, nil, "go", "mod", "edit", "-replace", modulePath+"="+filepath.Join(root, "dist", "go", "cdkaccountcontacts"))
	run(t, folder, nil, "go", "mod", "tidy")
	assembly := filepath.Join(folder, "cdk.out")
	run(t, folder, []string{"CDK_OUTDIR=" + assembly}, "go", "run", ".")

	text, err := os.ReadFile(filepath.Join(assembly, "AccountContacts.template.json"))
	if err != nil {
		t.Fatal(err)
	}
	var template struct {
		Resources map[string]struct {
			Type       string
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(text, &template); err != nil {
		t.Fatal(err)
	}
	types := map[string]int{}
	for _, resource := range template.Resources {
		types[resource.Type]++
	}
	if types["Custom::AccountAlternateContact"] != 2 || types["AWS::Lambda::Function"] < 1 {
		t.Fatalf("the block declares %v", types)
	}
	// The provider function's code is the bundle shipped inside the module (the npm tarball jsii unpacks), staged
	// into the assembly by content hash.
	for _, resource := range template.Resources {
		if resource.Type != "AWS::Lambda::Function" {
			continue
		}
		key, _ := resource.Properties["Code"].(map[string]any)["S3Key"].(string)
		staged, _ := filepath.Glob(filepath.Join(assembly, "asset."+regexp.MustCompile(`\.zip$`).ReplaceAllString(key, "")+"*", "index.js"))
		if len(staged) != 1 {
			t.Fatalf("%s is not staged in the assembly", key)
		}
		if info, err := os.Stat(staged[0]); err != nil || info.Size() < 1000 {
			t.Fatalf("%s holds no bundled handler", staged[0])
		}
	}
}
