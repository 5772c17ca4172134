#!/usr/bin/env bash
# Re-run the community-side figures of docs/VALIDATION.md (issue 14) into a fresh folder and
# write their tables next to the batches. Parts (each alone, or all when none is named):
#   mechanisms  section 5 and 6.4 (the mechanisms batch, scripts/validation_tables.py)
#   recruitment 6.5a's surface over recruitment effort (experiments/recruitment_sweep.toml,
#               scripts/recruitment_table.py, its chart in docs/img/recruitment_sweep.png)
#   loop        6.5a's ten years (scripts/feedback_loop.py, chart docs/img/feedback_loop.png)
#   stocks      6.1's stocks (experiments/participation_stocks.toml, cogov summarize)
#   visits      6.2's elderly visits on and off (experiments/elderly_visits.toml,
#               scripts/elderly_visits_table.py)
#   collective  6.3's baselines outside the Metro works and its two sweeps
#               (collective_baselines, metro_retell_sweep, metro_collective_sweep;
#               scripts/petition_free.py)
#   edges       6.4's graph on/off (graph_edges, graph_edges_siloed, graph_edges_metro;
#               cogov summarize)
#
#   scripts/community_runs.sh RESULTS_FOLDER [PART ...]
#
# On 2 shared cores (nice 10, 2 workers): mechanisms ~12 min, recruitment ~2 min, loop ~10 min;
# measured on 2 December 2026 (08:19-08:34 UTC, alongside a valgrind benchmark): stocks 1 min,
# visits 1 min, edges 2 min, collective 10 min. The parts recruitment and
# loop write charts into docs/img. The log (RESULTS_FOLDER/log.txt) has the commit and the UTC
# time of each step.
set -euo pipefail
ALL=(mechanisms recruitment loop stocks visits collective edges)
ROOT=${1:?usage: scripts/community_runs.sh RESULTS_FOLDER [${ALL[*]}]}
shift
PARTS=("$@")
[ ${#PARTS[@]} -eq 0 ] && PARTS=("${ALL[@]}")
if [ -e "$ROOT" ]; then echo "community_runs: $ROOT exists; give a fresh folder" >&2; exit 2; fi
for p in "${PARTS[@]}"; do
  case " ${ALL[*]} " in *" $p "*) ;; *) echo "community_runs: unknown part $p (allowed: ${ALL[*]})" >&2; exit 2 ;; esac
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
    stocks)
      log "batch participation_stocks (6.1)"; nice -n 10 "$BIN/cogov" batch participation_stocks --out "$ROOT/participation_stocks" --workers "$W"
      "$BIN/cogov" summarize "$ROOT/participation_stocks" > "$ROOT/participation_stocks.md" ;;
    visits)
      log "batch elderly_visits (6.2)"; nice -n 10 "$BIN/cogov" batch elderly_visits --out "$ROOT/elderly_visits" --workers "$W"
      "$BIN/python" "$HERE/elderly_visits_table.py" "$ROOT/elderly_visits" > "$ROOT/elderly_visits.md" ;;
    collective)
      for e in collective_baselines metro_retell_sweep metro_collective_sweep; do
        log "batch $e (6.3)"; nice -n 10 "$BIN/cogov" batch "$e" --out "$ROOT/$e" --workers "$W"
      done
      "$BIN/python" "$HERE/petition_free.py" "$ROOT/collective_baselines" > "$ROOT/collective_baselines.md"
      "$BIN/python" "$HERE/petition_free.py" "$ROOT/metro_retell_sweep" deliberation.retell deliberation.retell_steps > "$ROOT/metro_retell_sweep.md"
      "$BIN/python" "$HERE/petition_free.py" "$ROOT/metro_collective_sweep" deliberation.enabled collective.cost collective.peer_weight > "$ROOT/metro_collective_sweep.md" ;;
    edges)
      for e in graph_edges graph_edges_siloed graph_edges_metro; do
        log "batch $e (6.4)"; nice -n 10 "$BIN/cogov" batch "$e" --out "$ROOT/$e" --workers "$W"
        "$BIN/cogov" summarize "$ROOT/$e" > "$ROOT/$e.md"
      done ;;
  esac
  log "done $p"
done
