"""Password spraying (issue 21): failed sign-ins are limited per client address as well as per
account, so guessing one password across many accounts from one place meets a limit."""

from tests.personas import PASSWORD

SIGN_IN = "/accounts/sign-in/"


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(SIGN_IN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_30_failed_sign_ins_on_30_usernames_from_one_address_meet_a_limit(
    client, custody_worker, settings
):
    settings.REQUIRE_2FA = False
    answers = [sign_in(client, f"guess.{n}", "Summer2026!").status_code for n in range(30)]
    assert 429 in answers
    first_refused = answers.index(429)
    assert first_refused + 1 == settings.LOGIN_ADDRESS_FAILURE_LIMIT
    assert set(answers[first_refused:]) == {429}
    # While the address is locked even a real account's right password is refused from it...
    assert sign_in(client, "custody.worker", PASSWORD).status_code == 429
    # ...but not from elsewhere, and the account itself is not locked.
    assert sign_in(client, "custody.worker", PASSWORD, address="198.51.100.20").status_code == 302


def test_a_sign_in_forgives_only_its_own_accounts_failures_not_the_address(
    client, custody_worker, settings
):
    """An attacker holding one real account cannot clear the address's count by signing in."""
    settings.REQUIRE_2FA = False
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    for n in range(limit - 1):
        assert sign_in(client, f"guess.{n}", "wrong").status_code == 200
    assert sign_in(client, "custody.worker", PASSWORD).status_code == 302
    client.logout()
    assert sign_in(client, "guess.last", "wrong").status_code == 429


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(rf, settings):
    from accounts.lockout import client_address

    settings.PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7", REMOTE_ADDR="172.18.0.5")
    # The client may send any X-Forwarded-For; only what our one proxy appended is trusted.
    assert client_address(request) == "203.0.113.7"
    settings.PROXY_COUNT = 0
    assert client_address(request) == "172.18.0.5"
