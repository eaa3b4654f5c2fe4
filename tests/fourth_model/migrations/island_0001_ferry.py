"""The island model's own table, on its own Alembic branch."""
import sqlalchemy as sa
from alembic import op

revision = "island_0001"
down_revision = None
branch_labels = ("island",)
depends_on = "0001_core"


def upgrade():
    op.create_table(
        "island_ferry",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("municipality_id", sa.Integer, sa.ForeignKey("municipality.id"), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
    )


def downgrade():
    op.drop_table("island_ferry")
