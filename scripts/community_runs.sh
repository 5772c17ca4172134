#!/usr/bin/env bash
# Re-run the community-side figures of docs/VALIDATION.md (issue 14) into a fresh folder and
# write their tables next to the batches: section 5 and 6.4 (the mechanisms batch and
# scripts/validation_tables.py), 6.5a's ten years (scripts/feedback_loop.py, its chart in
# docs/img/feedback_loop.png) and 6.5a's surface over recruitment effort
# (experiments/recruitment_sweep.toml, scripts/recruitment_table.py, its chart in
# docs/img/recruitment_sweep.png). Each part alone, or all when none is named:
#
#   scripts/community_runs.sh RESULTS_FOLDER [mechanisms] [recruitment] [loop]
#
# On 2 shared cores (nice 10, 2 workers): mechanisms ~12 min, recruitment ~2 min, loop ~10 min.
# The log (RESULTS_FOLDER/log.txt) has the commit and the UTC time of each step.
set -euo pipefail
ROOT=${1:?usage: scripts/community_runs.sh RESULTS_FOLDER [mechanisms] [recruitment] [loop]}
shift
PARTS=("$@")
[ ${#PARTS[@]} -eq 0 ] && PARTS=(mechanisms recruitment loop)
if [ -e "$ROOT" ]; then echo "community_runs: $ROOT exists; give a fresh folder" >&2; exit 2; fi
for p in "${PARTS[@]}"; do
  case "$p" in mechanisms|recruitment|loop) ;; *) echo "community_runs: unknown part $p (allowed: mechanisms, recruitment, loop)" >&2; exit 2 ;; esac
done
mkdir -p "$ROOT"
HERE=$(dirname "$0")
W=${WORKERS:-2}
BIN=$HERE/../.venv/bin
log() { echo "$(date -u +%H:%M:%S) $*" | tee -a "$ROOT/log.txt"; }

log "commit $(git rev-parse HEAD) $(git status --porcelain -- sim agents scenarios | wc -l) changed model files"
for p in "${PARTS[@]}"; do
  case "$p" in
    mechanisms)
      log "batch mechanisms"; nice -n 10 "$BIN/cogov" batch mechanisms --out "$ROOT/mechanisms" --workers "$W"
      log "tables (sections 5 and 6.4)"; "$BIN/python" "$HERE/validation_tables.py" "$ROOT" > "$ROOT/tables.md" ;;
    recruitment)
      log "batch recruitment_sweep"; nice -n 10 "$BIN/cogov" batch recruitment_sweep --out "$ROOT/recruitment_sweep" --workers "$W"
      log "recruitment table (6.5a)"
      "$BIN/python" "$HERE/recruitment_table.py" "$ROOT/recruitment_sweep" --chart docs/img/recruitment_sweep > "$ROOT/recruitment.md" ;;
    loop)
      log "feedback loop (6.5a), ten years"
      nice -n 10 "$BIN/python" "$HERE/feedback_loop.py" docs/img/feedback_loop --years 10 --scale 0.5 --seeds 3 --tables "$ROOT/feedback_loop.md" > /dev/null ;;
  esac
  log "done $p"
done
