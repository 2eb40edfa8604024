"""Bytes of images a reader downloads for a post page, against the bytes of the originals.

Makes three 4000×3000 photo-like JPEGs (quality 95, with EXIF camera data and GPS), uploads
them through the media library (one as the featured image, two in the body), serves the blog
from a scratch database and media folder, and loads the post in the real Chromium at a phone
and a desktop size. Chromium picks from srcset itself; every image response is summed, once
for what the first screen loads and once after reading to the end (lazy images included).

    .venv/bin/python bench/image_bytes.py      # writes bench/results/image_bytes.md
"""

import io
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = Path(tempfile.mkdtemp(prefix="broadsheet-bench-"))
os.environ.update(
    DJANGO_DEBUG="1",
    DJANGO_SETTINGS_MODULE="config.settings",
    SQLITE_PATH=str(SCRATCH / "db.sqlite3"),
    MEDIA_ROOT=str(SCRATCH / "media"),
)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.contrib.staticfiles.handlers import StaticFilesHandler  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from PIL import Image as PillowImage  # noqa: E402
from PIL import ImageFilter  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from blog.models import Author, Post  # noqa: E402
from images.models import Image  # noqa: E402
from images.tasks import make_renditions  # noqa: E402

SIZE = (4000, 3000)
DEVICES = [
    ("Phone, 390 px, DPR 3", {"width": 390, "height": 844}, 3),
    ("Desktop, 1440 px, DPR 1", {"width": 1440, "height": 900}, 1),
    ("Desktop, 1440 px, DPR 2", {"width": 1440, "height": 900}, 2),
]
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update",
]  # fmt: skip
RESULT = ROOT / "bench" / "results" / "image_bytes.md"


def photo_like(width, height, seed):
    """Light falling across broad shapes, mid-scale texture and sensor grain: it compresses
    about as a photograph does (a few MB at quality 95), unlike flat test patterns."""

    def octave(divisor, sigma, blur):
        small = PillowImage.effect_noise((width // divisor, height // divisor), sigma)
        smooth = small.resize((width, height), PillowImage.Resampling.BICUBIC)
        return smooth.filter(ImageFilter.GaussianBlur(blur))

    def channel(n):
        turn = PillowImage.Transpose.ROTATE_90 if n % 2 else PillowImage.Transpose.FLIP_TOP_BOTTOM
        gradient = PillowImage.linear_gradient("L").transpose(turn).resize((width, height))
        shapes = PillowImage.blend(octave(80, 120, 8), octave(12, 60, 2), 0.35)
        picture = PillowImage.blend(gradient, shapes, 0.55)
        return PillowImage.blend(picture, PillowImage.effect_noise((width, height), 25), 0.12)

    return PillowImage.merge("RGB", [channel(seed + n) for n in range(3)])


def camera_exif():
    exif = PillowImage.Exif()
    exif[0x010F], exif[0x0110] = "Benchcam", "B-1"  # make, model
    exif.get_ifd(0x8769)[0xA431] = "SN-0042"  # body serial number
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)})
    return exif


def make_post():
    call_command("migrate", verbosity=0)
    originals, images, seconds = [], [], []
    for n, name in enumerate(["featured.jpg", "body-one.jpg", "body-two.jpg"]):
        buffer = io.BytesIO()
        photo_like(*SIZE, seed=n * 3).save(buffer, "JPEG", quality=95, exif=camera_exif())
        originals.append(len(buffer.getvalue()))
        upload = SimpleUploadedFile(name, buffer.getvalue())
        started = time.perf_counter()
        image = Image.from_upload(upload, alt_text=f"Bench photo {n}")
        make_renditions.call(image.pk)  # the worker's part, run here in line
        image.refresh_from_db()
        images.append(image)
        seconds.append(time.perf_counter() - started)
    paragraph = "<p>" + "A paragraph of commentary with enough words to fill a line. " * 12 + "</p>"

    def figure(image):
        return (
            f'<figure class="figure"><img src="{image.url()}" alt="" data-file="{image.pk}">'
            "<figcaption>A caption</figcaption></figure>"
        )

    author = Author.objects.create(name="Bench", slug="bench")
    post = Post.objects.create(
        title="A post with three photographs",
        slug="three-photographs",
        author=author,
        featured_image=images[0],
        body=paragraph * 3 + figure(images[1]) + paragraph * 4 + figure(images[2]) + paragraph,
        status="published",
    )
    return post, originals, seconds


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def serve():
    server = make_server("127.0.0.1", 0, StaticFilesHandler(get_wsgi_application()))
    server.RequestHandlerClass = QuietHandler
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def image_bytes(browser, url, viewport, scale):
    """(first screen bytes, whole page bytes, files) for one device, with a cold cache."""
    context = browser.new_context(viewport=viewport, device_scale_factor=scale)
    page = context.new_page()
    loaded = {}

    def record(response):
        if response.request.resource_type == "image" and response.status == 200:
            loaded[response.url.rsplit("/", 1)[-1]] = len(response.body())

    page.on("response", record)
    page.goto(url, wait_until="networkidle")
    first_screen = sum(loaded.values())
    height = page.evaluate("document.body.scrollHeight")
    for _ in range(0, height, viewport["height"] // 2):
        page.mouse.wheel(0, viewport["height"] // 2)
        page.wait_for_timeout(60)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    context.close()
    return first_screen, sum(loaded.values()), sorted(loaded)


def main():
    post, originals, seconds = make_post()
    server = serve()
    url = f"http://127.0.0.1:{server.server_port}{post.get_absolute_url()}"
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for label, viewport, scale in DEVICES:
            rows.append((label, *image_bytes(browser, url, viewport, scale)))
        browser.close()
    server.shutdown()

    total = sum(originals)
    kb = lambda n: f"{n / 1024:,.0f} KB"  # noqa: E731
    lines = [
        "# Image bytes for a post page",
        "",
        f"A post with a {SIZE[0]}×{SIZE[1]} photo-like JPEG (quality 95, EXIF with GPS) as the "
        "featured image and two more in the body, loaded in Chromium with a cold cache. "
        "Chromium chooses from `srcset` itself; WebP is offered first.",
        "",
        f"Originals: {', '.join(kb(n) for n in originals)}: **{kb(total)}** together "
        "(what a page that links the uploads would send).",
        f"Time per photo (checked at upload, then cleaned and 10 renditions by the worker): "
        f"{', '.join(f'{s:.1f} s' for s in seconds)}.",
        "",
        "| device | first screen | whole page, read to the end | vs. originals | files |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for label, first, whole, files in rows:
        lines.append(
            f"| {label} | {kb(first)} | {kb(whole)} | {whole / total:.1%} | {', '.join(files)} |"
        )
    RESULT.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
