"""Reload the reference data of the data migrations (after a transactional test's flush)."""

import importlib
from functools import cache

from django.db.migrations.loader import MigrationLoader

# In dependency order; each module's load() is idempotent (update_or_create).
DATA_MIGRATIONS = [
    "accounts.migrations.0003_reference_organisations",
    "treatment.migrations.0002_reference_authorities_services_reasons",
    "treatment.migrations.0004_reference_postcode_districts",
    "custody.migrations.0002_reference_suites_offences",
    "custody.migrations.0008_move_results_triggers_and_follow_ups",
]


@cache
def _models_as_of(module: str):
    """The models as they were when the data migration ran (its own `apps`), as `migrate` gives
    them: its load() names them by their app then (accounts.Organisation, not
    organisations.Organisation). Read from the migration files; no database needed."""
    app_label, _, name = module.split(".")
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return loader.project_state((app_label, name), at_end=True).apps


def load_reference_data() -> None:
    for module in DATA_MIGRATIONS:
        importlib.import_module(module).load(_models_as_of(module), None)
