"""The Terraform packages from Python (FLAVOR cdktn or cdktf): the package README's Python block and (cdktf) the
Python example app synthesize the same cdk.tf.json as their TypeScript versions, which Terraform validates; bad input
fails with the TypeScript message.

What may legitimately differ:
- terraform.required_providers.aws.version, when the venv's provider bindings (PyPI) and the TypeScript side's (npm)
  are different releases: each release pins the AWS provider version it was generated from, and the two registries
  publish them separately;
- terraform.backend.local.path: the local state file's absolute path, under the folder each app ran in.
"""
import copy
import importlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FLAVOR, ROOT, differences, python_blocks, reference_file, run_python, with_fixture

framework = importlib.import_module(FLAVOR)
library = importlib.import_module(f"{FLAVOR}_account_contacts")
STRUCTS = {"security": library.AlternateContact, "billing": library.AlternateContact, "operations": library.AlternateContact,
           "contactInformation": library.ContactInformation}
PROVIDER_VERSION_FIELD = ("terraform", "required_providers", "aws", "version")


def comparable(document, other):
    """The document without its local state path, and without the provider version pin when the two sides differ."""
    document = copy.deepcopy(document)
    document.get("terraform", {}).get("backend", {}).get("local", {}).pop("path", None)
    pinned = [json_path_get(candidate, PROVIDER_VERSION_FIELD) for candidate in (document, other)]
    if pinned[0] != pinned[1]:
        json_path_get(document, PROVIDER_VERSION_FIELD[:-1]).pop(PROVIDER_VERSION_FIELD[-1])
    return document


def json_path_get(document, path):
    for key in path:
        document = document[key]
    return document


def synthesized(directory: Path, stack: str):
    return json.loads((directory / "stacks" / stack / "cdk.tf.json").read_text())


def provider_mirror():
    for candidate in (os.environ.get("TF_PLUGIN_MIRROR"), "/opt/tf-plugins", "/usr/local/share/tf-plugins", "/srv/tf-plugins"):
        if candidate and (Path(candidate) / "registry.terraform.io" / "hashicorp" / "aws").is_dir():
            return Path(candidate)
    raise AssertionError("no Terraform AWS provider mirror (tf-plugins) on this machine: set TF_PLUGIN_MIRROR")


def terraform_validate(document, tmp_path: Path) -> str:
    """terraform init (offline, from the machine's provider mirror) and validate. The mirror holds AWS provider 5.x,
    the bindings pin 6.x: the copy is pinned to the mirror's version; aws_account_alternate_contact and
    aws_account_primary_contact take the same arguments in both."""
    mirror = provider_mirror()
    mirrored = sorted(path.name for path in (mirror / "registry.terraform.io" / "hashicorp" / "aws").iterdir())
    document = copy.deepcopy(document)
    json_path_get(document, PROVIDER_VERSION_FIELD[:-1])["version"] = mirrored[-1]
    directory = tmp_path / "terraform"
    directory.mkdir()
    (directory / "cdk.tf.json").write_text(json.dumps(document))
    (tmp_path / "terraform.rc").write_text(f'provider_installation {{\n  filesystem_mirror {{\n    path = "{mirror}"\n  }}\n}}\n')
    environment = {**os.environ, "TF_CLI_CONFIG_FILE": str(tmp_path / "terraform.rc"), "TF_IN_AUTOMATION": "1",
                   "TF_INPUT": "0", "CHECKPOINT_DISABLE": "1"}
    for command in (["init", "-no-color", "-input=false"], ["validate", "-no-color"]):
        result = subprocess.run([shutil.which("terraform"), *command], cwd=directory, env=environment, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, f"terraform {command[0]} failed:\n{result.stdout}{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def readme_output(tmp_path_factory):
    blocks = python_blocks(ROOT / "packages" / FLAVOR / "README.md")
    assert len(blocks) == 1, f"packages/{FLAVOR}/README.md has {len(blocks)} Python blocks"
    directory = tmp_path_factory.mktemp("readme")
    (directory / "app.py").write_text(with_fixture(*blocks[0]), encoding="utf-8")
    run_python(directory / "app.py", directory)
    return synthesized(directory / "cdktf.out", "contacts")


def test_readme_block_synthesizes_the_typescript_configuration(readme_output):
    typescript = synthesized(reference_file("readme", "cdktf.out"), "contacts")
    assert sorted(readme_output["resource"]) == ["aws_account_alternate_contact"]
    assert differences(comparable(typescript, readme_output), comparable(readme_output, typescript)) == []


def test_readme_output_is_valid_terraform(readme_output, tmp_path):
    assert "Success! The configuration is valid." in terraform_validate(readme_output, tmp_path)


def example_app_synthesizes_the_typescript_configuration(tmp_path):
    run_python(ROOT / "examples" / "python" / "terraform_app.py", tmp_path)
    python = synthesized(tmp_path / "cdktf.out", "organization-contacts")
    typescript = synthesized(reference_file("example"), "organization-contacts")
    assert len(python["resource"]["aws_account_alternate_contact"]) >= 2
    assert differences(comparable(typescript, python), comparable(python, typescript)) == []
    assert "Success! The configuration is valid." in terraform_validate(python, tmp_path)


# examples/python/terraform_app.py is the cdktf example, as examples/terraform-app.ts (CDK Terrain's is its README's).
if FLAVOR == "cdktf":
    test_example_app_synthesizes_the_typescript_configuration = example_app_synthesizes_the_typescript_configuration


def test_the_comparison_sees_a_changed_contact(readme_output):
    changed = copy.deepcopy(readme_output)
    resource = next(iter(changed["resource"]["aws_account_alternate_contact"].values()))
    resource["email_address"] = "someone@example.com"
    assert len(differences(readme_output, changed)) == 1


def snake(name):
    return "".join(f"_{letter.lower()}" if letter.isupper() else letter for letter in name).replace("address_line_1", "address_line1")


def test_every_case_fails_with_the_typescript_message(error_cases, typescript_errors, tmp_path):
    assert len(error_cases) >= 6
    for case in error_cases:
        expected = typescript_errors[case["id"]]
        assert expected is not None, f"{case['id']}: TypeScript accepted it"
        props = {snake(key): STRUCTS[key](**{snake(field): value for field, value in value.items()}) if key in STRUCTS else value
                 for key, value in case["props"].items()}
        app = framework.App(outdir=str(tmp_path / case["id"]))
        stack = framework.TerraformStack(app, "Errors")
        with pytest.raises(RuntimeError) as raised:
            getattr(library, case["construct"])(stack, "Contacts", **props)
            app.synth()
        assert str(raised.value) == f"{expected['name']}: {expected['message']}", case["id"]
        assert "Errors/Contacts" in str(raised.value), case["id"]


def test_a_misspelt_keyword_is_a_type_error():
    app = framework.App()
    security = library.AlternateContact(name="Security Operations Center", title="Security team",
                                        email_address="security@example.com", phone_number="+1 206 555 0100")
    with pytest.raises(TypeError, match="unexpected keyword argument 'exclude_account_id'"):
        library.OrganizationContacts(framework.TerraformStack(app, "Stack"), "Contacts", security=security, exclude_account_id=["999988887777"])
