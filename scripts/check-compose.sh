#!/usr/bin/env bash
# Validate docker-compose.yml without a Docker engine.
#
# Uses Debian's `docker-compose` package (v1.29), installing it if absent
# (needs root). Exits non-zero if the file is invalid.
#
# Usage: bash scripts/check-compose.sh [COMPOSE_FILE]   (default: docker-compose.yml
#        at the repository root)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
compose_file="${1:-$repo_root/docker-compose.yml}"

if [ ! -f "$compose_file" ]; then
    echo "check-compose: no such file: $compose_file" >&2
    exit 2
fi

if ! command -v docker-compose >/dev/null 2>&1; then
    echo "check-compose: docker-compose not found; installing Debian package" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -q docker-compose; then
        apt-get update -q
        apt-get install -y -q docker-compose
    fi
fi

# The compose file requires SECRET_KEY and DEMO_PASSWORD (${VAR:?...}). Supply
# throwaway values for validation only, unless the caller already set them.
export SECRET_KEY="${SECRET_KEY:-compose-validation-only-not-a-real-secret}"
export DEMO_PASSWORD="${DEMO_PASSWORD:-compose-validation-only}"

echo "check-compose: $(docker-compose version --short 2>/dev/null || echo '?') validating $compose_file"
docker-compose -f "$compose_file" config -q
echo "check-compose: OK"
