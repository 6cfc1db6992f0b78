"""The demo data, loaded once per test session and handed to each test that needs it.

`manage.py load_demo` takes several seconds; the tests of the demo each need its result. The
session fixture (tests/conftest.py: `demo_snapshot`) runs the real command once, in a transaction,
with DEBUG off and media folders of its own, and keeps what it did:

- every row it created, of every model (many-to-many tables and simple_history tables included);
- the text the command wrote;
- the files it stored under MEDIA_ROOT and PRIVATE_MEDIA_ROOT.

Then it rolls the transaction back. `DemoSnapshot.restore()` puts the rows back in the test's own
transaction (inserted raw, as loaddata does, so auto_now fields keep their values; PostgreSQL's
generated search column and SQLite's full-text triggers follow the inserted rows by themselves),
resets PostgreSQL's sequences as loaddata does, copies the files into the test's media folders and
returns the command's text. Each test's changes are rolled back with its transaction, as usual.

The demo dates its open requests by the day it was loaded: the session's first demo test. A test
that compares with "today" runs that day or later, so "nothing after today" holds for it as well.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Field, Model
from django.test import override_settings


@dataclass(frozen=True)
class TableRows:
    """The rows the demo created in one model's table, ready to INSERT: each as its database values."""

    model: type[Model]
    sql: str  # INSERT INTO <table> (<every column>) VALUES (%s, …)
    rows: tuple[tuple, ...]

    @classmethod
    def prepare(cls, model: type[Model], rows: list[tuple], using: str) -> TableRows:
        """`rows` hold the values of the model's concrete fields as the ORM reads them; each is prepared for
        the database as Model.save(raw=True) sends it (loaddata's way: no auto_now, no signals)."""
        connection = connections[using]
        fields = stored_fields(model)
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in fields)
        sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        prepared = tuple(
            tuple(
                field.get_db_prep_save(value, connection=connection) for field, value in zip(fields, row, strict=True)
            )
            for row in rows
        )
        return cls(model, sql, prepared)

    def insert(self, using: str) -> None:
        with connections[using].cursor() as cursor:
            cursor.executemany(self.sql, self.rows)


@dataclass(frozen=True)
class DemoSnapshot:
    output: str  # what `manage.py load_demo` wrote
    tables: tuple[TableRows, ...]  # in dependency order: a table after those its foreign keys name
    media: Path  # the files it stored, as under MEDIA_ROOT
    private_media: Path  # … and under PRIVATE_MEDIA_ROOT

    def restore(self, using: str = DEFAULT_DB_ALIAS) -> str:
        """Insert the demo's rows and files as the command left them; return the command's text."""
        connection = connections[using]
        with transaction.atomic(using=using):
            for table in self.tables:
                table.insert(using)
            statements = connection.ops.sequence_reset_sql(no_style(), [table.model for table in self.tables])
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        copy_tree(self.media, Path(settings.MEDIA_ROOT))
        copy_tree(self.private_media, Path(settings.PRIVATE_MEDIA_ROOT))
        return self.output


def take_snapshot(directory: Path, using: str = DEFAULT_DB_ALIAS) -> DemoSnapshot:
    """Run `manage.py load_demo` once in a transaction, keep what it created, and roll it back."""
    media, private_media = directory / "media", directory / "private-media"
    out = StringIO()
    with (
        override_settings(DEBUG=False, MEDIA_ROOT=media, PRIVATE_MEDIA_ROOT=private_media),
        transaction.atomic(using=using),
    ):
        models = table_models(using)
        before = {model: current_rows(model, using) for model in models}
        call_command("load_demo", stdout=out)
        tables = []
        for model in dependency_order(models):
            after = current_rows(model, using)
            changed = [pk for pk, row in before[model].items() if after.get(pk) != row]
            if changed:
                raise AssertionError(
                    f"load_demo changed or deleted existing {model._meta.label} rows {changed[:5]}: the demo "
                    "snapshot (tests/demo_snapshot.py) only replays the rows the command creates"
                )
            created = [row for pk, row in after.items() if pk not in before[model]]
            if created:
                tables.append(TableRows.prepare(model, created, using))
        transaction.set_rollback(True, using=using)
    return DemoSnapshot(out.getvalue(), tuple(tables), media, private_media)


def table_models(using: str) -> list[type[Model]]:
    """Every concrete model whose table exists (auto-created many-to-many tables included)."""
    tables = set(connections[using].introspection.table_names())
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.db_table in tables
    ]


def stored_fields(model: type[Model]) -> list[Field]:
    """The fields an INSERT gives a value (a GeneratedField's column computes its own)."""
    return [field for field in model._meta.concrete_fields if not field.generated]


def attnames(model: type[Model]) -> tuple[str, ...]:
    return tuple(field.attname for field in stored_fields(model))


def current_rows(model: type[Model], using: str) -> dict:
    """The table's rows by primary key, each as the tuple of its concrete fields' values."""
    names = attnames(model)
    pk_index = names.index(model._meta.pk.attname)
    rows = model._base_manager.using(using).order_by("pk").values_list(*names)
    return {row[pk_index]: row for row in rows}


def dependency_order(models: list[type[Model]]) -> list[type[Model]]:
    """The models with each after the models its foreign keys point to (a cycle keeps the given order;
    the constraints are deferred to the end of the transaction anyway)."""
    remaining = list(models)
    ordered: list[type[Model]] = []
    while remaining:
        ready = [model for model in remaining if not (targets(model) & set(remaining) - {model})]
        for model in ready or remaining[:1]:
            remaining.remove(model)
            ordered.append(model)
    return ordered


def targets(model: type[Model]) -> set[type[Model]]:
    return {
        field.related_model._meta.concrete_model
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is not None
    }


def copy_tree(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)
