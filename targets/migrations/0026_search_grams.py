"""The pieces of each report's search words (analysis.search_words.gram_text) and their index: a
query's word looked for inside a text's words (a single character, a word jieba guessed) is found
through the index instead of by reading every report's words (35 ms over 100,000 reports on
SQLite). On SQLite an FTS5 table over the pieces, kept by triggers like the words' own
(migration 0023); on PostgreSQL a GIN index of their `simple` tsvector. Adding the column makes
Django rebuild the words' table on SQLite, which drops the words' triggers: they are created
again here (the column goes by ALTER TABLE DROP COLUMN, which keeps them)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models

from analysis.search_words import gram_text

WORDS_TABLE = "targets_reportsearchtext"
WORDS_INDEX = "targets_report_search"
GRAMS_INDEX = "targets_report_grams"
POSTGRESQL_INDEX = GinIndex(SearchVector("grams", config="simple"), name="targets_report_grams_pieces")


def external_index(name: str, column: str, tokenizer: str) -> list[str]:
    """An FTS5 table over `column` of WORDS_TABLE and the triggers that keep it in step."""
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5({column}, content='{WORDS_TABLE}', "
        f"content_rowid='report_id', tokenize='{tokenizer}')",
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {WORDS_TABLE} BEGIN "
        f"INSERT INTO {name}(rowid, {column}) VALUES (new.report_id, new.{column}); END",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {WORDS_TABLE} BEGIN "
        f"INSERT INTO {name}({name}, rowid, {column}) VALUES ('delete', old.report_id, old.{column}); END",
        f"CREATE TRIGGER {name}_update AFTER UPDATE ON {WORDS_TABLE} BEGIN "
        f"INSERT INTO {name}({name}, rowid, {column}) VALUES ('delete', old.report_id, old.{column}); "
        f"INSERT INTO {name}(rowid, {column}) VALUES (new.report_id, new.{column}); END",
    ]


def drop_triggers(name: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}_{event}" for event in ("insert", "delete", "update")]


# The words' index as migration 0023 made it (its table outlives the rebuild; its triggers do not).
WORDS_TRIGGERS = drop_triggers(WORDS_INDEX) + external_index(WORDS_INDEX, "words", "unicode61")
# Diacritics kept: a piece matches the characters as written, as the search by reading did.
GRAMS_TOKENIZER = "unicode61 remove_diacritics 0"


def fill_grams(apps, schema_editor):
    """The pieces of every report's words, then their index (SQLite) or its GIN index."""
    db = schema_editor.connection.alias
    texts = apps.get_model("targets", "ReportSearchText").objects.using(db)
    last = 0
    while chunk := list(texts.filter(report_id__gt=last).order_by("report_id")[:2000]):
        last = chunk[-1].report_id
        for text in chunk:
            text.grams = gram_text(text.words)
        texts.bulk_update(chunk, ["grams"])
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        # The words' triggers first: filling the pieces updated every row with them gone.
        for statement in [*WORDS_TRIGGERS, f"INSERT INTO {WORDS_INDEX}({WORDS_INDEX}) VALUES ('rebuild')"]:
            schema_editor.execute(statement)
        for statement in external_index(GRAMS_INDEX, "grams", GRAMS_TOKENIZER):
            schema_editor.execute(statement)
        schema_editor.execute(f"INSERT INTO {GRAMS_INDEX}({GRAMS_INDEX}) VALUES ('rebuild')")
    elif vendor == "postgresql":
        schema_editor.add_index(apps.get_model("targets", "ReportSearchText"), POSTGRESQL_INDEX)


def drop_grams_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in [f"DROP TABLE IF EXISTS {GRAMS_INDEX}", *drop_triggers(GRAMS_INDEX)]:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("targets", "ReportSearchText"), POSTGRESQL_INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("targets", "0025_open_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportsearchtext",
            name="grams",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(fill_grams, drop_grams_index),
    ]
