// The receiver against requests signed with the library's own signer: verified ones are taken once, tampered or
// unsigned ones refused. (server/src/test/.../WebhookExampleIT runs this receiver against the real server.)
import assert from "node:assert/strict";
import { test } from "node:test";
import { Webhook } from "standardwebhooks";
import { createReceiver } from "./receiver.js";

const secret = "whsec_" + Buffer.from("example-secret-0123456789abcdef!").toString("base64");

async function withReceiver(run) {
  const events = [];
  const server = createReceiver(secret, (id, event) => events.push({ id, event }));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await run(`http://127.0.0.1:${server.address().port}/`, events);
  } finally {
    server.close();
  }
}

function signed(id, body, at = new Date()) {
  const signature = new Webhook(secret).sign(id, at, body);
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signature,
  };
}

test("a signed event is taken once, a resend under the same id is acknowledged but not taken again", async () => {
  await withReceiver(async (url, events) => {
    const body = JSON.stringify({ type: "member.joined", timestamp: new Date().toISOString(), data: { user_id: "u1" } });
    const headers = signed("0190c1d2-0000-7000-8000-000000000001", body);
    assert.equal((await fetch(url, { method: "POST", headers, body })).status, 204);
    assert.equal((await fetch(url, { method: "POST", headers, body })).status, 204);
    assert.equal(events.length, 1);
    assert.equal(events[0].event.type, "member.joined");
    assert.equal(events[0].event.data.user_id, "u1");
  });
});

test("a batch's events are taken one by one, each once, also when a later batch repeats some", async () => {
  await withReceiver(async (url, events) => {
    const one = (n) => ({ type: "message.created", timestamp: new Date().toISOString(), data: { n } });
    const batch = (ids) => JSON.stringify({ type: "batch", timestamp: new Date().toISOString(),
      data: { events: ids.map((id) => ({ id, event: one(id) })) } });
    const first = batch(["e1", "e2"]);
    assert.equal((await fetch(url, { method: "POST", headers: signed("batch_e1_2", first), body: first })).status, 204);
    const again = batch(["e2", "e3"]);
    assert.equal((await fetch(url, { method: "POST", headers: signed("batch_e2_2", again), body: again })).status, 204);
    assert.deepEqual(events.map((e) => e.id), ["e1", "e2", "e3"]);
    assert.deepEqual(events.map((e) => e.event.data.n), ["e1", "e2", "e3"]);
  });
});

test("a tampered body, a foreign key or an old timestamp is refused", async () => {
  await withReceiver(async (url, events) => {
    const body = JSON.stringify({ type: "message.deleted", timestamp: new Date().toISOString(), data: {} });
    const headers = signed("id-2", body);
    assert.equal((await fetch(url, { method: "POST", headers, body: body.replace("deleted", "created") })).status, 400);
    const foreign = { ...headers, "webhook-signature": new Webhook("whsec_" + Buffer.alloc(32).toString("base64"))
      .sign("id-2", new Date(), body) };
    assert.equal((await fetch(url, { method: "POST", headers: foreign, body })).status, 400);
    const old = signed("id-3", body, new Date(Date.now() - 10 * 60 * 1000));
    assert.equal((await fetch(url, { method: "POST", headers: old, body })).status, 400);
    assert.equal(events.length, 0);
  });
});
