"""The snippets of the READMEs run as written (extracted by scripts/readme_snippets.py).

Python snippets run here; shell snippets run from a scratch folder with the built
`amends` command on PATH. JavaScript and TypeScript snippets run in bindings-wasm/test.sh
against the packed npm tarball; `sh dist` install snippets in scripts/dist-install-test.sh.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import readme_snippets  # noqa: E402

ALL = readme_snippets.snippets()
PYTHON = [s for s in ALL if s["lang"] == "python" and not s["tags"]]
SHELL = [s for s in ALL if s["lang"] == "sh" and not s["tags"]]


def ident(s: Dict[str, Any]) -> str:
    return f"{s['file']}:{s['line']}"


def test_every_readme_has_runnable_snippets() -> None:
    files = {s["file"] for s in ALL if "no-test" not in s["tags"]}
    assert files == set(readme_snippets.READMES)
    # What is not run is few and named: building everything and `make test` itself.
    skipped = [ident(s) for s in ALL if "no-test" in s["tags"]]
    assert len(skipped) <= 1, skipped


@pytest.mark.parametrize("snippet", PYTHON, ids=[ident(s) for s in PYTHON])
def test_readme_python_snippet_runs(snippet: Dict[str, Any], tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-c", snippet["code"]], cwd=tmp_path,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip(), "the snippet prints nothing"


@pytest.fixture(scope="session")
def cli_dir() -> Path:
    """The folder of the `amends` command, built from this checkout."""
    subprocess.run(["cargo", "build", "-q", "-p", "amends-cli"], cwd=ROOT, check=True, timeout=1800)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return target / "debug"


@pytest.mark.parametrize("snippet", SHELL, ids=[ident(s) for s in SHELL])
def test_readme_shell_snippet_runs(snippet: Dict[str, Any], tmp_path: Path, cli_dir: Path) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    env = dict(os.environ, PATH=f"{cli_dir}{os.pathsep}{os.environ['PATH']}")
    r = subprocess.run(["bash", "-euo", "pipefail", "-c", snippet["code"]], cwd=tmp_path, env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    made: List[Path] = [p for p in tmp_path.iterdir() if p.name != "examples"]
    assert r.stdout.strip() or any(p.stat().st_size for p in made), "the snippet produced nothing"
