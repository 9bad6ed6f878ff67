package contactstest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
	contacts "github.com/cdk-account-contacts/cdk-account-contacts-go/cdkaccountcontacts"
)

type errorCase struct {
	ID        string          `json:"id"`
	Construct string          `json:"construct"`
	Props     json.RawMessage `json:"props"`
	Flavors   []string        `json:"flavors"`
}

type typeScriptError struct {
	Name    string `json:"name"`
	Message string `json:"message"`
}

// decode types a case's props into the Go struct, as a Go user writes them: a field Go does not know fails the
// test (the struct's JSON names are the jsii names), it is never dropped.
func decode(t *testing.T, raw json.RawMessage, props any) {
	t.Helper()
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(props); err != nil {
		t.Fatalf("the case's props have no Go form: %v", err)
	}
}

// raised runs declare, then synthesizes, and gives what Go panicked with ("" when nothing did).
func raised(declare func(awscdk.Stack), synthesize bool) (message string) {
	defer func() {
		if recovered := recover(); recovered != nil {
			message = fmt.Sprint(recovered)
		}
	}()
	app := awscdk.NewApp(nil)
	declare(awscdk.NewStack(app, jsii.String("Errors"), nil))
	if synthesize {
		app.Synth(nil)
	}
	return ""
}

func declaration(t *testing.T, errorCase errorCase) func(awscdk.Stack) {
	switch errorCase.Construct {
	case "SecurityContacts":
		props := &contacts.SecurityContactsProps{}
		decode(t, errorCase.Props, props)
		return func(stack awscdk.Stack) { contacts.NewSecurityContacts(stack, jsii.String("Contacts"), props) }
	case "AccountContactDetails":
		props := &contacts.AccountContactDetailsProps{}
		decode(t, errorCase.Props, props)
		return func(stack awscdk.Stack) { contacts.NewAccountContactDetails(stack, jsii.String("Contacts"), props) }
	case "OrganizationContacts":
		props := &contacts.OrganizationContactsProps{}
		decode(t, errorCase.Props, props)
		return func(stack awscdk.Stack) { contacts.NewOrganizationContacts(stack, jsii.String("Contacts"), props) }
	}
	t.Fatalf("no Go form for %s: add it here", errorCase.Construct)
	return nil
}

// Each input of test/python/error-cases.json, typed as Go structs, fails with the message TypeScript users get.
func TestEveryErrorCaseFailsWithTheTypeScriptMessage(t *testing.T) {
	var file struct {
		Cases []errorCase `json:"cases"`
	}
	text, err := os.ReadFile(filepath.Join(repositoryRoot(t), "test", "python", "error-cases.json"))
	if err == nil {
		err = json.Unmarshal(text, &file)
	}
	if err != nil {
		t.Fatal(err)
	}
	var messages map[string]*typeScriptError
	text, err = os.ReadFile(filepath.Join(setting(t, "TYPESCRIPT_REFERENCE"), "error-messages.json"))
	if err == nil {
		err = json.Unmarshal(text, &messages)
	}
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, errorCase := range file.Cases {
		if errorCase.Flavors != nil && !strings.Contains(strings.Join(errorCase.Flavors, ","), "cdk") {
			continue
		}
		checked++
		t.Run(errorCase.ID, func(t *testing.T) {
			expected := messages[errorCase.ID]
			if expected == nil {
				t.Fatal("TypeScript accepted it, or no message is recorded")
			}
			message := raised(declaration(t, errorCase), true)
			if message == "" {
				t.Fatal("Go accepted it")
			}
			// jsii puts the JavaScript error's name before its message, as in Python and Java.
			if message != expected.Name+": "+expected.Message {
				t.Fatalf("Go says\n  %q\nTypeScript says\n  %q", message, expected.Name+": "+expected.Message)
			}
			if !strings.Contains(message, "[Errors/Contacts]") {
				t.Fatalf("the construct path is not named: %s", message)
			}
		})
	}
	if checked < 7 {
		t.Fatalf("only %d cases", checked)
	}
}

// A required struct field left out is refused before anything reaches JavaScript; a construct with no contact at
// all is refused at synth, naming the construct path and the field.
func TestRequiredFieldsLeftOut(t *testing.T) {
	missingEmail := raised(func(stack awscdk.Stack) {
		contacts.NewSecurityContacts(stack, jsii.String("Contacts"), &contacts.SecurityContactsProps{
			Security: &contacts.AlternateContact{
				Name:        jsii.String("Security Operations Center"),
				Title:       jsii.String("Security team"),
				PhoneNumber: jsii.String("+1 206 555 0100"),
			},
		})
	}, false)
	if !strings.Contains(missingEmail, "EmailAddress") {
		t.Fatalf("a missing EmailAddress is not named: %q", missingEmail)
	}
	nothing := raised(func(stack awscdk.Stack) {
		contacts.NewSecurityContacts(stack, jsii.String("Contacts"), &contacts.SecurityContactsProps{})
	}, true)
	if !strings.Contains(nothing, "[Errors/Contacts] security is required") {
		t.Fatalf("a construct with no contact: %q", nothing)
	}
}
