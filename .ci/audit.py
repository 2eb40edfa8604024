"""Known vulnerabilities in the pinned dependencies, checked with pip-audit where the machine
can reach its vulnerability service (PyPI's JSON API).

Exits 1 when an installed package has a known vulnerability. When the service can't be reached,
or knows none of the packages (a mirror without PyPI's per-release JSON), it says that nothing
was audited and exits 0: CI does not fail for a service it can't reach.
"""

import json
import subprocess
import sys

OWN_NAME = "broadsheet"
UNREACHABLE = ("ConnectionError", "NameResolutionError", "Max retries exceeded", "timed out")


def verdict(report):
    """(exit status, lines to print) for pip-audit's JSON report."""
    packages = [p for p in report["dependencies"] if p["name"] != OWN_NAME]
    audited = [p for p in packages if "skip_reason" not in p]
    vulnerable = [p for p in audited if p["vulns"]]
    lines = [
        f"{p['name']} {p['version']}: {v['id']} (fixed in {', '.join(v['fix_versions']) or '—'})"
        for p in vulnerable
        for v in p["vulns"]
    ]
    if vulnerable:
        return 1, [*lines, f"audit: {len(vulnerable)} packages with known vulnerabilities"]
    if not audited:
        return 0, [
            f"audit skipped: the vulnerability service knew none of the {len(packages)} "
            "packages (unreachable from here, or a partial mirror of PyPI)"
        ]
    skipped = len(packages) - len(audited)
    return 0, [f"audit: {len(audited)} packages, no known vulnerabilities ({skipped} skipped)"]


def main():
    command = [sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner", "off"]
    result = subprocess.run(command, capture_output=True, text=True)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        if any(sign in result.stderr for sign in UNREACHABLE):
            print("audit skipped: the vulnerability service can't be reached from here")
            return 0
        print(result.stderr, file=sys.stderr)
        return result.returncode or 1
    status, lines = verdict(report)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
