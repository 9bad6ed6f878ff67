"""examples/python/example_app.py synthesizes the same templates as examples/example-app.ts.

The TypeScript app was synthesized by test/python/reference.ts from the packed tarball at the venv's aws-cdk-lib and
constructs versions. Everything is compared (resources, properties, policies, asset hashes, outputs, parameters,
rules) except what legitimately differs between the two languages:
- Resources.CDKMetadata.Properties.Analytics: it encodes the language runtime that synthesized the stack (jsii's
  JSII_AGENT, "Python/3.x" here, "node.js/v20" there).
"""
import copy
import json

import pytest

from conftest import ROOT, differences, reference_file, run_python

STACKS = ["AccountContactsExample", "OrganizationContactsExample"]
LANGUAGE_FIELDS = [("Resources", "CDKMetadata", "Properties", "Analytics")]


def comparable(template):
    template = copy.deepcopy(template)
    for path in LANGUAGE_FIELDS:
        node = template
        for key in path[:-1]:
            node = node.get(key, {})
        node.pop(path[-1], None)
    return template


@pytest.fixture(scope="module")
def python_assembly(tmp_path_factory):
    directory = tmp_path_factory.mktemp("example")
    run_python(ROOT / "examples" / "python" / "example_app.py", directory, CDK_OUTDIR=str(directory / "cdk.out"))
    return directory / "cdk.out"


@pytest.mark.parametrize("stack", STACKS)
def test_same_template_as_typescript(stack, python_assembly):
    typescript = json.loads(reference_file("example", f"{stack}.template.json").read_text())
    python = json.loads((python_assembly / f"{stack}.template.json").read_text())
    assert len(python["Resources"]) >= 5
    assert differences(comparable(typescript), comparable(python)) == []


@pytest.mark.parametrize("stack", STACKS)
def test_same_assets_as_typescript(stack, python_assembly):
    """The same Lambda bundles and declaration files, by content hash."""
    typescript = json.loads(reference_file("example", f"{stack}.assets.json").read_text())
    python = json.loads((python_assembly / f"{stack}.assets.json").read_text())
    assert sorted(python["files"]) == sorted(typescript["files"])
    assert len(python["files"]) >= 2


def test_the_comparison_sees_a_changed_property(python_assembly):
    """The check can fail: one changed contact field, one extra resource and a changed policy are all reported."""
    python = json.loads((python_assembly / "AccountContactsExample.template.json").read_text())
    changed = copy.deepcopy(python)
    contact = next(resource for resource in changed["Resources"].values() if resource["Type"] == "Custom::AccountAlternateContact")
    contact["Properties"]["EmailAddress"] = "someone@example.com"
    changed["Resources"]["Extra"] = {"Type": "AWS::SNS::Topic"}
    policy = next(resource for resource in changed["Resources"].values() if resource["Type"] == "AWS::IAM::Policy")
    policy["Properties"]["PolicyDocument"]["Statement"][0]["Resource"] = "*"
    found = differences(comparable(python), comparable(changed))
    assert len(found) == 3, found
    assert any(".EmailAddress" in line for line in found)
    assert any("Extra: only in Python" in line for line in found)
