"""The database itself refuses to change or remove a recommendation's status history
(see ``core.appendonly``)."""

from django.db import migrations

from saferplaces.web.core import appendonly


def forwards(apps, schema_editor):
    appendonly.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial"), ("core", "0002_audit_append_only")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
