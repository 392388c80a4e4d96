// Bare Express 5 baseline: the same form parser as the gateway's webhook route and an empty
// TwiML answer, nothing else. Run as its own process; reports its port over IPC.
import express from 'express';

const app = express();
app.post('/twilio/messages', express.urlencoded({ extended: false }), (_req, res) => {
  res.type('text/xml').send('<Response/>');
});
const server = app.listen(0, '127.0.0.1', (err) => {
  if (err) throw err;
  process.send({ ready: true, port: server.address().port });
});
server.keepAliveTimeout = 65_000;
process.on('disconnect', () => process.exit(0));
