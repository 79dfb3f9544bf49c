#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for a short while (60 s each by default) and
# fails if any of them finds a crash, a panic, a leak or a hang.
#
#   FUZZ_SECONDS=60       time per target
#   FUZZ_TOOLCHAIN=nightly toolchain cargo-fuzz builds with (sanitizers need nightly)
#   FUZZ_TARGETS="a b"    only these targets (default: all of `cargo fuzz list`)
#
# Inputs that crash are left in fuzz/artifacts/<target>/; the generated corpus grows in
# fuzz/corpus/<target>/ (both git-ignored); fuzz/seeds/<target>/ is the committed seed set.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${FUZZ_SECONDS:-60}"
toolchain="${FUZZ_TOOLCHAIN:-nightly}"

if ! rustup run "$toolchain" rustc --version >/dev/null 2>&1; then
  echo "fuzz-ci: installing the $toolchain toolchain"
  rustup toolchain install "$toolchain" --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz-ci: installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

cd "$root/fuzz"
cargo "+$toolchain" fuzz build
targets="${FUZZ_TARGETS:-$(cargo "+$toolchain" fuzz list)}"

failed=()
for target in $targets; do
  mkdir -p "corpus/$target" "seeds/$target"
  echo "fuzz-ci: $target for ${seconds}s"
  set +e
  cargo "+$toolchain" fuzz run "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -timeout=10 -max_len=4096 -print_final_stats=1 2>&1 |
    tee "/tmp/fuzz-ci-$target.log" |
    grep -E '^(#[0-9]+ +DONE|Done |stat::number_of_executed_units|stat::peak_rss_mb)|panicked|ERROR|SUMMARY|Test unit written'
  status="${PIPESTATUS[0]}"
  set -e
  if [ "$status" -ne 0 ]; then
    failed+=("$target")
    echo "fuzz-ci: $target FAILED; full log in /tmp/fuzz-ci-$target.log, crashing input in fuzz/artifacts/$target/"
  fi
done

if [ "${#failed[@]}" -ne 0 ]; then
  echo "fuzz-ci: failing targets: ${failed[*]}"
  exit 1
fi
echo "fuzz-ci: all targets ran ${seconds}s without a crash"
