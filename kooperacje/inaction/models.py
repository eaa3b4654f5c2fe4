"""The PZK's cost-of-inaction card (karta kosztów zaniechania): per problem area, the items of
the cost of not acting with their unit costs; and a diagnosis's references to areas of the card,
with the quantities that make its estimate."""
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kooperacje.audit.models import CaseRecord
from kooperacje.database import TenantScoped
from kooperacje.extensions import db

CENT = Decimal("0.01")


class InactionArea(TenantScoped, db.Model):
    """One problem area of the PZK's card."""

    __tablename__ = "inaction_area"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"), index=True)
    #: a key of the model's InactionCard.problem_areas
    area_key: Mapped[str] = mapped_column(String(40))
    #: the area's name when the coordinator names it (key "other")
    other_name: Mapped[str | None] = mapped_column(String(200))
    #: what happens without an early, joint intervention (the card's "przebieg bez interwencji")
    description: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)

    items = relationship("InactionItem", back_populates="area", cascade="all, delete-orphan",
                         order_by="InactionItem.id")
    __mapper_args__ = {"version_id_col": version}


class InactionItem(TenantScoped, db.Model):
    """One item of the cost of not acting in an area: what it is, its unit and unit cost, and
    where the figure comes from."""

    __tablename__ = "inaction_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("inaction_area.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(60))
    unit_cost: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    source: Mapped[str] = mapped_column(String(300))
    source_year: Mapped[int]
    version: Mapped[int] = mapped_column(default=1)

    area = relationship("InactionArea", back_populates="items")
    __mapper_args__ = {"version_id_col": version}


class DiagnosisInactionArea(CaseRecord, TenantScoped, db.Model):
    """A diagnosis refers to an area of the card. The area's name and the items' figures are
    copied when the worker saves, so a signed diagnosis keeps the estimate it was signed with."""

    __tablename__ = "diagnosis_inaction_area"

    id: Mapped[int] = mapped_column(primary_key=True)
    diagnosis_id: Mapped[int] = mapped_column(ForeignKey("diagnosis.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("inaction_area.id", ondelete="SET NULL"), index=True)
    area_name: Mapped[str] = mapped_column(String(200))
    #: what awaits this family without a joint intervention, in the worker's words
    note: Mapped[str | None] = mapped_column(Text)

    lines = relationship("DiagnosisInactionCost", back_populates="reference", cascade="all, delete-orphan",
                         order_by="DiagnosisInactionCost.id")

    @property
    def estimate(self):
        return sum((line.cost for line in self.lines), Decimal("0.00"))


class DiagnosisInactionCost(TenantScoped, db.Model):
    """One item of an area with the quantity this family's situation gives it."""

    __tablename__ = "diagnosis_inaction_cost"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference_id: Mapped[int] = mapped_column(ForeignKey("diagnosis_inaction_area.id", ondelete="CASCADE"),
                                              index=True)
    #: None: the item left the card, or the figure came from the family's card before the PZK kept one
    item_id: Mapped[int | None] = mapped_column(ForeignKey("inaction_item.id", ondelete="SET NULL"), index=True)
    item_name: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(60))
    unit_cost: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    quantity: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    source: Mapped[str | None] = mapped_column(String(300))
    source_year: Mapped[int | None]

    reference = relationship("DiagnosisInactionArea", back_populates="lines")

    @property
    def cost(self):
        return (self.unit_cost * self.quantity).quantize(CENT, rounding=ROUND_HALF_UP)  # as a grosz is rounded
