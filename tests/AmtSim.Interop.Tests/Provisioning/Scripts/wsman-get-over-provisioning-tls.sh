#!/usr/bin/env bash
# A minimal third-party "provisioning server" for the external-process adapter: reads the first
# device of AMTSIM_DEVICES_FILE, opens TLS to it with openssl s_client presenting the chain of
# AMTSIM_PROVISIONING_PFX as client certificate, sends one WS-Man Get AMT_GeneralSettings (no
# Digest: in setup mode an accepted client chain makes the caller admin) and prints what it got.
set -u
work="${AMTSIM_WORK_DIR:?}"
read -r addr port fqdn < <(python3 -c 'import json, os; d = json.load(open(os.environ["AMTSIM_DEVICES_FILE"]))[0]; print(d["address"], d["tlsPort"], d["fqdn"])')
echo "external: device $fqdn at $addr:$port"

pfx="${AMTSIM_PROVISIONING_PFX:?}"
pass="pass:${AMTSIM_PROVISIONING_PFX_PASSWORD:-}"
extract() {
  openssl pkcs12 -in "$pfx" -passin "$pass" "$@" 2>/dev/null || openssl pkcs12 -legacy -in "$pfx" -passin "$pass" "$@"
}
extract -nokeys -clcerts -out "$work/leaf.pem" || { echo "external: cannot read the PFX"; exit 3; }
extract -nocerts -nodes -out "$work/key.pem" || exit 3
extract -nokeys -cacerts -out "$work/cacerts.pem" || exit 3
# The PFX lists root first; the device wants leaf, intermediate(s), root in issuing order.
python3 - "$work/cacerts.pem" "$work/chain.pem" <<'PY'
import re, sys
blocks = re.findall(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", open(sys.argv[1]).read(), re.S)
open(sys.argv[2], "w").write("\n".join(reversed(blocks)) + "\n")
PY

body='<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"><s:Header><a:Action s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/09/transfer/Get</a:Action><a:To s:mustUnderstand="true">/wsman</a:To><w:ResourceURI s:mustUnderstand="true">http://intel.com/wbem/wscim/1/amt-schema/1/AMT_GeneralSettings</w:ResourceURI><a:MessageID s:mustUnderstand="true">uuid:00000000-8086-8086-8086-000000000001</a:MessageID><a:ReplyTo><a:Address s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo><w:OperationTimeout>PT60S</w:OperationTimeout></s:Header><s:Body/></s:Envelope>'
{
  printf 'POST /wsman HTTP/1.1\r\nHost: %s:%s\r\nContent-Type: application/soap+xml; charset=UTF-8\r\nContent-Length: %d\r\nConnection: close\r\n\r\n' "$fqdn" "$port" "${#body}"
  printf '%s' "$body"
} > "$work/request.txt"

# AMT 11 and older speak TLS 1.0/1.1 only; OpenSSL 3 allows those (and their MD5+SHA1 client signature) at security level 0.
timeout 30 openssl s_client -connect "$addr:$port" -cipher 'DEFAULT:@SECLEVEL=0' -cert "$work/leaf.pem" -key "$work/key.pem" -cert_chain "$work/chain.pem" \
  -ign_eof -quiet < "$work/request.txt" > "$work/reply.txt" 2> "$work/s_client.err"
rc=$?
echo "external: s_client exit $rc"
status=$(head -n 1 "$work/reply.txt" | tr -d '\r')
echo "external: status $status"
realm=$(grep -o 'DigestRealm>[^<]*' "$work/reply.txt" | head -n 1 | cut -d'>' -f2)
echo "external: DigestRealm $realm"
[ -n "$realm" ] || { sed 's/^/external: s_client: /' "$work/s_client.err"; exit 1; }
