// Drives Meta's official Node.js Business SDK against fakegraph, the way a
// user would point it at the emulator. Run by TestMetaNodeSDK, which checks
// the emulator's state afterwards. Exits non-zero on the first failure.
'use strict';
const sdk = require('facebook-nodejs-business-sdk');

const {FAKEGRAPH_URL: url, FAKEGRAPH_TOKEN: token, FAKEGRAPH_WABA: wabaID, FAKEGRAPH_USER: userID} = process.env;

// The SDK's Graph URL setting: FacebookAdsApi.GRAPH.
Object.defineProperty(sdk.FacebookAdsApi, 'GRAPH', {get: () => url});
sdk.FacebookAdsApi.init(token);

async function main() {
  const WABA = sdk.WhatsAppBusinessAccount;
  const waba = new WABA(wabaID);
  const report = {};

  // Every field the SDK's class declares.
  const fields = Object.values(WABA.Fields);
  const read = await waba.get(fields);
  report.waba = {id: read.id, name: read.name, fields: fields.length};

  // Phone numbers, one per page, through the SDK's own cursor.
  let cursor = await waba.getPhoneNumbers(['id', 'display_phone_number'], {limit: 1});
  const numbers = cursor.map((p) => p.id);
  while (cursor.hasNext()) {
    cursor = await cursor.next();
    numbers.push(...cursor.map((p) => p.id));
  }
  report.numbers = numbers;

  // The SDK writes a create's answer into the object it was called on (the
  // WABA would take the new number's ID), so each write gets a fresh object.
  const fresh = () => new WABA(wabaID);
  const added = await fresh().createPhoneNumber([], {cc: '44', phone_number: '7700900123', verified_name: 'SDK Line'});
  report.added = added.id;

  report.subscribed = (await fresh().createSubscribedApp([], {})).success;
  report.unsubscribed = (await fresh().deleteSubscribedApps({})).success;

  report.assigned = (await fresh().createAssignedUser([], {user: userID, tasks: ['MANAGE_TEMPLATES']})).success;
  const users = await fresh().getAssignedUsers(['id', 'tasks'], {business: process.env.FAKEGRAPH_BUSINESS});
  report.assignedTasks = users.map((u) => u.tasks).filter(Boolean);
  report.unassigned = (await fresh().deleteAssignedUsers({user: userID})).success;

  console.log(JSON.stringify(report));
}

main().catch((e) => {
  console.error('SDK check failed:', e && e.message, e && e.response ? JSON.stringify(e.response) : '');
  process.exit(1);
});
