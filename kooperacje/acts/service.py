"""The PZK's formation acts (their texts come from the model plugin) filled from the
partnership's data, and the signed scans attached to them."""
import re
from dataclasses import dataclass
from string import Formatter

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import defer

from kooperacje.acts.models import ActScan
from kooperacje.audit.models import record
from kooperacje.clock import day, local_today, utcnow
from kooperacje.extensions import db
from kooperacje.partnership import service as partnership_service
from kooperacje.plugins import get_plugins

#: printed where the partnership's data has no value yet, to be filled in by hand
BLANK = "…" * 14
_UNSAFE_NAME = re.compile(r"[^\w.() -]+")


#: the placeholders every act may use, and those only an act ``for_each_institution`` may
PLACEHOLDERS = frozenset({"municipality", "centre", "body", "leader", "second", "leader_role", "second_role",
                          "parties", "party_count", "cadence_days", "quorum_percent", "formed_on", "today", "head",
                          "model"})
INSTITUTION_PLACEHOLDERS = frozenset({"institution", "representative", "joined_on", "signed_on"})


def placeholders(act):
    """Every (name, key) an act's texts use: ("leader", None), ("model", "powiat_name")…"""
    texts = [act.preamble, *act.signatures, *(t for s in act.sections for t in (s.heading, *s.clauses))]
    found = set()
    for text in texts:
        for _literal, field, _spec, _conversion in Formatter().parse(str(text)):
            if field is not None:
                name, _, rest = field.partition("[")
                found.add((name, rest.rstrip("]") or None))
    return found


class _Blanks(dict):
    """Placeholders the data does not fill print a line to fill in."""

    def __missing__(self, key):
        return BLANK


def acts_of(partnership):
    return get_plugins().formation_acts(partnership.model_key)


def act_or_404(partnership, key, for_each_institution):
    act = next((a for a in acts_of(partnership) if a.key == key), None)
    if act is None or act.for_each_institution != for_each_institution:
        abort(404)
    return act


def fields_of(partnership, centre, municipality, institution=None):
    """The values an act's placeholders are filled with."""
    profile = partnership_service.profile_of(partnership)
    members = parties_of(partnership)
    head = " ".join(part for part in (centre.head_title, centre.head_name) if part)
    values = {
        "municipality": municipality.name or municipality.display_name, "centre": centre.full_name, "body": partnership.name,
        "leader": partnership.leader.name if partnership.leader else "",
        "second": partnership.second_role.name if partnership.second_role else "",
        "leader_role": str(profile.leader_role), "second_role": str(profile.second_role),
        "parties": "; ".join(m.name for m in members), "party_count": str(len(members)),
        "cadence_days": str(partnership.cadence_days), "quorum_percent": str(partnership.quorum_percent),
        "formed_on": day(partnership.formed_on) if partnership.formed_on else "",
        "today": day(local_today()), "head": head,
        "model": _Blanks({k: str(v) for k, v in (partnership.model_data or {}).items() if v not in (None, "")}),
    }
    if institution is not None:
        values.update(institution=institution.name, representative=institution.contact_person or "",
                      joined_on=day(institution.joined_on) if institution.joined_on else "",
                      signed_on=day(institution.act_signed_on) if institution.act_signed_on else "")
    return _Blanks({k: v for k, v in values.items() if v not in (None, "")})


def fill(text, fields):
    """``text`` with its placeholders filled; a malformed placeholder is printed as written."""
    try:
        return Formatter().vformat(str(text), (), fields)
    except (ValueError, IndexError, KeyError, AttributeError, TypeError):
        return str(text)


def parties_of(partnership):
    """The parties of the PZK's acts: the institutions that are members today."""
    return partnership_service.members_on(partnership, local_today())


# --- signed scans --------------------------------------------------------------------------

@dataclass(frozen=True)
class Upload:
    name: str
    content_type: str
    content: bytes


def scans_of(partnership):
    """The partnership's scans without their bytes, by (act key, institution id or None)."""
    rows = db.session.scalars(select(ActScan).where(ActScan.partnership_id == partnership.id)
                              .options(defer(ActScan.content))).all()
    return {(s.act_key, s.institution_id): s for s in rows}


def scan_of(partnership, act_key, institution=None):
    return scans_of(partnership).get((act_key, institution.id if institution else None))


def plain_name(name, extension):
    """The uploaded name as a plain file name: no folders, no odd characters, the extension
    of the content's type."""
    base = re.split(r"[\\/]", name or "")[-1]
    stem = _UNSAFE_NAME.sub("_", base.rsplit(".", 1)[0]).strip(" ._")[:100] or "skan"
    return f"{stem}.{extension}"


def save_scan(partnership, act, institution, upload, extension):
    """Attach (or replace) the signed scan of ``act``; the write and its audit record together."""
    scan = scan_of(partnership, act.key, institution)
    replaced = scan is not None
    if scan is None:
        scan = ActScan(municipality_id=partnership.municipality_id, partnership_id=partnership.id, act_key=act.key,
                       institution_id=institution.id if institution else None)
        db.session.add(scan)
    scan.file_name = plain_name(upload.name, extension)
    scan.content_type, scan.content, scan.size = upload.content_type, upload.content, len(upload.content)
    scan.uploaded_by_id, scan.uploaded_at = current_user.id, utcnow()
    db.session.flush()
    record("act_scan_replaced" if replaced else "act_scan_uploaded", scan, detail=act.key)
    return scan


def remove_scan(scan):
    record("act_scan_removed", scan, detail=scan.act_key)
    db.session.delete(scan)
