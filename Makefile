# Two commands on a fresh clone: `make run` (set up and start the chat) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: setup run test model index e2e bench eval clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

model: $(VENV)/.installed
	$(PY) -m pipeline.e5convert
	$(PY) -m pipeline.onnx_export

index: model
	$(PY) -m pipeline build || [ $$? -eq 1 ]  # 1: some documents could not be read, the rest are indexed (named above)

setup: index

run: setup
	$(VENV)/bin/streamlit run app.py --server.address 127.0.0.1 --server.headless true --browser.gatherUsageStats false

test: setup
	$(PY) -m pytest -q tests

e2e: setup
	bash tests/e2e/run.sh

bench: setup
	$(PY) eval/bench_embed.py
	$(PY) eval/bench_search.py
	$(PY) eval/bench_scale.py
	$(PY) eval/bench_serve.py

eval: setup
	$(PY) -m eval run

clean:
	rm -rf $(VENV) models build index/current index/versions index/store index/.build.lock index/*.jsonl index/*.json index/*.faiss index/bm25
