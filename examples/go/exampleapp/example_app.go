// Package exampleapp is the example app in Go: the same stacks as examples/example-app.ts, written as a Go team
// would. scripts/go-end-to-end.sh synthesizes both and requires the same templates.
package exampleapp

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	contacts "github.com/cdk-account-contacts/cdk-account-contacts-go/cdkaccountcontacts"
)

func contact(name, title, emailAddress, phoneNumber string) *contacts.AlternateContact {
	return &contacts.AlternateContact{
		Name:         jsii.String(name),
		Title:        jsii.String(title),
		EmailAddress: jsii.String(emailAddress),
		PhoneNumber:  jsii.String(phoneNumber),
	}
}

var (
	security   = contact("Security Operations Center", "Security team", "security@example.com", "+1 206 555 0100")
	billing    = contact("Cloud Finance", "Accounts payable", "aws-billing@example.com", "+1 206 555 0101")
	operations = contact("Cloud Operations", "Platform on-call", "cloud-ops@example.com", "+1 206 555 0102")
)

// NewAccountContactsStack declares the contacts of the account the stack is deployed to, and of a member account
// managed from it.
func NewAccountContactsStack(scope constructs.Construct, id string, props *awscdk.StackProps) awscdk.Stack {
	stack := awscdk.NewStack(scope, jsii.String(id), props)
	contacts.NewSecurityContacts(stack, jsii.String("Contacts"), &contacts.SecurityContactsProps{
		Security:   security,
		Billing:    billing,
		Operations: operations,
	})
	contacts.NewAccountContactDetails(stack, jsii.String("PrimaryContact"), &contacts.AccountContactDetailsProps{
		ContactInformation: &contacts.ContactInformation{
			FullName:      jsii.String("Example Corp Cloud Platform Team"),
			CompanyName:   jsii.String("Example Corp"),
			AddressLine1:  jsii.String("123 Any Street"),
			City:          jsii.String("Seattle"),
			StateOrRegion: jsii.String("WA"),
			PostalCode:    jsii.String("98101"),
			CountryCode:   jsii.String("US"),
			PhoneNumber:   jsii.String("+1 206 555 0100"),
			WebsiteUrl:    jsii.String("https://www.example.com"),
		},
	})
	// A member account of the organization, managed from this (management or delegated administrator) account.
	contacts.NewSecurityContacts(stack, jsii.String("WorkloadAccountContacts"), &contacts.SecurityContactsProps{
		AccountId:     jsii.String("222233334444"),
		Security:      security,
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})
	return stack
}

// NewOrganizationContactsStack declares every account of the organization, now and later, from the management
// account, in us-east-1.
func NewOrganizationContactsStack(scope constructs.Construct, id string, props *awscdk.StackProps) awscdk.Stack {
	stack := awscdk.NewStack(scope, jsii.String(id), props)
	// Encrypted with SNS's AWS managed key: the failures name accounts (never a contact), and scanners ask for it.
	failures := awssns.NewTopic(stack, jsii.String("ContactFailures"), &awssns.TopicProps{
		EnforceSSL: jsii.Bool(true),
		MasterKey:  awskms.Alias_FromAliasName(stack, jsii.String("SnsKey"), jsii.String("alias/aws/sns")),
	})
	organization := contacts.NewOrganizationContacts(stack, jsii.String("OrganizationContacts"), &contacts.OrganizationContactsProps{
		Security:   security,
		Billing:    billing,
		Operations: operations,
		Overrides: &contacts.ContactsOverrides{
			// The payments unit's accounts answer to their own security team.
			OrganizationalUnits: &[]*contacts.OrganizationalUnitContactsOverride{{
				OrganizationalUnitId: jsii.String("ou-ab12-paymentsu"),
				Security:             contact("Payments Security", "PCI security team", "payments-security@example.com", "+1 206 555 0199"),
			}},
		},
		// 999988887777 is left alone; the other two are declared by AccountContactsExample: one owner per contact.
		AccountSelection: &contacts.AccountSelection{
			ExcludeAccountIds: jsii.Strings("999988887777", "111122223333", "222233334444"),
		},
		Runs: &contacts.RunOptions{FailureTopic: failures, DeploymentWait: awscdk.Duration_Minutes(jsii.Number(30))},
	})
	alarm := awscloudwatch.NewAlarm(stack, jsii.String("ContactFailuresAlarm"), &awscloudwatch.AlarmProps{
		AlarmDescription:  jsii.String("Accounts whose contacts could not be applied"),
		Metric:            organization.MetricAccountsFailed(&awscloudwatch.MetricOptions{Period: awscdk.Duration_Hours(jsii.Number(1))}),
		Threshold:         jsii.Number(1),
		EvaluationPeriods: jsii.Number(1),
		TreatMissingData:  awscloudwatch.TreatMissingData_NOT_BREACHING,
	})
	alarm.AddAlarmAction(awscloudwatchactions.NewSnsAction(failures))
	return stack
}

// Build declares both stacks in an app writing to outdir (the CDK CLI's when empty).
func Build(outdir string) awscdk.App {
	props := &awscdk.AppProps{}
	if outdir != "" {
		props.Outdir = jsii.String(outdir)
	}
	app := awscdk.NewApp(props)
	environment := &awscdk.Environment{Account: jsii.String("111122223333"), Region: jsii.String("us-east-1")}
	NewAccountContactsStack(app, "AccountContactsExample", &awscdk.StackProps{Env: environment})
	NewOrganizationContactsStack(app, "OrganizationContactsExample", &awscdk.StackProps{Env: environment})
	return app
}
