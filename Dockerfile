# ---------------------------------------------------------------------------
# Stage 1: front-end assets (npm ci && npm run build -> static/dist/)
# ---------------------------------------------------------------------------
FROM node:20-bookworm-slim AS frontend

WORKDIR /app

# Dependencies first so this layer is cached until the lock file changes
# (package.json has no install-time lifecycle scripts that need scripts/).
COPY package.json package-lock.json ./
RUN npm ci

# scripts/build-assets.mjs reads static/src/ and node_modules/ only.
COPY scripts/ scripts/
COPY static/src/ static/src/
RUN npm run build


# ---------------------------------------------------------------------------
# Stage 2: Python runtime (gunicorn / celery), runs as a non-root user
# ---------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin app

WORKDIR /app

COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

# Application code is owned by root and only readable by the app user.
COPY . .
COPY --from=frontend /app/static/dist/ static/dist/

# collectstatic needs settings to import (it connects to neither service). The
# dummy values exist only for this RUN step; they are not part of the image's
# runtime environment.
RUN SECRET_KEY=build-only-dummy-not-used-at-runtime \
    DEBUG=false \
    ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgres://build:build@127.0.0.1:5432/build \
    REDIS_URL=redis://127.0.0.1:6379/0 \
    python manage.py collectstatic --noinput \
 && install -d -o app -g app /app/var

USER app

EXPOSE 8000

# No curl in the slim image: use the standard library. urlopen raises on a
# non-2xx answer (e.g. 503 when the database or broker is down) -> exit 1.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

CMD ["gunicorn", "referral_service.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
