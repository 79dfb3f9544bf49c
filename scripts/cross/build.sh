#!/usr/bin/env bash
# `npm run build:cross`: builds one .node per Linux and macOS target into artifacts/, named as
# napi names them (<binaryName>.<platform>.node), then runs the artifact checker.
#   gnu  targets: cargo zigbuild --target <triple>.2.17  -> glibc floor 2.17
#   musl targets: cargo zigbuild --target <triple> with -crt-static (a cdylib needs a dynamic libc)
#   darwin targets: cargo zigbuild --target <triple> with MACOSX_DEPLOYMENT_TARGET (MACOS_MIN in
#     common.sh). zig carries the libSystem stubs, so no Apple SDK is needed; rustc still warns
#     that `xcrun` is missing, which is harmless here. -dead_strip_dylibs drops the libiconv and
#     libcharset load commands Rust's std asks for but does not use; the install name is set to
#     @rpath/<file> so that the binary does not carry this machine's build path.
#   wasm32-wasi: `napi build --target wasm32-wasip1-threads` (rust-lld, emnapi's archives from the
#     pinned emnapi devDependency; no wasi-sdk): the .wasm plus the loader glue napi generates.
# (`napi build` cannot take the `.2.17` suffix yet, napi-rs/napi-rs#3176, so cargo-zigbuild is
# called directly and the .so copied/renamed — exactly what `napi build -x` does underneath.)
#
# Usage: scripts/cross/build.sh [platform ...]   e.g. linux-arm64-gnu darwin-arm64 wasm32-wasi (default: all 7)
# Env:   SKIP_SETUP=1 to skip scripts/cross/setup-toolchains.sh build
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT_DIR"

platforms=("$@")
[ "${#platforms[@]}" -gt 0 ] || platforms=("${LINUX_PLATFORMS[@]}" "${DARWIN_PLATFORMS[@]}" "${WASI_PLATFORMS[@]}")
for p in "${platforms[@]}"; do
  [ -n "${NAPI_TRIPLE[$p]:-}" ] || die "unknown platform '$p' (known: ${LINUX_PLATFORMS[*]} ${DARWIN_PLATFORMS[*]} ${WASI_PLATFORMS[*]})"
done

[ "${SKIP_SETUP:-0}" = 1 ] || bash "$ROOT_DIR/scripts/cross/setup-toolchains.sh" build

BIN_NAME="$(binary_name)"
LIB_NAME="$(crate_lib_name)"
[ -n "$LIB_NAME" ] || die "could not read the cdylib name from Cargo.toml"
mkdir -p "$ARTIFACTS_DIR"

# The cargo-zigbuild step must never hang: 20 minutes per target is far above the ~30-90 s it takes.
BUILD_TIMEOUT="${BUILD_TIMEOUT:-1200}"
summary=()
for p in "${platforms[@]}"; do
  triple="${NAPI_TRIPLE[$p]}"
  if [ "$p" = wasm32-wasi ]; then
    log "building $p ($triple, napi build)"
    start=$SECONDS
    out_dir="$CROSS_DIR/wasi-out"
    rm -rf "$out_dir" && mkdir -p "$out_dir" "$ARTIFACTS_DIR/wasm32-wasi"
    timeout "$BUILD_TIMEOUT" "$ROOT_DIR/node_modules/.bin/napi" build --platform --release --target "$triple" \
      --target-dir "$CROSS_TARGET_DIR" --output-dir "$out_dir" --no-js --no-dts-header >"$CROSS_DIR/wasi-build.log" 2>&1 ||
      { tail -30 "$CROSS_DIR/wasi-build.log" >&2; die "napi build --target $triple failed (log: $CROSS_DIR/wasi-build.log)"; }
    cp -f "$out_dir/$BIN_NAME.wasm32-wasi.wasm" "$ARTIFACTS_DIR/"
    for f in "${WASI_GLUE[@]}"; do cp -f "$out_dir/$f" "$ARTIFACTS_DIR/wasm32-wasi/"; done
    out="$ARTIFACTS_DIR/$BIN_NAME.wasm32-wasi.wasm"
    summary+=("$(printf '%-20s %9s bytes  %3ss  %s' "$p" "$(stat -c %s "$out")" "$((SECONDS - start))" "${out#"$ROOT_DIR"/}")")
    continue
  fi
  zig_target="$triple"
  extra_env=()
  lib_file="lib$LIB_NAME.so"
  case "$triple" in
    *-gnu) zig_target="$triple.$GLIBC_FLOOR" ;;
    *-musl)
      # Same flag `napi build` adds for musl. Per-target variable so build scripts/proc-macros
      # (host) are unaffected.
      var="CARGO_TARGET_$(tr 'a-z-' 'A-Z_' <<<"$triple")_RUSTFLAGS"
      extra_env=("$var=-C target-feature=-crt-static")
      ;;
    *-apple-darwin)
      var="CARGO_TARGET_$(tr 'a-z-' 'A-Z_' <<<"$triple")_RUSTFLAGS"
      extra_env=("MACOSX_DEPLOYMENT_TARGET=${MACOS_MIN[$p]}"
        "$var=-C link-arg=-Wl,-install_name,@rpath/$BIN_NAME.$p.node -C link-arg=-Wl,-dead_strip_dylibs")
      lib_file="lib$LIB_NAME.dylib"
      ;;
  esac
  log "building $p ($zig_target)"
  start=$SECONDS
  env "${extra_env[@]}" CARGO_TARGET_DIR="$CROSS_TARGET_DIR" \
    timeout "$BUILD_TIMEOUT" cargo zigbuild --release --quiet -p twilio-native-webhooks --lib --target "$zig_target"
  so="$CROSS_TARGET_DIR/$triple/release/$lib_file"
  [ -f "$so" ] || die "expected build output $so is missing"
  out="$ARTIFACTS_DIR/$BIN_NAME.$p.node"
  cp -f "$so" "$out"
  summary+=("$(printf '%-20s %9s bytes  %3ss  %s' "$p" "$(stat -c %s "$out")" "$((SECONDS - start))" "${out#"$ROOT_DIR"/}")")
done

log "artifacts:"
printf '  %s\n' "${summary[@]}" >&2
node "$ROOT_DIR/scripts/cross/check-artifacts.js" "${platforms[@]}"
darwin=()
for p in "${platforms[@]}"; do [[ "$p" == darwin-* ]] && darwin+=("$p"); done
[ "${#darwin[@]}" -eq 0 ] || node "$ROOT_DIR/scripts/cross/check-macho-selftest.js" "${darwin[@]}"
