"""invitations: a meeting's start time, its invitations as sent, an e-mail's attachment

A meeting may have a start time (else the invitation is an all-day calendar entry); each
sending of its invitation is a row (what it said, its calendar SEQUENCE, to how many); a queued
e-mail may carry one file (the invitation's .ics).

Revision ID: 0018_invitations
Revises: 0017_minutes_workflow
Create Date: 2026-12-03 06:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0018_invitations'
down_revision = '0017_minutes_workflow'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('starts_at', sa.Time(), nullable=True))
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attachment_name', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('attachment_type', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('attachment', sa.LargeBinary(), nullable=True))
    op.create_table(
        'meeting_invitation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('sequence', sa.Integer(), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('starts_at', sa.Time(), nullable=True),
        sa.Column('place', sa.String(length=200), nullable=True),
        sa.Column('mode', sa.String(length=20), nullable=False),
        sa.Column('agenda', sa.Text(), nullable=True),
        sa.Column('institutions', sa.Integer(), nullable=False),
        sa.Column('sent_by_id', sa.Integer(), nullable=True),
        sa.Column('sent_at', sa.DateTime(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_invitation_meeting_id_meeting')),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_meeting_invitation_municipality_id_municipality')),
        sa.ForeignKeyConstraint(['sent_by_id'], ['user_account.id'],
                                name=op.f('fk_meeting_invitation_sent_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_invitation')),
    )
    op.create_index('ix_meeting_invitation_meeting_id', 'meeting_invitation', ['meeting_id'])
    op.create_index('ix_meeting_invitation_municipality_id', 'meeting_invitation', ['municipality_id'])


def downgrade():
    op.drop_index('ix_meeting_invitation_municipality_id', table_name='meeting_invitation')
    op.drop_index('ix_meeting_invitation_meeting_id', table_name='meeting_invitation')
    op.drop_table('meeting_invitation')
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        for column in ('attachment', 'attachment_type', 'attachment_name'):
            batch_op.drop_column(column)
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('starts_at')
