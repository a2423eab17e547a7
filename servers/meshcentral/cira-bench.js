#!/usr/bin/env node
// Runs MeshCentral (npm package meshcentral, installed by .ci/install-node-deps.sh) as the MPS of
// `amtsim bench cira`: no hello server, no activation. Writes a data folder with config.json (loopback
// web port, MPS on 127.0.0.1:<--mps-port>, settings.mpsPass = --mps-password), creates an account
// (meshcentral --createaccount, --adminaccount), starts MeshCentral, creates an Intel-AMT-only device group (meshctrl
// AddDeviceGroup --amtonly; the MPS adds every CIRA device that names it to that group) and prints
//   amtsim-cira-bench: ready {"meshId":…,"mpsUser":…,"mpsAddress":…,"mpsPort":…,"root":…,"pid":…}
// then, every --stats-every ms, MeshCentral's own MPS counters (server console command mpsstats, over
// the control websocket as its administrator) as
//   amtsim-cira-bench: mps {"ciraConnections":…,…}
// It stays up until SIGTERM/SIGINT or its standard input ends, then stops MeshCentral.
// Options: --work DIR (required), --mps-password P (required), --mps-port N (4433), --stats-every MS (1000).
'use strict';
const fs = require('fs');
const path = require('path');
const net = require('net');
const os = require('os');
const { spawn, execFileSync } = require('child_process');

const cache = process.env.AMTSIM_NODE_CACHE || path.join(os.homedir(), '.cache', 'amtsim', 'node');
const mcDir = path.join(cache, 'node_modules', 'meshcentral');
const mcMain = path.join(mcDir, 'meshcentral.js');
const mcCtrl = path.join(mcDir, 'meshctrl.js');
const PREFIX = 'amtsim-cira-bench: ';
const log = (m) => console.log(PREFIX + m);
const argv = process.argv.slice(2);
const option = (name, fallback) => { const i = argv.indexOf(name); return (i >= 0 && i + 1 < argv.length) ? argv[i + 1] : fallback; };

if (!fs.existsSync(mcMain)) { log('error MeshCentral not found in ' + mcDir + '; run .ci/install-node-deps.sh'); process.exit(3); }
const work = option('--work', null);
const mpsPassword = option('--mps-password', null);
const mpsPort = parseInt(option('--mps-port', '4433'), 10);
const statsEvery = parseInt(option('--stats-every', '1000'), 10);
if (!work || !mpsPassword) { log('error usage: cira-bench.js --work DIR --mps-password P [--mps-port N] [--stats-every MS]'); process.exit(3); }
const user = 'amtsim';
const pass = 'Amtsim-Admin1!';
const dataDir = path.join(work, 'meshcentral-data');
fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

function writeConfig(webPort) {
  const settings = {
    cert: '127.0.0.1', port: webPort, portBind: '127.0.0.1', aliasPort: webPort, redirPort: 0,
    mpsPort: mpsPort, mpsPortBind: '127.0.0.1', mpsPass: mpsPassword,
    exactPorts: true, lanOnly: false, selfUpdate: false, noAgentUpdate: true, noUsers: false, minify: false,
  };
  const config = { settings: settings, domains: { '': { title: 'AmtSim CIRA bench', newAccounts: false } } };
  fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify(config, null, 2));
}

let child = null;
let lines = [];
function startServer() {
  // no-reverse-dns.js: the MPS looks up every new CIRA device's address (dns.reverse); the bench keeps
  // every packet on loopback, so the lookup answers "not found" at once (the MPS then names the host by its address).
  const args = ['--require', path.join(__dirname, 'no-reverse-dns.js'), mcMain, '--datapath', dataDir, '--launch', String(process.pid)];
  child = spawn(process.execPath, args, { cwd: mcDir, stdio: ['pipe', 'pipe', 'pipe'] });
  const onData = (d) => { for (const l of d.toString().split(/\r?\n/)) { if (l.length) { if (lines !== null) { lines.push(l); } console.log(l); } } };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
}

function waitFor(pattern, ms) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => {
      if (lines.some((l) => pattern.test(l))) return resolve();
      if (child.exitCode !== null) return reject(new Error('MeshCentral exited with ' + child.exitCode));
      if (Date.now() - t0 > ms) return reject(new Error('timed out waiting for ' + pattern));
      setTimeout(tick, 200);
    };
    tick();
  });
}

function meshctrl(webPort, args) {
  return execFileSync(process.execPath, [mcCtrl, '--url', 'wss://127.0.0.1:' + webPort, '--loginuser', user, '--loginpass', pass].concat(args), { cwd: mcDir, encoding: 'utf8', timeout: 60000 });
}

// The server console's mpsstats ("name: value" lines) as an object of numbers, every statsEvery ms.
function pollStats(webPort) {
  const WebSocket = require(path.join(cache, 'node_modules', 'ws'));
  const auth = Buffer.from(user).toString('base64') + ',' + Buffer.from(pass).toString('base64');
  const ws = new WebSocket('wss://127.0.0.1:' + webPort + '/control.ashx', { rejectUnauthorized: false, headers: { 'x-meshauth': auth } });
  let timer = null;
  ws.on('error', (e) => { log('error control websocket: ' + e.message); });
  ws.on('close', () => { if (timer) clearInterval(timer); });
  // The server takes commands once it has sent its first message (as launch.js's meshamtpolicy does).
  ws.on('message', (raw) => {
    const m = JSON.parse(raw.toString());
    if (timer === null) {
      const ask = () => { try { ws.send(JSON.stringify({ action: 'serverconsole', value: 'mpsstats', tag: 'amtsim' })); } catch (e) { } };
      ask();
      timer = setInterval(ask, statsEvery);
    }
    if (m.action !== 'serverconsole' || m.tag !== 'amtsim' || typeof m.value !== 'string') return;
    const stats = {};
    for (const l of m.value.split(/\r?\n/)) { const kv = /^(\w+): (-?\d+)$/.exec(l.trim()); if (kv) stats[kv[1]] = parseInt(kv[2], 10); }
    stats.at = Date.now();
    console.log(PREFIX + 'mps ' + JSON.stringify(stats));
  });
  return ws;
}

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  if (!child || child.exitCode !== null) process.exit(code);
  child.on('exit', () => process.exit(code));
  child.stdin.end();
  child.kill('SIGTERM');
  setTimeout(() => { child.kill('SIGKILL'); }, 10000).unref();
}

(async () => {
  const webPort = await freePort();
  writeConfig(webPort);
  execFileSync(process.execPath, [mcMain, '--datapath', dataDir, '--createaccount', user, '--pass', pass, '--email', 'amtsim@contoso.com', '--domain', ''], { cwd: mcDir, stdio: ['ignore', 'ignore', 'inherit'], timeout: 120000 });
  // The server console (mpsstats) answers only a full site administrator; --createaccount's --admin does not make one.
  execFileSync(process.execPath, [mcMain, '--datapath', dataDir, '--adminaccount', user, '--domain', ''], { cwd: mcDir, stdio: ['ignore', 'ignore', 'inherit'], timeout: 120000 });
  startServer();
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  process.stdin.on('end', () => stop(0));
  process.stdin.resume();
  child.on('exit', (code) => { if (!stopping) { log('error MeshCentral exited with ' + code); process.exit(code === null ? 1 : code || 1); } });
  await waitFor(/MeshCentral HTTPS server running/, 120000);
  await waitFor(/MeshCentral Intel\(R\) AMT server running/, 30000);
  const out = meshctrl(webPort, ['AddDeviceGroup', '--name', 'AmtSim CIRA bench', '--amtonly']);
  const m = /^ok (mesh\/\/\S+)/m.exec(out);
  if (!m) { log('error AddDeviceGroup failed: ' + out.trim()); stop(1); return; }
  const meshId = m[1];
  lines = null;
  // MeshCentral's amtmanager writes this username into AddMpServer: the group id's first 16 characters, @ and $ as X.
  const mpsUser = meshId.split('/')[2].replace(/@/g, 'X').replace(/\$/g, 'X').substring(0, 16);
  pollStats(webPort);
  console.log(PREFIX + 'ready ' + JSON.stringify({ meshId: meshId, mpsUser: mpsUser, mpsAddress: '127.0.0.1', mpsName: '127.0.0.1', mpsPort: mpsPort, root: path.join(dataDir, 'root-cert-public.crt'), pid: child.pid, webPort: webPort }));
})().catch((e) => { log('error setup failed: ' + e.message); if (child) child.kill('SIGKILL'); process.exit(3); });
