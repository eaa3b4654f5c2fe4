"""The signed scans of the PZK's formation acts, kept in the database (outside the web root)."""
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kooperacje.clock import utcnow
from kooperacje.database import TenantScoped
from kooperacje.extensions import db


class ActScan(TenantScoped, db.Model):
    """The signed copy of one act: of the PZK (``institution_id`` None) or of one member's
    declaration. A new upload replaces it; the bytes are loaded only when it is downloaded."""

    __tablename__ = "partnership_act_scan"
    __table_args__ = (UniqueConstraint("partnership_id", "act_key", "institution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"), index=True)
    #: ActText.key of the model's act
    act_key: Mapped[str] = mapped_column(String(40))
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("partner_institution.id"), index=True)
    #: the uploaded file's name without any folder, shown and offered back on download
    file_name: Mapped[str] = mapped_column(String(120))
    #: decided from the content (vocabulary.SCAN_TYPES), never from the name
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    uploaded_by = relationship("User")
    institution = relationship("Institution")
