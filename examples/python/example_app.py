"""The example app in Python: the same stacks as examples/example-app.ts, written as a Python team would.

The Python end-to-end run (scripts/python-end-to-end.sh) synthesizes both and requires the same templates.
Run it on its own with `CDK_OUTDIR=cdk.out python example_app.py` (the CDK CLI sets CDK_OUTDIR for you).
"""
from typing import Optional

from aws_cdk import App, Duration, Environment, RemovalPolicy, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from constructs import Construct

from cdk_account_contacts import (
    AccountContactDetails,
    AccountSelection,
    AlternateContact,
    ContactInformation,
    ContactsOverrides,
    OrganizationalUnitContactsOverride,
    OrganizationContacts,
    RunOptions,
    SecurityContacts,
)

SECURITY = AlternateContact(
    name="Security Operations Center",
    title="Security team",
    email_address="security@example.com",
    phone_number="+1 206 555 0100",
)
BILLING = AlternateContact(
    name="Cloud Finance",
    title="Accounts payable",
    email_address="aws-billing@example.com",
    phone_number="+1 206 555 0101",
)
OPERATIONS = AlternateContact(
    name="Cloud Operations",
    title="Platform on-call",
    email_address="cloud-ops@example.com",
    phone_number="+1 206 555 0102",
)


class AccountContactsStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)

        # The account this stack is deployed to (called without AccountId).
        SecurityContacts(self, "Contacts", security=SECURITY, billing=BILLING, operations=OPERATIONS)
        AccountContactDetails(self, "PrimaryContact",
            contact_information=ContactInformation(
                full_name="Example Corp Cloud Platform Team",
                company_name="Example Corp",
                address_line1="123 Any Street",
                city="Seattle",
                state_or_region="WA",
                postal_code="98101",
                country_code="US",
                phone_number="+1 206 555 0100",
                website_url="https://www.example.com",
            ),
        )

        # A member account of the organization, managed from this (management or delegated administrator) account.
        SecurityContacts(self, "WorkloadAccountContacts",
            account_id="222233334444",
            security=SECURITY,
            removal_policy=RemovalPolicy.DESTROY,
        )


class OrganizationContactsStack(Stack):
    """Every account of the organization, now and later, from the management account (or the delegated
    administrator for AWS Account Management), in us-east-1 where Organizations delivers its events."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        # Encrypted with SNS's AWS managed key: the failures name accounts (never a contact), and scanners ask for it.
        failures = sns.Topic(self, "ContactFailures",
            enforce_ssl=True,
            master_key=kms.Alias.from_alias_name(self, "SnsKey", "alias/aws/sns"),
        )
        contacts = OrganizationContacts(self, "OrganizationContacts",
            security=SECURITY,
            billing=BILLING,
            operations=OPERATIONS,
            overrides=ContactsOverrides(
                # The payments unit's accounts answer to their own security team.
                organizational_units=[OrganizationalUnitContactsOverride(
                    organizational_unit_id="ou-ab12-paymentsu",
                    security=AlternateContact(
                        name="Payments Security",
                        title="PCI security team",
                        email_address="payments-security@example.com",
                        phone_number="+1 206 555 0199",
                    ),
                )],
            ),
            account_selection=AccountSelection(
                # 999988887777 is left alone; the other two are declared by AccountContactsExample: one owner per contact.
                exclude_account_ids=["999988887777", "111122223333", "222233334444"],
            ),
            runs=RunOptions(failure_topic=failures, deployment_wait=Duration.minutes(30)),
        )
        alarm = cloudwatch.Alarm(self, "ContactFailuresAlarm",
            alarm_description="Accounts whose contacts could not be applied",
            metric=contacts.metric_accounts_failed(period=Duration.hours(1)),
            threshold=1,
            evaluation_periods=1,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        alarm.add_alarm_action(cloudwatch_actions.SnsAction(failures))


def build_example_app(outdir: Optional[str] = None) -> App:
    app = App(outdir=outdir)
    environment = Environment(account="111122223333", region="us-east-1")
    AccountContactsStack(app, "AccountContactsExample", env=environment)
    OrganizationContactsStack(app, "OrganizationContactsExample", env=environment)
    return app


if __name__ == "__main__":
    build_example_app().synth()
