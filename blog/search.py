"""Searching published posts: PostgreSQL's full text search, or SQLite's (FTS5).

On PostgreSQL the query is read as a web search (words, "quoted phrases", -excluded, or),
stemmed in English and ranked with the title above the excerpt above the body. The vector is
the exact expression of the GIN index made in migration 0003, so the planner can use it.
"""

import html
import re
import string

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, Value
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .html import BLOCK_END, TAG, plain_text
from .models import Post

SEARCH_CONFIG = "english"
# Private-use characters: never in a post, so they survive escaping and become <mark>s.
START, STOP = "\ue000", "\ue001"
SNIPPET_CHARS = 280
_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def search_vector():
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("excerpt", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


def search_posts(query):
    """Published posts matching `query`, best first, each with a `snippet` once fetched."""
    posts = Post.objects.published().filter(password="").select_related("author")
    if connection.vendor == "postgresql":
        return _full_text(posts, query)
    return _fts5(posts, query)


def add_snippets(posts, query):
    """Give each fetched post its highlighted `snippet`: safe HTML, everything else escaped."""
    terms = [term for term, excluded in parse(query) if not excluded]
    for post in posts:
        if hasattr(post, "headline"):  # PostgreSQL's, cut from the body with entities as stored
            marked = html.unescape(post.headline)
        else:
            marked = _window(plain_text(post.body), terms)
        # Escaped first; only our own markers become <mark> tags.
        snippet = escape(marked).replace(START, "<mark>").replace(STOP, "</mark>")
        post.snippet = mark_safe(snippet)  # noqa: S308
    return posts


def parse(query):
    """The query's words and "quoted phrases", as (text, excluded) pairs, punctuation trimmed."""
    terms = []
    for minus, phrase, word in _TERM.findall(query):
        if word:
            minus, phrase = ("-", word[1:]) if word.startswith("-") else ("", word)
        text = " ".join(phrase.split()).strip(string.punctuation + "“”‘’")
        if text and text.lower() != "or":
            terms.append((text, bool(minus)))
    return terms


def _full_text(posts, query):
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    blocks_apart = Func(
        F("body"), Value(BLOCK_END), Value(" "), Value("gi"), function="regexp_replace"
    )
    plain_body = Func(blocks_apart, Value(TAG), Value(""), Value("g"), function="regexp_replace")
    return (
        posts.annotate(search=search_vector())
        .filter(search=search_query)
        .annotate(
            rank=SearchRank(search_vector(), search_query),
            headline=SearchHeadline(
                plain_body,
                search_query,
                config=SEARCH_CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_fragments=2,
                max_words=30,
                min_words=15,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-publish_at", "-pk")
    )


def _fts5(posts, query):
    """SQLite: every word or phrase, as typed or as the start of a word ("expel" finds
    "expelling"), through the FTS5 index of migration 0007; title matches weigh most."""
    included, excluded = [], []
    for text, minus in parse(query):
        if re.search(r"\w", text):  # punctuation alone is no word to look for
            (excluded if minus else included).append('"{}"*'.format(text.replace('"', '""')))
    if not included:
        return posts.none()
    match = " AND ".join(included) + "".join(f" NOT {term}" for term in excluded)
    # The virtual table has no model: joined by extra(), so FTS5 finds the rows and ranks them
    # in one pass. The "+" keeps the planner from walking the posts and asking the index about
    # each one (running the MATCH again per post): the index is read first, the posts by id.
    return posts.extra(
        tables=["blog_post_fts"],
        where=["blog_post.id = +blog_post_fts.rowid", "blog_post_fts MATCH %s"],
        params=[match],
        select={"rank": "bm25(blog_post_fts, 10.0, 4.0, 1.0)"},
    ).order_by("rank", "-publish_at", "-pk")


def _window(text, terms):
    """About SNIPPET_CHARS of `text` around the first term found, the terms between markers."""
    pattern = re.compile("|".join(re.escape(term) for term in terms) or "$^", re.IGNORECASE)
    match = pattern.search(text)
    start = max(0, match.start() - SNIPPET_CHARS // 3) if match else 0
    if start:
        start = text.find(" ", start) + 1
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    window = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", text[start:end])
    return f"{'… ' if start else ''}{window}{' …' if end < len(text) else ''}"
