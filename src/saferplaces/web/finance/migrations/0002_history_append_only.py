"""The database itself refuses to change or remove a year's close and reopen history
and the lines of a revision (see ``core.appendonly``)."""

from django.db import migrations

from saferplaces.web.core import appendonly


def forwards(apps, schema_editor):
    appendonly.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial"), ("core", "0002_audit_append_only")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
