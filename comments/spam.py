"""Spam checks: the local ones, run while the comment is posted, and Akismet, asked by the
background worker (comments.flow.check_with_akismet) so no reader waits on it.

COMMENTS_SPAM_CHECKERS lists the local checkers by dotted path; a checker is a class with
`check(comment, reader)` returning True for spam, where `reader` holds the sender's "ip",
"user_agent" and "referrer". Add your own the same way; it must not call another server.
"""

import logging
import urllib.parse
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)
AKISMET_TIMEOUT = 5


class Blocklist:
    """COMMENTS_BLOCKLIST: words (in the text, name, email or website), emails and IPs."""

    def check(self, comment, reader):
        haystack = " ".join(
            [comment.comment, comment.user_name, comment.user_email, comment.user_url]
        ).lower()
        for entry in settings.COMMENTS_BLOCKLIST:
            entry = entry.lower()
            if entry == reader["ip"] or entry in haystack:
                return True
        return False


def is_spam(comment, reader):
    return any(
        import_string(path)().check(comment, reader) for path in settings.COMMENTS_SPAM_CHECKERS
    )


def akismet_says_spam(comment, reader):
    """Akismet's comment-check. Raises OSError when Akismet can't be reached."""
    data = {
        "blog": settings.SITE_URL,
        "user_ip": reader["ip"],
        "user_agent": reader["user_agent"],
        "referrer": reader["referrer"],
        "comment_type": "comment",
        "comment_author": comment.user_name,
        "comment_author_email": comment.user_email,
        "comment_author_url": comment.user_url,
        "comment_content": comment.comment,
    }
    url = settings.AKISMET_URL.format(key=settings.AKISMET_API_KEY)
    body = urllib.parse.urlencode(data).encode()
    # AKISMET_URL is a setting (https://), never input: no file: or other scheme reaches it.
    with urllib.request.urlopen(url, body, timeout=AKISMET_TIMEOUT) as response:  # noqa: S310
        return response.read().strip() == b"true"
