"""The Python blocks of the documentation (README.md, then docs/*.md), run exactly as written (a block marked ```python fixture=stack runs inside
test/python/fixtures/stack.py), each synthesized into a cloud assembly of its own as `cdk synth` would."""
import json
from collections import Counter

import pytest

from conftest import ROOT, python_blocks, run_python, with_fixture

# Wherever a block lives: the README's quick start, the pages of docs/ (the OrganizationContacts example).
DOCUMENTATION = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCKS = [block for page in DOCUMENTATION for block in python_blocks(page)]

# What each block declares, in that order: a block added to the documentation must say here what it synthesizes.
EXPECTED_RESOURCES = [
    {"Custom::AccountAlternateContact": 2, "Custom::AccountContactInformation": 1},
    {"Custom::OrganizationContacts": 1, "AWS::SNS::Topic": 1},
]


def test_every_block_has_its_expectation():
    assert len(BLOCKS) == len(EXPECTED_RESOURCES), f"the documentation has {len(BLOCKS)} Python blocks, the test expects {len(EXPECTED_RESOURCES)}"


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_block_synthesizes(index, tmp_path):
    fixture, block = BLOCKS[index]
    program = tmp_path / "app.py"
    program.write_text(with_fixture(fixture, block), encoding="utf-8")
    assembly = tmp_path / "cdk.out"
    run_python(program, tmp_path, CDK_OUTDIR=str(assembly))

    manifest = json.loads((assembly / "manifest.json").read_text())
    stacks = [name for name, artifact in manifest["artifacts"].items() if artifact["type"] == "aws:cloudformation:stack"]
    assert len(stacks) == 1
    template = json.loads((assembly / f"{stacks[0]}.template.json").read_text())
    types = Counter(resource["Type"] for resource in template["Resources"].values())
    for resource_type, count in EXPECTED_RESOURCES[index].items():
        assert types[resource_type] == count, f"block {index}: {dict(types)}"

    # The provider function's code is the bundle shipped inside the wheel (the npm tarball jsii unpacks), staged
    # into the assembly by content hash.
    functions = [resource for resource in template["Resources"].values() if resource["Type"] == "AWS::Lambda::Function"]
    assert functions, f"block {index} declares no function"
    for function in functions:
        key = function["Properties"]["Code"]["S3Key"]
        staged = list(assembly.glob(f"asset.{key.split('.')[0]}*"))
        assert len(staged) == 1, f"{key} is not staged in the assembly"
        assert (staged[0] / "index.js").stat().st_size > 1000, f"{staged[0]} holds no bundled handler"
