"""The WordPress importer's media: an uploads folder (or an archive of it) comes into the library
through the upload door, bodies point at its renditions and players, what is missing is listed
and kept; --fetch downloads in the worker, here from a local server only."""

# ruff: noqa: E501 (the post body is written as WordPress stores it: a block to a line)

import functools
import http.server
import io
import re
import tarfile
import threading
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from blog.models import Page, Post
from images.markup import body_image_ids
from images.models import Image, MediaFile, Usage
from tests.imagefiles import exif_with_gps, image_bytes, opened
from tests.mediafiles import mp3_bytes, mp4_bytes
from tests.test_wordpress_import import BLOCKS, THEME_UNIT, item, needs_fixtures, write_wxr
from tests.worker import committed
from wordpress.fetch import FetchRefused, check_address
from wordpress.models import Imported

pytestmark = pytest.mark.django_db

OLD = "https://old.example.com/wp-content/uploads"


def resized(size):
    return image_bytes(size=size)


@pytest.fixture
def uploads(tmp_path):
    """A copy of wp-content/uploads as WordPress leaves it: each image with its smaller sizes."""
    root = tmp_path / "uploads"
    may, june = root / "2024" / "05", root / "2024" / "06"
    may.mkdir(parents=True)
    june.mkdir(parents=True)
    (may / "harbour.jpg").write_bytes(image_bytes(size=(1600, 1200), exif=exif_with_gps()))
    (may / "harbour-300x225.jpg").write_bytes(resized((300, 225)))
    (may / "harbour-1024x768.jpg").write_bytes(resized((1024, 768)))
    (june / "gull.jpg").write_bytes(image_bytes(size=(900, 600), image_format="PNG"))
    (june / "gull-150x150.jpg").write_bytes(resized((150, 150)))
    (june / "orphan.jpg").write_bytes(image_bytes(size=(640, 480)))
    (may / "shanty.mp3").write_bytes(mp3_bytes(id3_title="Recorded at 12 Quay Street"))
    (may / "waves.mp4").write_bytes(mp4_bytes())
    (may / "fake.jpg").write_bytes(b"<html>not a picture</html>")
    return root


def attachment(wp_id, path, title, alt="", caption="", parent=1):
    alt_meta = (
        f"<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{alt}]]></wp:meta_value></wp:postmeta>"
        if alt
        else ""
    )
    return item(
        wp_id,
        title=title,
        status="inherit",
        post_type="attachment",
        extra=f"<wp:attachment_url>{OLD}/{path}</wp:attachment_url>"
        f"<wp:post_parent>{parent}</wp:post_parent>{alt_meta}"
        f"<excerpt:encoded><![CDATA[{caption}]]></excerpt:encoded>",
    )


BODY = f"""<!-- wp:paragraph --><p>Down at the quay.</p><!-- /wp:paragraph -->
<!-- wp:image {{"id":101}} -->
<figure class="wp-block-image size-medium"><a href="{OLD}/2024/05/harbour.jpg"><img src="{OLD}/2024/05/harbour-300x225.jpg" alt="" class="wp-image-101" srcset="{OLD}/2024/05/harbour-300x225.jpg 300w, {OLD}/2024/05/harbour-1024x768.jpg 1024w" sizes="(max-width: 300px) 100vw, 300px"/></a><figcaption>At dawn</figcaption></figure>
<!-- /wp:image -->
<p><img src="https://old.example.com/wp-content/uploads/2024/06/orphan.jpg" alt="A boat no attachment names"></p>
<p><img src="{OLD}/2024/05/lost.jpg" alt="Lost"></p>
[gallery columns="2" ids="101,102"]
[audio mp3="{OLD}/2024/05/shanty.mp3"][/audio]
<figure class="wp-block-video"><video controls src="{OLD}/2024/05/waves.mp4"></video><figcaption>Waves</figcaption></figure>
<figure class="wp-block-video"><video controls src="{OLD}/2024/05/gone.mp4"></video></figure>
<details class="wp-block-details"><summary>Sea shanties</summary><p>Sung at work.</p></details>
<p>https://www.youtube.com/watch?v=dQw4w9WgXcQ</p>
<table><thead><tr><th>Tide</th></tr></thead><tbody><tr><td>High</td></tr></tbody></table>
<p>A claim<sup data-fn="f1" class="fn"><a href="#f1" id="f1-link">1</a></sup></p>
<ol class="wp-block-footnotes"><li id="f1">A source <a href="#f1-link">↩︎</a></li></ol>
<pre class="wp-block-code"><code>print("ahoy")</code></pre>"""

THUMBNAIL = "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>102</wp:meta_value></wp:postmeta>"


@pytest.fixture
def export(tmp_path):
    return write_wxr(
        tmp_path,
        items=item(1, title="At the harbour", content=BODY, extra=THUMBNAIL)
        + attachment(101, "2024/05/harbour.jpg", "Harbour", "Boats at the quay", "The harbour")
        + attachment(102, "2024/06/gull.jpg", "Gull", "A gull on a post")
        + attachment(103, "2024/05/shanty.mp3", "Shanty")
        + attachment(104, "2024/05/waves.mp4", "Waves")
        + attachment(105, "2024/05/lost.jpg", "Lost")
        + attachment(106, "2024/05/fake.jpg", "Fake"),
    )


def run(*args):
    out = StringIO()
    with committed():  # queues the renditions, as the command's commit does
        call_command("import_wordpress", *map(str, args), stdout=out)
    return out.getvalue()


def body_addresses(body):
    """Every address the body's images and players load."""
    found = re.findall(r'\b(?:src|srcset)="([^"]*)"', body)
    return [part.split()[0] for value in found for part in value.split(",") if part.strip()]


def imported_post(run_tasks):
    with committed():
        run_tasks()
    return Post.objects.get()


def test_uploads_folder_comes_into_the_library(export, uploads, run_tasks, client):
    summary = run(export, "--media", uploads)
    post = imported_post(run_tasks)

    # Harbour (its two sizes are the same image), gull, the orphan a body shows; lost and fake
    # are not there.
    assert Image.objects.count() == 3
    assert sorted(MediaFile.objects.values_list("kind", flat=True)) == ["audio", "video"]
    assert "media: 5 new, 0 already here" in summary
    harbour = Image.objects.get(original_name="harbour.jpg")
    assert (harbour.alt_text, harbour.caption, harbour.title) == (
        "Boats at the quay",
        "The harbour",
        "Harbour",
    )
    assert not harbour.pending and harbour.renditions
    assert post.featured_image.alt_text == "A gull on a post"
    rows = Imported.objects.filter(wp_id__in=[101, 102, 103, 104])
    assert {row.content_object for row in rows} == {
        harbour,
        post.featured_image,
        *MediaFile.objects.all(),
    }

    # The body shows the library's renditions and plays our copies, nothing else from the old
    # site but the one image that could not be found (kept as it was).
    addresses = body_addresses(post.body)
    kept = [a for a in addresses if not a.startswith("/media/")]
    assert kept == [f"{OLD}/2024/05/lost.jpg"]
    assert all(a.startswith(("/media/images/", "/media/av/")) for a in addresses if a not in kept)
    assert f'data-file="{harbour.pk}"' in post.body
    assert f'href="{OLD}/2024/05/harbour.jpg"' not in post.body  # the link to the file: gone
    assert re.search(r'<audio controls="" preload="metadata" src="/media/av/[^"]+\.mp3"', post.body)
    assert re.search(r'<video controls="" preload="metadata" src="/media/av/[^"]+\.mp4"', post.body)
    assert '<div class="gallery gallery-columns-2"><figure><picture>' in post.body
    assert "[gallery" not in post.body and "[audio" not in post.body

    # What readers get: the files are served from our origin, metadata gone.
    page = client.get(post.get_absolute_url())
    assert "media-src 'self'" in page["Content-Security-Policy"]
    video = MediaFile.objects.get(kind="video")
    served = client.get(video.url())
    assert served.status_code == 200 and served["Content-Type"] == "video/mp4"
    assert b"+51.5072" not in b"".join(served.streaming_content)
    sound = client.get(MediaFile.objects.get(kind="audio").url())
    assert b"Quay Street" not in b"".join(sound.streaming_content)
    rendition = client.get(harbour.url(width=1600))
    assert not opened(b"".join(rendition.streaming_content)).getexif().get_ifd(0x8825)


def test_a_new_post_s_images_are_recorded_as_its_save_records_them(export, uploads):
    run(export, "--media", uploads)  # written in a batch, without save()
    post = Post.objects.get()
    recorded = set(Usage.objects.of(post).values_list("image_id", "role"))
    shown = {(pk, Usage.Role.BODY) for pk in body_image_ids(post.body)}
    assert recorded == shown | {(post.featured_image_id, Usage.Role.FEATURED)}
    assert len(recorded) == 4  # harbour, gull and the orphan in the body; gull featured
    post.save()
    assert set(Usage.objects.of(post).values_list("image_id", "role")) == recorded


def test_what_was_not_found_is_listed_by_post_and_kept(export, uploads, run_tasks):
    summary = run(export, "--media", uploads)
    post = imported_post(run_tasks)

    assert f"“At the harbour”: not found, kept as it was: image {OLD}/2024/05/lost.jpg" in summary
    assert f"video {OLD}/2024/05/gone.mp4" in summary
    assert "2024/05/fake.jpg: refused by the media library" in summary
    assert f'<img src="{OLD}/2024/05/lost.jpg" alt="Lost">' in post.body
    # The missing video is a link to where it was, not an empty figure.
    assert f'<a class="media-link" href="{OLD}/2024/05/gone.mp4" rel="noopener">gone.mp4</a>' in (
        post.body
    )
    assert "<video controls></video>" not in post.body


def test_details_tables_footnotes_and_code_survive(export, uploads, run_tasks):
    run(export, "--media", uploads)
    post = imported_post(run_tasks)
    assert (
        '<details class="wp-block-details"><summary>Sea shanties</summary><p>Sung at work.</p>'
        "</details>" in post.body
    )
    assert '<table><thead><tr><th scope="col">Tide</th></tr></thead>' in post.body
    assert re.search(r'<a href="#f1" id="f1-link"[^>]*>1</a>', post.body)
    assert '<li id="f1">' in post.body
    assert '<pre class="wp-block-code"><code>print("ahoy")</code></pre>' in post.body
    assert '<figure class="embed-card embed-youtube">' in post.body


def test_importing_again_adds_nothing_twice(export, uploads, run_tasks):
    run(export, "--media", uploads)
    imported_post(run_tasks)
    again = run(export, "--media", uploads)
    assert "media: 0 new, 4 already here" in again
    assert Image.objects.count() == 3 and MediaFile.objects.count() == 2


def test_a_dry_run_keeps_no_row_and_no_file(export, uploads, settings):
    summary = run(export, "--media", uploads, "--dry-run")
    assert "media: 5 new" in summary
    assert not Image.objects.exists() and not MediaFile.objects.exists()
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


@pytest.mark.parametrize("kind", ["zip", "tar.gz"])
def test_an_archive_of_the_uploads_folder_imports_and_nothing_escapes(
    kind, export, uploads, tmp_path, run_tasks
):
    archive = tmp_path / f"uploads.{kind}"
    files = sorted(p for p in uploads.rglob("*") if p.is_file())
    if kind == "zip":
        with zipfile.ZipFile(archive, "w") as out:
            for path in files:
                out.write(path, f"wp-content/{path.relative_to(uploads.parent)}")
            out.writestr("../escaped.jpg", image_bytes())
            out.writestr("/tmp/absolute.jpg", image_bytes())
    else:
        with tarfile.open(archive, "w:gz") as out:
            for path in files:
                out.add(path, f"uploads/{path.relative_to(uploads)}")
            link = tarfile.TarInfo("uploads/2024/05/link.jpg")
            link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
            out.addfile(link)
            climbing = tarfile.TarInfo("../escaped.jpg")
            climbing.size = 3
            out.addfile(climbing, io.BytesIO(b"bad"))
    run(export, "--media", archive)
    imported_post(run_tasks)
    assert Image.objects.count() == 3 and MediaFile.objects.count() == 2
    assert not (tmp_path / "escaped.jpg").exists()
    assert not (tmp_path.parent / "escaped.jpg").exists()


def test_an_archive_unpacking_past_the_limit_is_refused(export, uploads, tmp_path, settings):
    settings.WORDPRESS_MEDIA_ARCHIVE_BYTES = 20_000
    archive = tmp_path / "uploads.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("2024/05/zeros.jpg", bytes(10_000_000))  # a small zip, a large file
    with pytest.raises(CommandError, match="unpacks to more than 20,000 bytes"):
        run(export, "--media", archive)
    assert not Post.objects.exists()


def test_media_that_is_neither_folder_nor_archive_is_refused(export, tmp_path):
    (tmp_path / "uploads.rar").write_bytes(b"Rar!")
    with pytest.raises(CommandError, match=r"not a folder, a \.zip or a \.tar\.gz"):
        run(export, "--media", tmp_path / "uploads.rar")
    with pytest.raises(CommandError, match="neither a folder"):
        run(export, "--media", tmp_path / "nowhere")


# --fetch: the worker downloads from the old site, here a local server.


@pytest.fixture
def old_site(uploads, settings):
    """The old site serving its uploads folder on 127.0.0.1 (tests allow local addresses)."""
    settings.WORDPRESS_FETCH_ALLOW_PRIVATE = True
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(uploads.parent.parent)
    )
    handler.log_message = lambda *args: None
    (uploads.parent.parent / "wp-content").mkdir(exist_ok=True)
    (uploads.parent.parent / "wp-content" / "uploads").symlink_to(uploads)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetch_downloads_in_the_worker_from_the_old_site(old_site, tmp_path, run_tasks):
    base = f"{old_site}/wp-content/uploads"
    export = write_wxr(
        tmp_path,
        items=item(1, title="At the harbour", content=BODY.replace(OLD, base), extra=THUMBNAIL)
        + attachment(101, "2024/05/harbour.jpg", "Harbour", "Boats at the quay").replace(OLD, base)
        + attachment(102, "2024/06/gull.jpg", "Gull", "A gull on a post").replace(OLD, base)
        + attachment(104, "2024/05/waves.mp4", "Waves").replace(OLD, base),
    )
    export.write_text(export.read_text().replace("https://old.example.com", old_site))
    summary = run(export, "--fetch")
    assert "queued for download by the worker" in summary
    assert not Image.objects.exists()  # nothing was fetched during the import itself
    post = Post.objects.get()
    assert f'src="{base}/2024/05/harbour-300x225.jpg"' in post.body

    with committed():
        run_tasks()  # downloads, which queue the renditions …
    with committed():
        run_tasks()  # … made here, and the post's markup written again
    post.refresh_from_db()
    harbour = Image.objects.get(original_name="harbour.jpg")
    assert harbour.alt_text == "Boats at the quay" and not harbour.pending
    assert post.featured_image.original_name == "gull.jpg"
    assert f'data-file="{harbour.pk}"' in post.body and "<picture>" in post.body
    assert re.search(r'<video controls="" preload="metadata" src="/media/av/', post.body)
    # What the old site doesn't have stays as it was; the worker's failures are recorded.
    assert f'<img src="{base}/2024/05/lost.jpg" alt="Lost">' in post.body
    assert Imported.objects.filter(wp_id=101).get().content_object == harbour


@pytest.mark.parametrize(
    "url, reason",
    [
        ("ftp://old.example.com/a.jpg", "only http and https"),
        ("https://elsewhere.example.net/a.jpg", "not the old site's host"),
        ("http://127.0.0.1/a.jpg", "private or local address"),
        ("http://10.1.2.3/a.jpg", "private or local address"),
        ("http://[::1]/a.jpg", "private or local address"),
    ],
)
def test_fetch_refuses_other_hosts_and_private_addresses(url, reason):
    with pytest.raises(FetchRefused, match=reason):
        check_address(url, {"old.example.com", "127.0.0.1", "10.1.2.3", "::1"})


# The block and theme test exports, without their files: nothing is lost silently.


@needs_fixtures
def test_block_export_keeps_players_details_and_galleries(settings):
    settings.TIME_ZONE = "UTC"
    summary = run(BLOCKS)
    bodies = "".join(Post.objects.values_list("body", flat=True)) + "".join(
        Page.objects.values_list("body", flat=True)
    )
    # The 15 videos and 9 audio clips: links to their old address, never empty figures.
    assert not re.search(
        r'<figure class="wp-block-(?:video|audio)">\s*(?:<figcaption|</figure)', bodies
    )
    assert bodies.count('class="media-link"') >= 24
    assert bodies.count("<details") >= 25 and bodies.count("<summary>") >= 25
    assert "[gallery" not in bodies and "[audio" not in bodies and "[video]" not in bodies
    assert "post(s) and page(s) show" in summary and "--media DIR" in summary


@needs_fixtures
def test_theme_unit_embeds_become_link_cards(settings):
    settings.TIME_ZONE = "UTC"
    run(THEME_UNIT)
    bodies = "".join(Post.objects.values_list("body", flat=True))
    assert '<figure class="embed-card embed-youtube">' in bodies
    assert '<figure class="embed-card embed-x-twitter">' in bodies
    assert "wp-block-embed__wrapper" not in bodies
    assert "<iframe" not in bodies
