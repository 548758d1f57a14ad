FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml constraints.txt ./
# Every dependency pinned by constraints.txt (gunicorn included: it is a runtime dependency).
RUN pip install --no-cache-dir -c constraints.txt .
COPY . .
# Build steps belong to the image, not to the start: the tree stays root-owned and read-only for
# the unprivileged user that runs the portal (bin/start-web only migrates and serves).
RUN DEBUG=0 SECRET_KEY=build-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz \
      ALLOWED_HOSTS=build.invalid python manage.py compile_catalogues \
 && DEBUG=0 SECRET_KEY=build-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz \
      ALLOWED_HOSTS=build.invalid python manage.py collectstatic --noinput \
 && chmod -R a-w /app
ENV DEBUG=0
USER nobody
CMD ["bin/start-web"]
