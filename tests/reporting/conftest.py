"""Fixtures of the reporting tests: the known history of tests/reporting/dataset.py."""

import pytest
import time_machine

from reporting.services import figures_refresh
from tests.reporting import dataset


@pytest.fixture
def history(db, make_contact, make_person, make_referral, custody_worker, provider_birmingham):
    built = dataset.build(
        make_contact=make_contact,
        make_person=make_person,
        make_referral=make_referral,
        worker=custody_worker,
        provider=provider_birmingham,
    )
    with time_machine.travel(dataset.TODAY, tick=False):
        figures_refresh(full=True)
    return built
