"""Accounts with a role in several municipalities (a PCPR worker, a powiat labour office, an
animator of several gminas): the switch of the municipality a login works in, and the
deployment administrator's adding and removing of memberships. The membership itself is
:class:`kooperacje.auth.models.Membership`; the guard (:mod:`kooperacje.auth.guard`) turns the
login's current membership into the request's tenant and role."""
