"""KB_MODEL_DIR pointing at a user's own model: setup uses it as it is and never writes into it."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.e5convert import ensure_model
from pipeline.errors import ModelError

ROOT = Path(__file__).resolve().parent.parent


def _snapshot(directory: Path) -> dict[str, str]:
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def _setup(model_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "KB_MODEL_DIR": str(model_dir)}
    return subprocess.run([sys.executable, "-m", "pipeline.e5convert"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture()
def users_model(tmp_path) -> Path:
    model = tmp_path / "my-model"
    (model / "1_Pooling").mkdir(parents=True)
    (model / "modules.json").write_text('[{"idx": 0, "name": "0", "path": "", "type": "x"}]', encoding="utf-8")
    (model / "config.json").write_text('{"model_type": "bert"}', encoding="utf-8")
    (model / "model.safetensors").write_bytes(os.urandom(4096))
    (model / "1_Pooling" / "config.json").write_text("{}", encoding="utf-8")
    return model


def test_a_users_sentence_transformers_model_survives_setup_byte_for_byte(users_model):
    before = _snapshot(users_model)
    assert ensure_model(users_model) == users_model
    run = _setup(users_model)
    assert run.returncode == 0, run.stderr
    assert "利用者のモデルをそのまま使います" in run.stdout
    assert _snapshot(users_model) == before


def test_a_directory_that_is_no_model_is_refused_and_left_alone(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "README.txt").write_text("大事なメモ", encoding="utf-8")
    before = _snapshot(folder)
    with pytest.raises(ModelError, match="sentence-transformers 形式のモデルではありません"):
        ensure_model(folder)
    run = _setup(folder)
    assert run.returncode == 1 and "上書きもしません" in run.stderr
    assert _snapshot(folder) == before


def test_a_missing_users_model_is_named(tmp_path):
    run = _setup(tmp_path / "nowhere")
    assert run.returncode == 1 and "がありません" in run.stderr and not (tmp_path / "nowhere").exists()


def test_a_model_damaged_in_place_is_named_and_setup_repairs_it(tmp_path):
    import shutil

    from pipeline import config
    from pipeline.embedder import load_embedder

    ensure_model()
    model = tmp_path / "e5"
    shutil.copytree(config.ROOT / "models" / "multilingual-e5-small", model)
    weights = model / "model.safetensors"
    with weights.open("r+b") as handle:  # 1 MiB of noise inside a layer; the header stays valid
        handle.seek(weights.stat().st_size // 2)
        handle.write(os.urandom(1 << 20))
    with pytest.raises(ModelError, match="model.safetensors がないか、壊れています") as raised:
        load_embedder(model)
    assert "make setup" in str(raised.value)
    assert ensure_model(model) == model  # what the message says to run puts it right
    load_embedder(model)


def test_a_truncated_model_is_named(tmp_path):
    import shutil

    from pipeline import config
    from pipeline.embedder import load_embedder

    ensure_model()
    model = tmp_path / "e5"
    shutil.copytree(config.ROOT / "models" / "multilingual-e5-small", model)
    weights = model / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[: 1 << 20])
    with pytest.raises(ModelError, match="model.safetensors"):
        load_embedder(model)
