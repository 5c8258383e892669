"""The first published version of each consent wording (later versions are added as new rows)."""

from django.db import migrations

TEXTS = {
    "processing": (
        "Wyrażam zgodę na przetwarzanie moich danych osobowych (imię i nazwisko, organizacja, adres e-mail, "
        "numer telefonu) przez operatora programu Partnerska Inicjatywa Miast oraz zespół miejski w celu "
        "prowadzenia rejestru Lokalnego Partnerstwa, zapraszania mnie na spotkania Lokalnego Partnerstwa "
        "i konsultowania Miejskiej Inicjatywy Działania. Moje dane widzą tylko zespół miejski, koordynator "
        "Lokalnego Partnerstwa i operator programu. Zgodę mogę w każdej chwili wycofać na platformie "
        "(strona „Moje dane”) albo u zespołu miejskiego; wycofanie zgody nie wpływa na zgodność z prawem "
        "przetwarzania sprzed jej wycofania. Mogę też pobrać swoje dane i zażądać ich usunięcia."
    ),
    "publish_organisation": (
        "Wyrażam zgodę na publiczne pokazanie nazwy mojej organizacji na stronie Lokalnego Partnerstwa "
        "na platformie PIM. Moje imię i nazwisko oraz dane kontaktowe nie są publikowane. Zgodę mogę "
        "w każdej chwili wycofać; nazwa zniknie wtedy ze strony."
    ),
}


def publish(apps, schema_editor):
    ConsentText = apps.get_model("partnerships", "ConsentText")
    for scope, text in TEXTS.items():
        ConsentText.objects.get_or_create(scope=scope, version=1, defaults={"text": text})


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
