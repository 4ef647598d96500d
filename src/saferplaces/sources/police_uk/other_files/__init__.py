"""police.uk's outcomes and stop and search files: loaded beside the street files by
``saferplaces ingest police-uk``, each a source of its own in the load records
(``police-uk-outcomes``, ``police-uk-stop-and-search``)."""
