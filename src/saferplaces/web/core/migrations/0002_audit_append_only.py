"""The database itself refuses to change or remove audit events and RAG history."""

from django.db import migrations

from saferplaces.web.core import appendonly


def forwards(apps, schema_editor):
    appendonly.install(schema_editor.connection)


def backwards(apps, schema_editor):
    appendonly.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial"), ("actions", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
