"""The team's person-level extract is a LOCAL extract and claims nothing national (issue 20).

The published NDTMS CJIT CSV file format and technical definitions (core data set P) could not
be read here (only their gov.uk landing pages and the reference data's cover page), so the file
keeps the service's own column names and values and says plainly it is not an NDTMS submission.
"""

from __future__ import annotations

from django.utils import timezone


def _post(client, first="1 1 2020"):
    last = f"{timezone.localdate():%d %m %Y}"
    data = {}
    for name, value in (("date_from", first), ("date_to", last)):
        day, month, year = value.split()
        data.update({f"{name}_0": day, f"{name}_1": month, f"{name}_2": year})
    return client.post("/extracts/ndtms/", data)


def test_the_local_extract_page_says_it_is_not_an_ndtms_submission(client, team_leader):
    client.force_login(team_leader)
    page = client.get("/extracts/ndtms/").content.decode()
    assert "Local criminal-justice extract" in page
    assert "not an NDTMS submission" in page
    assert "NDTMS criminal-justice extract" not in page
    assert "for submission to the National Drug Treatment Monitoring System" not in page


def test_the_local_extract_file_is_named_as_local(client, team_leader):
    client.force_login(team_leader)
    response = _post(client)
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert 'filename="local-criminal-justice-extract-20200101-' in disposition
    assert "ndtms" not in disposition.lower()
