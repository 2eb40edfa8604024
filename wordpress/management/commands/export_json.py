from django.core.management.base import BaseCommand

from wordpress import json_export
from wordpress.export_file import output


class Command(BaseCommand):
    help = (
        f"Export the whole blog as plain JSON (format {json_export.FORMAT}, described in the "
        "README): settings, authors, categories, tags, images, posts, pages and comments."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write it (default: standard output)")

    def handle(self, *args, file, **options):
        with output(self, file) as write:
            json_export.export(write)
        if file:
            self.stderr.write(f"Exported to {file}.")
