"""Register entries can be corrected: who changed one and when, a revision against concurrent edits, and
whether an expert reworded the text (an expert's wording is public; a copied MID or event text may not be)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('recommendations', '0006_recommendation_latest_status'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='barrier',
            name='own_wording',
            field=models.BooleanField(default=False, help_text="The description was rewritten in the register, so it no longer copies a source's text.", verbose_name='worded by an expert'),
        ),
        migrations.AddField(
            model_name='barrier',
            name='revision',
            field=models.PositiveIntegerField(default=1, verbose_name='revision'),
        ),
        migrations.AddField(
            model_name='barrier',
            name='updated_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='last changed at'),
        ),
        migrations.AddField(
            model_name='barrier',
            name='updated_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last changed by'),
        ),
    ]
