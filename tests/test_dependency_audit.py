"""scripts/audit_dependencies.py: pip-audit in CI never passes silently when it audited nothing.

pip-audit itself is not run here (its service is outside this machine): its JSON report is
faked, in the shape pip-audit 2.x writes it.
"""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "audit_dependencies.py"

CANARY_KNOWN = {
    "dependencies": [
        {
            "name": "django",
            "version": "4.2.0",
            "vulns": [{"id": "PYSEC-2023-61", "fix_versions": ["4.2.1"]}],
        }
    ]
}
CANARY_UNKNOWN = {
    "dependencies": [
        {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited"}
    ]
}
CLEAN = {
    "dependencies": [
        {"name": "django", "version": "5.2.19", "vulns": []},
        {"name": "celery", "version": "5.7.0", "vulns": []},
    ]
}
VULNERABLE = {
    "dependencies": [
        {"name": "django", "version": "5.2.19", "vulns": []},
        {
            "name": "somelib",
            "version": "1.0",
            "vulns": [{"id": "GHSA-xxxx-yyyy-zzzz", "fix_versions": ["1.1"]}],
        },
    ]
}
SKIPPED = {"dependencies": [{"name": "private-thing", "skip_reason": "not found on PyPI"}]}


@pytest.fixture
def script(monkeypatch):
    spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.delenv("DEPENDENCY_AUDIT", raising=False)

    def fake(canary, requirements):
        def audit(path):
            return canary if path.name == "canary.txt" else requirements

        monkeypatch.setattr(module, "audit", audit)
        return module

    return fake


def test_dependency_audit_passes_when_the_service_answers_and_nothing_is_vulnerable(script, capsys):
    assert script(CANARY_KNOWN, CLEAN).main() == 0
    assert "2 pinned packages, no known vulnerabilities" in capsys.readouterr().out


def test_dependency_audit_fails_on_a_known_vulnerability(script, capsys):
    assert script(CANARY_KNOWN, VULNERABLE).main() == 1
    out = capsys.readouterr().out
    assert "somelib 1.0: GHSA-xxxx-yyyy-zzzz (fixed in 1.1)" in out


def test_dependency_audit_fails_when_a_package_could_not_be_audited(script, capsys):
    assert script(CANARY_KNOWN, SKIPPED).main() == 1
    assert "not audited" in capsys.readouterr().out


def test_dependency_audit_says_not_audited_when_the_service_cannot_be_reached(script, capsys):
    assert script(CANARY_UNKNOWN, CLEAN).main() == 0
    out = capsys.readouterr().out
    assert "NOT AUDITED" in out
    assert "no known vulnerabilities" not in out


def test_dependency_audit_fails_when_required_and_the_service_cannot_be_reached(
    script, monkeypatch
):
    monkeypatch.setenv("DEPENDENCY_AUDIT", "required")
    assert script(CANARY_UNKNOWN, CLEAN).main() == 2
