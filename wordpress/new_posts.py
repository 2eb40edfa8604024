"""An import's new posts, written a batch at a time.

Created one by one, each post cost an INSERT of its own (and, on PostgreSQL, a round trip):
that was most of the import's time for posts. Here each post's fields are derived as its save()
derives them (`Post.derive()`), and a batch is written with `bulk_create`, whose INSERTs return
the new ids. What a save would have done besides is done here for the batch: the images each
post shows are recorded, its WordPress id and fingerprint too (`Importer.remember`, written in
batches), its categories and tags go in as rows of the many-to-many tables, and one new content
version is started when a published post is among them. The search indexes follow the rows by
themselves: SQLite's FTS5 table by its triggers, PostgreSQL's GIN index by its expression.
"""

from dataclasses import dataclass

from blog.models import Post, Status
from config.page_cache import content_changed
from images.markup import body_image_ids
from images.models import Usage

from . import sync


@dataclass(eq=False)
class Waiting:
    post: Post
    wp_id: int
    stamps: dict  # sync.stamps(item): what the item was in WordPress
    categories: list
    tags: list


class NewPosts:
    def __init__(self, importer):
        self.importer = importer
        self.waiting = {}  # WordPress id → Waiting

    def __contains__(self, wp_id):
        return wp_id in self.waiting

    def get(self, wp_id):
        return self.waiting[wp_id].post

    def add(self, post, item, categories, tags):
        post.derive()
        self.waiting[item.wp_id] = Waiting(post, item.wp_id, sync.stamps(item), categories, tags)
        if len(self.waiting) >= self.importer.BATCH:
            self.write()

    def write(self):
        """Insert the waiting posts (their ids come back), then what points at them."""
        if not self.waiting:
            return
        importer = self.importer
        waiting, self.waiting = list(self.waiting.values()), {}  # writing may flush: once each
        with importer.stopwatch.charge("posts"):
            Post.objects.bulk_create([new.post for new in waiting])
            for new in waiting:
                post = new.post
                if post.pk is None:
                    raise RuntimeError("The database did not return the new posts' ids.")
                importer.add_terms(post, new.categories, new.tags)
                importer.remember(post, new.wp_id, **new.stamps)
                importer.stamped[Post].add(new.wp_id)
            Usage.record_new(
                (new.post, body_image_ids(new.post.body), new.post.featured_image_id)
                for new in waiting
            )
            if any(new.post.status == Status.PUBLISHED for new in waiting):
                content_changed()  # bulk_create sends no post_save for the page cache
