"""Many rows into one table in the session's transaction: COPY on PostgreSQL (an import's
hundreds of thousands of answers), an executemany insert elsewhere; and a condition on many
values (`among`).

COPY goes through psycopg's own cursor.copy on the connection the session holds, so it commits
or rolls back with everything else in the unit of work. Each value is given as SQLAlchemy would
bind it (the column's default when a row leaves it out, then the column type's conversion, e.g.
an aware time to UTC), and a database error is raised as SQLAlchemy raises it (IntegrityError for
a client_key stored already, DataError for a NUL in text), so callers see no difference.
"""
from __future__ import annotations

from operator import itemgetter

from sqlalchemy import ARRAY, Column, Table, any_, bindparam
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session


def among(session: Session, column: Column, values) -> object:
    """column IN (values): on PostgreSQL one array parameter (thousands of keys are sent, parsed
    and planned as one value, not as thousands of parameters), elsewhere an IN list."""
    values = list(values)
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(column.type)))
    return column.in_(values)


def insert_rows(session: Session, table: Table, rows: list[dict]) -> None:
    """Insert these rows (dicts of column name: value) into table; ids come from its sequence."""
    if not rows:
        return
    session.flush()  # the rows go round the session: what it holds must be in the database first
    connection = session.connection()
    dialect = connection.dialect
    columns = [c for c in table.columns if c.name in rows[0] or c.default is not None]
    values = _values(columns, dialect)
    quote = dialect.identifier_preparer
    names = f"{quote.format_table(table)} ({', '.join(quote.quote(c.name) for c in columns)})"
    if dialect.name != "postgresql":  # the driver's executemany, given tuples as SQLAlchemy would bind them
        connection.exec_driver_sql(f"INSERT INTO {names} VALUES ({', '.join('?' * len(columns))})",
                                   [values(row) for row in rows])
        return
    sql = f"COPY {names} FROM STDIN"
    raw = connection.connection.driver_connection  # psycopg's, inside the session's transaction
    try:
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(values(row))
    except dialect.dbapi.Error as err:
        raise DBAPIError.instance(sql, None, err, dialect.dbapi.Error) from err


def _values(columns: list[Column], dialect):
    """A function giving a row's values for these columns as executemany would bind them: the
    column's default where the row leaves it out, then the column type's conversion."""
    names = [c.name for c in columns]
    take = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    processors = [(i, p) for i, c in enumerate(columns) if (p := c.type.bind_processor(dialect)) is not None]

    def values(row: dict) -> tuple:
        try:
            got = take(row)
        except KeyError:
            got = tuple(row[c.name] if c.name in row else _default(c) for c in columns)
        if processors:
            got = list(got)
            for i, process in processors:
                got[i] = process(got[i])
            return tuple(got)
        return got
    return values


def _default(column: Column):
    default = column.default
    if default is None:
        raise KeyError(column.name)  # (SQLAlchemy's "a value is required for bind parameter")
    if default.is_callable:
        return default.arg(None)
    if default.is_scalar:
        return default.arg
    raise NotImplementedError(f"{column}: a SQL default cannot be sent by COPY")
