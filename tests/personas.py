"""The named personas every test uses: the same as the demo (referral_service.demo.PERSONAS)."""

from referral_service.demo import PERSONAS, persona_ensure

PASSWORD = "Synthetic-Test-Password-1"

# Fixture name -> demo username.
FIXTURE_NAMES = {
    "custody_worker": "custody.worker",
    "custody_worker2": "custody.worker2",
    "team_leader": "team.leader",
    "provider_birmingham": "provider.birmingham",
    "provider_coventry": "provider.coventry",
    "police_officer": "police.officer",
    "police_officer2": "police.officer2",
    "probation_officer": "probation.officer",
    "opcc_analyst": "opcc.analyst",
    "administrator": "admin",
    "custody_feed": "custody.feed",
}

# One persona of each role, for sweeps over roles.
ONE_PER_ROLE = [
    "custody_worker",
    "team_leader",
    "provider_birmingham",
    "police_officer",
    "probation_officer",
    "opcc_analyst",
    "administrator",
]


def make_persona(username: str):
    persona = next(p for p in PERSONAS if p.username == username)
    return persona_ensure(persona=persona, password=PASSWORD)
