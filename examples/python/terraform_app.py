"""The CDK-for-Terraform example in Python: the same stack as examples/terraform-app.ts (every account of an
organization, one override, one excluded account). The Python end-to-end run requires the same cdk.tf.json.
Run it on its own with `python terraform_app.py` (it synthesizes into ./cdktf.out, as `cdktf synth` does).
"""
from typing import Optional

from cdktf import App, TerraformStack
from cdktf_cdktf_provider_aws.provider import AwsProvider
from constructs import Construct

from cdktf_account_contacts import (
    AccountContactsOverride,
    AccountSelection,
    AlternateContact,
    ContactsOverrides,
    OrganizationContacts,
)


class OrganizationContactsTerraformStack(TerraformStack):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        # Credentials of the management account, or of the delegated administrator for AWS Account Management.
        AwsProvider(self, "aws", region="us-east-1")

        OrganizationContacts(self, "Contacts",
            security=AlternateContact(
                name="Security Operations Center",
                title="Security team",
                email_address="security@example.com",
                phone_number="+1 206 555 0100",
            ),
            billing=AlternateContact(
                name="Cloud Finance",
                title="Accounts payable",
                email_address="aws-billing@example.com",
                phone_number="+1 206 555 0101",
            ),
            account_selection=AccountSelection(exclude_account_ids=["999988887777"]),
            overrides=ContactsOverrides(accounts=[AccountContactsOverride(
                account_id="222233334444",
                security=AlternateContact(
                    name="Payments Security",
                    title="PCI security team",
                    email_address="payments-security@example.com",
                    phone_number="+1 206 555 0199",
                ),
            )]),
        )


def build_terraform_example_app(outdir: Optional[str] = None) -> App:
    app = App(outdir=outdir or "cdktf.out", hcl_output=False)
    OrganizationContactsTerraformStack(app, "organization-contacts")
    return app


if __name__ == "__main__":
    build_terraform_example_app().synth()
