"""notification preferences: per user and kind, e-mails in the daily digest, one by one, or none

Revision ID: 0015_notification_preferences
Revises: 0014_client_list_index
Create Date: 2026-12-02 23:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0015_notification_preferences'
down_revision = '0014_client_list_index'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'notification_preference',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('email', sa.String(length=10), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_notification_preference_municipality_id_municipality')),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_notification_preference_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_preference')),
        sa.UniqueConstraint('user_id', 'kind', name=op.f('uq_notification_preference_user_id')),
    )
    op.create_index('ix_notification_preference_municipality_id', 'notification_preference', ['municipality_id'])


def downgrade():
    op.drop_index('ix_notification_preference_municipality_id', table_name='notification_preference')
    op.drop_table('notification_preference')
