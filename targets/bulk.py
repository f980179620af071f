"""Writing many rows at once with plain multi-row statements: the ORM's per-object work
(bulk_create prepares every field of every object; delete() loads every row to send its
signals) costs more than the database's own at import sizes (see benchmarks/bench_import.py).
Callers raise the data version themselves, once."""

from django.db import connection, models


def column_names(model: type[models.Model], fields: list[str]) -> list[str]:
    return [connection.ops.quote_name(model._meta.get_field(name).column) for name in fields]


def insert_rows(model: type[models.Model], fields: list[str], rows: list) -> None:
    """Rows of values already in the database's form, in the order of `fields`."""
    if rows:
        columns = column_names(model, fields)
        table = connection.ops.quote_name(model._meta.db_table)
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)


# Fields whose Python values the database drivers take as they are (str, int, float, bool, None).
_TAKEN_AS_THEY_ARE = {
    "CharField",
    "TextField",
    "IntegerField",
    "PositiveIntegerField",
    "BigIntegerField",
    "FloatField",
    "BooleanField",
    "ForeignKey",
    "OneToOneField",
}


def insert_values(model: type[models.Model], fields: list[str], rows: list[list]) -> None:
    """Rows of Python values; those of other fields (decimals, dates, JSON) are put in the
    database's form by their field, as the ORM would."""
    prepared = {
        index: field.get_db_prep_save
        for index, field in enumerate(model._meta.get_field(name) for name in fields)
        if field.get_internal_type() not in _TAKEN_AS_THEY_ARE
    }
    for row in rows:
        for index, to_db in prepared.items():
            row[index] = to_db(row[index], connection)
    insert_rows(model, fields, rows)


def update_rows(model: type[models.Model], fields: list[str], rows: list) -> None:
    """Each row holds the new values of `fields`, then the primary key."""
    if rows:
        table = connection.ops.quote_name(model._meta.db_table)
        assignments = ", ".join(f"{column} = %s" for column in column_names(model, fields))
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE id = %s", rows)


def delete_rows(queryset: models.QuerySet) -> int:
    """Delete without loading the rows or sending a signal each: only for models that nothing
    else points at (no cascade to follow)."""
    return queryset._raw_delete(queryset.db)


# After writing this many rows, an import refreshes the planner's statistics of what it wrote.
ANALYSE_AFTER_ROWS = 5_000


def analyse_tables(*models: type[models.Model]) -> None:
    """On PostgreSQL, the planner's statistics of the tables refreshed inside the current
    transaction (ANALYZE counts the transaction's own new rows). Without it the rest of a large
    import into new tables is planned for the tables as they were (empty): a delete of a year's
    links joining 100,000 targets ran for minutes instead of milliseconds."""
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")
