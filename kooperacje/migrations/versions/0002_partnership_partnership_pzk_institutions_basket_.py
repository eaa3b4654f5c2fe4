"""partnership: PZK, institutions, basket, meetings, tasks

Revision ID: 0002_partnership
Revises: 0001_core
Create Date: 2026-11-24 14:42:44.203805

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_partnership'
down_revision = '0001_core'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('partnership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('model_key', sa.String(length=40), nullable=False),
    sa.Column('formed_on', sa.Date(), nullable=True),
    sa.Column('cadence_days', sa.Integer(), nullable=False),
    sa.Column('quorum_percent', sa.Integer(), nullable=False),
    sa.Column('leader_id', sa.Integer(), nullable=True),
    sa.Column('second_role_id', sa.Integer(), nullable=True),
    sa.Column('rules_reference', sa.String(length=300), nullable=True),
    sa.Column('strategy_reference', sa.String(length=300), nullable=True),
    sa.Column('model_data', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_partnership_municipality_id_municipality')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partnership'))
    )
    with op.batch_alter_table('partnership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnership_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('meeting_type', sa.String(length=40), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('chair', sa.String(length=120), nullable=True),
    sa.Column('agenda', sa.Text(), nullable=True),
    sa.Column('minutes', sa.Text(), nullable=True),
    sa.Column('next_meeting_on', sa.Date(), nullable=True),
    sa.Column('model_data', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_meeting_municipality_id_municipality')),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'], name=op.f('fk_meeting_partnership_id_partnership')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index('ix_meeting_partnership_held_on', ['partnership_id', 'held_on'], unique=False)

    op.create_table('partner_institution',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('sector', sa.String(length=30), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('contact_person', sa.String(length=120), nullable=True),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('contact_phone', sa.String(length=40), nullable=True),
    sa.Column('joined_on', sa.Date(), nullable=True),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('act_signed_on', sa.Date(), nullable=True),
    sa.Column('act_reference', sa.String(length=300), nullable=True),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_partner_institution_municipality_id_municipality')),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'], name=op.f('fk_partner_institution_partnership_id_partnership')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_institution'))
    )
    with op.batch_alter_table('partner_institution', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_institution_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_institution_partnership_id'), ['partnership_id'], unique=False)

    # partnership <-> partner_institution is circular: the leader links are added once both exist.
    with op.batch_alter_table('partnership', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_partnership_leader_id_partner_institution'),
                                    'partner_institution', ['leader_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_partnership_second_role_id_partner_institution'),
                                    'partner_institution', ['second_role_id'], ['id'])

    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('representative', sa.String(length=120), nullable=True),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['institution_id'], ['partner_institution.id'], name=op.f('fk_attendance_institution_id_partner_institution')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_attendance_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_attendance_municipality_id_municipality')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_decision_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_decision_municipality_id_municipality')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision'))
    )
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decision_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('service_offer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('service', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('target_group', sa.String(length=300), nullable=True),
    sa.Column('access_conditions', sa.Text(), nullable=True),
    sa.Column('contact', sa.String(length=300), nullable=True),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['institution_id'], ['partner_institution.id'], name=op.f('fk_service_offer_institution_id_partner_institution')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_service_offer_municipality_id_municipality')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_offer'))
    )
    with op.batch_alter_table('service_offer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_offer_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_offer_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('owner_institution_id', sa.Integer(), nullable=True),
    sa.Column('owner_person', sa.String(length=120), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('closed_at_meeting_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['closed_at_meeting_id'], ['meeting.id'], name=op.f('fk_task_closed_at_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_task_decision_id_decision')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_task_municipality_id_municipality')),
    sa.ForeignKeyConstraint(['owner_institution_id'], ['partner_institution.id'], name=op.f('fk_task_owner_institution_id_partner_institution')),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'], name=op.f('fk_task_partnership_id_partnership')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task'))
    )
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_owner_institution_id'), ['owner_institution_id'], unique=False)
        batch_op.create_index('ix_task_partnership_status_due', ['partnership_id', 'status', 'due_on'], unique=False)



def downgrade():
    with op.batch_alter_table('partnership', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_partnership_leader_id_partner_institution'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_partnership_second_role_id_partner_institution'), type_='foreignkey')
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index('ix_task_partnership_status_due')
        batch_op.drop_index(batch_op.f('ix_task_owner_institution_id'))
        batch_op.drop_index(batch_op.f('ix_task_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_task_decision_id'))

    op.drop_table('task')
    with op.batch_alter_table('service_offer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_offer_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_service_offer_institution_id'))

    op.drop_table('service_offer')
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_decision_meeting_id'))

    op.drop_table('decision')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_attendance_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_attendance_institution_id'))

    op.drop_table('attendance')
    with op.batch_alter_table('partner_institution', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_institution_partnership_id'))
        batch_op.drop_index(batch_op.f('ix_partner_institution_municipality_id'))

    op.drop_table('partner_institution')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index('ix_meeting_partnership_held_on')
        batch_op.drop_index(batch_op.f('ix_meeting_municipality_id'))

    op.drop_table('meeting')
    with op.batch_alter_table('partnership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnership_municipality_id'))

    op.drop_table('partnership')
