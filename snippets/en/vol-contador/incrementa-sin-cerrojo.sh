#!/bin/sh
# Adds 1 to the shared counter /datos/contador as many times as $1 says,
# WITHOUT any coordination with other processes writing at the same time.
# It is the example of what NOT to do.
set -eu

contador=/datos/contador
veces=$1

# Starting gun: we wait for /datos/salida to exist so that all the
# processes start at the same time.
while [ ! -e /datos/salida ]; do
  sleep 0.1
done

i=0
while [ "$i" -lt "$veces" ]; do
  n=$(cat "$contador")
  echo $((n + 1)) > "$contador"
  i=$((i + 1))
done
