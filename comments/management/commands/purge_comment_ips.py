"""Drop the (already truncated) IP addresses of comments older than COMMENTS_IP_RETENTION_DAYS,
and the comments whose email confirmation expired unused (with the sender's address).

Run it daily (cron or a systemd timer)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from comments.models import Comment, PendingComment


class Command(BaseCommand):
    help = "Forget the IP addresses of comments older than COMMENTS_IP_RETENTION_DAYS."

    def handle(self, **options):
        cutoff = timezone.now() - timedelta(days=settings.COMMENTS_IP_RETENTION_DAYS)
        count = (
            Comment.objects.filter(submit_date__lt=cutoff, ip_address__isnull=False)
            .select_related(None)
            .update(ip_address=None)
        )
        self.stdout.write(f"Removed the IP address of {count} comments.")
        expired, _by_model = PendingComment.objects.expired().delete()
        self.stdout.write(f"Deleted {expired} unconfirmed comments.")
