"""Agenda items and action points in natural order of their numbers (2, 2a, 10; 10/11
before 10/100): a stored key, filled in for the records already held."""

from django.db import migrations, models

from saferplaces.web.meetings.numbering import natural_key


def fill_keys(apps, schema_editor):
    for name in ("AgendaItem", "ActionPoint"):
        model = apps.get_model("meetings", name)
        for row in model.objects.only("pk", "number").iterator():
            model.objects.filter(pk=row.pk).update(sort_key=natural_key(row.number))


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_action_point_number_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="agendaitem",
            name="sort_key",
            field=models.CharField(default="1", editable=False, max_length=120),
        ),
        migrations.AddField(
            model_name="actionpoint",
            name="sort_key",
            field=models.CharField(default="1", editable=False, max_length=120),
        ),
        migrations.AlterModelOptions(
            name="agendaitem",
            options={"ordering": ("sort_key", "order", "id")},
        ),
        migrations.AlterModelOptions(
            name="actionpoint",
            options={"ordering": ["meeting__date", "sort_key"]},
        ),
        migrations.AlterField(
            model_name="agendaitem",
            name="order",
            field=models.PositiveIntegerField(
                default=0,
                help_text="Items are listed by their number; this places items with the "
                "same number, or none (such as AOB), among themselves.",
            ),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
