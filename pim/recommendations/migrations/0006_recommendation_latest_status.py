"""Each recommendation's latest status stored on its row, so the scoreboard stops running subqueries per row.

`latest_status` / `latest_status_on` hold the latest status update's status and date, else the latest
response's decision and date, else "" and NULL. The services keep them (`RecommendationQuerySet.refresh_status`);
this migration fills them for the rows that exist, with the rule as it stands today (a migration must not
import the model's code, which may change). Backwards, the columns are dropped: nothing to undo in the data.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    Recommendation = apps.get_model("recommendations", "Recommendation")
    Response = apps.get_model("recommendations", "RecommendationResponse")
    Update = apps.get_model("recommendations", "RecommendationStatusUpdate")
    updates = Update.objects.filter(recommendation=OuterRef("pk")).order_by("-reported_on", "-pk")
    responses = Response.objects.filter(recommendation=OuterRef("pk")).order_by("-responded_on", "-pk")
    Recommendation.objects.update(
        latest_status=Coalesce(
            Subquery(updates.values("status")[:1]), Subquery(responses.values("decision")[:1]), Value(""),
            output_field=models.CharField(),
        ),
        latest_status_on=Coalesce(
            Subquery(updates.values("reported_on")[:1]), Subquery(responses.values("responded_on")[:1]),
            output_field=models.DateField(),
        ),
    )


class Migration(migrations.Migration):

    dependencies = [
        ("programmes", "0003_lp_member_role_network_roadmap"),
        ("recommendations", "0005_barrier_merged_into_partial_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="recommendation",
            name="latest_status",
            field=models.CharField(blank=True, editable=False, max_length=20, verbose_name="latest status"),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="latest_status_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="latest status date"),
        ),
        migrations.AddIndex(
            model_name="recommendation",
            index=models.Index(fields=["latest_status"], name="rec_latest_status_idx"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
