"""Reading rendered pages the way a reader does."""

import re


def main_of(response):
    """The page's main content, without the sidebar and navigation."""
    html = response.content.decode()
    match = re.search(r"<main\b.*?</main>", html, re.DOTALL)
    assert match, "the page has no <main>"
    return match.group(0)
