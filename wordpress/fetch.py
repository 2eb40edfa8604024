"""import_wordpress --fetch: the worker downloads an old site's files, then the posts use them.

Only http(s), only the old site's hosts and WordPress.com's image hosts, never a private,
loopback or link-local address (unless WORDPRESS_FETCH_ALLOW_PRIVATE, for tests serving files
locally), with a timeout and the library's size limits; redirects are followed by hand, each
hop checked the same way. A failure raises, so the worker tries again later and, in the end,
keeps the task as failed under "Task results" in the admin (config.task_retries).
"""

import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

import requests
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.tasks import task

from images.models import Image

from .media import WP_IMAGE_HOSTS, Library, Rewriter, bring_in
from .models import Imported

MAX_REDIRECTS = 3


class FetchRefused(Exception):
    """The address may not be fetched, or gave no usable file."""


def check_address(url, hosts):
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https"):
        raise FetchRefused(f"{url}: only http and https addresses are fetched.")
    if host not in hosts and not WP_IMAGE_HOSTS.match(host):
        raise FetchRefused(f"{url}: {host} is not the old site's host.")
    if settings.WORDPRESS_FETCH_ALLOW_PRIVATE:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, parts.port or 443)}
    except OSError as error:
        raise FetchRefused(f"{url}: {host} can't be resolved ({error}).") from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global or ip.is_multicast:
            raise FetchRefused(f"{url}: {host} is a private or local address ({ip}).")


def download(url, hosts):
    """The file's bytes, within the library's largest size; FetchRefused or a requests error."""
    limit = max(settings.IMAGE_MAX_UPLOAD_BYTES, settings.MEDIA_MAX_UPLOAD_BYTES)
    for _ in range(MAX_REDIRECTS + 1):
        check_address(url, hosts)
        with requests.get(
            url,
            stream=True,
            timeout=settings.WORDPRESS_FETCH_TIMEOUT,
            allow_redirects=False,
            headers={"User-Agent": "Broadsheet WordPress import"},
        ) as response:
            if response.is_redirect:
                url = urljoin(url, response.headers["Location"])
                continue
            if response.status_code != 200:
                raise FetchRefused(f"{url}: the server answered {response.status_code}.")
            data = bytearray()
            for chunk in response.iter_content(64 * 1024):
                data += chunk
                if len(data) > limit:
                    raise FetchRefused(f"{url}: larger than {limit:,} bytes.")
            return bytes(data)
    raise FetchRefused(f"{url}: more than {MAX_REDIRECTS} redirects.")


@task
def fetch_media(*, site, urls, original, wp_id, alt, caption, title, owners, featured, hosts):
    """Download one file (its original size if the old site still has it), bring it into the
    library and point the posts that show it at our copy."""
    hosts = set(hosts)
    candidates = list(dict.fromkeys([original, *urls] if original else urls))
    refusals = []
    for url in candidates:
        try:
            data = download(url, hosts)
            break
        except (FetchRefused, requests.RequestException) as error:
            refusals.append(str(error))
    else:
        raise FetchRefused("; ".join(refusals))
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    with transaction.atomic():
        found, _ = bring_in(name, data, alt=alt, caption=caption, title=title)
        if wp_id is not None:
            Imported.objects.update_or_create(
                site=site,
                content_type=ContentType.objects.get_for_model(found),
                wp_id=wp_id,
                defaults={"object_id": found.pk},
            )
        library = Library(hosts)
        for address in candidates:
            library.add(found, address, wp_id)
        rewriter = Rewriter(library, site)
        for label, pk in {tuple(o) for o in owners} | {tuple(o) for o in featured}:
            model = apps.get_model(label)
            owner = model._base_manager.select_for_update().filter(pk=pk).first()
            if owner is None:
                continue
            owner.body = rewriter.body(owner.body)
            if [label, pk] in featured and isinstance(found, Image):
                owner.featured_image = found
            owner.save()
