#!/usr/bin/env bash
# Whole-process benchmarks for BENCHMARKS.md: jixiao check/build on generated corpora, the physical
# limit (a newline count), peers (bean-check, hledger check) on ledgers of the same size, scaling
# 1k → 10k → 50k forms and peak memory for one 50 MB file.
#
#   bash bench/run.sh [WORK_DIR]          (default /tmp/jixiao-bench; needs ~1.5 GB of disk)
#
# Needs: hyperfine and hledger (apt-get install hyperfine hledger), bean-check (pip install
# beancount), GNU time (/usr/bin/time). Missing peers are skipped with a note. Release builds go
# to a separate target directory so that benchmarks never fight a debug build for its lock.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${1:-/tmp/jixiao-bench}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/target-bench}"
BIN="$CARGO_TARGET_DIR/release"
RUNS="${RUNS:-5}"
mkdir -p "$WORK"

(cd "$ROOT" && cargo build --release --bin jixiao --bin gen-corpus)
echo "== machine"
nproc; grep -m1 "model name" /proc/cpuinfo || true; free -g | head -2; "$BIN/jixiao" --version

corpus() { # corpus N → $WORK/cN (one file per form)
  local n=$1 dir="$WORK/c$1"
  [ -d "$dir" ] || "$BIN/gen-corpus" --forms "$n" --seed 1 --out "$dir"
  echo "$dir"
}
bytes() { du -sb --apparent-size "$1" | cut -f1; }

# Peak RSS (KB) and wall time (s) of one run, via GNU time.
measure() {
  /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1
}

for n in 1000 10000; do
  dir=$(corpus $n)
  echo "== $n forms, $(bytes "$dir") bytes"
  for jobs in 1 2; do
    hyperfine --runs "$RUNS" --warmup 1 --style basic --export-json "$WORK/check-$n-j$jobs.json" \
      "$BIN/jixiao check $dir --jobs $jobs"
    rm -rf "$WORK/out"
    hyperfine --runs "$RUNS" --warmup 1 --style basic --export-json "$WORK/build-$n-j$jobs.json" \
      --prepare "rm -rf $WORK/out; sync; sleep 12" \
      "$BIN/jixiao build $dir -o $WORK/out --format both --jobs $jobs"
  done
  # The physical limit: read every byte and count newlines (GNU wc -l is a vectorised memchr).
  hyperfine --runs "$RUNS" --warmup 1 --style basic --export-json "$WORK/wc-$n.json" \
    "find $dir -name '*.jx' -print0 | xargs -0 cat | wc -l"
done

echo "== peers on ledgers the size of the 1,000-form corpus"
size=$(bytes "$WORK/c1000")
[ -f "$WORK/ledger/ledger.journal" ] || python3 "$ROOT/bench/gen-ledger.py" "$size" "$WORK/ledger"
# --no-cache: bean-check otherwise loads a pickle of the previous run instead of parsing.
if command -v bean-check >/dev/null; then
  hyperfine --runs 3 --style basic --export-json "$WORK/bean-check.json" \
    "bean-check --no-cache $WORK/ledger/ledger.beancount"
else echo "bean-check not installed (pip install beancount): skipped"; fi
if command -v hledger >/dev/null; then
  hyperfine --runs 3 --style basic --export-json "$WORK/hledger.json" \
    "hledger check -f $WORK/ledger/ledger.journal"
else echo "hledger not installed (apt-get install hledger): skipped"; fi

echo "== scaling (wall s, peak RSS KB), 2 threads"
for n in 1000 10000 50000; do
  dir=$(corpus $n)
  echo "check $n: $(measure "$BIN/jixiao" check "$dir")"
  rm -rf "$WORK/out"
  echo "build both $n: $(measure "$BIN/jixiao" build "$dir" -o "$WORK/out" --format both)"
done
rm -rf "$WORK/out"

echo "== one 50 MB file"
[ -f "$WORK/one/all.jx" ] || "$BIN/gen-corpus" --forms 4800 --seed 1 --out "$WORK/one" --one-file
echo "file bytes: $(bytes "$WORK/one/all.jx")"
echo "check one file: $(measure "$BIN/jixiao" check "$WORK/one/all.jx")"
echo "build json one file: $(measure "$BIN/jixiao" build "$WORK/one/all.jx" -o "$WORK/out" --format json)"
rm -rf "$WORK/out"

echo "== issue 19: one big file, build against check, incremental rebuilds, output sizes"
uptime
# Each figure: wall, user and system seconds and peak RSS (KB) of one run, via GNU time.
timed() { /usr/bin/time -f "%e %U %S %M" "$@" 2>&1 >/dev/null | tail -1; }
one="$WORK/one/all.jx"
read -r wall user sys rss <<<"$(timed "$BIN/jixiao" check "$one")"
echo "check one file ($(bytes "$one") bytes): wall $wall s, user $user s, sys $sys s, peak $rss KB;" \
  "(user+sys)/wall = $(python3 -c "print(f'{($user+$sys)/$wall:.2f}')")," \
  "peak/file = $(python3 -c "print(f'{$rss*1024/$(bytes "$one"):.2f}')")"
for jobs in 1 2; do
  echo "check one file --jobs $jobs: $(timed "$BIN/jixiao" check "$one" --jobs "$jobs")"
done
rm -rf "$WORK/out"
echo "build one file --format both: $(timed "$BIN/jixiao" build "$one" -o "$WORK/out" --format both)"
rm -rf "$WORK/out"
dir=$(corpus 10000)
# check and build side by side, alternating, best of three each (the machine may be shared):
# wall, and CPU (user + sys), which a shared machine disturbs less.
# The output is removed well before each build: ext4 without a journal (some VMs) makes every
# new inode skip the inodes deleted in the last 5-10 s (kernel `recently_deleted`, a quarter of
# the samples of a 2,000-form build in `perf`), so a build started right after `rm -rf out`
# pays for the deletion in system time.
best_check=999; best_build=999; cpu_check=999; cpu_build=999
for run in 1 2 3; do
  read -r wall user sys _ <<<"$(timed "$BIN/jixiao" check "$dir")"
  echo "check 10000, run $run: wall $wall s, user $user s, sys $sys s"
  best_check=$(python3 -c "print(min($best_check, $wall))")
  cpu_check=$(python3 -c "print(min($cpu_check, $user + $sys))")
  rm -rf "$WORK/out"; sync; sleep 12
  read -r wall user sys rss <<<"$(timed "$BIN/jixiao" build "$dir" -o "$WORK/out" --format both)"
  echo "build --format both 10000, run $run: wall $wall s, user $user s, sys $sys s, peak $rss KB"
  full_cpu=$(python3 -c "print($user + $sys)")
  best_build=$(python3 -c "print(min($best_build, $wall))")
  cpu_build=$(python3 -c "print(min($cpu_build, $user + $sys))")
done
echo "10000 forms: check best $best_check s, build --format both best $best_build s," \
  "build/check = $(python3 -c "print(f'{$best_build/$best_check:.2f}')") (wall, target 1.5);" \
  "CPU: check $cpu_check s, build $cpu_build s, build/check = $(python3 -c "print(f'{$cpu_build/$cpu_check:.2f}')")"
echo "outputs: $(bytes "$WORK/out") bytes for $(bytes "$dir") of .jx" \
  "= $(python3 -c "print(f'{$(bytes "$WORK/out")/$(bytes "$dir"):.2f}')")×"
# Incremental: nothing changed, one form of 10,000 touched (its time stamp only), then one edited
# (its text). CPU seconds (user + system) against the last full build's, and wall against the best.
echo "full build (the last run above, into an empty directory): $full_cpu CPU-s"
rebuild() { # rebuild LABEL
  touch "$WORK/stamp"; sleep 1
  read -r wall user sys rss <<<"$(timed "$BIN/jixiao" build "$dir" -o "$WORK/out" --format both)"
  echo "$1: wall $wall s, $(python3 -c "print(f'{$user + $sys:.2f}')") CPU-s" \
    "= $(python3 -c "print(f'{100*($user + $sys)/$full_cpu:.1f}')")% of a full build's CPU" \
    "(wall $(python3 -c "print(f'{100*$wall/$best_build:.1f}')")% of the best), peak $rss KB;" \
    "files written: $(find "$WORK/out" -type f -newer "$WORK/stamp" | wc -l)" \
    "($(find "$WORK/out" -type f -newer "$WORK/stamp" -printf '%P ' ))"
}
rebuild "rebuild, nothing changed"
first=$(find "$dir" -name '*.jx' | sort | sed -n 1p)  # sed reads it all: no SIGPIPE under pipefail
touch "$first"
rebuild "rebuild after touching one form"
cp "$first" "$WORK/first.jx.bak"
sed -i '0,/年度总体目标/s//年度总体目标 /' "$first"
rebuild "rebuild after editing one form's text"
cp "$WORK/first.jx.bak" "$first"
rm -rf "$WORK/out"
echo "language server: cargo bench --bench lsp (didChange of a 200-indicator form → diagnostics)"

echo "== medians (s)"
for f in "$WORK"/*.json; do
  python3 - "$f" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))["results"][0]
name = sys.argv[1].rsplit("/", 1)[-1]
print(f"{name:28} median {result['median']:.3f}  mean {result['mean']:.3f} ± {result['stddev'] or 0:.3f}")
PY
done
