"""deploy/system-packages: a missing Debian package is installed as root, otherwise named in one
printed `apt-get install` line with a non-zero exit, so `make run`/`make test` stop early."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.processes import BASE_DIR

SCRIPT = BASE_DIR / "deploy" / "system-packages"
MISSING = "ga-planner-no-such-package"

pytestmark = pytest.mark.skipif(
    shutil.which("dpkg-query") is None, reason="not a Debian system (no dpkg-query)"
)


@pytest.fixture
def folder():
    """A folder any user may read (pytest's tmp_path is private to root)."""
    with tempfile.TemporaryDirectory(prefix="ga-packages-") as name:
        Path(name).chmod(0o755)
        yield Path(name)


def run_check(folder: Path, scope: str, *, as_nobody: bool = False):
    packages = folder / "packages.txt"
    packages.write_text(f"# a comment\nmake run\n\n{MISSING}   test\n", encoding="utf-8")
    packages.chmod(0o644)
    command = [str(SCRIPT), scope]
    if as_nobody:
        # A copy in the shared folder: the checkout itself may sit where nobody cannot go.
        script = folder / "system-packages"
        shutil.copy(SCRIPT, script)
        script.chmod(0o755)
        drop_root = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        command = [*drop_root, str(script), scope]
    env = {"PATH": os.environ["PATH"], "GA_PACKAGES_FILE": str(packages)}
    if not as_nobody:
        env["GA_INSTALL_PACKAGES"] = "0"
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=30, check=False)


def test_system_packages_missing_one_prints_one_install_line_and_fails(folder):
    result = run_check(folder, "test")

    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"sudo apt-get install --no-install-recommends {MISSING}"]
    assert "Missing Debian packages" in result.stderr


def test_system_packages_as_non_root_user_never_installs(folder):
    if os.geteuid() != 0:
        result = run_check(folder, "test")
    elif shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is needed to drop root")
    else:
        result = run_check(folder, "test", as_nobody=True)

    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [f"sudo apt-get install --no-install-recommends {MISSING}"]


def test_system_packages_for_run_ignores_test_only_packages(folder):
    result = run_check(folder, "run")

    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def test_system_packages_list_names_what_the_code_needs():
    listed = {
        line.split()[0]: line.split()[1]
        for line in (BASE_DIR / "deploy" / "debian-packages.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }

    assert listed["libharfbuzz-subset0"] == "run"  # WeasyPrint's PDFs are a 500 without it
    assert listed["gettext"] == "run"
    assert listed["chromium"] == "test"
    assert listed["poppler-utils"] == "test"


def test_system_packages_unknown_scope_is_a_usage_error():
    result = subprocess.run(
        [str(SCRIPT), "everything"], capture_output=True, text=True, timeout=30, check=False
    )

    assert result.returncode == 2
    assert "usage" in result.stderr
