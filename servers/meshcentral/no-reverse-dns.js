// Preloaded into MeshCentral (node --require) by cira-bench.js.
// MeshCentral's MPS looks up the address of every CIRA device it has not seen (mpsserver.js,
// dns.reverse on the socket's remote address) and names the device after the answer, else after
// the address. The bench's devices dial from 127.x addresses, and the machine's resolver may be off
// loopback: this answers every reverse lookup "not found" at once, so no packet leaves loopback.
'use strict';
const dns = require('dns');
dns.reverse = function (address, callback) {
  const error = new Error('getHostByAddr ENOTFOUND ' + address);
  error.code = 'ENOTFOUND';
  process.nextTick(() => callback(error, []));
};
