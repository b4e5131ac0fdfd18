#!/usr/bin/env bash
# Creates a test certificate authority (CA) and, signed by it,
# a certificate for the daemon and another for the client.
#   bash certificados.sh SERVER_NAME SERVER_IP [FOLDER]
# Adapted from https://docs.docker.com/engine/security/protect-access/
set -euo pipefail

SERVIDOR=${1:?the server name is missing}
IP=${2:?the server IP is missing}
CARPETA=${3:-certs}
DIAS=365

mkdir -p "$CARPETA"
cd "$CARPETA"

# 1. The CA: its private key and its (self-signed) certificate.
openssl genrsa -out ca-key.pem 4096 2>/dev/null
openssl req -new -x509 -days "$DIAS" -key ca-key.pem -sha256 \
  -subj "/CN=Test CA" -out ca.pem

# 2. The daemon: key, signing request and certificate signed by the CA.
#    subjectAltName says which names and IPs it can be reached by.
openssl genrsa -out server-key.pem 4096 2>/dev/null
openssl req -new -sha256 -key server-key.pem -subj "/CN=$SERVIDOR" -out server.csr
printf 'subjectAltName = DNS:%s,IP:%s\nextendedKeyUsage = serverAuth\n' \
  "$SERVIDOR" "$IP" > extfile.cnf
openssl x509 -req -days "$DIAS" -sha256 -in server.csr -CA ca.pem -CAkey ca-key.pem \
  -CAcreateserial -out server-cert.pem -extfile extfile.cnf 2>/dev/null

# 3. The client: the same, but with usage "clientAuth".
openssl genrsa -out key.pem 4096 2>/dev/null
openssl req -new -key key.pem -subj "/CN=client" -out client.csr
printf 'extendedKeyUsage = clientAuth\n' > extfile-client.cnf
openssl x509 -req -days "$DIAS" -sha256 -in client.csr -CA ca.pem -CAkey ca-key.pem \
  -CAcreateserial -out cert.pem -extfile extfile-client.cnf 2>/dev/null

# Private keys readable only by their owner; the requests are no longer needed.
rm -f server.csr client.csr extfile.cnf extfile-client.cnf ca.srl
chmod 0400 ca-key.pem key.pem server-key.pem
chmod 0444 ca.pem server-cert.pem cert.pem
ls
