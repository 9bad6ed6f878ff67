package com.example.contacts;

import io.github.cdkaccountcontacts.AccountContactDetails;
import io.github.cdkaccountcontacts.AccountSelection;
import io.github.cdkaccountcontacts.AlternateContact;
import io.github.cdkaccountcontacts.ContactInformation;
import io.github.cdkaccountcontacts.ContactsOverrides;
import io.github.cdkaccountcontacts.OrganizationContacts;
import io.github.cdkaccountcontacts.OrganizationalUnitContactsOverride;
import io.github.cdkaccountcontacts.RunOptions;
import io.github.cdkaccountcontacts.SecurityContacts;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * The example app in Java: the same stacks as examples/example-app.ts, written as a Java team would.
 * scripts/java-end-to-end.sh synthesizes both and requires the same templates.
 */
public final class ExampleApp {
    static final AlternateContact SECURITY = AlternateContact.builder()
            .name("Security Operations Center")
            .title("Security team")
            .emailAddress("security@example.com")
            .phoneNumber("+1 206 555 0100")
            .build();
    static final AlternateContact BILLING = AlternateContact.builder()
            .name("Cloud Finance")
            .title("Accounts payable")
            .emailAddress("aws-billing@example.com")
            .phoneNumber("+1 206 555 0101")
            .build();
    static final AlternateContact OPERATIONS = AlternateContact.builder()
            .name("Cloud Operations")
            .title("Platform on-call")
            .emailAddress("cloud-ops@example.com")
            .phoneNumber("+1 206 555 0102")
            .build();

    private ExampleApp() {
    }

    /** The account this stack is deployed to, and a member account managed from it. */
    static final class AccountContactsStack extends Stack {
        AccountContactsStack(final Construct scope, final String id, final StackProps props) {
            super(scope, id, props);
            SecurityContacts.Builder.create(this, "Contacts").security(SECURITY).billing(BILLING).operations(OPERATIONS).build();
            AccountContactDetails.Builder.create(this, "PrimaryContact")
                    .contactInformation(ContactInformation.builder()
                            .fullName("Example Corp Cloud Platform Team")
                            .companyName("Example Corp")
                            .addressLine1("123 Any Street")
                            .city("Seattle")
                            .stateOrRegion("WA")
                            .postalCode("98101")
                            .countryCode("US")
                            .phoneNumber("+1 206 555 0100")
                            .websiteUrl("https://www.example.com")
                            .build())
                    .build();
            // A member account of the organization, managed from this (management or delegated administrator) account.
            SecurityContacts.Builder.create(this, "WorkloadAccountContacts")
                    .accountId("222233334444")
                    .security(SECURITY)
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .build();
        }
    }

    /** Every account of the organization, now and later, from the management account, in us-east-1. */
    static final class OrganizationContactsStack extends Stack {
        OrganizationContactsStack(final Construct scope, final String id, final StackProps props) {
            super(scope, id, props);
            // Encrypted with SNS's AWS managed key: the failures name accounts (never a contact), and scanners ask for it.
            Topic failures = Topic.Builder.create(this, "ContactFailures")
                    .enforceSsl(true)
                    .masterKey(Alias.fromAliasName(this, "SnsKey", "alias/aws/sns"))
                    .build();
            OrganizationContacts contacts = OrganizationContacts.Builder.create(this, "OrganizationContacts")
                    .security(SECURITY)
                    .billing(BILLING)
                    .operations(OPERATIONS)
                    .overrides(ContactsOverrides.builder()
                            // The payments unit's accounts answer to their own security team.
                            .organizationalUnits(List.of(OrganizationalUnitContactsOverride.builder()
                                    .organizationalUnitId("ou-ab12-paymentsu")
                                    .security(AlternateContact.builder()
                                            .name("Payments Security")
                                            .title("PCI security team")
                                            .emailAddress("payments-security@example.com")
                                            .phoneNumber("+1 206 555 0199")
                                            .build())
                                    .build()))
                            .build())
                    // 999988887777 is left alone; the other two are declared by AccountContactsExample: one owner per contact.
                    .accountSelection(AccountSelection.builder()
                            .excludeAccountIds(List.of("999988887777", "111122223333", "222233334444"))
                            .build())
                    .runs(RunOptions.builder().failureTopic(failures).deploymentWait(Duration.minutes(30)).build())
                    .build();
            Alarm alarm = Alarm.Builder.create(this, "ContactFailuresAlarm")
                    .alarmDescription("Accounts whose contacts could not be applied")
                    .metric(contacts.metricAccountsFailed(MetricOptions.builder().period(Duration.hours(1)).build()))
                    .threshold(1)
                    .evaluationPeriods(1)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build();
            alarm.addAlarmAction(new SnsAction(failures));
        }
    }

    /** Both stacks, in `outdir` (the CDK CLI's when null). */
    public static App build(final String outdir) {
        App app = new App(outdir == null ? AppProps.builder().build() : AppProps.builder().outdir(outdir).build());
        Environment environment = Environment.builder().account("111122223333").region("us-east-1").build();
        new AccountContactsStack(app, "AccountContactsExample", StackProps.builder().env(environment).build());
        new OrganizationContactsStack(app, "OrganizationContactsExample", StackProps.builder().env(environment).build());
        return app;
    }

    public static void main(final String[] args) {
        build(null).synth();
    }
}
