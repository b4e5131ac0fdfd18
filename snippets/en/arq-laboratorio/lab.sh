#!/usr/bin/env bash
# A second "lab" dockerd on the same machine, to practice without
# touching the main daemon. Only on a Linux test machine, as root.
#
#   bash lab.sh arranca [dockerd options]   starts ("arranca") the lab daemon
#   bash lab.sh para                        stops ("para") it, like a "systemctl stop docker"
#   bash lab.sh borra                       stops it and deletes ("borra") its data
set -euo pipefail

SOCKET=unix:///run/lab.sock        # its API, separate from /var/run/docker.sock
PIDFILE=/run/lab.pid
DATOS=/var/lib/docker-lab          # its images and containers
EJECUCION=/run/docker-lab          # its containerd, its shims...
PUENTE=lab0                        # its own bridge: leaves docker0 alone

para() {
  [ -e "$PIDFILE" ] || return 0
  kill "$(cat "$PIDFILE")"
  while [ -e "$PIDFILE" ]; do sleep 0.5; done
}

case "${1:-}" in
  arranca)
    shift
    if [ -e "$PIDFILE" ]; then
      echo "the lab dockerd is already running" >&2
      exit 1
    fi
    if ! ip link show "$PUENTE" >/dev/null 2>&1; then
      ip link add "$PUENTE" type bridge
      ip addr add 10.214.0.1/24 dev "$PUENTE"
      ip link set "$PUENTE" up
    fi
    setsid dockerd --host "$SOCKET" --pidfile "$PIDFILE" \
      --data-root "$DATOS" --exec-root "$EJECUCION" \
      --bridge "$PUENTE" --iptables=false --ip6tables=false \
      "$@" </dev/null >>/tmp/lab.log 2>&1 &
    for _ in $(seq 60); do
      if docker -H "$SOCKET" version >/dev/null 2>&1; then
        echo "lab dockerd ready on $SOCKET"
        exit 0
      fi
      sleep 0.5
    done
    echo "the lab dockerd did not start; see /tmp/lab.log" >&2
    exit 1
    ;;
  para)
    para
    echo "lab dockerd stopped"
    ;;
  borra)
    para
    rm -rf "$DATOS" "$EJECUCION" /tmp/lab.log
    ip link del "$PUENTE" 2>/dev/null || true
    echo "lab deleted"
    ;;
  *)
    echo "usage: bash lab.sh arranca [dockerd options] | para | borra" >&2
    exit 2
    ;;
esac
