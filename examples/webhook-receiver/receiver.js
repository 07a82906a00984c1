// A receiver of the community server's webhooks (docs/PROTOCOL.md §6): every request is verified with the
// Standard Webhooks library before anything is done with it, and de-duplicated by its webhook-id (delivery is at
// least once). Run: WEBHOOK_SECRET=whsec_... PORT=8000 node receiver.js
import http from "node:http";
import { Webhook } from "standardwebhooks";

/**
 * Answers 204 for a verified request (after handing each of its events not seen before to onEvent), 400 for
 * anything that does not verify.
 */
export function createReceiver(secret, onEvent) {
  const webhook = new Webhook(secret);
  const seen = new Set(); // a real receiver keeps this in its database, with the event's effects
  return http.createServer((req, res) => {
    if (req.method !== "POST") {
      res.writeHead(405).end();
      return;
    }
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let event;
      try {
        // checks webhook-signature against id.timestamp.body and refuses timestamps over 5 minutes off
        event = webhook.verify(body, req.headers);
      } catch (e) {
        console.error(`refused: ${e.message}`);
        res.writeHead(400).end();
        return;
      }
      // with webhooks.batch_max above 1 a request may carry several events of one room, in order, each with its
      // own id: de-duplicate by those (a batch sent again may hold more or fewer events than the first time)
      const events = event.type === "batch"
        ? event.data.events.map((e) => [e.id, e.event])
        : [[req.headers["webhook-id"], event]];
      for (const [id, one] of events) {
        if (!seen.has(id)) {
          seen.add(id);
          onEvent(id, one);
        }
      }
      res.writeHead(204).end();
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const secret = process.env.WEBHOOK_SECRET;
  if (!secret) {
    console.error("set WEBHOOK_SECRET to the server's webhooks.secret (whsec_...)");
    process.exit(2);
  }
  const server = createReceiver(secret, (id, event) => {
    // what a host application does here: a push notification for notification.mention / notification.dm, ...
    console.log(`verified ${event.type} ${id} ${JSON.stringify(event.data)}`);
  });
  server.listen(Number(process.env.PORT ?? 8000), "127.0.0.1", () => {
    console.log(`listening on ${server.address().port}`);
  });
}
