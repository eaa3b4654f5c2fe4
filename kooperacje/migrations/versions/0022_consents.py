"""consents: the register of consents to share data with partner institutions

A person's dated consent (its scopes a row each) and its withdrawal. The consents ticked in
signed diagnoses are taken over: each institution ticked becomes a consent of the applicant
(all case data, oral and recorded in the file) dated by the signing of the first version that
ticked it, withdrawn on the signing of a later version that no longer did.

Revision ID: 0022_consents
Revises: 0021_partner_accounts
Create Date: 2026-12-03 14:30:00

"""
from alembic import op
import sqlalchemy as sa

from kooperacje.clock import to_local


revision = '0022_consents'
down_revision = '0021_partner_accounts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'consent',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('institution_id', sa.Integer(), nullable=False),
        sa.Column('given_on', sa.Date(), nullable=False),
        sa.Column('given_how', sa.String(length=12), nullable=False),
        sa.Column('note', sa.String(length=500), nullable=True),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.Column('diagnosis_id', sa.Integer(), nullable=True),
        sa.Column('withdrawn_on', sa.Date(), nullable=True),
        sa.Column('withdrawal_recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('withdrawal_recorded_at', sa.DateTime(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_consent_client_id_client')),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_consent_person_id_person')),
        sa.ForeignKeyConstraint(['institution_id'], ['partner_institution.id'],
                                name=op.f('fk_consent_institution_id_partner_institution')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'],
                                name=op.f('fk_consent_recorded_by_id_user_account')),
        sa.ForeignKeyConstraint(['diagnosis_id'], ['diagnosis.id'], name=op.f('fk_consent_diagnosis_id_diagnosis')),
        sa.ForeignKeyConstraint(['withdrawal_recorded_by_id'], ['user_account.id'],
                                name=op.f('fk_consent_withdrawal_recorded_by_id_user_account')),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_consent_municipality_id_municipality')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_consent')),
    )
    op.create_index('ix_consent_client_id', 'consent', ['client_id'])
    op.create_index('ix_consent_person_id', 'consent', ['person_id'])
    op.create_index('ix_consent_municipality_id', 'consent', ['municipality_id'])
    op.create_index('ix_consent_institution', 'consent', ['municipality_id', 'institution_id'])
    op.create_table(
        'consent_scope',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('consent_id', sa.Integer(), nullable=False),
        sa.Column('scope', sa.String(length=20), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['consent_id'], ['consent.id'], name=op.f('fk_consent_scope_consent_id_consent'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_consent_scope_municipality_id_municipality')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_scope')),
        sa.UniqueConstraint('consent_id', 'scope', name=op.f('uq_consent_scope_consent_id')),
    )
    op.create_index('ix_consent_scope_consent_id', 'consent_scope', ['consent_id'])
    op.create_index('ix_consent_scope_municipality_id', 'consent_scope', ['municipality_id'])
    _take_over_diagnosis_consents(op.get_bind())


def downgrade():
    op.drop_index('ix_consent_scope_municipality_id', table_name='consent_scope')
    op.drop_index('ix_consent_scope_consent_id', table_name='consent_scope')
    op.drop_table('consent_scope')
    for index in ('ix_consent_institution', 'ix_consent_municipality_id', 'ix_consent_person_id',
                  'ix_consent_client_id'):
        op.drop_index(index, table_name='consent')
    op.drop_table('consent')


# --- the consents ticked in signed diagnoses become register rows ------------------------------

DIAGNOSIS = sa.table('diagnosis', sa.column('id'), sa.column('client_id'), sa.column('municipality_id'),
                     sa.column('number'), sa.column('status'), sa.column('answers', sa.JSON),
                     sa.column('signed_at', sa.DateTime), sa.column('signed_by_id'))
PERSON = sa.table('person', sa.column('id'), sa.column('client_id'), sa.column('relation'))
INSTITUTION = sa.table('partner_institution', sa.column('id'), sa.column('municipality_id'))
CONSENT = sa.Table('consent', sa.MetaData(), sa.Column('id', sa.Integer, primary_key=True), *(
    sa.Column(name) for name in (
    'client_id', 'person_id', 'institution_id', 'given_on', 'given_how', 'recorded_by_id', 'recorded_at',
    'diagnosis_id', 'withdrawn_on', 'withdrawal_recorded_by_id', 'withdrawal_recorded_at', 'version',
    'municipality_id')))
SCOPE = sa.table('consent_scope', sa.column('consent_id'), sa.column('scope'), sa.column('municipality_id'))


def _take_over_diagnosis_consents(bind):
    applicants = dict(bind.execute(sa.select(PERSON.c.client_id, PERSON.c.id)
                                   .where(PERSON.c.relation == 'applicant').order_by(PERSON.c.id.desc())).all())
    institutions = {(m, i) for i, m in bind.execute(sa.select(INSTITUTION.c.id, INSTITUTION.c.municipality_id))}
    signed = bind.execute(sa.select(DIAGNOSIS).where(DIAGNOSIS.c.status == 'signed', DIAGNOSIS.c.signed_at.isnot(None))
                          .order_by(DIAGNOSIS.c.client_id, DIAGNOSIS.c.number)).all()
    open_consents = {}  # (client, institution) -> consent id, while later versions keep it ticked
    for version in signed:
        applicant = applicants.get(version.client_id)
        if applicant is None:
            continue
        ticked = {i for i in ((version.answers or {}).get('partners') or {}).get('consent') or []
                  if isinstance(i, int) and (version.municipality_id, i) in institutions}
        _withdraw_unticked(bind, version, ticked, open_consents)
        for institution_id in sorted(ticked):
            if (version.client_id, institution_id) not in open_consents:
                open_consents[(version.client_id, institution_id)] = _insert(bind, version, applicant, institution_id)


def _insert(bind, version, applicant, institution_id):
    consent_id = bind.execute(CONSENT.insert().values(
        client_id=version.client_id, person_id=applicant, institution_id=institution_id,
        given_on=to_local(version.signed_at).date(), given_how='oral', recorded_by_id=version.signed_by_id,
        recorded_at=version.signed_at, diagnosis_id=version.id, version=1,
        municipality_id=version.municipality_id)).inserted_primary_key[0]
    bind.execute(SCOPE.insert().values(consent_id=consent_id, scope='all', municipality_id=version.municipality_id))
    return consent_id


def _withdraw_unticked(bind, version, ticked, open_consents):
    for (client_id, institution_id), consent_id in list(open_consents.items()):
        if client_id == version.client_id and institution_id not in ticked:
            bind.execute(CONSENT.update().where(CONSENT.c.id == consent_id).values(
                withdrawn_on=to_local(version.signed_at).date(), withdrawal_recorded_by_id=version.signed_by_id,
                withdrawal_recorded_at=version.signed_at, version=2))
            del open_consents[(client_id, institution_id)]
