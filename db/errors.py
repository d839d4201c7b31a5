"""What reading the database can raise, named for the layers above db/ so that they never import
SQLAlchemy's exceptions themselves: a view, a route or a command catches these."""
from __future__ import annotations

from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError

# The base of every error a query can raise (a Flask error handler needs one class).
QueryError = SQLAlchemyError
# What a missing, unreadable, corrupt or half-migrated database raises through SQLAlchemy or the OS.
UNAVAILABLE = (SQLAlchemyError, OSError)
# What reading a table the database lacks raises (SQLite: OperationalError; PostgreSQL: ProgrammingError),
# e.g. a database built before the change log existed.
MISSING_TABLE = (OperationalError, ProgrammingError)

__all__ = ["QueryError", "UNAVAILABLE", "MISSING_TABLE"]
