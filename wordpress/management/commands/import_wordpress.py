from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from blog.cache import content_changed
from blog.models import Author
from wordpress import wxr
from wordpress.importer import Importer

KINDS = ["authors", "categories", "tags", "posts", "pages", "comments"]


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR, from WordPress's Tools → Export): authors, categories, "
        "tags, posts, pages and comments. Running it again with the same file adds nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="the .xml file WordPress exported")
        parser.add_argument(
            "--dry-run", action="store_true", help="import, report, then undo everything"
        )
        parser.add_argument(
            "--author-map",
            nargs="+",
            default=[],
            metavar="OLD=NEW",
            help="credit WordPress user OLD's posts to the existing author (slug) or user NEW",
        )

    def handle(self, *args, export, dry_run, author_map, **options):
        authors = self.author_map(author_map)
        try:
            with open(export, "rb") as file:
                data = file.read()
        except OSError as error:
            raise CommandError(f"Can't read {export}: {error.strerror}.") from None
        try:
            parsed = wxr.parse(data)
        except wxr.WXRError as error:
            raise CommandError(f"{export}: {error} Nothing was imported.") from None
        with transaction.atomic():
            report = Importer(parsed, authors).run()
            if dry_run:
                transaction.set_rollback(True)
        if not dry_run:
            content_changed()
        self.summary(report, parsed, dry_run)

    def author_map(self, pairs):
        mapping = {}
        for pair in pairs:
            old, sep, new = pair.partition("=")
            if not (sep and old and new):
                raise CommandError(f"--author-map takes OLD=NEW pairs, not “{pair}”.")
            author = Author.objects.filter(slug=new).first()
            if author is None and (
                user := Author._meta.get_field("user")
                .related_model.objects.filter(username=new)
                .first()
            ):
                author = Author.for_user(user)
            if author is None:
                raise CommandError(f"--author-map: no author or user “{new}” exists here.")
            mapping[old] = author
        return mapping

    def summary(self, report, parsed, dry_run):
        write = self.stdout.write
        title = "Dry run, nothing kept" if dry_run else "Imported"
        write(self.style.SUCCESS(f"{title}: WordPress export (WXR {parsed.version})"))
        for kind in KINDS:
            write(f"  {kind}: {report.created[kind]} new, {report.existing[kind]} already here")
        if report.skipped:
            write("Skipped:")
            for kind, reasons in report.skipped.items():
                for reason, number in reasons.most_common():
                    write(f"  {number} {kind}: {reason}")
        if report.notes:
            write("Notes:")
            for note in report.notes:
                write(f"  {note}")
