#!/usr/bin/env bash
# Mutation testing of the money path, as CI runs it: Stryker in incremental mode against the committed
# baseline test/mutation/stryker-incremental.json.gz, so only the mutants in code or tests that a change
# touched are run again (the others keep their recorded result), then scripts/mutation-score.mjs, which
# prints the table and fails below 90% overall or 95% for signature, verification, amount and state code.
#
#   bash scripts/mutation-ci.sh            incremental (CI)
#   bash scripts/mutation-ci.sh --force    every mutant again, and a fresh baseline (`npm run mutation`)
#   bash scripts/mutation-ci.sh --mutate server/core/pricing.ts   any other Stryker option passes through
#                                          (with --mutate the baseline is left alone: a partial run has its own)
#
# An incremental run stops after MUTATION_TIME_LIMIT (default 45m): CI has 90 minutes in all.
#
# Exits 0 only when Stryker ran and both thresholds hold.
set -uo pipefail
cd "$(dirname "$0")/.."

# The baseline is committed gzipped (the JSON is ~8 MB, ~0.3 MB packed) and unpacked here for Stryker.
packed=test/mutation/stryker-incremental.json.gz
baseline=test/mutation/stryker-incremental.json
if [ -s "$packed" ] && { [ ! -s "$baseline" ] || [ "$packed" -nt "$baseline" ]; }; then
  gunzip -c "$packed" > "$baseline"
fi
force=false
extra=()
for arg in "$@"; do
  [ "$arg" = "--force" ] && force=true
  # A run over some files only must not replace the baseline with a partial one.
  case "$arg" in --mutate|-m) [[ " $* " == *" --incrementalFile "* ]] || extra=(--incrementalFile reports/mutation/partial-incremental.json) ;; esac
done
if [ ! -s "$baseline" ] && [ "$force" = false ]; then
  # Without a baseline every mutant runs: about two hours on two cores, more than CI's whole budget.
  echo "mutation testing: no baseline at $packed; run \`npm run mutation\` (a full run) and commit it"
  exit 1
fi

report=reports/mutation/mutation.json
rm -f "$report" # never judge a stale report

# CI has 90 minutes in all. An incremental run that has to re-mutate most of the code (a baseline far
# behind the code) would not fit: stop it and say so, rather than let CI die without a word.
limit=()
[ "$force" = false ] && limit=(timeout --kill-after=30s "${MUTATION_TIME_LIMIT:-45m}")

started=$(date +%s)
"${limit[@]}" npx stryker run test/mutation/stryker.config.mjs "$@" "${extra[@]}"
stryker=$?
echo "mutation testing took $(( $(date +%s) - started )) s (stryker exit $stryker)"
if [ "$stryker" -eq 124 ] || [ "$stryker" -eq 137 ]; then
  echo "mutation testing failed: stopped after ${MUTATION_TIME_LIMIT:-45m}; the baseline is too far behind the code: run \`npm run mutation\` and commit $packed"
  exit 1
fi

if [ ! -s "$report" ]; then
  echo "mutation testing failed: Stryker wrote no report"
  exit 1
fi

# A completed run over the whole money path leaves a new baseline: pack it, ready to commit. (A run that
# stopped early, e.g. on a failing test in its dry run, must not repack: it wrote no new baseline.)
if [ ${#extra[@]} -eq 0 ] && [ -s "$baseline" ]; then
  gzip -9 -n -c "$baseline" > "$packed"
fi
node scripts/mutation-score.mjs "$report"
score=$?
if [ "$stryker" -ne 0 ] || [ "$score" -ne 0 ]; then exit 1; fi
exit 0
