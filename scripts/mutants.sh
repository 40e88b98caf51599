#!/usr/bin/env bash
# Mutation testing of the rules: cargo-mutants puts one small bug at a time into a module
# (a `>` for a `>=`, a function returning a default) and runs the tests that pin it; a
# mutant no test catches ("missed") is a rule nothing pins. Modules: the readiness rules
# and rule 6 (src/rules.rs, src/rules/corrections.rs), dates (src/dates.rs), readiness
# (src/readiness/), the sign-off (src/signoff.rs).
# Slow, like a benchmark (a build and a test run per mutant): run by hand, never part of
# scripts/test.sh. The figures and how they were obtained are in the README ("Tests that
# pin"); a mutant no behaviour can tell apart is excluded, with a note saying why, in
# .cargo/mutants.toml. The listing of every mutant and its outcome, per module:
# target/mutants/MODULE/mutants.out/.
#
#   bash scripts/mutants.sh                      every module, one after the other
#   bash scripts/mutants.sh dates readiness      those modules
#   bash scripts/mutants.sh dates -- --list      the mutants, without running anything
#   bash scripts/mutants.sh dates -- --re today  only the mutants whose name matches
#
# Arguments after `--` are passed to cargo-mutants. It mutates the work tree in place
# (restoring each file after its mutant), so the incremental build of target/ is reused:
# leave the tree alone while it runs. Each module is tested against the test targets that
# exercise it only (`--cargo-arg`, given to the build as well as the test run), one
# mutant at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

# Per module: the files mutated, then the package whose tests run and its test targets.
files() {
  case "$1" in
    rules) echo src/rules.rs ;;
    corrections) echo src/rules/corrections.rs ;;
    dates) echo src/dates.rs ;;
    readiness) echo 'src/readiness/*.rs' ;;
    signoff) echo src/signoff.rs ;;
    *) die "unknown module $1 (rules, corrections, dates, readiness, signoff)" ;;
  esac
}
tests() {
  case "$1" in
    # The unit tests pin these whole (README): their tables of cases.
    rules | corrections | dates) echo "muster --lib" ;;
    # The report's figures and trend, and readiness over real database files.
    readiness) echo "muster --lib --test=report --test=store_file" ;;
    # Sign-off, verify and what changed since: the command line package's tests.
    signoff) echo "muster-cli --test=validation --test=signing" ;;
  esac
}

modules=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  files "$1" >/dev/null
  modules+=("$1")
  shift
done
[ "${1:-}" = -- ] && shift
[ ${#modules[@]} -gt 0 ] || modules=(rules corrections dates readiness signoff)

mutants=$(bash scripts/tools.sh cargo-mutants)
for m in "${modules[@]}"; do
  read -r package targets <<<"$(tests "$m")"
  args=(--package muster --file "$(files "$m")" --in-place --output "target/mutants/$m")
  # Another package's tests: named to every cargo command beside the mutated package
  # (cargo-mutants' --test-package still builds the mutated package's targets only).
  [ "$package" = muster ] || args+=(--cargo-arg="--package=$package")
  for t in $targets; do args+=(--cargo-arg="$t"); done
  mkdir -p "target/mutants/$m"
  say "$m: mutating $(files "$m"), testing $package $targets"
  start=$SECONDS
  # Exit status 2 means "some mutants missed", 3 "some timed out": the figures are the
  # result, not a failure.
  status=0
  "$mutants" mutants "${args[@]}" "$@" || status=$?
  if [ "$status" -ne 0 ] && [ "$status" -ne 2 ] && [ "$status" -ne 3 ]; then
    die "$m: cargo-mutants failed (exit $status)"
  fi
  out=target/mutants/$m/mutants.out
  if [ -f "$out/outcomes.json" ]; then
    for kind in caught missed timeout unviable; do
      n=$(grep -c . "$out/$kind.txt" 2>/dev/null) || true
      printf '%-12s %-9s %s\n' "$m" "$kind" "${n:-0}"
    done
    say "$m: $(((SECONDS - start) / 60)) minutes"
  fi
done
