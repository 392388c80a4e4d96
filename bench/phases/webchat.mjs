// The web chat (issue 12, "Cost"): 1,000 widgets hold their event streams (SSE) open on one web
// process while 50 messages a second flow: half a visitor's message until it is on the ticket's
// thread (its row visible in the database, where the Inbox reads it), half an agent's reply until
// the `message` event reaches the visitor's stream. The widgets live in bench/webchat-load.mjs, a
// process of their own. With BENCH_TOPOLOGY=split a second web process takes the writes (visitors'
// messages and agents' replies) while the widgets stream from the first: every event crosses
// processes (web → queue → worker → Redis pub/sub → the other web).
import { log, sleep } from '../lib.mjs';
import { ProcSampler, mb, readProcStatus } from '../proc-sampler.mjs';
import { forkHelper } from '../processes.mjs';
import { latencyTable, num } from '../report.mjs';

const WIDGETS = Number(process.env.BENCH_WEBCHAT_WIDGETS || 1_000);
const RATE = 50; // messages a second, half each way
const ORIGIN = 'https://bench.example.com';
const TEAM_NUMBER = '+15005550088';
const TARGETS = { rssMb: 250, p99Ms: 100 };

export const webchat = {
  id: 'webchat',
  title: `Web chat: ${WIDGETS.toLocaleString('en')} widgets' streams open on one process; ${RATE} messages/s, visitor → Inbox and agent → widget`,
  async run(ctx) {
    const gw = ctx.gateway;
    const team = await gw.api('POST', '/api/teams', {
      name: 'Bench web chat',
      companyName: 'Bench Inc',
      timezone: 'UTC',
      locale: 'en',
      numbers: [TEAM_NUMBER],
    });
    const always = [['00:00', '24:00']];
    await gw.api('PUT', `/api/teams/${team.id}/schedule`, {
      timezone: 'UTC',
      weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, always])),
      exceptions: [],
    });
    await gw.api('PATCH', `/api/teams/${team.id}`, { webChat: { enabled: true, allowedOrigins: [ORIGIN] } });

    const second = gw.startSecondWeb ? await gw.startSecondWeb() : null;
    if (second) log(`webchat: second web process on ${second.publicUrl} (pid ${second.pid}) takes the writes`);
    const secondSampler = second ? new ProcSampler(second.pid) : null;
    const widgets = await forkHelper('webchat-load', 'webchat-load.mjs', {
      BENCH_WEBCHAT_CONFIG: JSON.stringify({
        streamUrl: gw.publicUrl,
        writeUrl: second?.publicUrl ?? gw.publicUrl,
        teamId: team.id,
        origin: ORIGIN,
        adminToken: ctx.run.adminToken,
        widgets: WIDGETS,
        databaseUrl: ctx.run.databaseUrl,
        schema: ctx.run.schema,
      }),
    });
    const call = ipcClient(widgets.child);
    try {
      const rssBeforeMb = mb(readProcStatus(gw.pid)?.rssKb ?? NaN);
      const connected = await call('connect');
      log(`webchat: ${connected.streamsOpen} streams open; ${JSON.stringify(connected)}`);
      // The streams open and idle: the gateway's memory with them.
      const idle = ctx.sampler.window();
      await sleep(3000);
      const idleUsage = idle.end();
      const rssConnectedMb = mb(readProcStatus(gw.pid)?.rssKb ?? NaN);

      const durationSec = ctx.secs(20);
      const busy = ctx.sampler.window();
      const secondBusy = secondSampler?.window();
      const messages = await call('run', { rate: RATE, durationSec });
      const busyUsage = busy.end();
      const secondUsage = secondBusy?.end() ?? null;
      const peakRssMb = Math.max(idleUsage.peakRssMb, busyUsage.peakRssMb);

      ctx.target(
        `web chat RSS, ${WIDGETS.toLocaleString('en')} widgets`,
        peakRssMb,
        `< ${TARGETS.rssMb} MB`,
        peakRssMb < TARGETS.rssMb && connected.streamsOpen === WIDGETS,
        (v) => `${v} MB`,
      );
      const where = second ? ' (two webs)' : '';
      ctx.target(
        `visitor → Inbox p99 @${RATE}/s${where}`,
        messages.visitorToInboxMs.p99,
        `< ${TARGETS.p99Ms} ms`,
        messages.visitorToInboxMs.p99 !== null && messages.visitorToInboxMs.p99 < TARGETS.p99Ms,
        (v) => `${v} ms`,
      );
      ctx.target(
        `agent → widget p99 @${RATE}/s${where}`,
        messages.agentToWidgetMs.p99,
        `< ${TARGETS.p99Ms} ms`,
        messages.agentToWidgetMs.p99 !== null && messages.agentToWidgetMs.p99 < TARGETS.p99Ms,
        (v) => `${v} ms`,
      );
      const lost = messages.rowsLost + messages.repliesLost;
      const accepted = messages.visitorSent + messages.agentSent;
      ctx.target(
        'web chat messages delivered / accepted',
        `${accepted - lost}/${messages.planned}`,
        'all, lost 0',
        lost === 0 && accepted === messages.planned && messages.inboxSampleListed === messages.inboxSampleSize,
        (v) => v,
      );
      if (messages.writeErrors || accepted !== messages.planned)
        ctx.note(
          `webchat: ${messages.planned - accepted} writes not accepted (${messages.writeErrors} errors): ${JSON.stringify(messages.answers)}`,
        );
      if (messages.sendsLateOver5ms > messages.planned * 0.01)
        ctx.note(
          `webchat: the widgets' process sent ${messages.sendsLateOver5ms} messages > 5 ms late (max ${messages.sendLagMaxMs} ms)`,
        );
      if (messages.streamsClosedEarly || messages.streamErrors)
        ctx.note(
          `webchat: ${messages.streamsClosedEarly} streams closed early, ${messages.streamErrors} stream errors`,
        );
      return {
        widgets: WIDGETS,
        rate: RATE,
        durationSec,
        split: Boolean(ctx.run.split),
        secondWeb: Boolean(second),
        connected,
        rssBeforeMb,
        rssConnectedMb,
        idlePeakRssMb: idleUsage.peakRssMb,
        busyPeakRssMb: busyUsage.peakRssMb,
        peakRssMb,
        cpuPercent: busyUsage.cpuPercent,
        secondWebPeakRssMb: secondUsage?.peakRssMb ?? null,
        secondWebCpuPercent: secondUsage?.cpuPercent ?? null,
        ...messages,
      };
    } finally {
      secondSampler?.stop();
      await call('close').catch(() => {});
    }
  },
  report: (r) => [
    `Web chat: ${r.widgets.toLocaleString('en')} widgets (${r.connected.streamsOpen} streams open in ${num(r.connected.streamsSec)} s)${r.secondWeb ? '; writes to a second web process, streams on the first (split layout)' : r.split ? ' (split layout)' : ''}`,
    `  gateway RSS ${num(r.rssBeforeMb)} MB before, ${num(r.rssConnectedMb)} MB with the streams open (peak ${num(r.idlePeakRssMb)} idle, ${num(r.busyPeakRssMb)} under messages); CPU ${num(r.cpuPercent)}% under messages${r.secondWeb ? `; second web peak RSS ${num(r.secondWebPeakRssMb)} MB, CPU ${num(r.secondWebCpuPercent)}%` : ''}`,
    `  ${r.planned} messages at ${r.rate}/s × ${r.durationSec} s (achieved ${num(r.achievedRate)}/s): ${r.visitorSent} visitor, ${r.agentSent} agent accepted; lost ${r.rowsLost} + ${r.repliesLost}; Inbox API lists ${r.inboxSampleListed}/${r.inboxSampleSize} sampled`,
    ...latencyTable([
      ['visitor POST answer', r.visitorAnswerMs],
      [`visitor → Inbox (±${r.pollMs} ms)`, r.visitorToInboxMs],
      ['  of which after answer', r.inboxAfterAnswerMs],
      ['agent POST answer', r.agentAnswerMs],
      ['agent → widget (SSE)', r.agentToWidgetMs],
      ['  of which after answer', r.widgetAfterAnswerMs],
    ]),
    `  widgets' process: RSS ${r.loadRssMb} MB, CPU ${num(r.loadCpuPercent)}%; max send lag ${r.sendLagMaxMs} ms`,
  ],
};

/** Request/response over the widgets' process's IPC channel. */
function ipcClient(child) {
  let seq = 0;
  const pending = new Map();
  child.on('message', (m) => {
    const p = m && pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error) p.reject(new Error(`webchat-load: ${m.error}`));
    else p.resolve(m.result);
  });
  child.on('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`webchat-load exited (${code})`));
    pending.clear();
  });
  return (cmd, extra = {}) =>
    new Promise((resolve, reject) => {
      const id = ++seq;
      pending.set(id, { resolve, reject });
      child.send({ id, cmd, ...extra });
    });
}
