"""The Python snippets of the READMEs run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READMES = [ROOT / "README.md", ROOT / "bindings-python" / "README.md"]


def snippets(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("path", READMES, ids=[p.relative_to(ROOT).as_posix() for p in READMES])
def test_readme_python_snippets_run(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found = snippets(path)
    assert found, f"no Python snippet in {path}"
    for code in found:
        exec(compile(code, str(path), "exec"), {"__name__": "__readme__"})
    assert capsys.readouterr().out.strip(), "the snippets print nothing"
