"""make audit: a known vulnerability fails CI; a vulnerability service that can't be asked
does not, and says that nothing was audited."""

import importlib.util

from tests.processes import ROOT

spec = importlib.util.spec_from_file_location("audit", ROOT / ".ci" / "audit.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

NOT_FOUND = "Dependency not found on PyPI and could not be audited: {} (1.0)"


def report(*packages):
    """pip-audit's JSON report (--format json) for these packages."""
    return {"dependencies": list(packages), "fixes": []}


def test_a_known_vulnerability_fails_the_audit_naming_it():
    status, lines = audit.verdict(
        report(
            {
                "name": "django",
                "version": "6.1.0",
                "vulns": [
                    {"id": "PYSEC-2026-1", "fix_versions": ["6.1.1"], "aliases": []},
                ],
            },
            {"name": "nh3", "version": "0.3.8", "vulns": []},
        )
    )
    assert status == 1
    assert "django 6.1.0: PYSEC-2026-1 (fixed in 6.1.1)" in lines


def test_an_audit_that_could_check_nothing_passes_and_says_so():
    status, lines = audit.verdict(
        report(
            {"name": "django", "skip_reason": NOT_FOUND.format("django")},
            {"name": "broadsheet", "skip_reason": NOT_FOUND.format("broadsheet")},
        )
    )
    assert status == 0
    assert lines[0].startswith("audit skipped") and "none of the 1 packages" in lines[0]


def test_a_clean_audit_passes_counting_what_it_checked():
    status, lines = audit.verdict(
        report(
            {"name": "django", "version": "6.1.3", "vulns": []},
            {"name": "nh3", "skip_reason": NOT_FOUND.format("nh3")},
        )
    )
    assert (status, lines) == (0, ["audit: 1 packages, no known vulnerabilities (1 skipped)"])
