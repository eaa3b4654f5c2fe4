"""simplemma's Polish dictionary on disk, so that no worker holds it in memory.

Even simplemma's low-memory backend keeps about 50 MB a process (the decompressed stream and its
block index). Here a child process writes the dictionary's 3.7 million form -> lemma pairs once
into a SQLite file in the instance folder (one per simplemma version, about half a minute), and
every process looks words up there through SQLite's own small page cache: the same lemmas as the
whole dictionary, a few hundred kB of memory, lookups in microseconds.
"""
import os
import sqlite3
import subprocess  # nosec B404 -- runs this module with the same interpreter, no shell
import sys
import threading
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path

from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries.dictionary_factory import DictionaryFactory

LANGUAGE = "pl"


def lemmatizer(folder):
    """A Polish lemmatizer reading the dictionary from ``folder`` (built there on first use)."""
    path = Path(folder) / f"lemmas-{LANGUAGE}-simplemma-{version('simplemma')}.db"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # A child process, so the whole dictionary's memory goes back to the system with it.
        subprocess.run([sys.executable, "-m", __name__, str(path)], check=True)  # nosec B603
    return Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=_OnDisk(path)))


class _OnDisk(DictionaryFactory):
    def __init__(self, path):
        self.forms = _Forms(path)

    def get_dictionary(self, lang):
        return self.forms


class _Forms(Mapping):
    """form -> lemma, read from the SQLite file: one read-only connection per thread."""

    def __init__(self, path):
        self.uri = f"{Path(path).resolve().as_uri()}?mode=ro"
        self.local = threading.local()

    def _connection(self):
        if getattr(self.local, "connection", None) is None:
            self.local.connection = sqlite3.connect(self.uri, uri=True)
        return self.local.connection

    def _rows(self, statement, *parameters):
        # nosemgrep: no-raw-sql -- the dictionary's own cache file, not the app's database
        return self._connection().execute(statement, parameters)

    def __getitem__(self, form):
        row = self._rows("SELECT lemma FROM form WHERE form = ?", form).fetchone()
        if row is None:
            raise KeyError(form)
        return row[0]

    def __iter__(self):
        return (form for (form,) in self._rows("SELECT form FROM form"))

    def __len__(self):
        return self._rows("SELECT count(*) FROM form").fetchone()[0]


def _write(path):
    """Every record of simplemma's stream, in one pass (a lookup per key would take minutes)."""
    from simplemma.strategies.dictionaries import frontcode
    from simplemma.strategies.dictionaries.stream_dictionary_factory import StreamMap

    stream = StreamMap(LANGUAGE)
    records = frontcode._iter_records(stream._data, stream._pos)
    pairs = ((key[::-1], value[::-1]) if stream._rev else (key, value) for _start, key, value in records)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    with sqlite3.connect(temporary) as connection:
        # nosemgrep: no-raw-sql -- the dictionary's own cache file, not the app's database
        connection.execute("CREATE TABLE form (form TEXT PRIMARY KEY, lemma TEXT NOT NULL) WITHOUT ROWID")
        # nosemgrep: no-raw-sql -- the dictionary's own cache file, not the app's database
        connection.executemany("INSERT OR IGNORE INTO form VALUES (?, ?)",
                               ((key.decode(), value.decode()) for key, value in pairs))
    connection.close()
    os.replace(temporary, path)  # two processes building at once each write a whole file


if __name__ == "__main__":
    _write(Path(sys.argv[1]))
