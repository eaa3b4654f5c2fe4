"""The deployment administrator's writes, each with its audit record."""
from kooperacje.audit.models import record
from kooperacje.auth.permissions import Role
from kooperacje.extensions import db
from kooperacje.municipalities.models import Municipality
from kooperacje.users import service as users


def create_municipality(by, display_name, admin_username, admin_full_name):
    """A new municipality and its first administrator, who gets a one-time password.
    Raises ``users.AccountError`` (nothing is kept) when the login cannot be used."""
    municipality = Municipality(display_name=display_name)
    db.session.add(municipality)
    db.session.flush()
    record("municipality_created", municipality, municipality_id=municipality.id)
    admin, password = users.create_user(by, username=admin_username, full_name=admin_full_name, email=None,
                                        role=Role.ADMIN.value, municipality_id=municipality.id)
    return admin, password
