"""Words of the PZK's action plan: the states of an action."""
from kooperacje.i18n import lazy_gettext as _l

PLANNED, IN_PROGRESS, DONE, DROPPED = "planned", "in_progress", "done", "dropped"
ACTION_STATES = {PLANNED: _l("zaplanowane"), IN_PROGRESS: _l("w toku"), DONE: _l("wykonane"),
                 DROPPED: _l("zaniechane")}
#: an action in one of these states is finished: it is never overdue
CLOSED_STATES = (DONE, DROPPED)
