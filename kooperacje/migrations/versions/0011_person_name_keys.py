"""person name keys: every word of every household member's name, folded, for the client search

Revision ID: 0011_person_name_keys
Revises: 0010_institution_version
Create Date: 2026-12-02 19:00:00

"""
from alembic import op
import sqlalchemy as sa

from kooperacje.database import gather_statistics
from kooperacje.text import name_words

revision = '0011_person_name_keys'
down_revision = '0010_institution_version'
branch_labels = None
depends_on = None

BATCH = 10_000
person = sa.table('person', sa.column('id'), sa.column('municipality_id'), sa.column('client_id'),
                  sa.column('first_name'), sa.column('last_name'))


def upgrade():
    name_key = op.create_table(
        'person_name_key',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=100).with_variant(sa.String(length=100, collation='C'), 'postgresql'),
                  nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_person_name_key_client_id_client')),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_person_name_key_municipality_id_municipality')),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_name_key_person_id_person'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_person_name_key')),
        sa.UniqueConstraint('person_id', 'key', name=op.f('uq_person_name_key_person_id')))
    _backfill(op.get_bind(), name_key)
    # indexes after the rows: far faster than keeping them up to date row by row
    op.create_index('ix_person_name_key_lookup', 'person_name_key', ['municipality_id', 'key', 'client_id'])
    op.create_index(op.f('ix_person_name_key_municipality_id'), 'person_name_key', ['municipality_id'])
    gather_statistics(op.get_bind())


def _backfill(connection, name_key):
    """The keys of everyone registered so far, in batches by id (a million people fit in minutes)."""
    last = 0
    while True:
        people = connection.execute(sa.select(person).where(person.c.id > last).order_by(person.c.id)
                                    .limit(BATCH)).all()
        if not people:
            return
        rows = [{"person_id": p.id, "key": word, "client_id": p.client_id, "municipality_id": p.municipality_id}
                for p in people for word in name_words(f"{p.first_name} {p.last_name}")]
        if rows:
            connection.execute(name_key.insert(), rows)
        last = people[-1].id


def downgrade():
    op.drop_table('person_name_key')
