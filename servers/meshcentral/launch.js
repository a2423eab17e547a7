#!/usr/bin/env node
// Runs MeshCentral (npm package meshcentral, installed by .ci/install-node-deps.sh) as the
// provisioning server of an AmtSim world, through the external-process adapter.
// Reads AMTSIM_SERVER_ADDRESS, AMTSIM_HELLO_PORT, AMTSIM_PROVISIONING_PFX(_PASSWORD), AMTSIM_WORK_DIR;
// writes a data folder with config.json (loopback web port, Intel AMT hello server on the
// scenario's hello port, ACM activation certificate = the scenario's PFX, trusted FQDN),
// creates an account (meshcentral --createaccount) and an Intel-AMT-only device group
// (meshctrl AddDeviceGroup --amtonly), sets the group's ACM activation policy over the control
// websocket (action meshamtpolicy), then restarts MeshCentral with the hello server and stays
// in the foreground, its output on stdout, until SIGTERM or until every device of the
// devices file has reached an end in MeshCentral's log (activated, or failed and given up).
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
const log = (m) => console.log('amtsim-meshcentral: ' + m);
const need = (k) => { const v = process.env[k]; if (!v) { log('missing ' + k); process.exit(3); } return v; };

if (!fs.existsSync(mcMain)) { log('MeshCentral not found in ' + mcDir + '; run .ci/install-node-deps.sh'); process.exit(3); }
const address = need('AMTSIM_SERVER_ADDRESS');
const helloPort = parseInt(need('AMTSIM_HELLO_PORT'), 10);
const pfx = need('AMTSIM_PROVISIONING_PFX');
const pfxPass = process.env.AMTSIM_PROVISIONING_PFX_PASSWORD || '';
const work = need('AMTSIM_WORK_DIR');
// MeshCentral's "trusted FQDN" is the DNS suffix devices got (DHCP option 15), matched against the
// activation certificate's CN reduced to its registrable domain (oobsp.contoso.com -> contoso.com).
const trustedFqdn = process.env.AMTSIM_TRUSTED_FQDN || devicesSuffix() || 'contoso.com';
const mebxPassword = process.env.AMTSIM_MEBX_PASSWORD || 'Amtsim-Mebx1!';
// The group's policy carries the admin password: without one, MeshCentral 1.1.55's hello server makes
// a random one through an undefined obj.crypto (amtprovisioningserver.js getRandomAmtPassword) and
// crashes. Type 3 (ACM, no CCM fallback) is the policy that can carry a password; type 4 cannot.
const amtPassword = process.env.AMTSIM_AMT_PASSWORD || 'Amtsim-Admin2!';
// CIRA scenarios (launch.js --cira [--mps-password P] [--environment-detection a,b] [--cira-wait S]):
// MeshCentral's MPS on 127.0.0.1:4433, the group policy asks for CIRA (cirasetup 2), and the launcher
// waits after the activations until every device is managed through its CIRA tunnel (or S seconds).
const argv = process.argv.slice(2);
const flag = (name) => argv.indexOf(name) >= 0;
const option = (name, fallback) => { const i = argv.indexOf(name); return (i >= 0 && i + 1 < argv.length) ? argv[i + 1] : fallback; };
const cira = flag('--cira');
const mpsPassword = option('--mps-password', null);
const environmentDetection = option('--environment-detection', null);
const ciraWaitMs = parseInt(option('--cira-wait', '45'), 10) * 1000;
// --foreign-mps-cert: before the restart, MeshCentral's MPS certificate (CN 127.0.0.1) is replaced by one
// from a CA of its own (openssl), so the MPS chains to a root MeshCentral never gives the devices.
const foreignMpsCert = flag('--foreign-mps-cert');
const MPS_PORT = 4433;
const user = 'amtsim';
const pass = 'Amtsim-Admin1!';

function readDevices() {
  try { return JSON.parse(fs.readFileSync(process.env.AMTSIM_DEVICES_FILE, 'utf8')); } catch (e) { return []; }
}

function devicesSuffix() {
  try {
    const devices = readDevices();
    const fqdn = devices.map((d) => d.fqdn).find((f) => typeof f === 'string' && f.indexOf('.') > 0);
    return fqdn ? fqdn.substring(fqdn.indexOf('.') + 1) : null;
  } catch (e) { return null; }
}

const dataDir = path.join(work, 'meshcentral-data');
fs.mkdirSync(dataDir, { recursive: true });
fs.copyFileSync(pfx, path.join(dataDir, 'acm.pfx'));

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

function writeConfig(webPort, group) {
  const settings = {
    cert: '127.0.0.1', port: webPort, portBind: '127.0.0.1', aliasPort: webPort, redirPort: 0, mpsPort: 0,
    exactPorts: true, lanOnly: true, selfUpdate: false, noAgentUpdate: true, noUsers: false, minify: false,
  };
  if (cira) {
    Object.assign(settings, { lanOnly: false, mpsPort: MPS_PORT, mpsPortBind: '127.0.0.1' });
    if (mpsPassword) { settings.mpsPass = mpsPassword; }
  }
  if (group) {
    settings.amtProvisioningServer = { port: helloPort, ip: address, deviceGroup: group, newMebxPassword: mebxPassword, trustedFqdn: trustedFqdn };
  }
  const config = {
    settings: settings,
    domains: { '': { title: 'AmtSim', newAccounts: false, amtAcmActivation: { log: 'amtactivation.log', certs: { amtsim: { certpfx: 'acm.pfx', certpfxpass: pfxPass } } } } },
  };
  if (cira && environmentDetection) { config.domains[''].amtManager = { environmentDetection: environmentDetection.split(',') }; }
  fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify(config, null, 2));
}

// The hello server never exits by itself. Once every device of the world has reached an end in
// MeshCentral's own words (activated, or a TLS/certificate failure it gives up on), the launcher
// stops it and exits, so a world does not wait out its external timeout.
const ENDED = /^AMTSCA: (\S+) (Intel AMT ACM activation completed\.|Failed TLS connection.*|Unable to find a matching ACM activation certificate\.)$/;
const pending = new Set(readDevices().map((d) => d.address));
let settling = null;
// In CIRA scenarios the activations are only the start: the launcher then waits until MeshCentral's
// Intel AMT manager has reached every device through its tunnel ("CIRA-Connect", then "Intel AMT
// connected." from AMT_GeneralSettings read over the channel), or until --cira-wait has passed.
const CIRA_MANAGED = /^AMT: .* Intel AMT connected\.$/;
let activated = false;
let ciraManaged = 0;
let ciraCountdown = null;
function noteEnd(line) {
  if (cira && activated && /^AMT: .*CIRA-Connect/.test(line)) { ciraPending.add(line); }
  if (cira && activated && ciraPending.size > 0 && CIRA_MANAGED.test(line)) { ciraManaged++; if (ciraManaged >= readDevices().length && settling) { settling(); } }
  const m = ENDED.exec(line);
  if (!m || !pending.delete(m[1]) || pending.size > 0 || settling === null) return;
  if (!cira) { settling(); return; }
  activated = true;
  log('every device reached an end of its activation; waiting up to ' + (ciraWaitMs / 1000) + ' s for CIRA');
  ciraCountdown = setTimeout(() => { if (settling) settling(); }, ciraWaitMs);
}
const ciraPending = new Set();

let child = null;
function startServer(extraArgs) {
  const preload = cira ? ['--require', path.join(__dirname, 'cira-over-lan.js')] : [];
  const args = ['--require', path.join(__dirname, 'tls-chain-order.js')].concat(preload, [mcMain, '--datapath', dataDir, '--launch', String(process.pid)]).concat(extraArgs);
  child = spawn(process.execPath, args, { cwd: mcDir, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = [];
  const onData = (d) => { for (const l of d.toString().split(/\r?\n/)) { if (l.length) { lines.push(l); console.log(l); noteEnd(l); } } };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return { proc: child, lines: lines };
}

function waitFor(server, pattern, ms) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => {
      if (server.lines.some((l) => pattern.test(l))) return resolve();
      if (server.proc.exitCode !== null) return reject(new Error('MeshCentral exited with ' + server.proc.exitCode));
      if (Date.now() - t0 > ms) return reject(new Error('timed out waiting for ' + pattern));
      setTimeout(tick, 200);
    };
    tick();
  });
}

function stopServer(server) {
  return new Promise((resolve) => {
    if (server.proc.exitCode !== null) return resolve();
    server.proc.on('exit', () => resolve());
    server.proc.stdin.end();
    server.proc.kill('SIGTERM');
  });
}

function meshctrl(webPort, args) {
  return execFileSync(process.execPath, [mcCtrl, '--url', 'wss://127.0.0.1:' + webPort, '--loginuser', user, '--loginpass', pass].concat(args), { cwd: mcDir, encoding: 'utf8', timeout: 60000 });
}

function setAcmPolicy(webPort, meshid) {
  const WebSocket = require(path.join(cache, 'node_modules', 'ws'));
  return new Promise((resolve, reject) => {
    const auth = Buffer.from(user).toString('base64') + ',' + Buffer.from(pass).toString('base64');
    const ws = new WebSocket('wss://127.0.0.1:' + webPort + '/control.ashx', { rejectUnauthorized: false, headers: { 'x-meshauth': auth } });
    const timer = setTimeout(() => { ws.terminate(); reject(new Error('meshamtpolicy timed out')); }, 30000);
    ws.on('error', (e) => { clearTimeout(timer); reject(e); });
    let sent = false;
    ws.on('message', (raw) => {
      const m = JSON.parse(raw.toString());
      if (!sent) {
        sent = true;
        ws.send(JSON.stringify({ action: 'meshamtpolicy', meshid: meshid, amtpolicy: { type: 3, password: amtPassword, badpass: 0, ccm: 0, cirasetup: cira ? 2 : 0 } }));
      }
      const e = m.event;
      if (m.action === 'event' && e && e.action === 'meshchange' && e.meshid === meshid && e.amt && e.amt.type === 3) {
        clearTimeout(timer);
        ws.close();
        resolve();
      }
    });
  });
}

// MeshCentral's database (NeDB) appends each change to meshcentral.db; the server exits at once when its
// stdin ends, so it is stopped only after the policy change is written.
function waitForPolicyOnDisk(meshid, ms) {
  const file = path.join(dataDir, 'meshcentral.db');
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => {
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      const written = text.split(/\r?\n/).some((l) => {
        try { const d = JSON.parse(l); return d._id === meshid && d.amt && d.amt.type === 3 && typeof d.amt.password === 'string'; } catch (e) { return false; }
      });
      if (written) return resolve();
      if (Date.now() - t0 > ms) return reject(new Error('the ACM policy of ' + meshid + ' was not written to ' + file));
      setTimeout(tick, 250);
    };
    tick();
  });
}

function replaceMpsCertificate() {
  const dir = path.join(work, 'foreign-ca');
  fs.mkdirSync(dir, { recursive: true });
  const ssl = (args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'], timeout: 60000 });
  fs.writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  ssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'root.key', '-out', 'root.crt', '-subj', '/CN=AmtSim Foreign MPS Root', '-days', '3650']);
  ssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'mps.key', '-out', 'mps.csr', '-subj', '/CN=127.0.0.1']);
  ssl(['x509', '-req', '-in', 'mps.csr', '-CA', 'root.crt', '-CAkey', 'root.key', '-CAcreateserial', '-out', 'mps.crt', '-days', '825', '-extfile', 'ext.cnf']);
  fs.copyFileSync(path.join(dir, 'mps.crt'), path.join(dataDir, 'mpsserver-cert-public.crt'));
  fs.copyFileSync(path.join(dir, 'mps.key'), path.join(dataDir, 'mpsserver-cert-private.key'));
  log('MPS certificate replaced by one from AmtSim Foreign MPS Root');
}

(async () => {
  const webPort = await freePort();
  log('data folder ' + dataDir + ', web port ' + webPort + ', hello ' + address + ':' + helloPort + ', trusted FQDN ' + trustedFqdn);
  writeConfig(webPort, null);
  execFileSync(process.execPath, [mcMain, '--datapath', dataDir, '--createaccount', user, '--pass', pass, '--email', 'amtsim@contoso.com', '--domain', '', '--admin'], { cwd: mcDir, stdio: ['ignore', 'inherit', 'inherit'], timeout: 120000 });
  let server = startServer([]);
  await waitFor(server, /MeshCentral HTTPS server running/, 120000);
  const out = meshctrl(webPort, ['AddDeviceGroup', '--name', 'AmtSim ACM', '--amtonly']);
  const m = /^ok (mesh\/\/\S+)/m.exec(out);
  if (!m) { log('AddDeviceGroup failed: ' + out.trim()); await stopServer(server); process.exit(1); }
  const meshid = m[1];
  log('device group ' + meshid);
  await setAcmPolicy(webPort, meshid);
  await waitForPolicyOnDisk(meshid, 30000);
  log('ACM activation policy set (type 3, admin password given)');
  await stopServer(server);

  writeConfig(webPort, meshid);
  if (cira && foreignMpsCert) { replaceMpsCertificate(); }
  server = startServer(['--debug', cira ? 'amtsca,amt,mps' : 'amtsca']);
  process.on('SIGTERM', () => { stopServer(server).then(() => process.exit(0)); });
  process.on('SIGINT', () => { stopServer(server).then(() => process.exit(0)); });
  let stopping = false;
  server.proc.on('exit', (code) => { log('MeshCentral exited with ' + code); process.exit(stopping ? 0 : (code === null ? 1 : code)); });
  settling = () => {
    if (stopping) return;
    if (ciraCountdown) clearTimeout(ciraCountdown);
    stopping = true;
    log('every device reached an end; stopping MeshCentral');
    // The world takes the devices' CIRA states on that line; a second later MeshCentral (and its MPS) goes.
    setTimeout(() => stopServer(server).then(() => process.exit(0)), cira ? 1000 : 0);
  };
})().catch((e) => { log('setup failed: ' + e.message); if (child) child.kill('SIGKILL'); process.exit(3); });
