"""minutes workflow: sent for remarks, the members' remarks, approval with a number and a snapshot

A meeting's protocol goes from draft to sent for remarks (a deadline) to approved: a number per
municipality and year, and the frozen snapshot the approved protocol is printed from.

Revision ID: 0017_minutes_workflow
Revises: 0016_calendar_feed
Create Date: 2026-12-03 06:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0017_minutes_workflow'
down_revision = '0016_calendar_feed'
branch_labels = None
depends_on = None


def upgrade():
    # Meetings held before the workflow stay drafts: nobody approved them in the application.
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('minutes_status', sa.String(length=20), server_default='draft', nullable=False))
        batch_op.add_column(sa.Column('remarks_due_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('approved_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('approved_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('protocol_number', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('protocol_year', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('protocol_snapshot', sa.JSON(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_meeting_approved_by_id_user_account'), 'user_account',
                                    ['approved_by_id'], ['id'])
        batch_op.create_unique_constraint(batch_op.f('uq_meeting_municipality_id'),
                                          ['municipality_id', 'protocol_year', 'protocol_number'])
    op.create_table(
        'meeting_remark',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('institution_id', sa.Integer(), nullable=True),
        sa.Column('author_name', sa.String(length=120), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['institution_id'], ['partner_institution.id'],
                                name=op.f('fk_meeting_remark_institution_id_partner_institution')),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_remark_meeting_id_meeting')),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_meeting_remark_municipality_id_municipality')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'],
                                name=op.f('fk_meeting_remark_recorded_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_remark')),
    )
    op.create_index('ix_meeting_remark_meeting_id', 'meeting_remark', ['meeting_id'])
    op.create_index('ix_meeting_remark_municipality_id', 'meeting_remark', ['municipality_id'])


def downgrade():
    op.drop_index('ix_meeting_remark_municipality_id', table_name='meeting_remark')
    op.drop_index('ix_meeting_remark_meeting_id', table_name='meeting_remark')
    op.drop_table('meeting_remark')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_meeting_municipality_id'), type_='unique')
        batch_op.drop_constraint(batch_op.f('fk_meeting_approved_by_id_user_account'), type_='foreignkey')
        for column in ('protocol_snapshot', 'protocol_year', 'protocol_number', 'approved_by_id', 'approved_on',
                       'remarks_due_on', 'minutes_status'):
            batch_op.drop_column(column)
