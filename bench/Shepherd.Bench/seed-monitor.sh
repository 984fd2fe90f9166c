#!/usr/bin/env bash
# The seed's health check (resilient-coding-agent: "健康监控" and "中断后的恢复") as a script, for the bench's
# baseline. Every INTERVAL seconds, for every task: `tmux has-session`; then `tmux capture-pane -p -S -10` and a
# look at the last line. A shell prompt without __TASK_DONE__ means the agent exited, so the seed's resume command
# (`codex exec resume <id> "Continue the previous task"`, the id grepped from events.jsonl as the seed does) is
# typed into the pane with `send-keys`. A missing session (the tmux server is gone) is created again first.
# The seed's orchestrator does this by hand every 3-5 minutes; a script at a short interval is the fastest the
# recipe can go. `</dev/null` is the bench's: the fake agent reads its stdin, the real codex does not.
# usage: seed-monitor.sh SOCKET INTERVAL TASKS_FILE LOG
#   TASKS_FILE: one task a line, tab-separated: name, project dir, TASK_TMPDIR, fake-agent state dir
#   LOG: "sweep <unix µs>" at the start of each pass, "resume <name> <unix µs>" for each resume typed,
#        "sweep-end <unix µs>" before it sleeps
set -u
sock=$1 interval=$2 tasks=$3 log=$4

t() { tmux -L "$sock" -f /dev/null "$@"; }

resume() { # name dir tmpdir
  local id
  id=$(grep -oE '"thread_id":"[^"]+"' "$3/events.jsonl" 2>/dev/null | head -n 1 | cut -d'"' -f4)
  t send-keys -t "codex-$1" "cd '$2' && codex exec resume $id \"Continue the previous task\" </dev/null" Enter
  echo "resume $1 $(date +%s%6N)" >> "$log"
}

while :; do
  echo "sweep $(date +%s%6N)" >> "$log"
  while IFS=$'\t' read -r name dir tmpdir state; do
    if ! t has-session -t "codex-$name" 2>/dev/null; then
      t new-session -d -s "codex-$name" -c "$dir" -e "TASK_TMPDIR=$tmpdir" -e "FAKE_AGENT_PLAN=hang" -e "FAKE_AGENT_STATE=$state"
      resume "$name" "$dir" "$tmpdir"
      continue
    fi
    last=$(t capture-pane -p -t "codex-$name" -S -10 | grep -v '^[[:space:]]*$' | tail -n 1)
    case "$last" in
      *__TASK_DONE__*) ;;
      *'$' | *'#' | *'%' | *'>') resume "$name" "$dir" "$tmpdir" ;;
    esac
  done < "$tasks"
  echo "sweep-end $(date +%s%6N)" >> "$log"
  sleep "$interval"
done
