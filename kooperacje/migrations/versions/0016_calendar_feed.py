"""calendar feeds: a user's secret address for their calendar app (its token kept hashed)

Revision ID: 0016_calendar_feed
Revises: 0015_notification_preferences
Create Date: 2026-12-02 23:15:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0016_calendar_feed'
down_revision = '0015_notification_preferences'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'calendar_feed',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_calendar_feed_municipality_id_municipality')),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_calendar_feed_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feed')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feed_token_hash')),
        sa.UniqueConstraint('user_id', name=op.f('uq_calendar_feed_user_id')),
    )
    op.create_index('ix_calendar_feed_municipality_id', 'calendar_feed', ['municipality_id'])


def downgrade():
    op.drop_index('ix_calendar_feed_municipality_id', table_name='calendar_feed')
    op.drop_table('calendar_feed')
