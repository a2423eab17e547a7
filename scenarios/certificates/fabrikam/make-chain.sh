#!/usr/bin/env bash
# Regenerates the Fabrikam example chain with OpenSSL (not AmtSim's own certificate factory), the
# way a customer's internal CA would issue it: a root, an issuing CA, and an AMT provisioning
# certificate for oobsp.fabrikam.com (server authentication EKU, the Intel AMT setup OID and the
# "Intel(R) Client Setup Certificate" OU), exported as a password-protected PFX with the whole
# certification path, root included (what AMT needs to see), and
# as PEM (certificate, encrypted PKCS#8 key). Fixed dates, so the scenarios' `now` stays inside them.
# The password is the example's only secret: scenarios read it from AMTSIM_EXAMPLE_PFX_PASSWORD or
# give it inline (see scenarios/README.md, "Your own certificates").
set -euo pipefail
cd "$(dirname "$0")"
password='Fabrikam-2026!'
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/db"
: > "$work/db/index.txt"
echo 1000 > "$work/db/serial"
cat > "$work/ca.cnf" <<CNF
[ ca ]
default_ca = ca_default
[ ca_default ]
database = $work/db/index.txt
serial = $work/db/serial
new_certs_dir = $work/db
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
[ policy_any ]
commonName = supplied
organizationName = optional
organizationalUnitName = optional
[ v3_root ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ v3_issuing ]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ v3_provisioning ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, 2.16.840.1.113741.1.2.3
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:oobsp.fabrikam.com
CNF
sign() { # csr issuer-cert issuer-key extensions out start end
  openssl ca -batch -config "$work/ca.cnf" -in "$1" -cert "$2" -keyfile "$3" -extensions "$4" -out "$5" -startdate "$6" -enddate "$7" -notext 2>/dev/null
}
openssl genrsa -out "$work/root.key" 2048 2>/dev/null
openssl req -new -key "$work/root.key" -subj "/O=Fabrikam/CN=Fabrikam Root CA" -out "$work/root.csr"
openssl ca -batch -selfsign -config "$work/ca.cnf" -in "$work/root.csr" -keyfile "$work/root.key" -extensions v3_root -out fabrikam-root.pem -startdate 20250101000000Z -enddate 20450101000000Z -notext 2>/dev/null
openssl genrsa -out "$work/issuing.key" 2048 2>/dev/null
openssl req -new -key "$work/issuing.key" -subj "/O=Fabrikam/CN=Fabrikam Issuing CA 01" -out "$work/issuing.csr"
sign "$work/issuing.csr" fabrikam-root.pem "$work/root.key" v3_issuing fabrikam-issuing-ca.pem 20250101000000Z 20350101000000Z
openssl genrsa -out "$work/prov.key" 2048 2>/dev/null
openssl req -new -key "$work/prov.key" -subj "/O=Fabrikam/OU=Intel(R) Client Setup Certificate/CN=oobsp.fabrikam.com" -out "$work/prov.csr"
sign "$work/prov.csr" fabrikam-issuing-ca.pem "$work/issuing.key" v3_provisioning provisioning.pem 20260101000000Z 20280101000000Z
openssl pkcs8 -topk8 -v2 aes-256-cbc -in "$work/prov.key" -out provisioning-key.pem -passout "pass:$password"
openssl pkcs12 -export -in provisioning.pem -inkey "$work/prov.key" -certfile <(cat fabrikam-issuing-ca.pem fabrikam-root.pem) -name "oobsp.fabrikam.com" -out provisioning.pfx -passout "pass:$password"
echo "wrote fabrikam-root.pem fabrikam-issuing-ca.pem provisioning.pem provisioning-key.pem provisioning.pfx"
