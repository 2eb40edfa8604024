from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WordPressConfig(AppConfig):
    name = "wordpress"
    verbose_name = _("WordPress import")

    def ready(self):
        from blog import wordpress

        from .lookup import imported_pk

        wordpress.register_id_lookup(imported_pk)
