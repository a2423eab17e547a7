// Preloaded into MeshCentral (node --require) by launch.js in CIRA scenarios.
// MeshCentral 1.1.55's Intel AMT manager sets up CIRA (attemptRootCertSync, attemptCiraSync) only over
// its agent's CIRA-LMS tunnel (connType 2). AmtSim runs no MeshAgent: the hello server's activation
// hands the device to the manager over the LAN (connType 3). This lets those two steps run over that
// connection too; everything else they do (AddTrustedRootCertificate with MeshCentral's root,
// AddMpServer, AddRemoteAccessPolicyRule, environment detection) is MeshCentral's own code, unchanged.
'use strict';
const Module = require('module');
const original = Module.prototype._compile;
const patches = [
  ['if (forced !== true) { if ((dev.connType != 2) || (dev.policy.ciraPolicy != 2))', 'if (forced !== true) { if (((dev.connType != 2) && (dev.connType != 3)) || (dev.policy.ciraPolicy != 2))'],
  ['if ((dev.connType != 2) || ((dev.policy.ciraPolicy != 1) && (dev.policy.ciraPolicy != 2)))', 'if (((dev.connType != 2) && (dev.connType != 3)) || ((dev.policy.ciraPolicy != 1) && (dev.policy.ciraPolicy != 2)))'],
];
Module.prototype._compile = function (content, filename) {
  if (filename.endsWith('amtmanager.js')) {
    for (const [from, to] of patches) {
      if (content.indexOf(from) < 0) { throw new Error('cira-over-lan: MeshCentral amtmanager.js changed; not found: ' + from); }
      content = content.replace(from, to);
    }
  }
  return original.call(this, content, filename);
};
