"""A WordPress site's media in the library, and post bodies pointing at it.

Attachments come in through the library's own door (Image.get_or_create_from_upload, checked,
renditions made by the worker, metadata stripped; MediaFile for sound and video, checked by its
bytes), from a copy of the uploads folder (--media) or downloaded by the worker (--fetch, see
wordpress.fetch). Bodies are then rewritten: an `<img>` of the old site (any of its sizes,
"photo-300x200.jpg" being "photo.jpg") becomes the library image, which the post's save turns
into responsive markup; `<video>`/`<audio>` and `[audio]`/`[video]` play our copy;
`[gallery]` becomes a grid of figures. What could not be found keeps its old markup (an image)
or becomes a link to the old address (a player), and is listed in the summary by post.
"""

import html
import re
from collections import defaultdict
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.html import format_html

from blog.html import plain_text
from images.models import Image, MediaFile
from images.renditions import delete_files

from . import content

# WordPress.com serves a site's images from these hosts as well as its own.
WP_IMAGE_HOSTS = re.compile(r"^(?:i[0-3]\.wp\.com|[\w-]+\.files\.wordpress\.com)$")
# The sizes WordPress makes of an upload: "photo-300x200.jpg", "photo-scaled.jpg" → "photo.jpg".
SIZE_SUFFIX = re.compile(r"-(?:\d+x\d+|scaled|rotated|e\d{13})(?=\.\w+$)")
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"}
TAG = re.compile(r"<(img|video|audio)\b([^>]*)>(?:(.*?)</\1>)?", re.DOTALL | re.IGNORECASE)
LINKED_IMAGE = re.compile(
    r"<a\b([^>]*)>\s*(<img\b[^>]*data-file=\"\d+\"[^>]*>)\s*</a>", re.DOTALL | re.IGNORECASE
)
FILE_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.DOTALL | re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
SHORTCODE = re.compile(
    r"\[(gallery|audio|video|playlist)\b([^\]]*)\](?:(.*?)\[/\1\])?", re.DOTALL | re.IGNORECASE
)
WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
MEDIA_SOURCES = {
    "audio": ("src", "mp3", "m4a", "ogg", "oga", "wav", "flac"),
    "video": ("src", "mp4", "m4v", "webm", "ogv", "mov", "wmv", "flv"),
}


def attributes(text):
    return {
        name.lower(): html.unescape(next((v for v in values if v), ""))
        for name, *values in ATTRIBUTE.findall(text or "")
    }


def upload_key(url):
    """What identifies an uploaded file in an address: its path below `uploads/` (or from the
    year folder on, as WordPress.com's file hosts give it), lowercased; "" if none."""
    path = unquote(urlsplit(url or "").path)
    if "/wp-content/uploads/" in path:
        return path.split("/wp-content/uploads/", 1)[1].lower()
    if match := re.search(r"(?:^|/)(\d{4}/\d{2}/[^/]+)$", path):
        return match.group(1).lower()
    return PurePosixPath(path).name.lower()


def original_url(url):
    """The address of the file WordPress made this size from (without resizing parameters)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, original_key(parts.path), "", ""))


def original_key(key):
    """The key of the file WordPress made this size from."""
    while (shorter := SIZE_SUFFIX.sub("", key)) != key:
        key = shorter
    return key


class Library:
    """What came into the library, by the keys and WordPress ids of the old site's files."""

    def __init__(self, hosts=()):
        self.hosts = {h.lower() for h in hosts if h}
        self.by_key = {}
        self.by_wp_id = {}

    def add_host(self, url):
        if host := urlsplit(url or "").hostname:
            self.hosts.add(host.lower())
            self.hosts.add(host.lower().removeprefix("www."))
            self.hosts.add(f"www.{host.lower().removeprefix('www.')}")

    def is_old_site(self, url):
        host = (urlsplit(url or "").hostname or "").lower()
        return host in self.hosts or bool(WP_IMAGE_HOSTS.match(host))

    def add(self, obj, url, wp_id=None):
        key = upload_key(url)
        self.by_key[key] = obj
        self.by_key.setdefault(original_key(key), obj)
        if wp_id is not None:
            self.by_wp_id[wp_id] = obj

    def find(self, url, wp_id=None):
        if wp_id is not None and wp_id in self.by_wp_id:
            return self.by_wp_id[wp_id]
        if not url or not self.is_old_site(url):
            return None
        key = upload_key(url)
        return self.by_key.get(key) or self.by_key.get(original_key(key))


def bring_in(name, data, alt="", caption="", title=""):
    """(image or sound or video file, created) in the library from these bytes (the same
    bytes are not added twice), or a ValidationError saying why not."""
    name = PurePosixPath(name).name or "file"
    try:
        return MediaFile.get_or_create_from_bytes(
            name, data, title=title[:300], caption=caption[:500]
        )
    except ValidationError as media_error:
        try:
            return Image.get_or_create_from_upload(
                ContentFile(data, name=name),
                alt_text=alt[:300],
                caption=caption[:500],
                title=title[:300],
            )
        except ValidationError as image_error:
            if PurePosixPath(name).suffix.lower() in IMAGE_EXTENSIONS:
                raise image_error from None
            raise media_error from None


def image_tag(image, alt):
    """What the editor stores for a library image: the post's save makes it responsive."""
    return format_html('<img data-file="{}" alt="{}">', image.pk, alt or image.alt_text)


def link_to(url):
    """A player's file we don't have: a link to where it was, so nothing is lost silently."""
    name = PurePosixPath(unquote(urlsplit(url).path)).name or url
    return format_html('<a class="media-link" href="{}">{}</a>', url, name)


class Rewriter:
    """Bodies pointing at the library instead of the old site; notes what it could not find."""

    def __init__(self, library, base_url=""):
        self.library = library
        self.base_url = base_url
        self.missing = []  # (kind, URL) of this body, for the summary
        self.counts = defaultdict(int)

    def absolute(self, url):
        return urljoin(self.base_url, url) if url else ""

    def body(self, text):
        self.missing = []
        text = TAG.sub(self._element, text)
        text = LINKED_IMAGE.sub(self._unlink, text)
        return FILE_LINK.sub(self._file_link, text)

    def _element(self, match):
        name, attrs = match.group(1).lower(), attributes(match.group(2))
        if name == "img":
            wp_class = WP_IMAGE_CLASS.search(attrs.get("class", ""))
            url = self.absolute(attrs.get("src", ""))
            found = self.library.find(url, wp_class and int(wp_class.group(1)))
            if isinstance(found, Image):
                self.counts["images"] += 1
                return image_tag(found, attrs.get("alt", "").strip())
            if url and self.library.is_old_site(url):
                self.missing.append(("image", url))
            return match.group(0)
        inner = match.group(3) or ""
        url = attrs.get("src") or attributes(
            (re.search(r"<source\b([^>]*)>", inner) or [None, ""])[1]
        ).get("src", "")
        if url.startswith(settings.MEDIA_URL):  # a player of ours already
            return match.group(0)
        return self.player(name, self.absolute(url), caption=None)

    def player(self, kind, url, caption=""):
        """Our copy's player (in a figure, unless caption is None), else a link to `url`."""
        found = self.library.find(url)
        if isinstance(found, MediaFile):
            self.counts[kind] += 1
            return found.player(caption) if caption is not None else found.element()
        self.missing.append((kind, url or "(no address)"))
        return link_to(url) if url else ""

    def _unlink(self, match):
        """A library image linked to its own file (WordPress's "link to media file"): the
        responsive image is the file, at the size the reader's screen needs."""
        href = self.absolute(attributes(match.group(1)).get("href", ""))
        if self.library.is_old_site(href) and PurePosixPath(urlsplit(href).path).suffix.lower() in (
            IMAGE_EXTENSIONS
        ):
            return match.group(2)
        if "attachment_id=" in href or "/attachment/" in href:
            return match.group(2)
        return match.group(0)

    def _file_link(self, match):
        """A link to an old sound or video file: to our copy (a player's stand-in: the player)."""
        attrs = attributes(match.group(1))
        href = self.absolute(attrs.get("href", ""))
        found = self.library.find(href)
        if not isinstance(found, MediaFile):
            return match.group(0)
        if "media-link" in attrs.get("class", ""):  # a player whose file was missing: now here
            self.counts[found.kind] += 1
            return found.element()
        return format_html('<a href="{}">', found.url()) + match.group(2) + "</a>"


class Shortcodes:
    """[gallery], [audio], [video] as the library's figures and players (before wpautop).
    A gallery is a <div> of figures: a figure in a figure would cut an excerpt in the middle."""

    def __init__(self, rewriter, attachments):
        self.rewriter = rewriter
        self.attachments = attachments  # WordPress id → attachment Item
        self.notes = []

    def children(self, parent_wp_id):
        return sorted(
            (a for a in self.attachments.values() if a.parent_wp_id == parent_wp_id),
            key=lambda a: (a.menu_order, a.wp_id or 0),
        )

    def apply(self, text, item):
        self.notes = []
        return SHORTCODE.sub(lambda match: self._one(match, item), text)

    def _one(self, match, item):
        name, attrs = match.group(1).lower(), attributes(match.group(2))
        if name == "gallery":
            return self.gallery(attrs, item)
        if name == "playlist":
            self.notes.append("a [playlist] (not imported: add its files as players)")
            return ""
        url = next((attrs[k] for k in MEDIA_SOURCES[name] if attrs.get(k)), "")
        if not url:  # the post's first attached file of that kind
            url = next(
                (
                    a.attachment_url
                    for a in self.children(item.wp_id)
                    if isinstance(self.rewriter.library.find(a.attachment_url, a.wp_id), MediaFile)
                ),
                "",
            )
        return self.rewriter.player(name, url, caption=attrs.get("caption", ""))

    def gallery(self, attrs, item):
        ids = [int(i) for i in re.findall(r"\d+", attrs.get("ids", "") or attrs.get("include", ""))]
        chosen = [self.attachments.get(i) for i in ids] if ids else self.children(item.wp_id)
        figures = []
        for attachment, wp_id in zip(chosen, ids or [a.wp_id for a in chosen], strict=False):
            url = attachment.attachment_url if attachment else ""
            image = self.rewriter.library.find(url, wp_id)
            if isinstance(image, Image):
                caption = attachment.excerpt if attachment else image.caption
                figures.append(
                    format_html(
                        "<figure>{}{}</figure>",
                        image_tag(image, image.alt_text),
                        format_html("<figcaption>{}</figcaption>", caption) if caption else "",
                    )
                )
            elif url:  # kept as it was, as a body's missing image is
                self.rewriter.missing.append(("image", url))
                figures.append(
                    format_html('<figure><img src="{}" alt="{}"></figure>', url, attachment.title)
                )
        if not figures:
            self.notes.append("a [gallery] naming no attachment of the export (left out)")
            return ""
        columns = attrs.get("columns", "3")
        columns = columns if re.fullmatch(r"[1-9]", columns) else "3"
        self.rewriter.counts["galleries"] += 1
        return f'\n\n<div class="gallery gallery-columns-{columns}">{"".join(figures)}</div>\n\n'


class MediaImport:
    """An import's media: attachments into the library first, then each body as it is made."""

    def __init__(self, importer, folder=None, fetch=False):
        self.importer = importer
        self.folder = folder
        self.fetch = fetch
        export = importer.export
        self.library = Library()
        self.library.add_host(export.site_url)
        self.attachments = {i.wp_id: i for i in export.attachments if i.wp_id}
        for attachment in self.attachments.values():
            self.library.add_host(attachment.attachment_url)
        self.rewriter = Rewriter(self.library, export.site_url)
        self.shortcodes = Shortcodes(self.rewriter, self.attachments)
        self.missing = defaultdict(list)  # a post's title → [(kind, URL)]
        self.refused = []  # (file, reason)
        self.wanted = defaultdict(lambda: {"owners": set(), "featured": set(), "wp_id": None})
        self.stored = []  # files written to storage, removed again if the import is undone

    def import_attachments(self):
        for wp_id, attachment in self.attachments.items():
            found = self.importer.existing(Image, wp_id) or self.importer.existing(MediaFile, wp_id)
            if found is not None:
                self.importer.count("media", False)
            elif self.folder is not None:
                found = self.from_folder(attachment.attachment_url, attachment)
            if found is not None:
                self.importer.remember(found, wp_id)
                self.library.add(found, attachment.attachment_url, wp_id)

    def from_folder(self, url, attachment=None):
        """The library's copy of the folder's file for `url` (its original size if there), or
        None: refusals are noted."""
        key = upload_key(url)
        path = self.folder.find(original_key(key)) or self.folder.find(key)
        if path is None:
            return None
        meta = attachment.meta if attachment else {}
        try:
            data = path.read_bytes()
            found, created = bring_in(
                path.name,
                data,
                alt=meta.get("_wp_attachment_image_alt", "").strip(),
                caption=plain(attachment.excerpt) if attachment else "",
                title=plain(attachment.title) if attachment else "",
            )
        except ValidationError as error:
            self.refused.append((key, " ".join(error.messages)))
            return None
        except OSError as error:
            self.refused.append((key, error.strerror or str(error)))
            return None
        self.importer.count("media", created)
        if created:
            self.stored.append(found.file.name)
        return found

    def html(self, item, model):
        """The item's body as HTML pointing at the library (before the post's sanitising save)."""
        if self.folder is not None:
            self._load_body_files(item.content)
        text = self.shortcodes.apply(item.content, item)
        body = self.rewriter.body(content.to_html(text))
        label = plain(item.title) or f"{item.post_type} {item.wp_id}"
        for kind, url in self.rewriter.missing:
            self.missing[label].append((kind, url))
            if self.fetch and url.startswith(("http://", "https://")):
                self.wanted[url]["owners"].add((model._meta.label, item.wp_id))
        for note in self.shortcodes.notes:
            self.missing[label].append(("note", note))
        return body

    def _load_body_files(self, text):
        """Files a body shows that no attachment of the export names, from the folder."""
        for match in re.finditer(r"""\b(?:src|href|mp3|mp4|m4a|ogg|webm)=["']([^"']+)""", text):
            url = urljoin(self.rewriter.base_url, html.unescape(match.group(1)))
            suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
            if (
                (suffix in IMAGE_EXTENSIONS or suffix.strip(".") in MEDIA_EXTENSIONS)
                and self.library.is_old_site(url)
                and self.library.find(url) is None
                and (found := self.from_folder(url)) is not None
            ):
                self.library.add(found, url)

    def featured_image(self, item, model):
        """The post's featured image from `_thumbnail_id`, if it is in the library."""
        wp_id = item.meta.get("_thumbnail_id", "").strip()
        if not wp_id.isascii() or not wp_id.isdigit():
            return None
        found = self.library.by_wp_id.get(int(wp_id))
        if isinstance(found, Image):
            return found
        attachment = self.attachments.get(int(wp_id))
        label = plain(item.title) or f"{item.post_type} {item.wp_id}"
        if attachment is None:
            self.missing[label].append(("featured image", f"attachment {wp_id}"))
        else:
            self.missing[label].append(("featured image", attachment.attachment_url))
            if self.fetch:
                wanted = self.wanted[attachment.attachment_url]
                wanted["featured"].add((model._meta.label, item.wp_id))
        return None

    def queue_downloads(self):
        """--fetch: one background download per missing file, once the import is committed."""
        from .fetch import fetch_media  # the task module imports this one

        by_url = {a.attachment_url: a for a in self.attachments.values()}
        groups = defaultdict(lambda: {"urls": [], "owners": set(), "featured": set()})
        for url, wanted in self.wanted.items():
            attachment = by_url.get(url) or next(
                (
                    a
                    for a in by_url.values()
                    if original_key(upload_key(a.attachment_url)) == original_key(upload_key(url))
                ),
                None,
            )
            group = groups[
                attachment.attachment_url if attachment else original_key(upload_key(url))
            ]
            group["attachment"] = attachment
            group["urls"].append(url)
            group["owners"] |= wanted["owners"]
            group["featured"] |= wanted["featured"]
        known = self.importer.known
        models = {m._meta.label: m for m in known}
        queued = 0
        for group in groups.values():
            attachment = group.get("attachment")

            def pks(pairs):
                return sorted(
                    [label, known[models[label]][wp_id]]
                    for label, wp_id in pairs
                    if label in models and wp_id in known[models[label]]
                )

            arguments = {
                "site": self.importer.site,
                "urls": group["urls"],
                "original": attachment.attachment_url if attachment else original_url(url),
                "wp_id": attachment.wp_id if attachment else None,
                "alt": attachment.meta.get("_wp_attachment_image_alt", "") if attachment else "",
                "caption": plain(attachment.excerpt) if attachment else "",
                "title": plain(attachment.title) if attachment else "",
                "owners": pks(group["owners"]),
                "featured": pks(group["featured"]),
                "hosts": sorted(self.library.hosts),
            }
            transaction.on_commit(lambda arguments=arguments: fetch_media.enqueue(**arguments))
            queued += 1
        return queued

    def forget_stored_files(self):
        """After a dry run or a failed import: the rows are gone, so are their files."""
        delete_files(default_storage, self.stored)
        self.stored = []

    def summary_notes(self):
        if self.fetch:
            return (
                [
                    f"{len(self.wanted)} file(s) queued for download by the worker: bodies change "
                    "as each arrives; a file it can't get shows under Task results in the admin."
                ]
                if self.wanted
                else []
            )
        if self.folder is None:
            files = {url for lost in self.missing.values() for kind, url in lost if kind != "note"}
            return (
                [
                    f"{len(self.missing)} post(s) and page(s) show {len(files)} file(s) of the old "
                    "site: import with --media DIR (a copy of wp-content/uploads) or --fetch to "
                    "bring them into the library."
                ]
                if files
                else []
            )
        notes = []
        for key, reason in self.refused:
            notes.append(f"{key}: refused by the media library: {reason}")
        for label, lost in self.missing.items():
            found = "; ".join(url if kind == "note" else f"{kind} {url}" for kind, url in lost)
            notes.append(f"“{label}”: not found, kept as it was: {found}.")
        return notes


MEDIA_EXTENSIONS = {"mp3", "m4a", "ogg", "oga", "mp4", "m4v", "webm", "ogv"}


def plain(text):
    return plain_text(text or "")
