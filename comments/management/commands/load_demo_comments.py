"""A believable discussion under the demo's seed post, stored the way readers' comments are."""

from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from blog.demo import seed
from blog.models import Post
from comments.flow import refresh_comment_count
from comments.models import Comment
from config.page_cache import one_change

# (key, replying to, name, email, website, date, text), in the order they were posted.
DISCUSSION = [
    ("hollis", None, "Margaret Hollis", "m.hollis@example.com", "", "2024-11-06 09:14",
     "I read this with interest, but I'm not sure \"deranged\" gets us very far. Everything "
     "Putin has done since 2022 is grim, certainly, but it also looks calculated: he buys "
     "shells and soldiers from the one supplier who won't ask questions, and pays in things "
     "that cost him little.\n\nCall him mad and we stop asking what he actually wants, which "
     "seems to me the more useful question."),
    ("achebe", "hollis", "Tom Achebe", "tom.achebe@example.net", "", "2024-11-06 11:02",
     "Calculating and reckless aren't opposites, though. A man can weigh the odds very "
     "carefully and still be willing to bet the house. Handing Kim satellite or missile "
     "know-how is exactly the sort of bet that looks clever for a year and disastrous for a "
     "decade, and I think the post is right that Putin is in no position to be choosy."),
    ("hollis-2", "achebe", "Margaret Hollis", "m.hollis@example.com", "", "2024-11-06 12:40",
     "That's fair, and I'd take *reckless* over *deranged* any day. My worry is only that the "
     "second word makes it sound as if nobody could have seen this coming, when Pyongyang's "
     "price was fairly obvious from the start."),
    ("raman", "hollis", "Priya Raman", "priya.raman@example.com", "", "2024-11-06 16:25",
     "I'd add that the 10,000 troops tell us as much about Kim as about Putin. He gets combat "
     "experience for his army, hard currency, and a way of reminding Beijing that it isn't his "
     "only friend. That looks like leverage rather than desperation."),
    ("kerr", None, "Daniel Kerr", "daniel@kerr-on-korea.example.org",
     "https://kerr-on-korea.example.org/", "2024-11-06 20:47",
     "The Foster-Carter quote at the end is the part I'd underline. Nearly all of North "
     "Korea's recorded trade is with China, and that doesn't change because Moscow is paying "
     "for shells this year. Russia can offer Kim a windfall, not a lifeline; China is still "
     "the lifeline."),
    ("pritchard", "kerr", "Owen Pritchard", "owen.pritchard@example.net", "",
     "2024-11-07 08:05",
     "Agreed on the trade, but I can't see Beijing \"turning on\" Pyongyang in any serious way. "
     "A collapsing North Korea means refugees across the Yalu and, quite possibly, American "
     "troops on the border. China will grumble through gritted teeth, as the quote says, and "
     "keep paying."),
    ("kerr-2", "pritchard", "Daniel Kerr", "daniel@kerr-on-korea.example.org",
     "https://kerr-on-korea.example.org/", "2024-11-07 09:31",
     "I think that's right as far as it goes. I don't expect a dramatic break either, more a "
     "slow tightening: fewer permits for workers, closer checks at the border, the odd "
     "shipment held up for no stated reason. Which, judging by the garment workers and the "
     "fishing boats, is roughly what the post describes already."),
    ("walsh", None, "Siobhan Walsh", "s.walsh@example.com", "", "2024-11-07 13:18",
     "What struck me most was the aside about the BBC team being followed and having their "
     "footage deleted, in a town that welcomes tourists. If Beijing were relaxed about its "
     "neighbour, it wouldn't mind a camera pointed at the river."),
]  # fmt: skip


class Command(BaseCommand):
    help = (
        "Add a demo discussion under the seed post. Does nothing if any comment exists or the "
        "seed post is missing."
    )

    def handle(self, *args, **options):
        post = Post.objects.filter(slug=seed.SLUG).first()
        if post is None or Comment.objects.exists():
            self.stdout.write("Comments exist already or no seed post: demo comments not loaded.")
            return
        with one_change(), transaction.atomic():
            self.load(post)
        self.stdout.write(self.style.SUCCESS(f"Loaded {len(DISCUSSION)} demo comments."))

    def load(self, post):
        content_type = ContentType.objects.get_for_model(Post)
        pks = {}
        for key, parent, name, email, url, date, text in DISCUSSION:
            comment = Comment(
                content_type=content_type,
                object_pk=str(post.pk),
                content_object=post,
                site_id=settings.SITE_ID,
                user_name=name,
                user_email=email,
                user_url=url,
                comment=text,
                submit_date=timezone.make_aware(datetime.fromisoformat(date)),
                is_public=True,
                is_removed=False,
                thread_id=0,
                level=0,
                order=1,
                parent_id=pks[parent] if parent else 0,
                followup=False,
            )
            comment.save()
            pks[key] = comment.pk
        refresh_comment_count([post.pk])
