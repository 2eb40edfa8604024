"""GDPR access and erasure for one commenter: `commenter export EMAIL`, `commenter erase EMAIL`."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from comments import flow
from comments.models import Comment


class Command(BaseCommand):
    help = "Export (as JSON) or erase everything stored about a commenter, by email address."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")

    def handle(self, action, email, **options):
        comments = Comment.objects.by_email(email).order_by("submit_date")
        if action == "export":
            rows = [
                {
                    "id": c.pk,
                    "post": str(c.content_object),
                    "url": c.get_absolute_url(),
                    "name": c.user_name,
                    "email": c.user_email,
                    "website": c.user_url,
                    "comment": c.comment,
                    "submitted": c.submit_date,
                    "ip_address": c.ip_address,
                    "status": str(c.status),
                    "email_me_replies": c.followup,
                }
                for c in comments
            ]
            self.stdout.write(json.dumps(rows, cls=DjangoJSONEncoder, indent=2))
            return
        if not comments.exists():
            raise CommandError(f"No comments from {email}.")
        with transaction.atomic():
            count = flow.delete(comments)
        self.stdout.write(f"Erased {count} comments from {email}.")
