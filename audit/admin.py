# The access log is not in the Django admin (issue 21): the data protection officer reads it at
# /audit/ (dpo), which is itself logged. The admin holds only reference data and staff accounts
# (core.admin_site; tests/audit/test_admin_holds_no_people.py).
