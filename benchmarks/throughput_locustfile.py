"""The simulated users of `benchmarks/throughput.py` (locust), and the runner it starts.

Never imported into a Django process: locust patches the standard library for gevent. The
benchmark runs this file as its own process, once per scenario:

    THROUGHPUT_PLAN=plan.json python benchmarks/throughput_locustfile.py --host URL \\
        --scenario mix --users 10 --seconds 45 --warmup 5 --out result.json

The plan (written by throughput.py) holds the password, the people whose pages are opened,
known detainees to record again, and the referrals to accept.

Every user signs in through the real sign-in form (CSRF token from the page, then the POST)
before the clock starts; those requests are not counted. Each request counts as an error
unless it returns exactly what the browser would get on success: 200 for a page, the redirect
to the new contact for a saved contact, the redirect to "#assessment" for an accept (a 409-like
conflict redirects without it, and would be a real failure here: each user accepts only the
referrals handed to it). Redirects are not followed, so each request is timed by itself.

`locust -f benchmarks/throughput_locustfile.py` works too, for a look in locust's web UI
(set THROUGHPUT_PLAN to a plan file that throughput.py wrote).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import time

import gevent
from locust import FastHttpUser, constant, events, task
from locust.env import Environment

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CONTACT = re.compile(r"^/custody/contacts/[0-9a-f-]{36}/$")
CHOOSE = "/custody/contacts/new/person/"
CANDIDATE = re.compile(r'name="person"[^>]*value="([0-9a-f-]{36})"')
NOT_COUNTED = "sign in (not counted)"
GIVEN = ["Rowan", "Ellis", "Harley", "Morgan", "Tamsin", "Kieran", "Jude", "Isla", "Callum"]
FAMILY = ["Ashby", "Brereton", "Calloway", "Dunmore", "Everley", "Fairholme", "Garside"]

PLAN: dict = {}
# One process, one thread (gevent): plain counters are safe.
STATE = {"ready": 0, "recorded": 0, "accepts_short": 0, "setup_errors": []}
if os.environ.get("THROUGHPUT_PLAN"):
    with open(os.environ["THROUGHPUT_PLAN"]) as plan_file:
        PLAN = json.load(plan_file)


class Trivial(FastHttpUser):
    """Asks the trivial JSON view as fast as it answers (no sign-in, no database)."""

    wait_time = constant(0)

    @task
    def livez(self):
        with self.client.get(
            "/livez", name="trivial JSON view", catch_response=True, allow_redirects=False
        ) as response:
            _expect(response, 200)


class _SignedIn(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    username = ""

    def on_start(self):
        self.token = ""
        with self.client.get(
            "/accounts/sign-in/", name=NOT_COUNTED, catch_response=True, allow_redirects=False
        ) as response:
            self._token_from(response)
            _expect(response, 200)
        with self.client.post(
            "/accounts/sign-in/",
            data={
                "username": self.username,
                "password": PLAN["password"],
                "csrfmiddlewaretoken": self.token,
            },
            name=NOT_COUNTED,
            catch_response=True,
            allow_redirects=False,
        ) as response:
            _expect(response, 302)
        # The token changes at sign-in: take the new one from the start page.
        with self.client.get(
            PLAN["start"][self.username], name=NOT_COUNTED, catch_response=True
        ) as response:
            self._token_from(response)
            _expect(response, 200)
        STATE["ready"] += 1

    def _token_from(self, response) -> None:
        match = TOKEN.search(response.text or "")
        if match:
            self.token = match.group(1)

    def _page(self, path: str, name: str):
        with self.client.get(
            path, name=name, catch_response=True, allow_redirects=False
        ) as response:
            _expect(response, 200)


class LayoutPage(_SignedIn):
    """A signed-in page with the layout and no records (the accessibility statement): the
    floor every page of the service stands on (session, sign-in checks, alerts, the layout)."""

    username = "custody.worker"

    @task
    def layout(self):
        self._page("/accessibility/", "signed-in layout page")


class CustodyWorker(_SignedIn):
    """Today at my suite, a person's page, and recording a custody contact."""

    username = "custody.worker"
    fixed_count = 1

    @task(3)
    def today(self):
        self._page("/custody/today/", "today at my suite")

    @task(3)
    def person(self):
        self._page(f"/people/{random.choice(PLAN['people'])}/", "a person's page")

    @task(1)
    def record(self):
        """The form, then the save; where matching finds candidates, the choice as well."""
        with self.client.get(
            "/custody/contacts/new/", name="record contact: form", catch_response=True,
            allow_redirects=False,
        ) as response:  # fmt: skip
            self._token_from(response)
            if not _expect(response, 200):
                return
        known = random.random() < 0.5
        detainee = random.choice(PLAN["known"]) if known else _new_detainee()
        STATE["recorded"] += 1
        day, month, year = PLAN["arrest_date"]
        data = {
            "csrfmiddlewaretoken": self.token,
            "custody_record_number": f"{PLAN['run']}-{STATE['recorded']}",
            "arrest_date_0": day, "arrest_date_1": month, "arrest_date_2": year,
            "arrest_time": f"{random.randint(18, 23):02d}:{random.randint(0, 59):02d}",
            "offence_category": random.choice(PLAN["offences"]),
            "given_name": detainee["given"], "family_name": detainee["family"],
            "date_of_birth_0": detainee["dob"][0], "date_of_birth_1": detainee["dob"][1],
            "date_of_birth_2": detainee["dob"][2],
            "pnc_id": detainee.get("pnc") or "",
        }  # fmt: skip
        with self.client.post(
            "/custody/contacts/new/", data=data, name="record contact: save",
            catch_response=True, allow_redirects=False,
        ) as response:  # fmt: skip
            where = response.headers.get("Location", "") if response.status_code == 302 else ""
            if CONTACT.match(where):
                response.success()
                return
            if where != CHOOSE:
                _expect(response, 302)  # a failure: neither the contact nor the choice
                return
            response.success()
        with self.client.get(
            CHOOSE, name="record contact: is it one of these people?", catch_response=True,
            allow_redirects=False,
        ) as response:  # fmt: skip
            self._token_from(response)
            if not _expect(response, 200):
                return
            candidates = CANDIDATE.findall(response.text or "")
        person = detainee.get("id") if detainee.get("id") in candidates else "new"
        with self.client.post(
            CHOOSE, data={"csrfmiddlewaretoken": self.token, "person": person},
            name="record contact: choose and save", catch_response=True, allow_redirects=False,
        ) as response:  # fmt: skip
            if CONTACT.match(response.headers.get("Location", "")):
                response.success()
            else:
                _expect(response, 302)


class Provider(_SignedIn):
    """The provider's inbox, and accepting the referrals handed to this user."""

    username = "provider.birmingham"
    fixed_count = 1

    def on_start(self):
        super().on_start()
        self.referrals = PLAN["referrals"]  # shared: pop() hands each out once (one thread)

    @task(3)
    def inbox(self):
        self._page("/treatment/inbox/", "provider's inbox")

    @task(1)
    def accept(self):
        if not self.referrals:
            STATE["accepts_short"] += 1
            return
        reference = self.referrals.pop()
        with self.client.post(
            f"/treatment/referrals/{reference}/accept/", data={"csrfmiddlewaretoken": self.token},
            name="accept a referral", catch_response=True, allow_redirects=False,
        ) as response:  # fmt: skip
            if response.status_code == 302 and response.headers.get("Location", "").endswith(
                "#assessment"
            ):
                response.success()
            else:
                response.failure(f"accept: {response.status_code} (conflict or error)")


def _new_detainee() -> dict:
    return {
        "given": random.choice(GIVEN),
        "family": random.choice(FAMILY) + random.choice(["", "-Hale", "-Moss", "-Vane"]),
        "dob": [random.randint(1, 28), random.randint(1, 12), random.randint(1960, 2004)],
    }


def _expect(response, status: int) -> bool:
    if response.status_code == status:
        response.success()
        return True
    response.failure(f"expected {status}, got {response.status_code}")
    return False


def _run(args) -> dict:
    """Start the users, wait until all have signed in, warm up, then count for `seconds`."""
    classes = {"trivial": [Trivial], "layout": [LayoutPage]}.get(
        args.scenario, [CustodyWorker, Provider]
    )
    if args.scenario == "mix":
        CustodyWorker.fixed_count = round(args.users * args.custody_share)
        Provider.fixed_count = args.users - CustodyWorker.fixed_count
    else:
        classes[0].fixed_count = args.users
    for user_class in classes:
        user_class.host = args.host
    environment = Environment(user_classes=classes, events=events)
    state = {"measuring": False, "samples": []}

    @events.request.add_listener
    def _record(request_type, name, response_time, exception=None, **_kwargs):
        if name == NOT_COUNTED:
            if exception is not None:
                STATE["setup_errors"].append(str(exception))
        elif state["measuring"]:
            state["samples"].append((name, response_time, exception is not None))

    runner = environment.create_local_runner()
    runner.start(args.users, spawn_rate=args.users)
    deadline = time.monotonic() + 120
    while STATE["ready"] < args.users and args.scenario != "trivial":
        if time.monotonic() > deadline or STATE["setup_errors"]:
            runner.quit()
            return {"error": f"users did not sign in: {STATE['setup_errors'][:3]}"}
        gevent.sleep(0.1)
    gevent.sleep(args.warmup)
    state["measuring"], started = True, time.monotonic()
    gevent.sleep(args.seconds)
    state["measuring"], elapsed = False, time.monotonic() - started
    runner.quit()
    return {
        "seconds": elapsed,
        "samples": state["samples"],
        "accepts_short": STATE["accepts_short"],
        "referrals_left": len(PLAN.get("referrals", [])),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--scenario", choices=["trivial", "layout", "mix"], required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--custody-share", type=float, default=0.6)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    result = _run(args)
    with open(args.out, "w") as out:
        json.dump(result, out)


if __name__ == "__main__":
    main()
