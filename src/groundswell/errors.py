"""The one error hierarchy of groundswell; every message says what happened and what to do.

GroundswellError
 ├── InputError            a file or option the user gave cannot be used
 │    ├── UnknownFormatError   no importer recognised a file
 │    └── ColumnMapError       a column map is missing or names absent columns
 ├── RecordError           one record cannot be read (it goes to quarantine, never raised to the user)
 ├── DefinitionError       a movement definition is invalid
 ├── StoreError            the DuckDB store cannot be opened or is inconsistent
 ├── KeyFileError          the pseudonym key is missing, unreadable or has the wrong size
 ├── EngineError           an analysis engine is missing or failed
 │    └── MissingDependencyError  an optional extra is not installed (names the pip command)
 └── EstimationError       a statistical estimate cannot be computed from the given data
"""

from __future__ import annotations

__all__ = [
    "ColumnMapError",
    "DefinitionError",
    "EngineError",
    "EstimationError",
    "GroundswellError",
    "InputError",
    "KeyFileError",
    "MissingDependencyError",
    "RecordError",
    "StoreError",
    "UnknownFormatError",
]


class GroundswellError(Exception):
    """Base class: `str(error)` is a complete message for the user, including the fix."""


class InputError(GroundswellError):
    """A file or option the user gave cannot be used."""


class UnknownFormatError(InputError):
    """No importer recognised the content of a file."""


class ColumnMapError(InputError):
    """A column map is missing, malformed, or names columns the file does not have."""


class RecordError(GroundswellError):
    """One record cannot be read; the ingest keeps it in quarantine with this message as reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class DefinitionError(GroundswellError):
    """A movement definition file is invalid."""


class StoreError(GroundswellError):
    """The store cannot be opened, or is not a groundswell store."""


class KeyFileError(GroundswellError):
    """The pseudonym key file is missing, unreadable, or malformed."""


class EngineError(GroundswellError):
    """An analysis engine failed."""


class MissingDependencyError(EngineError):
    """An optional extra is not installed; the message names the install command."""


class EstimationError(GroundswellError):
    """An estimate cannot be computed from the data given."""
