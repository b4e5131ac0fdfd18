#!/usr/bin/env bash
# Un segundo dockerd "de laboratorio" en la misma máquina, para practicar
# sin tocar el daemon principal. Solo en una máquina Linux de pruebas, como root.
#
#   bash lab.sh arranca [opciones de dockerd]   arranca el daemon de laboratorio
#   bash lab.sh para                            lo para (como un "systemctl stop docker")
#   bash lab.sh borra                           lo para y borra sus datos
set -euo pipefail

SOCKET=unix:///run/lab.sock        # su API, aparte de /var/run/docker.sock
PIDFILE=/run/lab.pid
DATOS=/var/lib/docker-lab          # sus imágenes y contenedores
EJECUCION=/run/docker-lab          # su containerd, sus shims...
PUENTE=lab0                        # su propio bridge: no toca docker0

para() {
  [ -e "$PIDFILE" ] || return 0
  kill "$(cat "$PIDFILE")"
  while [ -e "$PIDFILE" ]; do sleep 0.5; done
}

case "${1:-}" in
  arranca)
    shift
    if [ -e "$PIDFILE" ]; then
      echo "el dockerd de laboratorio ya está en marcha" >&2
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
        echo "dockerd de laboratorio listo en $SOCKET"
        exit 0
      fi
      sleep 0.5
    done
    echo "el dockerd de laboratorio no arrancó; mira /tmp/lab.log" >&2
    exit 1
    ;;
  para)
    para
    echo "dockerd de laboratorio parado"
    ;;
  borra)
    para
    rm -rf "$DATOS" "$EJECUCION" /tmp/lab.log
    ip link del "$PUENTE" 2>/dev/null || true
    echo "laboratorio borrado"
    ;;
  *)
    echo "uso: bash lab.sh arranca [opciones de dockerd] | para | borra" >&2
    exit 2
    ;;
esac
