"""Municipalities (the tenants) and their recorded model decisions."""
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kooperacje.clock import utcnow
from kooperacje.database import TenantScoped
from kooperacje.domain import MunicipalityFacts, MunicipalityKind
from kooperacje.extensions import db
from kooperacje.i18n import lazy_gettext as _l

KIND_LABELS = {
    MunicipalityKind.URBAN: _l("gmina miejska"),
    MunicipalityKind.RURAL: _l("gmina wiejska"),
    MunicipalityKind.URBAN_RURAL: _l("gmina miejsko-wiejska"),
    MunicipalityKind.WARSAW_DISTRICT: _l("dzielnica m.st. Warszawy"),
}


class Municipality(db.Model):
    """A municipality using the app. ``teryt6`` (WOJ+POW+GMI) is stable when a gmina gains
    town rights; the type digit lives in ``teryt7`` and ``kind``, valid as of the register date."""

    __tablename__ = "municipality"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the name of the installation (e.g. "MOPS w Zgierzu") until the gmina is picked
    display_name: Mapped[str] = mapped_column(String(160))
    teryt6: Mapped[str | None] = mapped_column(String(6), unique=True)
    teryt7: Mapped[str | None] = mapped_column(String(7))
    name: Mapped[str | None] = mapped_column(String(120))
    kind: Mapped[str | None] = mapped_column(String(20))
    voivodeship_code: Mapped[str | None] = mapped_column(String(2), index=True)
    voivodeship: Mapped[str | None] = mapped_column(String(40))
    powiat: Mapped[str | None] = mapped_column(String(80))
    is_city_county: Mapped[bool] = mapped_column(default=False)
    kind_valid_as_of: Mapped[str | None] = mapped_column(String(10))
    population: Mapped[int | None]
    population_year: Mapped[int | None]
    population_source: Mapped[str | None] = mapped_column(String(200))
    #: the chosen model's key (= plugin name); None until the administrator confirms one
    model_key: Mapped[str | None] = mapped_column(String(40))
    #: how long closed case files are kept: the JRWA category of the records and its years
    retention_category: Mapped[str] = mapped_column(String(10), default="B10", server_default="B10")
    retention_years: Mapped[int] = mapped_column(default=10, server_default="10")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def kind_label(self):
        return KIND_LABELS.get(self.kind, "")

    @property
    def label(self):
        return f"{self.name} ({self.kind_label})" if self.name else self.display_name

    def facts(self) -> MunicipalityFacts:
        return MunicipalityFacts(
            teryt6=self.teryt6, name=self.name, kind=self.kind, voivodeship=self.voivodeship,
            powiat=self.powiat, is_city_county=self.is_city_county,
            population=self.population, population_year=self.population_year,
        )

    def adopt_teryt_unit(self, unit, valid_as_of):
        self.teryt6, self.teryt7, self.name, self.kind = unit.teryt6, unit.teryt7, unit.name, unit.kind
        self.voivodeship_code, self.voivodeship = unit.voivodeship_code, unit.voivodeship
        self.powiat, self.is_city_county = unit.powiat, unit.is_city_county
        self.kind_valid_as_of = valid_as_of


class ModelDecision(TenantScoped, db.Model):
    """Every confirmation or override of the municipality's model, with its justification."""

    __tablename__ = "model_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommended_key: Mapped[str | None] = mapped_column(String(40))
    chosen_key: Mapped[str] = mapped_column(String(40))
    #: required when the choice differs from the recommendation
    reason: Mapped[str | None] = mapped_column(Text)
    population: Mapped[int | None]
    population_year: Mapped[int | None]
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    decided_by = relationship("User")

    @property
    def is_override(self):
        return self.recommended_key != self.chosen_key


#: the kinds of centre that conclude social contracts: the UI label, and the genitive the
#: stamp caption of a statutory document takes (documents are always Polish, so no msgid)
CENTRE_KINDS = {
    "OPS": (_l("ośrodek pomocy społecznej (OPS)"), "ośrodka pomocy społecznej"),
    "MOPS": (_l("miejski ośrodek pomocy społecznej (MOPS)"), "miejskiego ośrodka pomocy społecznej"),
    "GOPS": (_l("gminny ośrodek pomocy społecznej (GOPS)"), "gminnego ośrodka pomocy społecznej"),
    "MGOPS": (_l("miejsko-gminny ośrodek pomocy społecznej (MGOPS)"), "miejsko-gminnego ośrodka pomocy społecznej"),
    "MOPR": (_l("miejski ośrodek pomocy rodzinie (MOPR)"), "miejskiego ośrodka pomocy rodzinie"),
    "CUS": (_l("centrum usług społecznych (CUS)"), "centrum usług społecznych"),
    "PCPR": (_l("powiatowe centrum pomocy rodzinie (PCPR)"), "powiatowego centrum pomocy rodzinie"),
}


class CentreProfile(TenantScoped, db.Model):
    """The social-assistance centre of a municipality, as its statutory documents name it."""

    __tablename__ = "centre_profile"
    __table_args__ = (UniqueConstraint("municipality_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))
    street: Mapped[str | None] = mapped_column(String(120))
    postal_code: Mapped[str | None] = mapped_column(String(6))
    town: Mapped[str | None] = mapped_column(String(80))
    head_name: Mapped[str | None] = mapped_column(String(120))
    head_title: Mapped[str | None] = mapped_column(String(60))
    #: where documents are signed; the seat (town) when empty
    signing_place: Mapped[str | None] = mapped_column(String(80))
    #: how to reach the data protection officer (inspektor ochrony danych), as the information
    #: clauses of art. 13 GDPR print it: an e-mail or postal address
    dpo_contact: Mapped[str | None] = mapped_column(String(200))
    #: an optional letterhead (PNG or JPEG) printed at the top of documents; kept in the database,
    #: never served by the web server, loaded only when a document is built
    letterhead: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    #: the head of the centre approves every contract before it is signed (off unless turned on)
    contract_approval: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def address(self):
        town = " ".join(part for part in (self.postal_code, self.town) if part)
        return ", ".join(part for part in (self.street, town) if part)
