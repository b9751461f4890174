"""Reload the reference data of the data migrations (after a transactional test's flush)."""

import importlib

from django.apps import apps

# In dependency order; each module's load() is idempotent (update_or_create).
DATA_MIGRATIONS = [
    "accounts.migrations.0003_reference_organisations",
    "treatment.migrations.0002_reference_authorities_services_reasons",
    "treatment.migrations.0004_reference_postcode_districts",
    "custody.migrations.0002_reference_suites_offences",
]


def load_reference_data() -> None:
    for name in DATA_MIGRATIONS:
        importlib.import_module(name).load(apps, None)
