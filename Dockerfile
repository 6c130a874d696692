# The summariser service: gunicorn + Flask on CPU PyTorch.
#   docker build -t summarizer .
#   docker build --build-arg BAKE_MODEL=sshleifer/distilbart-cnn-12-6 -t summarizer:distilbart .
#   docker run -p 8000:8000 summarizer
FROM python:3.11-slim-bookworm

# A Hugging Face model to download into the image at build time (needs network while building);
# empty: none, and abstractive requests answer 503 unless a model directory is mounted.
ARG BAKE_MODEL=""

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu \
    HF_HOME=/app/hf-cache \
    PATH=/app/.venv/bin:$PATH \
    SUMMARIZER_HOST=0.0.0.0 \
    SUMMARIZER_PORT=8000 \
    SUMMARIZER_WORKERS=2 \
    SUMMARIZER_THREADS=4 \
    SUMMARIZER_LOG_LEVEL=info \
    SUMMARIZER_MODEL=${BAKE_MODEL:-sshleifer/distilbart-cnn-12-6} \
    SUMMARIZER_DEVICE=cpu

WORKDIR /app

# The same install script as the README's commands: dependencies first (a cached layer), then the code.
COPY requirements.txt requirements-nodeps.txt ./
COPY scripts/install.sh scripts/install.sh
RUN INSTALL_PROJECT=0 scripts/install.sh /app/.venv requirements.txt

COPY pyproject.toml README.md gunicorn.conf.py ./
COPY summarizer summarizer
COPY api api
RUN scripts/install.sh /app/.venv requirements.txt

RUN if [ -n "$BAKE_MODEL" ]; then \
        python -c "import sys; from huggingface_hub import snapshot_download; snapshot_download(sys.argv[1], ignore_patterns=['*.h5', '*.msgpack', '*.ot', '*.onnx'])" "$BAKE_MODEL"; \
    fi \
    && groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app \
    && mkdir -p /app/hf-cache \
    && chown -R 10001:10001 /app/hf-cache

USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ['SUMMARIZER_PORT'], timeout=4)"]
CMD ["gunicorn", "-c", "gunicorn.conf.py", "api:create_app()"]
