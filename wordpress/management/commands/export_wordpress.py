from django.core.management.base import BaseCommand

from wordpress.export_file import output
from wordpress.wxr_export import WXRExport


class Command(BaseCommand):
    help = (
        "Export the blog as a WordPress export file (WXR 1.2) that WordPress's importer takes: "
        "authors, categories, tags, posts, pages, comments and the media library."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write it (default: standard output)")

    def handle(self, *args, file, **options):
        with output(self, file) as write:
            export = WXRExport(write)
            export.run()
        if export.skipped_images:
            self.stderr.write(
                f"{export.skipped_images} image(s) still waiting for their renditions were left "
                "out (their upload is never served): run the worker and export again."
            )
        if file:
            self.stderr.write(f"Exported to {file}.")
