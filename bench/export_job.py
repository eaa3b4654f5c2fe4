"""One bulk export run as a queue consumer runs it, in a process of its own so that its peak memory
is the export's: ``python -m bench.export_job DATABASE EXPORT_ID MUNICIPALITY_ID`` prints one JSON
line (documents, seconds, ZIP size, RSS with the app loaded, peak RSS). bench.contracts starts it."""
import json
import sys
import time
from pathlib import Path

from kooperacje.app import create_app


def _rss_kib(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return None


def main(database, export_id, municipality_id):
    from kooperacje.contracts.exports import file_of
    from kooperacje.contracts.models import ContractExport
    from kooperacje.extensions import db

    folder = Path(database).parent
    app = create_app({"DATABASE_URL": f"sqlite:///{database}", "AUTO_MIGRATE": False, "DEMO_DATA": False,
                      "SECRET_KEY": "bench-secret-key-" + "x" * 32, "EXPORT_FOLDER": str(folder / "exports"),
                      "JOBS_SQLITE_FILE": str(folder / "jobs.db")})
    with app.app_context():
        task = app.extensions["kooperacje.jobs"].export_contracts
        rss_before = _rss_kib("VmRSS")
        start = time.perf_counter()
        task.call_local(export_id, municipality_id)
        seconds = time.perf_counter() - start
        export = db.session.get(ContractExport, export_id)
        print(json.dumps({"documents": export.done, "status": export.status, "seconds": seconds,
                          "size": file_of(export).stat().st_size, "rss_before": rss_before,
                          "peak": _rss_kib("VmHWM")}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
