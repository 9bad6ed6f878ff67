"""Shared by the Python end-to-end tests (scripts/python-end-to-end.sh sets the environment they read).

FLAVOR                 cdk, cdktn or cdktf: the package installed in this venv
REPOSITORY_ROOT        the repository (README, examples, error cases)
TYPESCRIPT_REFERENCE   what test/python/reference.ts wrote: the TypeScript side of every comparison
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(os.environ.get("REPOSITORY_ROOT", Path(__file__).resolve().parents[2]))
FLAVOR = os.environ.get("FLAVOR", "cdk")
REFERENCE = Path(os.environ["TYPESCRIPT_REFERENCE"]) if "TYPESCRIPT_REFERENCE" in os.environ else None
FIXTURE_MARK = "# --- the README block ---"


def python_blocks(markdown_file: Path):
    """The ```python blocks of a Markdown file, each with its fixture name (```python fixture=stack) or None."""
    text = markdown_file.read_text(encoding="utf-8")
    return [(match.group(1), match.group(2)) for match in re.finditer(r"```python(?: fixture=(\w+))?\n(.*?)```", text, re.S)]


def with_fixture(fixture, block: str) -> str:
    """The program a README block stands for: the block alone, or its fixture with the block in place of the mark."""
    if fixture is None:
        return block
    template = (Path(__file__).parent / "fixtures" / f"{fixture}.py").read_text(encoding="utf-8")
    assert FIXTURE_MARK in template, f"fixture {fixture} has no '{FIXTURE_MARK}' line"
    return template.replace(FIXTURE_MARK, block)


def run_python(program: Path, cwd: Path, **environment) -> subprocess.CompletedProcess:
    """Runs a Python program with this venv's interpreter, as `cdk synth` / `cdktf synth` would (CDK_OUTDIR set by the caller)."""
    result = subprocess.run([sys.executable, str(program)], cwd=cwd, env={**os.environ, **environment},
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{program.name} failed ({result.returncode}):\n{result.stderr[-4000:]}"
    return result


def reference_file(*parts) -> Path:
    assert REFERENCE is not None, "TYPESCRIPT_REFERENCE is not set: run scripts/python-end-to-end.sh"
    path = REFERENCE.joinpath(*parts)
    assert path.exists(), f"the TypeScript reference has no {path}"
    return path


def differences(expected, actual, where="$"):
    """Every path where two JSON documents differ (an empty list when they are equal)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key in sorted(set(expected) | set(actual)):
            if key not in actual:
                found.append(f"{where}.{key}: only in TypeScript")
            elif key not in expected:
                found.append(f"{where}.{key}: only in Python")
            else:
                found.extend(differences(expected[key], actual[key], f"{where}.{key}"))
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{where}: {len(expected)} items in TypeScript, {len(actual)} in Python"]
        return [found for index, (left, right) in enumerate(zip(expected, actual))
                for found in differences(left, right, f"{where}[{index}]")]
    return [] if expected == actual else [f"{where}: TypeScript {json.dumps(expected)[:200]}, Python {json.dumps(actual)[:200]}"]


@pytest.fixture
def error_cases():
    document = json.loads((ROOT / "test" / "python" / "error-cases.json").read_text(encoding="utf-8"))
    return [case for case in document["cases"] if FLAVOR in case.get("flavors", [FLAVOR])]


@pytest.fixture
def typescript_errors():
    return json.loads(reference_file("error-messages.json").read_text(encoding="utf-8"))
