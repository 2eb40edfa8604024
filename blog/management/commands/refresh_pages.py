from django.core.management.base import BaseCommand

from config.page_cache import content_changed


class Command(BaseCommand):
    help = (
        "Start a new content version, so every cached page is rendered afresh. "
        "Run it after a deploy (new templates) or a change made outside the admin."
    )

    def handle(self, *args, **options):
        content_changed()
        self.stdout.write("Cached pages will be rendered afresh.")
