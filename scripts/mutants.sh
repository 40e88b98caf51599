#!/usr/bin/env bash
# Mutation testing of the readiness rules: cargo-mutants puts one small bug at a time into
# src/rules.rs and src/readiness/ (a `>` for a `>=`, a function returning a default) and
# runs the core's tests; a mutant no test catches ("missed") is a rule nothing pins.
# Slow, like a benchmark (a build and a test run per mutant): run by hand, never part of
# scripts/test.sh. The figures and how they were obtained are in the README ("Tests that
# pin"). The listing of every mutant and its outcome: target/mutants/mutants.out/.
#
#   bash scripts/mutants.sh                  every mutant, the core's whole test suite
#   bash scripts/mutants.sh -- --lib         the unit tests only (faster, catches fewer)
#   bash scripts/mutants.sh --list           the mutants, without running anything
#
# Arguments are passed to cargo-mutants. It works on a copy of the tree (target/ not
# copied: the first build there is a full one), so the work tree is never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

mutants=$(bash scripts/tools.sh cargo-mutants)
mkdir -p target/mutants
say "mutating src/rules.rs and src/readiness/ (listing: target/mutants/mutants.out/)"
# Exit status 2 means "some mutants missed": the figures are the result, not a failure.
status=0
"$mutants" mutants --package muster \
  --file src/rules.rs --file 'src/readiness/*.rs' \
  --output target/mutants "$@" || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 2 ] && [ "$status" -ne 3 ]; then
  die "cargo-mutants failed (exit $status)"
fi
out=target/mutants/mutants.out
if [ -f "$out/outcomes.json" ]; then
  for kind in caught missed timeout unviable; do
    printf '%-9s %s\n' "$kind" "$(grep -c . "$out/$kind.txt" 2>/dev/null || echo 0)"
  done
fi
