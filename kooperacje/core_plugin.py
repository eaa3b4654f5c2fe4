"""The core's own contributions, made through the same hooks as the model plugins."""
from pathlib import Path

from kooperacje import hookimpl
from kooperacje.book.loader import chapters_from_folder
from kooperacje.diagnoses.sections import COMMON_SECTIONS

CONTENT_FOLDER = Path(__file__).resolve().parent.parent / "content"
NAME = "core"


@hookimpl
def book_chapters():
    return chapters_from_folder(CONTENT_FOLDER, "general")


@hookimpl
def diagnosis_sections(model_key):
    return list(COMMON_SECTIONS)  # the areas every model's diagnosis covers
