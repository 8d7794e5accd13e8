#!/usr/bin/env bash
# Browser check (`make e2e`): start the app, ask one question in headless Chromium, check the cited
# answer and its source card appear, and save docs/screenshot.png. Needs the index (`make setup`).
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v curl >/dev/null || missing+=(curl)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)  # without it Japanese renders as tofu
if ((${#missing[@]})); then
    if [[ $(id -u) != 0 ]]; then
        echo "e2e: 必要なパッケージがありません: ${missing[*]}（root で apt-get install してください）" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=.venv/bin/python
port=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp -t streamlit-e2e.XXXXXX.log)
state=$(mktemp -d -t kb-e2e-state.XXXXXX)  # conversations and feedback of this run stay out of var/
KB_STATE_DIR="$state" .venv/bin/streamlit run app.py --server.address 127.0.0.1 --server.port "$port" --server.headless true \
    --server.fileWatcherType none --browser.gatherUsageStats false >"$log" 2>&1 &
server=$!
cleanup() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    rm -rf "$log" "$state"
}
trap cleanup EXIT

fail() {
    echo "e2e 失敗: $1" >&2
    echo "--- streamlit log ---" >&2
    cat "$log" >&2
    exit 1
}
for _ in $(seq 180); do
    curl -sf "http://127.0.0.1:$port/_stcore/health" >/dev/null && break
    kill -0 "$server" 2>/dev/null || fail "streamlit が起動直後に終了しました"
    sleep 1
done
curl -sf "http://127.0.0.1:$port/_stcore/health" >/dev/null || fail "streamlit が 180 秒以内に応答しませんでした"

$PY tests/e2e/drive.py --url "http://127.0.0.1:$port" --screenshot docs/screenshot.png "$@" || fail "ブラウザでの確認"
