"""No Django admin for people (issue 21): the admin holds only reference data and staff
accounts. A person is reached only through the service's own pages, which log every read."""
