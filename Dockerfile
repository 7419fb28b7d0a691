# mentionmap dashboard in a container (see README, "Share it").
#
#   docker build -t mentionmap .
#   docker run -p 8501:8501 -v mentionmap-data:/data mentionmap
#
# The store (SQLite) and the matcher cache live in /data: mount a volume there to keep them.
# Every dependency installs from a binary wheel (amd64 and arm64), so no apt packages are needed.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Only what the package and the page need (tests, benchmarks and docs stay out).
COPY pyproject.toml README.md LICENSE ./
COPY src/ src/
COPY geodata/ geodata/
COPY samples/ samples/
RUN pip install .

# The page, its settings (.streamlit/config.toml) and the Leaflet files it serves.
COPY dashboard.py ./
COPY .streamlit/ .streamlit/
COPY static/ static/

# A user without root rights: it can write to /data (and its home), not to the code.
RUN groupadd --gid 10001 mentionmap \
    && useradd --create-home --uid 10001 --gid 10001 mentionmap \
    && mkdir -p /data/cache \
    && chown -R mentionmap:mentionmap /data

ENV MENTIONMAP_DB=/data/mentionmap.sqlite \
    MENTIONMAP_CACHE_DIR=/data/cache \
    MENTIONMAP_STORE_DIR=/data \
    STREAMLIT_SERVER_HEADLESS=true \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

USER 10001:10001

# Build the gazetteer's matcher once now (about 10 s), so the first visitor does not wait.
# A new named volume starts with this copy of /data/cache.
RUN python -c "from mentionmap.mentions import extract_mentions; extract_mentions('Kyiv')" \
    && ls /data/cache/*.pickle

VOLUME ["/data"]
EXPOSE 8501

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

CMD ["streamlit", "run", "dashboard.py", "--server.address=0.0.0.0", "--server.port=8501"]
