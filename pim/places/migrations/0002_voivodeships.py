"""Reference data: the 16 voivodeships."""

from django.db import migrations

from pim.places.voivodeships import VOIVODESHIPS


def create(apps, schema_editor):
    Voivodeship = apps.get_model("places", "Voivodeship")
    for teryt, iso, name, slug, admin1 in VOIVODESHIPS:
        Voivodeship.objects.update_or_create(
            teryt=teryt, defaults={"iso_code": iso, "name": name, "slug": slug, "geonames_admin1": admin1}
        )


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
