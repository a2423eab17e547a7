// Preloaded into MeshCentral (node --require) by launch.js.
// MeshCentral 1.1.55's Intel AMT hello server (amtprovisioningserver.js, processHelloDataEx1) hands
// tls.connect its ACM chain root first (it reverses the leaf-first list from getAcmCertChain), and
// Node then fails with ERR_OSSL_X509_KEY_VALUES_MISMATCH because the first certificate of `cert`
// must belong to `key`. This shim reorders such a PEM bundle into issuing order (the certificate of
// the key first, then each issuer) before the call; bundles already in that order pass unchanged.
'use strict';
const tls = require('tls');
const crypto = require('crypto');

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function issuingOrder(bundle, key) {
  const pems = bundle.match(PEM);
  if (!pems || pems.length < 2) return null;
  const certs = pems.map((p) => ({ pem: p, x509: new crypto.X509Certificate(p) }));
  let keyPublic;
  try { keyPublic = crypto.createPublicKey(key).export({ type: 'spki', format: 'der' }); } catch (e) { return null; }
  const leaf = certs.find((c) => c.x509.publicKey.export({ type: 'spki', format: 'der' }).equals(keyPublic));
  if (!leaf || leaf === certs[0]) return null;
  const chain = [leaf];
  let current = leaf;
  while (chain.length < certs.length) {
    const issuer = certs.find((c) => !chain.includes(c) && current.x509.checkIssued(c.x509));
    if (!issuer) break;
    chain.push(issuer);
    current = issuer;
  }
  for (const c of certs) { if (!chain.includes(c)) chain.push(c); }
  return chain.map((c) => c.pem).join('\n') + '\n';
}

const connect = tls.connect;
tls.connect = function (...args) {
  const options = args.find((a) => a !== null && typeof a === 'object');
  if (options && typeof options.cert === 'string' && options.key != null) {
    const ordered = issuingOrder(options.cert, options.key);
    if (ordered) {
      options.cert = ordered;
      console.log('amtsim-meshcentral: reordered the client certificate chain leaf first (MeshCentral passes it root first)');
    }
  }
  const socket = connect.apply(this, args);
  socket.on('error', (e) => console.log('amtsim-meshcentral: TLS to ' + (socket.remoteAddress || '?') + ' failed: ' + (e.code || '') + ' ' + e.message));
  return socket;
};
