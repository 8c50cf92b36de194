from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelationshipsConfig(AppConfig):
    name = "relationships"
    verbose_name = _("Relationships")
    coordinator_permissions = {
        "match": ("view", "change"),
        "matchmember": ("view",),
    }

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from programs.models import Programme

        pre_save.connect(_agreement_text_saving, sender=Programme, dispatch_uid="agreement-text")


def _agreement_text_saving(sender, instance, raw=False, **kwargs) -> None:
    """A new agreement text asks every current relationship of the programme to sign
    again (and a text changed back finds their signatures again)."""
    if raw or instance.pk is None:
        return
    from .services.agreement import programme_text_changed

    fields = ("agreement_text_en", "agreement_text_sv")
    before = sender.objects.filter(pk=instance.pk).values_list(*fields).first()
    if before is not None and tuple(getattr(instance, f) or "" for f in fields) != tuple(
        b or "" for b in before
    ):
        programme_text_changed(instance)
