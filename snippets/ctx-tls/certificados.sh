#!/usr/bin/env bash
# Crea una autoridad de certificación (CA) de pruebas y, firmados por ella,
# un certificado para el daemon y otro para el cliente.
#   bash certificados.sh NOMBRE_DEL_SERVIDOR IP_DEL_SERVIDOR [CARPETA]
# Adaptado de https://docs.docker.com/engine/security/protect-access/
set -euo pipefail

SERVIDOR=${1:?falta el nombre del servidor}
IP=${2:?falta la IP del servidor}
CARPETA=${3:-certs}
DIAS=365

mkdir -p "$CARPETA"
cd "$CARPETA"

# 1. La CA: su clave privada y su certificado (autofirmado).
openssl genrsa -out ca-key.pem 4096 2>/dev/null
openssl req -new -x509 -days "$DIAS" -key ca-key.pem -sha256 \
  -subj "/CN=CA de pruebas" -out ca.pem

# 2. El daemon: clave, petición de firma y certificado firmado por la CA.
#    subjectAltName dice con qué nombres e IP se le puede llamar.
openssl genrsa -out server-key.pem 4096 2>/dev/null
openssl req -new -sha256 -key server-key.pem -subj "/CN=$SERVIDOR" -out server.csr
printf 'subjectAltName = DNS:%s,IP:%s\nextendedKeyUsage = serverAuth\n' \
  "$SERVIDOR" "$IP" > extfile.cnf
openssl x509 -req -days "$DIAS" -sha256 -in server.csr -CA ca.pem -CAkey ca-key.pem \
  -CAcreateserial -out server-cert.pem -extfile extfile.cnf 2>/dev/null

# 3. El cliente: igual, pero con uso "clientAuth".
openssl genrsa -out key.pem 4096 2>/dev/null
openssl req -new -key key.pem -subj "/CN=cliente" -out client.csr
printf 'extendedKeyUsage = clientAuth\n' > extfile-client.cnf
openssl x509 -req -days "$DIAS" -sha256 -in client.csr -CA ca.pem -CAkey ca-key.pem \
  -CAcreateserial -out cert.pem -extfile extfile-client.cnf 2>/dev/null

# Las claves privadas, solo legibles por su dueño; las peticiones ya no sirven.
rm -f server.csr client.csr extfile.cnf extfile-client.cnf ca.srl
chmod 0400 ca-key.pem key.pem server-key.pem
chmod 0444 ca.pem server-cert.pem cert.pem
ls
