# The summariser service: gunicorn + Flask. The virtual environment is built in one stage and copied
# into a slim runtime stage (no compiler, no pip, no pip cache, no dev tools). README, "Docker".
#   docker build -t summarizer .                                            # CPU PyTorch, every method
#   docker build --build-arg VARIANT=extractive -t summarizer:extractive .  # no torch, no transformers
#   docker build --build-arg BAKE_MODEL=sshleifer/distilbart-cnn-12-6 -t summarizer:distilbart .
#   docker run -p 8000:8000 summarizer
# Air-gapped: after `make wheelhouse`, every package comes from ./wheels and the build needs no network
# (`docker build --network=none`); with ./wheels empty, from PyPI and the PyTorch CPU index.

# Any Debian 12 image with python3 (3.11) and python3-venv: the default is the official slim image,
# pinned by digest; the test suite passes one it builds with debootstrap.
ARG BASE_IMAGE=python:3.11-slim-bookworm@sha256:2e32f7d302adc1c37428355c1e646897c0c53f4fd60b6a551245fb90ee129f91
# full: every method (CPU PyTorch); extractive: no torch nor transformers, abstractive answers 503.
ARG VARIANT=full

FROM ${BASE_IMAGE} AS base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    LANG=C.UTF-8

# The dependencies: the same install script as `make`, rebuilt only when a requirements file or the
# wheelhouse changes. Used at build time only, never in the image: the PyTorch CPU index.
FROM base AS requirements
WORKDIR /build
COPY requirements.txt requirements-extractive.txt requirements-nodeps.txt ./
COPY scripts/install.sh scripts/install.sh
COPY wheels/ wheels/

FROM requirements AS deps-full
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
RUN WHEELHOUSE=wheels INSTALL_PROJECT=0 scripts/install.sh /app/.venv requirements.txt

FROM requirements AS deps-extractive
RUN WHEELHOUSE=wheels INSTALL_PROJECT=0 scripts/install.sh /app/.venv requirements-extractive.txt

# The runtime's dependencies, without pip (nothing installs packages in the running image), the
# packages' own test suites (scipy, numpy, sympy...: 200 MB) nor PyTorch's C++ headers and test programs
# (only C++ extensions, which need a compiler, use the headers).
# hadolint ignore=DL3006
FROM deps-${VARIANT} AS deps
RUN /app/.venv/bin/python -m pip uninstall --yes --quiet pip \
    && find /app/.venv/lib -depth -type d -name tests -exec rm -rf {} + \
    && rm -rf /app/.venv/lib/python3*/site-packages/torch/test /app/.venv/lib/python3*/site-packages/torch/include \
        /app/.venv/lib/python3*/site-packages/torch/bin/test_*

# The project, staged into a copy of the venv's layout (shebangs point at /app/.venv), and the default
# method's static vectors, distilled here with torch whatever the variant.
FROM deps-full AS project
COPY pyproject.toml README.md ./
COPY summarizer summarizer
COPY api api
RUN /app/.venv/bin/pip install --no-cache-dir --no-index --no-deps --no-build-isolation --prefix /staged/app/.venv . \
    && HF_HUB_OFFLINE=1 /app/.venv/bin/python -m summarizer build-embeddings \
        --output /staged/app/.venv/share/summarizer/minilm-static

FROM base AS runtime
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app
WORKDIR /app
COPY --from=deps /app/.venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH \
    HF_HOME=/app/hf-cache \
    HF_HUB_OFFLINE=1 \
    SUMMARIZER_HOST=0.0.0.0 \
    SUMMARIZER_PORT=8000 \
    SUMMARIZER_WORKERS=2 \
    SUMMARIZER_THREADS=8 \
    SUMMARIZER_LOG_LEVEL=info \
    SUMMARIZER_DEVICE=cpu \
    SUMMARIZER_INSTANCE_DIR=/app/instance

# A Hugging Face model downloaded into the image (needs the hub while building), in its own layer
# after the dependencies and before the code: changing it reinstalls nothing, a code change keeps it.
# Empty: none, and abstractive requests answer 503 unless a model directory is mounted.
ARG VARIANT
ARG BAKE_MODEL=""
ENV SUMMARIZER_MODEL=${BAKE_MODEL:-sshleifer/distilbart-cnn-12-6}
RUN if [ -n "$BAKE_MODEL" ]; then \
        [ "$VARIANT" = full ] || { echo "BAKE_MODEL needs VARIANT=full (torch and transformers)" >&2; exit 1; }; \
        HF_HUB_OFFLINE=0 python -c "import sys; from huggingface_hub import snapshot_download; snapshot_download(sys.argv[1], ignore_patterns=['*.h5', '*.msgpack', '*.ot', '*.onnx'])" "$BAKE_MODEL"; \
    fi \
    && mkdir -p /app/hf-cache /app/instance \
    && chown -R 10001:10001 /app/hf-cache /app/instance

COPY --from=project /staged/app/.venv /app/.venv
COPY gunicorn.conf.py ./

USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/readyz' % os.environ['SUMMARIZER_PORT'], timeout=4)"]
# dumb-init as PID 1 (`docker run --init` semantics): SIGTERM from `docker stop` reaches gunicorn's master
# alone, which stops accepting and lets the workers finish their requests (graceful_timeout, 30 s;
# give `docker stop -t 35` for long abstractive requests), and orphaned processes are reaped.
ENTRYPOINT ["dumb-init", "--single-child", "--"]
CMD ["gunicorn", "-c", "gunicorn.conf.py", "api:create_app()"]
