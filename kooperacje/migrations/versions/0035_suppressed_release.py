"""suppressed releases: the regional release's hidden figures, worked out at the summary's refresh

Revision ID: 0035_suppressed_release
Revises: 0034_indicator_summary
Create Date: 2026-12-07 19:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0035_suppressed_release'
down_revision = '0034_indicator_summary'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'suppressed_release',
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('hidden', sa.JSON(), nullable=False),
        sa.Column('refreshed_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('digest', name=op.f('pk_suppressed_release')),
    )


def downgrade():
    op.drop_table('suppressed_release')
