"""Spam checkers: each looks at a comment about to be saved and may call it spam.

COMMENTS_SPAM_CHECKERS lists them by dotted path; a checker is a class with
`check(comment, request)` returning True for spam. Add your own the same way.
"""

import logging
import urllib.parse
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

from .limits import client_ip

logger = logging.getLogger(__name__)


class Blocklist:
    """COMMENTS_BLOCKLIST: words (in the text, name, email or website), emails and IPs."""

    def check(self, comment, request):
        haystack = " ".join(
            [comment.comment, comment.user_name, comment.user_email, comment.user_url]
        ).lower()
        ip = client_ip(request) or ""
        for entry in settings.COMMENTS_BLOCKLIST:
            entry = entry.lower()
            if entry == ip or entry in haystack:
                return True
        return False


class Akismet:
    """Akismet's comment-check, used only when AKISMET_API_KEY is set."""

    timeout = 5

    def check(self, comment, request):
        key = settings.AKISMET_API_KEY
        if not key:
            return False
        data = {
            "blog": settings.SITE_URL,
            "user_ip": client_ip(request) or "",
            "user_agent": request.headers.get("User-Agent", ""),
            "referrer": request.headers.get("Referer", ""),
            "comment_type": "comment",
            "comment_author": comment.user_name,
            "comment_author_email": comment.user_email,
            "comment_author_url": comment.user_url,
            "comment_content": comment.comment,
        }
        url = f"https://{key}.rest.akismet.com/1.1/comment-check"
        try:
            body = urllib.parse.urlencode(data).encode()
            with urllib.request.urlopen(url, body, timeout=self.timeout) as response:
                return response.read().strip() == b"true"
        except OSError:
            # Akismet unreachable: let moderation hold it rather than lose it.
            logger.warning("Akismet could not be reached", exc_info=True)
            return False


def is_spam(comment, request):
    return any(
        import_string(path)().check(comment, request) for path in settings.COMMENTS_SPAM_CHECKERS
    )
