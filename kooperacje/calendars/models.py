"""A user's calendar feed: a secret address their calendar app reads without signing in."""
import hashlib
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kooperacje.clock import utcnow
from kooperacje.database import TenantScoped
from kooperacje.extensions import db


class CalendarFeed(TenantScoped, db.Model):
    """Only the token's hash is kept: the address is shown once, when it is made."""

    __tablename__ = "calendar_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship("User")

    @staticmethod
    def hash_token(token):
        return hashlib.sha256(token.encode()).hexdigest()
