"""Run Django's deployment checks (``check --deploy``) against production settings.

The production settings are those of a real office served over HTTPS:
``DOINGOAI_HTTPS=1``, ``DOINGOAI_DEBUG=0``, a random secret key and an SQLite
file in a temporary folder; any ``DOINGOAI_*`` variable
already set in the environment wins. The run fails (exit status 1) on any
error, and on any warning that README.md does not explain: the README's
section "Deployment checks" names each warning it explains (``security.W005``).

    python scripts/check_deploy.py        # what `make check-deploy` runs
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
_ISSUE = re.compile(r"\((\w+\.[WE]\d{3})\)")
_SECTION = re.compile(r"^## Deployment checks\n(.*?)(?=^## |\Z)", re.M | re.S)


def explained(readme: str) -> set[str]:
    """The check ids README.md's "Deployment checks" section explains."""
    match = _SECTION.search(readme)
    return set(re.findall(r"`(\w+\.[WE]\d{3})`", match.group(1))) if match else set()


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        env = {
            "DOINGOAI_HTTPS": "1",
            "DOINGOAI_DEBUG": "0",
            "DOINGOAI_SECRET_KEY": secrets.token_urlsafe(50),
            "DOINGOAI_ALLOWED_HOSTS": "doingoai.example.vn",
            "DOINGOAI_DATABASE_URL": f"sqlite:///{folder}/check.sqlite3",
        }
        env.update({k: v for k, v in os.environ.items() if k.startswith("DOINGOAI_")})
        env = {**os.environ, **env, "DJANGO_SETTINGS_MODULE": "doingoai.project.settings"}
        done = subprocess.run(
            [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "ERROR"],
            env=env,
            cwd=folder,
            capture_output=True,
            text=True,
        )
    output = done.stdout + done.stderr
    found = set(_ISSUE.findall(output))
    known = explained(README.read_text(encoding="utf-8"))
    unexplained = sorted(i for i in found if i not in known or ".E" in i)
    if done.returncode != 0 or unexplained:
        print(output.strip(), file=sys.stderr)
        if unexplained:
            print(
                "check --deploy: not explained in README.md (section 'Deployment checks'): "
                + ", ".join(unexplained),
                file=sys.stderr,
            )
        return 1
    shown = ", ".join(sorted(found)) or "none"
    print(f"check --deploy: passed (warnings explained in README.md: {shown})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
