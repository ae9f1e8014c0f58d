#!/usr/bin/env bash
# The shells and terminal multiplexer the completion tests drive (tests/test_shells.py),
# and jq for the pipe tests (tests/test_shell_use.py). Debian/Ubuntu runners.
set -euo pipefail

sudo=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends bash zsh fish tmux jq
