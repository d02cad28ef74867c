#!/usr/bin/env bash
# Photo pipeline benchmark, one command: installs what it needs (idempotent), builds in
# release, then runs ours vs the Pillow reference vs the djpeg floor and prints the table.
#   bench/photo/run.sh [--runs N] [--dir FIXTURE_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/root/.cache/zhaohuo/target}"

missing=()
command -v djpeg >/dev/null 2>&1 || missing+=(libjpeg-turbo-progs)
command -v cmake >/dev/null 2>&1 || missing+=(cmake)   # turbojpeg builds libjpeg-turbo 3
command -v nasm >/dev/null 2>&1 || missing+=(nasm)     # … with its SIMD code
command -v python3 >/dev/null 2>&1 || missing+=(python3 python3-pip)
if ((${#missing[@]})); then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
python3 -c "import PIL" 2>/dev/null || python3 -m pip install --quiet pillow \
    || python3 -m pip install --quiet --break-system-packages pillow

cli_args=()
if cargo build --release -p zhaohuo-cli; then
    cli_args=(--cli "$CARGO_TARGET_DIR/release/zhaohuo")
else
    echo "warning: zhaohuo-cli did not build; skipping the whole-process measurement" >&2
fi
cargo bench -p zhaohuo-photo --bench pipeline -- \
    --pillow "$PWD/bench/photo/pillow_ref.py" "${cli_args[@]}" "$@"
