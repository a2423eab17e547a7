// Drives MeshCentral's own WS-Man stack (amt/amt-wsman-comm.js, amt/amt-wsman.js, amt/amt.js from the
// npm package meshcentral, installed by .ci/install-node-deps.sh) against one simulated device.
// Usage: node meshcentral-wsman.js <config.json>
// config: { "modules": "<folder holding node_modules/meshcentral>", "host", "port", "user", "pass",
//           "tls": false|true, "cert": "<client chain PEM file>", "key": "<client key PEM file>" }
// Prints one JSON object: the Enumerate results of AMT_GeneralSettings and CIM_SoftwareIdentity, the
// Get result of AMT_SetupAndConfigurationService, the Server header version MeshCentral read and,
// over TLS, the device certificate's subject and how MeshCentral classified it.
'use strict';

const fs = require('fs');
const path = require('path');

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const amtFolder = path.join(config.modules, 'node_modules', 'meshcentral', 'amt');
const CreateWsmanComm = require(path.join(amtFolder, 'amt-wsman-comm.js'));
const WsmanStackCreateService = require(path.join(amtFolder, 'amt-wsman.js'));
const AmtStackCreateService = require(path.join(amtFolder, 'amt.js'));

let tlsOptions = null;
if (config.tls && config.cert) {
  tlsOptions = { cert: fs.readFileSync(config.cert, 'utf8'), key: fs.readFileSync(config.key, 'utf8') };
}

const comm = CreateWsmanComm(config.host, config.port, config.user, config.pass, config.tls ? 1 : 0, tlsOptions);
// No pinned device certificate: MeshCentral then accepts the device's certificate and marks it untrusted (xtlsCheck 3).
comm.xtlsFingerprint = 0;
const amt = AmtStackCreateService(WsmanStackCreateService(comm));

const deadline = setTimeout(() => {
  process.stdout.write(JSON.stringify({ error: 'timed out waiting for the device' }) + '\n');
  process.exit(2);
}, 60000);

function enumerate(name) {
  return new Promise((resolve) => {
    amt.Enum(name, (stack, n, items, status) => resolve({ status: status, items: items || [] }));
  });
}

function get(name) {
  return new Promise((resolve) => {
    amt.Get(name, (stack, n, response, status) => resolve({ status: status, body: response ? response.Body : null }));
  });
}

(async () => {
  const result = {};
  result.generalSettings = await enumerate('AMT_GeneralSettings');
  result.softwareIdentity = await enumerate('CIM_SoftwareIdentity');
  result.setupAndConfiguration = await get('AMT_SetupAndConfigurationService');
  result.amtVersionHeader = comm.amtVersion;
  if (config.tls) {
    const certificate = comm.xtlsCertificate;
    result.tls = { check: comm.xtlsCheck, subjectCn: certificate && certificate.subject ? certificate.subject.CN : null };
  }
  clearTimeout(deadline);
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
})();
