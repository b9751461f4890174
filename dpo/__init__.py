"""The data protection officer's access log pages: by person, by user, by date; exportable.

Above `people` and `audit` (docs/decisions/0017): `audit` keeps the log and its writer, and the
look-ups by person reference are `people.selectors`'."""
