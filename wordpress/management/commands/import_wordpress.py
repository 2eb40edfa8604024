from contextlib import nullcontext

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from blog.models import Author
from config.page_cache import one_change
from wordpress import wxr
from wordpress.importer import Importer
from wordpress.progress import Progress
from wordpress.uploads import UploadsError, UploadsFolder

KINDS = ["authors", "categories", "tags", "posts", "pages", "comments", "media"]


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
            "--update",
            action="store_true",
            help="apply changes made in WordPress since the last import to the posts and pages "
            "not edited here since",
        )
        parser.add_argument(
            "--author-map",
            nargs="+",
            default=[],
            metavar="OLD=NEW",
            help="credit WordPress user OLD's posts to the existing author (slug) or user NEW",
        )
        media = parser.add_mutually_exclusive_group()
        media.add_argument(
            "--media",
            metavar="DIR",
            help="a copy of the old site's wp-content/uploads folder (or a .zip or .tar.gz of "
            "it): its files come into the media library and the posts show them",
        )
        media.add_argument(
            "--fetch",
            action="store_true",
            help="download the media from the old site in the background worker instead",
        )

    def handle(self, *args, export, dry_run, author_map, update, media, fetch, **options):
        authors = self.author_map(author_map)
        try:
            parsed = wxr.parse(export)  # read as a stream: memory bounded, whatever the size
        except OSError as error:
            raise CommandError(f"Can't read {export}: {error.strerror}.") from None
        except wxr.WXRError as error:
            raise CommandError(f"{export}: {error} Nothing was imported.") from None
        uploads = UploadsFolder(media) if media else nullcontext()
        progress = Progress(self.stdout, parsed.item_count + parsed.comment_count)
        importer = None
        try:
            with uploads as folder, one_change(), transaction.atomic():
                importer = Importer(
                    parsed, authors, uploads=folder, fetch=fetch, update=update, progress=progress
                )
                report = importer.run()
                if dry_run:
                    transaction.set_rollback(True)
                    importer.media.forget_stored_files()
        except UploadsError as error:
            raise CommandError(f"--media: {error} Nothing was imported.") from None
        except BaseException:
            if importer is not None:  # the rows were rolled back: their files go too
                importer.media.forget_stored_files()
            raise
        progress.finish()
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
        write(f"  old addresses recorded: {report.addresses} (they redirect to the new ones)")
        for kind, seconds in report.seconds.items():
            done = report.created[kind] + report.existing[kind]
            write(
                f"  {done:,} {kind} in {seconds:.1f} s: {done / max(seconds, 1e-6):,.0f} a second"
            )
        if report.skipped:
            write("Skipped:")
            for kind, reasons in report.skipped.items():
                for reason, number in reasons.most_common():
                    write(f"  {number} {kind}: {reason}")
        changes = [
            (report.updated, "Updated from WordPress, which changed them since the last import:"),
            (report.changed, "Changed in WordPress since the last import (--update applies it):"),
            (report.changed_here, "Changed in WordPress but edited here since, left as they are:"),
        ]
        for labels, heading in changes:
            if labels:
                write(heading)
                for label in labels:
                    write(f"  {label}")
        if report.notes:
            write("Notes:")
            for note in report.notes:
                write(f"  {note}")
        if media_notes := report.media.summary_notes():
            write("Media:")
            for note in media_notes:
                write(f"  {note}")
