#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A private redis-server for the fleet store's tests, under the build tree:
#   redis.sh start DIR   starts one on DIR/redis.sock and a free loopback port
#                        (written to DIR/port), with the persistence docs/FLEET.md
#                        recommends (appendonly yes, appendfsync always), and waits
#                        until it answers; DIR is emptied first unless KEEP=1
#   redis.sh stop DIR    stops it (SIGTERM, then SIGKILL)
# A missing redis-server is a failure: scripts/setup installs it.
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?directory}

stop() {
  [ -f "$dir/redis.pid" ] || return 0
  local pid
  pid=$(cat "$dir/redis.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/redis.pid"
}

case "$cmd" in
  start)
    if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
      echo "redis.sh: redis-server and redis-cli are needed (apt-get install redis-server, or run scripts/setup)" >&2
      exit 1
    fi
    stop
    if [ "${KEEP:-0}" != 1 ]; then rm -rf "$dir"; fi
    mkdir -p "$dir"
    port=${PORT:-}
    for attempt in $(seq 20); do
      [ -n "$port" ] || port=$((20000 + RANDOM % 40000))
      rm -f "$dir/redis.pid"
      if redis-server --bind 127.0.0.1 --port "$port" --unixsocket "$dir/redis.sock" --unixsocketperm 700 \
           --dir "$dir" --save '' --appendonly yes --appendfsync always --maxmemory-policy noeviction \
           --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null; then
        for _ in $(seq 100); do
          if redis-cli -s "$dir/redis.sock" ping 2>/dev/null | grep -q PONG; then
            echo "$port" >"$dir/port"
            exit 0
          fi
          [ -f "$dir/redis.pid" ] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null || break
          sleep 0.05
        done
      fi
      stop
      [ -n "${PORT:-}" ] && break
      port=
    done
    echo "redis.sh: redis-server did not start in $dir:" >&2
    tail -5 "$dir/redis.log" >&2 || true
    exit 1 ;;
  stop) stop ;;
  *) echo "redis.sh: start or stop" >&2; exit 2 ;;
esac
