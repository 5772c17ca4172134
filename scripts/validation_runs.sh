#!/usr/bin/env bash
# Re-run every batch whose figures docs/VALIDATION.md reports, into a fresh folder, then print
# the tables (scripts/validation_tables.py and the cogov commands). About 20 minutes on 2 quiet
# cores without the exploratory batch; add --robustness for it (3,000 runs at scale 0.25, ~17 min
# more) and --sobol for the Sobol design (512 full-scale runs, ~15 min more).
#
#   scripts/validation_runs.sh results/validation [--robustness] [--sobol]
set -euo pipefail
ROOT=${1:?usage: scripts/validation_runs.sh RESULTS_FOLDER [--robustness] [--sobol]}
shift
if [ -e "$ROOT" ]; then echo "validation_runs: $ROOT exists; give a fresh folder" >&2; exit 2; fi
mkdir -p "$ROOT"
W=${WORKERS:-2}
BIN=$(dirname "$0")/../.venv/bin
log() { echo "$(date -u +%H:%M:%S) $*" | tee -a "$ROOT/log.txt"; }

log "commit $(git rev-parse HEAD) $(git status --porcelain -- sim agents scenarios | wc -l) changed model files"
log validate; "$BIN/cogov" validate > "$ROOT/validate.txt"
log calibrate; "$BIN/cogov" calibrate xinhua_2013 --out "$ROOT/calibration" --workers "$W" > "$ROOT/calibrate.txt"
for e in structural_contrasts structural_sweep goodhart metro_councils mechanisms patterns_reach; do
  log "batch $e"; "$BIN/cogov" batch "$e" --out "$ROOT/$e" --workers "$W"
done
for a in "$@"; do
  case "$a" in
    --robustness) log "batch robustness"; "$BIN/cogov" batch robustness --out "$ROOT/robustness" --workers "$W"
                  log discover; "$BIN/cogov" discover "$ROOT/robustness" > "$ROOT/discover.txt" ;;
    --sobol) log "batch sensitivity_sobol"; "$BIN/cogov" batch sensitivity_sobol --out "$ROOT/sobol" --workers "$W"
             "$BIN/cogov" sensitivity "$ROOT/sobol" > "$ROOT/sobol.txt" ;;
    *) echo "validation_runs: unknown option $a" >&2; exit 2 ;;
  esac
done
log tables
PY="$BIN/python"
"$PY" -m cogov.experiments.structural contrasts "$ROOT/structural_contrasts" > "$ROOT/structural_contrasts.md"
"$PY" -m cogov.experiments.structural sweep "$ROOT/structural_sweep" "$ROOT/structural_sweep.png" > "$ROOT/structural_sweep.md"
"$PY" -m cogov.experiments.structural goodhart "$ROOT/goodhart" > "$ROOT/goodhart.md"
"$BIN/cogov" hypotheses "$ROOT/mechanisms" > "$ROOT/hypotheses.md"
"$PY" "$(dirname "$0")/validation_tables.py" "$ROOT" > "$ROOT/tables.md"
log "chronic timing"; "$PY" "$(dirname "$0")/chronic_timing.py" xinhua_2013 10 > "$ROOT/chronic_timing.txt"
log done
