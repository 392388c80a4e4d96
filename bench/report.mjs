// The printed report: header, one section per phase that has one (the phase's `report(result)`),
// gateway memory and log, the PASS/MISS targets and the notes. Figures come from `results`, the
// object that is also written to bench/results/latest.json.

export const pad = (s, n) => String(s).padEnd(n);
/** A figure with `d` decimals, `—` when absent. */
export const num = (v, d = 1) =>
  v === null || v === undefined ? '—' : typeof v === 'number' ? v.toFixed(d) : String(v);

/** A latency table: header and one row per [name, summarize() result]. */
export function latencyTable(rows) {
  return [
    `  ${pad('latency (ms)', 26)}${pad('p50', 9)}${pad('p90', 9)}${pad('p99', 9)}${pad('max', 9)}${pad('n', 7)}`,
    ...rows.map(
      ([name, s]) =>
        `  ${pad(name, 26)}${pad(num(s.p50), 9)}${pad(num(s.p90), 9)}${pad(num(s.p99), 9)}${pad(num(s.max), 9)}${pad(s.count, 7)}`,
    ),
  ];
}

// The headline sections keep the place they have always had in the report; any other phase's
// section follows them, in run order.
const SECTION_ORDER = ['smoke', 'throughput', 'fixed-rate', 'call-lifecycle'];

export function printReport(results, phases) {
  const lines = [];
  const p = (s = '') => lines.push(s);
  const m = results.machine;
  p();
  p(`Switchboard benchmark — ${results.startedAt}${results.quick ? '  (QUICK run: shortened phases)' : ''}`);
  p(
    `machine: ${m.cpus} × ${m.cpuModel}, ${m.totalMemMb} MB RAM, ${m.platform} ${m.release}, node ${m.node}; CPUs ${m.cpuBusyBeforeStartPercent}% busy before start`,
  );
  p(
    `gateway: WORKER_CONCURRENCY=${results.config.workerConcurrency}, Postgres schema ${results.config.schema}, queue prefix ${results.config.queuePrefix}`,
  );
  p(`note: load generator, stubs, gateway, Postgres and Redis all share these ${m.cpus} CPUs`);
  const rank = (phase) => (SECTION_ORDER.includes(phase.id) ? SECTION_ORDER.indexOf(phase.id) : SECTION_ORDER.length);
  for (const phase of [...phases].sort((a, b) => rank(a) - rank(b))) {
    const result = results.phases[phase.id];
    if (!result || !phase.report) continue;
    p();
    for (const line of phase.report(result)) p(line);
  }
  p();
  p(
    `Gateway memory: RSS at ready ${num(results.gateway.rssAtReadyMb)} MB, peak RSS (VmHWM) ${num(results.gateway.peakRssMb)} MB, max sampled VmRSS ${num(results.gateway.maxSampledRssMb)} MB (${results.gateway.rssSamples} samples)`,
  );
  const lc = results.gateway.log.counts;
  p(
    `Gateway log (LOG_LEVEL=warn): ${lc.warn} warn, ${lc.error} error, ${lc.fatal} fatal lines → ${results.gateway.log.file}`,
  );
  p();
  p('Targets');
  for (const tg of results.targets)
    p(`  ${pad(tg.pass ? 'PASS' : 'MISS', 6)}${pad(tg.name, 36)}${pad(tg.display, 16)}target ${tg.target}`);
  if (results.notes.length) {
    p();
    p('Notes');
    for (const n of results.notes) p(`  - ${n}`);
  }
  p();
  process.stdout.write(lines.join('\n') + '\n');
}
