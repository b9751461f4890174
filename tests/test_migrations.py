"""Migrations move a database made by an earlier release forward without losing its rows.

The reference tables moved to the `organisations` app (issue 24, decision 0017) by state-only
migrations: a database made before the move, with rows of its own in those tables, must come
out of `migrate` with every row still there and every foreign key still pointing at it.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from tests.test_settings import database_url

ROOT = Path(__file__).resolve().parent.parent

# Each app's last migration before the move (main as of 2026-12-05).
BEFORE_THE_MOVE = [
    ("accounts", "0005_sign_out_everywhere"),
    ("audit", "0003_access_log_detail_and_merge"),
    ("people", "0006_person_contact_by_sms"),
    ("assessments", "0003_retention_may_scrub_completed_versions"),
    ("reminders", "0002_reminders_and_drug_alerts"),
    ("custody", "0003_tests_required_assessments_naloxone_release"),
    ("diversion", "0002_divert_open_cases_index"),
    ("treatment", "0007_referral_finished_at_for_the_inbox"),
    ("court", "0003_officer_list_index"),
    ("reporting", "0002_figures_refresh_key"),
]

# Run in a process of its own against a scratch database: migrate to before the move, add rows
# to the moved tables with SQL (as the old release would have), migrate to the end, read back.
SCRIPT = """
import json, sys
import django
django.setup()
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

before = [tuple(node) for node in json.loads(sys.argv[1])]
MigrationExecutor(connection).migrate(before)
with connection.cursor() as cursor:
    cursor.execute(
        "INSERT INTO accounts_organisation (name, kind) VALUES ('Synthetic Recovery', "
        "'treatment_provider') RETURNING id"
    )
    (organisation,) = cursor.fetchone()
    cursor.execute(
        "INSERT INTO treatment_localauthority (name, gss_code, slug) "
        "VALUES ('Synthetic Borough', 'E08999999', 'synthetic-borough') RETURNING id"
    )
    (authority,) = cursor.fetchone()
    cursor.execute(
        "INSERT INTO treatment_providerservice (name, organisation_id, local_authority_id, "
        "email, phone, active) VALUES ('Synthetic Recovery - Synthetic Borough', %s, %s, '', "
        "'', true) RETURNING id",
        [organisation, authority],
    )
    (service,) = cursor.fetchone()
    cursor.execute(
        "INSERT INTO custody_custodysuite (code, name, local_authority_id, active) "
        "VALUES ('syn-suite', 'Synthetic Custody Suite', %s, true) RETURNING id",
        [authority],
    )
    (suite,) = cursor.fetchone()
    cursor.execute(
        "INSERT INTO treatment_postcode (postcode, local_authority_id, gss_code) "
        "VALUES ('ZZ9 9ZZ', %s, 'E08999999')",
        [authority],
    )
    cursor.execute(
        "INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, "
        "email, is_staff, is_active, date_joined, role, organisation_id, custody_suite_id, "
        "collar_number) VALUES ('!', false, 'synthetic.mover', 'Syn', 'Mover', '', false, "
        "true, now(), 'provider_worker', %s, %s, '') RETURNING id",
        [organisation, suite],
    )
    (user,) = cursor.fetchone()
    cursor.execute(
        "INSERT INTO accounts_user_provider_services (user_id, providerservice_id) "
        "VALUES (%s, %s)",
        [user, service],
    )
    cursor.execute("SELECT count(*) FROM treatment_providerservice")
    (services_before,) = cursor.fetchone()

executor = MigrationExecutor(connection)
executor.migrate(executor.loader.graph.leaf_nodes())

from accounts.models import User
from organisations.models import CustodySuite, LocalAuthority, Postcode, ProviderService

mover = User.objects.get(username="synthetic.mover")
print(json.dumps({
    "services_before": services_before,
    "services_after": ProviderService.objects.count(),
    "authority": LocalAuthority.objects.get(slug="synthetic-borough").name,
    "service_authority": ProviderService.objects.get(pk=service).local_authority.name,
    "suite_authority": CustodySuite.objects.get(code="syn-suite").local_authority.name,
    "postcode_authority": Postcode.objects.get(postcode="ZZ9 9ZZ").local_authority.name,
    "user_organisation": mover.organisation.name,
    "user_suite": mover.custody_suite.name,
    "user_services": [s.name for s in mover.provider_services.all()],
}))
"""


@pytest.fixture
def scratch_database():
    """An empty database on the tests' server, dropped afterwards."""
    db = settings.DATABASES["default"]
    name = f"test_migrations_{uuid.uuid4().hex[:8]}"
    admin = database_url({**db, "NAME": "postgres"}).replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url({**db, "NAME": name})
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migration_script_run(database_url: str, script: str, *arguments: str) -> dict:
    """Run a migration test's script in a subprocess against a scratch database (its own
    settings, so the migrations run as they would on a server): its last line, as JSON."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "referral_service.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
        "SECRET_KEY": settings.SECRET_KEY,
    }
    result = subprocess.run(
        [sys.executable, "-c", script, *arguments],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_database_from_before_the_move_to_organisations_keeps_every_row(scratch_database):
    found = migration_script_run(scratch_database, SCRIPT, json.dumps(BEFORE_THE_MOVE))
    # The shipped reference data (7 services) and the one added before the move.
    assert found["services_before"] == found["services_after"] == 8
    assert found["authority"] == "Synthetic Borough"
    assert found["service_authority"] == "Synthetic Borough"
    assert found["suite_authority"] == "Synthetic Borough"
    assert found["postcode_authority"] == "Synthetic Borough"
    assert found["user_organisation"] == "Synthetic Recovery"
    assert found["user_suite"] == "Synthetic Custody Suite"
    assert found["user_services"] == ["Synthetic Recovery - Synthetic Borough"]
