"""Audit at scale: events carry the client they concern; indexes for the log and the client report

Revision ID: 0009_audit_scale
Revises: 0008_totp
Create Date: 2026-12-02 10:50:00

"""
from alembic import op
import sqlalchemy as sa

from kooperacje.database import gather_statistics

revision = '0009_audit_scale'
down_revision = '0008_totp'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN (no table copy): the audit table is the largest one.
    op.add_column('audit_event', sa.Column('client_id', sa.Integer(), nullable=True))
    op.execute("UPDATE audit_event SET client_id = object_id WHERE object_type = 'client'")
    op.execute("UPDATE audit_event SET client_id = (SELECT client_id FROM diagnosis "
               "WHERE diagnosis.id = audit_event.object_id) WHERE object_type = 'diagnosis'")
    op.execute("UPDATE audit_event SET client_id = (SELECT client_id FROM contract "
               "WHERE contract.id = audit_event.object_id) WHERE object_type = 'contract'")
    op.create_index('ix_audit_event_client_id_at', 'audit_event', ['client_id', 'at'])
    op.create_index('ix_audit_event_municipality_id_id', 'audit_event', ['municipality_id', 'id'])
    op.drop_index('ix_audit_event_municipality_id', 'audit_event')
    gather_statistics(op.get_bind())


def downgrade():
    op.create_index('ix_audit_event_municipality_id', 'audit_event', ['municipality_id'])
    op.drop_index('ix_audit_event_municipality_id_id', 'audit_event')
    op.drop_index('ix_audit_event_client_id_at', 'audit_event')
    with op.batch_alter_table('audit_event') as batch_op:
        batch_op.drop_column('client_id')
