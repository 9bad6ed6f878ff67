"""Each registry's rules, applied to what a release would upload (scripts/release-dry-run.sh gathers the artifacts).

  check-release-artifacts.py npm PUBLISH_DRY_RUN_JSON     `npm publish --dry-run --json` of a tarball
  check-release-artifacts.py maven FOLDER                 a Maven repository layout of one version (jsii-pacmak's)
  check-release-artifacts.py pypi FOLDER                  the wheel and sdist (after `twine check --strict`)
  check-release-artifacts.py folder FOLDER                the Go module's or the C# project's folder

Prints one line per artifact that broke no rule, and exits 1 naming every rule broken."""
import json
import re
import sys
import tarfile
import xml.etree.ElementTree as tree
import zipfile
from pathlib import Path

problems = []


def problem(artifact, text):
    problems.append(f"{artifact}: {text}")


def passed(since, line):
    """Prints an artifact's line only when it broke no rule since `since` (len(problems) before its checks)."""
    if len(problems) == since:
        print(line)


# What an npm tarball may hold: the compiled library, its type declarations and jsii assembly, the bundled functions
# and command, the declaration schema, and the documents. Anything else (a test venv, sources, reports) is a leak.
NPM_ALLOWED = re.compile(
    r"^(package\.json|README\.md|LICENSE|CHANGELOG\.md|CONTRIBUTING\.md|API\.md|\.jsii|\.jsii\.tabl\.json"
    r"|lib/.+\.(js|d\.ts)|assets/.+|schema/[^/]+\.json|docs/[^/]+\.(md|json))$"
)
# Far above what the packages hold (under 10 MB unpacked), far below what would be a leak (the test venv is 300 MB).
NPM_MAX_UNPACKED = 20_000_000


def check_bundled_tarball(artifact, archive):
    """jsii ships the npm tarball inside the wheel, the jar and the Go module: the npm rules hold there too."""
    bundled = [name for name in archive.namelist() if name.endswith(".tgz")]
    if len(bundled) != 1:
        problem(artifact, f"expected one bundled npm tarball, found {bundled}")
        return
    with archive.open(bundled[0]) as handle, tarfile.open(fileobj=handle) as tarball:
        members = [member for member in tarball.getmembers() if member.isfile()]
    leaked = [member.name for member in members if not NPM_ALLOWED.match(member.name.removeprefix("package/"))]
    if leaked:
        problem(artifact, f"its bundled npm tarball holds {len(leaked)} files outside the allow-list, e.g. {leaked[:3]}")
    unpacked = sum(member.size for member in members)
    if unpacked > NPM_MAX_UNPACKED:
        problem(artifact, f"its bundled npm tarball is {unpacked} bytes unpacked, more than {NPM_MAX_UNPACKED}")


class FolderArchive:
    """A folder read like a zip (the Go module before the Go tools zip it, the C# project before NuGet packs it)."""

    def __init__(self, folder):
        self.folder = Path(folder)

    def namelist(self):
        return [str(path.relative_to(self.folder)) for path in self.folder.rglob("*") if path.is_file()]

    def open(self, name):
        return (self.folder / name).open("rb")


def check_folder(folder):
    since = len(problems)
    check_bundled_tarball(folder, FolderArchive(folder))
    passed(since, f"{folder}: the bundled npm tarball holds only allowed files")


def check_npm(report_path):
    report = json.loads(Path(report_path).read_text())
    for name, package in report.items():
        since = len(problems)
        paths = {entry["path"] for entry in package["files"]}
        leaked = sorted(path for path in paths if not NPM_ALLOWED.match(path))
        if leaked:
            problem(name, f"{len(leaked)} files outside the allow-list, e.g. {', '.join(leaked[:5])}")
        if package["unpackedSize"] > NPM_MAX_UNPACKED:
            problem(name, f"{package['unpackedSize']} bytes unpacked, more than {NPM_MAX_UNPACKED}")
        for required in ("package.json", "README.md", "LICENSE", ".jsii"):
            if required not in paths:
                problem(name, f"{required} is missing")
        passed(since, f"npm {package['id']}: {package['entryCount']} files, {package['size']} bytes packed, {package['unpackedSize']} unpacked")


MAVEN = "{http://maven.apache.org/POM/4.0.0}"


def check_maven(folder):
    # Maven Central's requirements (central.sonatype.org/publish/requirements): coordinates, name, description, url,
    # licenses, developers and scm in the POM; a -sources.jar and a -javadoc.jar beside the jar. Signatures (.asc)
    # are made by the release workflow with its key, not here.
    poms = sorted(Path(folder).rglob("*.pom"))
    if not poms:
        problem(folder, "no POM")
    for pom in poms:
        since = len(problems)
        root = tree.parse(pom).getroot()
        text = lambda field: (root.findtext(MAVEN + field) or "").strip()
        for field in ("groupId", "artifactId", "version", "name", "description", "url"):
            if not text(field):
                problem(pom.name, f"<{field}> is missing or empty")
        licenses = root.findall(f"{MAVEN}licenses/{MAVEN}license")
        if not licenses or not all((license.findtext(f"{MAVEN}name") or "").strip() and (license.findtext(f"{MAVEN}url") or "").strip() for license in licenses):
            problem(pom.name, "<licenses> needs each license's name and url")
        developers = root.findall(f"{MAVEN}developers/{MAVEN}developer")
        if not developers or not all((developer.findtext(f"{MAVEN}name") or "").strip() for developer in developers):
            problem(pom.name, "<developers> needs at least one developer with a name")
        scm = root.find(f"{MAVEN}scm")
        if scm is None or not all((scm.findtext(MAVEN + field) or "").strip() for field in ("connection", "url")):
            problem(pom.name, "<scm> needs connection and url")
        stem = pom.with_suffix("")
        for suffix in (".jar", "-sources.jar", "-javadoc.jar"):
            jar = Path(f"{stem}{suffix}")
            if not jar.exists():
                problem(pom.name, f"{jar.name} is missing")
            elif not zipfile.is_zipfile(jar) or not zipfile.ZipFile(jar).namelist():
                problem(pom.name, f"{jar.name} is not a jar or is empty")
            elif suffix == ".jar":
                with zipfile.ZipFile(jar) as archive:
                    check_bundled_tarball(jar.name, archive)
        if text("version").endswith("-SNAPSHOT"):
            problem(pom.name, "a SNAPSHOT is not released to Maven Central")
        passed(since, f"maven {text('groupId')}:{text('artifactId')}:{text('version')}: POM complete, jar, sources and javadoc beside it")


# PyPI refuses a file above 100 MB unless the project asked for more.
PYPI_MAX_FILE = 100 * 1024 * 1024


def check_pypi(folder):
    since = len(problems)
    wheels, sdists = sorted(Path(folder).glob("*.whl")), sorted(Path(folder).glob("*.tar.gz"))
    if not wheels or not sdists:
        problem(folder, "a release uploads a wheel and an sdist")
    for artifact in wheels + sdists:
        if artifact.stat().st_size > PYPI_MAX_FILE:
            problem(artifact.name, f"{artifact.stat().st_size} bytes, above PyPI's 100 MB")
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            check_bundled_tarball(wheel.name, archive)
    for artifact in wheels + sdists:
        passed(since, f"pypi {artifact.name}: {artifact.stat().st_size} bytes")


if __name__ == "__main__":
    kind, target = sys.argv[1], sys.argv[2]
    {"npm": check_npm, "maven": check_maven, "pypi": check_pypi, "folder": check_folder}[kind](target)
    for line in problems:
        print(f"RELEASE CHECK FAILED {line}", file=sys.stderr)
    sys.exit(1 if problems else 0)
