"""The ids an export gives what it writes, in WordPress's id spaces.

WordPress has one id space for posts, pages and attachments, one for terms (categories and
tags together), one for comments and one for users. Something imported from WordPress keeps the
id it had there (the first import's, if it came from several sites), so a blog moved back keeps
its `?p=` links and exporting an imported export writes the same file again; everything else
takes the next free id above those, in the order of our own keys. Only integers are held, never
content.
"""

from .models import Imported


class IdSpace:
    def __init__(self, *models):
        self.ids = {model: {} for model in models}
        taken = set()
        waiting = []
        for model in models:
            wanted = self._imported_ids(model)
            for pk in model._default_manager.order_by("pk").values_list("pk", flat=True).iterator():
                wp_id = wanted.get(pk)
                if wp_id is not None and wp_id not in taken:
                    taken.add(wp_id)
                    self.ids[model][pk] = wp_id
                else:
                    waiting.append((model, pk))
        next_id = max(taken, default=0) + 1
        for model, pk in waiting:
            self.ids[model][pk] = next_id
            next_id += 1

    @staticmethod
    def _imported_ids(model):
        wanted = {}
        rows = Imported.objects.for_model(model).order_by("pk").values_list("object_id", "wp_id")
        for object_id, wp_id in rows.iterator():
            wanted.setdefault(object_id, wp_id)
        return wanted

    def of(self, model, pk, default=None):
        return self.ids[model].get(pk, default)

    def ordered(self, model):
        """The model's pks in the order of their ids."""
        ids = self.ids[model]
        return sorted(ids, key=ids.__getitem__)
