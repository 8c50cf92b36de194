from django.db import migrations
from django.db.models import F


def copy_to_english(apps, schema_editor):
    """Programmes written before texts became bilingual keep them as the English text."""
    Programme = apps.get_model("programs", "Programme")
    Programme.objects.filter(name_en__isnull=True).update(name_en=F("name"))
    Programme.objects.filter(description_en__isnull=True).update(description_en=F("description"))


class Migration(migrations.Migration):
    dependencies = [("programs", "0002_intake")]
    operations = [migrations.RunPython(copy_to_english, migrations.RunPython.noop)]
