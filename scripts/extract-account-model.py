"""Writes test/fixtures/account-api-model.json: the Account Management API operations the library and the local
Account API server use, and every shape they reach, from botocore's official model (documentation dropped).

    python3 scripts/extract-account-model.py [BOTOCORE_WHEEL_OR_DIRECTORY]

Without an argument it reads the installed botocore; with a wheel (pip download --no-deps botocore) it reads that
release, for operations newer than the machine's botocore.
"""
import gzip
import json
import sys
import zipfile
from pathlib import Path

OPERATIONS = ["AcceptPrimaryEmailUpdate", "DeleteAlternateContact", "GetAccountInformation", "GetAlternateContact", "GetContactInformation", "GetPrimaryEmail", "GetPrimaryEmailUpdateStatus", "PutAlternateContact",
              "PutContactInformation", "SendPhoneNumberVerification", "StartPrimaryEmailUpdate", "VerifyPhoneNumber"]
API_VERSION = "2021-02-01"
SOURCE = f"botocore/data/account/{API_VERSION}/service-2.json"


def read_model():
    if len(sys.argv) > 1 and sys.argv[1].endswith(".whl"):
        wheel = zipfile.ZipFile(sys.argv[1])
        version = next(name for name in wheel.namelist() if name.endswith(".dist-info/METADATA")).split("-")[1].replace(".dist", "")
        name = next(name for name in wheel.namelist() if name.startswith(SOURCE))
        raw = wheel.read(name)
    else:
        import botocore
        version = botocore.__version__
        folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(botocore.__file__).parent
        path = next(folder.joinpath(*SOURCE.split("/")[1:]).parent.glob("service-2.json*"))
        raw = path.read_bytes()
    raw = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    return version, json.loads(raw)


def without_documentation(value):
    if isinstance(value, dict):
        return {key: without_documentation(item) for key, item in value.items() if key != "documentation"}
    if isinstance(value, list):
        return [without_documentation(item) for item in value]
    return value


def main():
    version, model = read_model()
    operations, wanted = {}, []
    for name in OPERATIONS:
        operation = model["operations"][name]
        operations[name] = {
            "errors": [error["shape"] for error in operation.get("errors", [])],
            "http": operation["http"],
            **({"input": operation["input"]["shape"]} if "input" in operation else {}),
            "output": operation["output"]["shape"] if "output" in operation else None,
        }
        wanted += [operations[name].get("input"), operations[name].get("output"), *operations[name]["errors"]]
    shapes = {}
    while wanted:
        name = wanted.pop()
        if not name or name in shapes:
            continue
        shape = without_documentation(model["shapes"][name])
        shapes[name] = shape
        wanted += [member["shape"] for member in shape.get("members", {}).values()]
        wanted += [shape[key]["shape"] for key in ("member", "key", "value") if key in shape]
    extract = {"botocoreVersion": version, "metadata": {key: model["metadata"][key] for key in ("apiVersion", "protocol", "serviceId", "signingName")},
               "operations": operations, "shapes": dict(sorted(shapes.items())), "source": SOURCE}
    out = Path(__file__).resolve().parents[1] / "test" / "fixtures" / "account-api-model.json"
    out.write_text(json.dumps(extract, indent=2, sort_keys=True) + "\n")
    print(f"{out}: {len(operations)} operations, {len(shapes)} shapes from botocore {version}")


main()
