"""Embeds as link cards: a video, a post or a toot named by its service and linked to, no more.

WordPress turns a link alone on its line (or an embed block, or `[embed]…[/embed]`) into the
other site's player or widget, which loads that site's scripts, cookies and trackers into every
reader's page. Here it becomes a card that names the service and links out: nothing is asked of
the other site until the reader follows the link. Run on every body before it is sanitised
(blog.html), so
what the editor or an import stores is carded the same way; cards are left as they are.
"""

import html
import re
from urllib.parse import urlsplit

from django.utils.html import format_html
from django.utils.safestring import mark_safe

# Host (without "www.") → the service's name. A Mastodon toot is known by its address's shape.
SERVICES = {
    "youtube.com": "YouTube",
    "m.youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "youtube-nocookie.com": "YouTube",
    "vimeo.com": "Vimeo",
    "player.vimeo.com": "Vimeo",
    "twitter.com": "X (Twitter)",
    "mobile.twitter.com": "X (Twitter)",
    "x.com": "X (Twitter)",
    "bsky.app": "Bluesky",
    "instagram.com": "Instagram",
    "facebook.com": "Facebook",
    "wordpress.tv": "WordPress.tv",
    "videopress.com": "VideoPress",
    "dailymotion.com": "Dailymotion",
    "ted.com": "TED",
    "twitch.tv": "Twitch",
    "tiktok.com": "TikTok",
    "soundcloud.com": "SoundCloud",
    "open.spotify.com": "Spotify",
    "mixcloud.com": "Mixcloud",
    "flickr.com": "Flickr",
    "imgur.com": "Imgur",
    "reddit.com": "Reddit",
    "tumblr.com": "Tumblr",
    "slideshare.net": "SlideShare",
    "speakerdeck.com": "Speaker Deck",
    "codepen.io": "CodePen",
    "giphy.com": "Giphy",
    "kickstarter.com": "Kickstarter",
    "scribd.com": "Scribd",
    "pinterest.com": "Pinterest",
}
TOOT = re.compile(r"^/@[\w.-]+(?:@[\w.-]+)?/\d+/?$")
URL = r"https?://[^\s<>\"\[\]]+"
# The embed block (its URL alone in a wrapper), a [embed] shortcode or a link alone in a
# paragraph, as written or as a link to itself.
EMBED_BLOCK = re.compile(
    rf'<figure\b[^>]*\bclass="[^"]*\bwp-block-embed\b[^"]*"[^>]*>\s*'
    rf'<div\b[^>]*\bclass="wp-block-embed__wrapper"[^>]*>\s*(?P<url>{URL})\s*</div>\s*'
    r"(?P<caption><figcaption\b[^>]*>.*?</figcaption>)?\s*</figure>",
    re.DOTALL | re.IGNORECASE,
)
ALONE = re.compile(
    rf"<p>\s*(?:\[embed\b[^\]]*\]\s*(?P<short>{URL})\s*\[/embed\]"
    rf"|(?P<bare>{URL})"
    rf'|<a\b[^>]*\bhref="(?P<link>{URL})"[^>]*>\s*(?P=link)\s*</a>)\s*</p>',
    re.IGNORECASE,
)


def service(url):
    """The service's name for an embeddable address, else None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    if name := SERVICES.get(host):
        return name
    if host.endswith(".tumblr.com"):
        return "Tumblr"
    if TOOT.match(parts.path):
        return "Mastodon"
    return None


def card(url, name, caption=""):
    """The link card for `url` (as plain text) on the service `name`, with the block's own
    caption (sanitised HTML) if it had one."""
    parts = urlsplit(url)
    shown = f"{(parts.hostname or '').removeprefix('www.')}{parts.path}".rstrip("/")
    if parts.query:
        shown += f"?{parts.query}"
    shown = shown if len(shown) <= 60 else f"{shown[:59]}…"
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return format_html(
        '<figure class="embed-card embed-{}"><a href="{}"><span class="embed-service">{}</span> '
        '<span class="embed-address">{}</span></a>{}</figure>',
        slug,
        url,
        name,
        shown,
        mark_safe(caption),  # noqa: S308 (the block's own figcaption; the body is sanitised next)
    )


def cards(body):
    """The body with each embed as a link card: embed blocks whatever the site, links alone
    on a line when they are a known service's."""

    def block(match):
        url = html.unescape(match.group("url"))
        name = service(url) or (urlsplit(url).hostname or "").removeprefix("www.")
        return card(url, name, match.group("caption") or "")

    def alone(match):
        url = html.unescape(match.group("short") or match.group("bare") or match.group("link"))
        if (name := service(url)) is None and not match.group("short"):
            return match.group(0)
        return card(url, name or (urlsplit(url).hostname or "").removeprefix("www."))

    return ALONE.sub(alone, EMBED_BLOCK.sub(block, body))


def count(body):
    return body.count('class="embed-card ')
