// Drives MeshCentral's WS-Man stack (amt/amt-wsman-comm.js, amt-wsman.js, amt.js from the npm package
// meshcentral, installed by .ci/install-node-deps.sh) through the calls its AMT manager (amtmanager.js) makes
// after activation, in its order and with its class lists: initial contact, clock sync, TLS state, settings,
// hardware inventory, power state polling, a power action with boot options, then the audit log and a user
// consent round as MeshCentral's UI drives them.
// Usage: node meshcentral-manage.js <config.json>
// config: { "modules": "<folder holding node_modules/meshcentral>", "host", "port", "user", "pass", "consentCode": "<code>"|null }
// Prints one JSON object: "calls" (every call: name, HTTP status, ReturnValue when there is one) and the facts the test checks.
'use strict';

const fs = require('fs');
const path = require('path');

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const amtFolder = path.join(config.modules, 'node_modules', 'meshcentral', 'amt');
const CreateWsmanComm = require(path.join(amtFolder, 'amt-wsman-comm.js'));
const WsmanStackCreateService = require(path.join(amtFolder, 'amt-wsman.js'));
const AmtStackCreateService = require(path.join(amtFolder, 'amt.js'));

const comm = CreateWsmanComm(config.host, config.port, config.user, config.pass, 0, null);
const amt = AmtStackCreateService(WsmanStackCreateService(comm));
const calls = [];
const facts = {};

const deadline = setTimeout(() => {
  process.stdout.write(JSON.stringify({ error: 'timed out waiting for the device', calls: calls }) + '\n');
  process.exit(2);
}, 90000);

function record(name, status, body) {
  const returnValue = body && body.ReturnValue !== undefined ? Number(body.ReturnValue) : null;
  calls.push({ name: name, status: status, returnValue: returnValue });
}

// amtstack.BatchEnum as amtmanager.js calls it: '*Name' is a Get, 'Name' an Enumerate/Pull.
function batch(names) {
  return new Promise((resolve) => {
    amt.BatchEnum(null, names, (stack, batchName, responses, status) => {
      for (const n of names) {
        const key = n.replace('*', '');
        const r = responses[key];
        calls.push({ name: n, status: r ? r.status : 'not sent', returnValue: null });
      }
      resolve(responses);
    }, null, true);
  });
}

function exec(name, fn) {
  return new Promise((resolve) => {
    fn((stack, n, response, status) => { record(name, status, response ? response.Body : null); resolve(response ? response.Body : null); });
  });
}

(async () => {
  // Initial contact (attemptInitialContact)
  const contact = await batch(['*AMT_GeneralSettings', '*IPS_HostBasedSetupService']);
  facts.controlMode = contact['IPS_HostBasedSetupService']?.response?.CurrentControlMode;
  facts.amtVersionHeader = comm.amtVersion;

  // attemptSyncClock
  const low = await exec('AMT_TimeSynchronizationService.GetLowAccuracyTimeSynch', (cb) => amt.AMT_TimeSynchronizationService_GetLowAccuracyTimeSynch(cb));
  const tm1 = Math.round(Date.now() / 1000);
  await exec('AMT_TimeSynchronizationService.SetHighAccuracyTimeSynch', (cb) => amt.AMT_TimeSynchronizationService_SetHighAccuracyTimeSynch(low?.Ta0, tm1, tm1, cb));

  // attemptTlsSync, attemptSettingsSync (AMT 6+), attemptCleanCertsSync
  await batch(['AMT_PublicKeyCertificate', 'AMT_PublicPrivateKeyPair', 'AMT_TLSSettingData', 'AMT_TLSCredentialContext']);
  const settings = await batch(['*AMT_GeneralSettings', '*AMT_RedirectionService', '*CIM_KVMRedirectionSAP', '*IPS_OptInService']);
  facts.redirectionEnabledState = settings['AMT_RedirectionService']?.response?.EnabledState;
  await batch(['AMT_PublicKeyCertificate', 'AMT_PublicPrivateKeyPair']);

  // attemptFetchHardwareInventory
  const hw = await batch(['*CIM_ComputerSystemPackage', 'CIM_SystemPackaging', '*CIM_Chassis', 'CIM_Chip', '*CIM_Card', '*CIM_BIOSElement', 'CIM_Processor', 'CIM_PhysicalMemory', 'CIM_MediaAccessDevice', 'CIM_PhysicalPackage']);
  facts.platformGuid = hw['CIM_ComputerSystemPackage']?.response?.PlatformGUID;
  facts.biosVersion = hw['CIM_BIOSElement']?.response?.Version;
  facts.memoryModules = (hw['CIM_PhysicalMemory']?.responses || []).length;

  // fetchPowerState
  const power = await batch(['CIM_ServiceAvailableToElement']);
  facts.powerStateBefore = power['CIM_ServiceAvailableToElement']?.responses?.[0]?.PowerState;
  await batch(['*IPS_PowerManagementService']);

  // performAdvancedPowerAction: boot to BIOS setup with a reset (action 12)
  const boot = await batch(['*AMT_BootSettingData']);
  const bootSettingData = boot['AMT_BootSettingData']?.response || {};
  for (const k of ['WinREBootEnabled', 'UEFILocalPBABootEnabled', 'UEFIHTTPSBootEnabled', 'SecureBootControlEnabled', 'BootguardStatus', 'OptionsCleared', 'BIOSLastStatus', 'UefiBootParametersArray', 'RPEEnabled', 'RSEPassword']) { delete bootSettingData[k]; }
  bootSettingData.ConfigurationDataReset = false;
  bootSettingData.BIOSSetup = true;
  bootSettingData.UseSOL = false;
  await new Promise((resolve) => amt.Put('AMT_BootSettingData', bootSettingData, (stack, n, response, status) => { record('AMT_BootSettingData.Put', status, null); resolve(); }));
  await exec('CIM_BootService.SetBootConfigRole', (cb) => amt.SetBootConfigRole(1, cb));
  await exec('CIM_BootConfigSetting.ChangeBootOrder', (cb) => amt.CIM_BootConfigSetting_ChangeBootOrder(null, cb));
  await exec('CIM_PowerManagementService.RequestPowerStateChange(10)', (cb) => amt.RequestPowerStateChange(10, cb));
  await exec('CIM_PowerManagementService.RequestPowerStateChange(8)', (cb) => amt.RequestPowerStateChange(8, cb));
  const after = await batch(['CIM_ServiceAvailableToElement']);
  facts.powerStateAfter = after['CIM_ServiceAvailableToElement']?.responses?.[0]?.PowerState;

  // The audit log, as MeshCentral's UI reads it (amt.js GetAuditLog decodes every record)
  await new Promise((resolve) => amt.GetAuditLog((stack, records, status) => {
    calls.push({ name: 'AMT_AuditLog.ReadRecords', status: status, returnValue: null });
    facts.auditEvents = (records || []).map((r) => r.Event);
    resolve();
  }));

  // User consent (MeshCentral's KVM/SOL consent dialog)
  await exec('IPS_OptInService.StartOptIn', (cb) => amt.IPS_OptInService_StartOptIn(cb));
  if (config.consentCode) {
    // The code the host's screen shows (the test knows it: the device draws it from its seed).
    await exec('IPS_OptInService.SendOptInCode', (cb) => amt.IPS_OptInService_SendOptInCode(config.consentCode, cb));
  }
  const optIn = await batch(['*IPS_OptInService']);
  facts.optInState = optIn['IPS_OptInService']?.response?.OptInState;

  clearTimeout(deadline);
  process.stdout.write(JSON.stringify({ calls: calls, facts: facts }) + '\n');
  process.exit(0);
})();
