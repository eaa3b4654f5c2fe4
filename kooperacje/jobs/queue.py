"""The Huey instance of an app, from its settings."""
import os
from pathlib import Path

from huey import RedisHuey, SqliteHuey
from sqlalchemy.engine import make_url

QUEUE_NAME = "kooperacje"


def create_huey(config, instance_path):
    # results=False: no task's return value is read, so none is stored
    common = {"results": False, "utc": True, "immediate": bool(config["JOBS_IMMEDIATE"])}
    if config["JOBS_REDIS_URL"]:
        return RedisHuey(QUEUE_NAME, url=config["JOBS_REDIS_URL"], **common)
    return SqliteHuey(QUEUE_NAME, filename=queue_file(config, instance_path), **common)


def queue_file(config, instance_path):
    """JOBS_SQLITE_FILE, else ``<database>-jobs.db`` beside a SQLite database, else in instance/."""
    if config["JOBS_SQLITE_FILE"]:
        path = Path(config["JOBS_SQLITE_FILE"])
    else:
        url = make_url(config["DATABASE_URL"])
        database = url.database if url.get_backend_name() == "sqlite" else None
        if database and database != ":memory:":
            path = Path(database).with_name(Path(database).stem + "-jobs.db")
        else:
            path = Path(instance_path) / "kooperacje-jobs.db"
    os.makedirs(path.parent, exist_ok=True)
    return str(path)
