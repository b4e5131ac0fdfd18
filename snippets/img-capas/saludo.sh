#!/bin/sh
echo "Hola, ${1:-mundo}"
