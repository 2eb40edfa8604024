import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from blog.models import Author


class Command(BaseCommand):
    help = "Create an admin account if there is none, and print its password once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_superuser(username=username, email="", password=password)
        author = Author.objects.filter(user=None).order_by("pk").first()
        if author:  # the demo content's main author becomes this account's profile
            author.user = user
            author.save(update_fields=["user"])
        self.stdout.write(
            self.style.SUCCESS(
                "Created an admin account for /admin/ — note the password, it is shown only once:\n"
                f"  user name: {username}\n  password:  {password}"
            )
        )
