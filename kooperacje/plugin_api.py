"""What a model plugin imports, all from here: the hook marker, the values that cross the plugin
boundary, and what the core lends (the Book loader, the sectors, the standard meeting types, the
texts' gettext and lazy_gettext, imported as ``_`` and ``_l``).
The hooks themselves are described in `kooperacje.hookspecs`."""
from kooperacje import hookimpl
from kooperacje.book.loader import chapters_from_folder
from kooperacje.domain import (ActSection, ActText, CaseTeamProfile, Chapter, FieldSpec, FormSection, InactionCard, MeetingType, ModelInfo, ModelMatch,
                               MunicipalityFacts, MunicipalityKind, NameForms, PartnershipProfile, Role)
from kooperacje.fields import KINDS, FieldKind, register_kind
from kooperacje.i18n import gettext, lazy_gettext
from kooperacje.partnership.vocabulary import SECTORS, STANDARD_MEETING_TYPES

__all__ = ["ActSection", "ActText", "KINDS", "SECTORS", "STANDARD_MEETING_TYPES", "CaseTeamProfile", "Chapter", "FieldSpec", "FormSection", "InactionCard",
           "MeetingType",
           "ModelInfo", "ModelMatch", "MunicipalityFacts", "MunicipalityKind", "NameForms", "PartnershipProfile",
           "Role", "FieldKind", "chapters_from_folder", "gettext", "hookimpl", "lazy_gettext", "register_kind"]
