// The gateway's memory and CPU, read from /proc (Linux): VmRSS and VmHWM from /proc/<pid>/status,
// utime + stime from /proc/<pid>/stat, and the whole machine's busy share from /proc/stat.
import fs from 'node:fs';
import { nowMs, sleep } from './lib.mjs';

const CLK_TCK = 100; // Linux USER_HZ; /proc/<pid>/stat times are in these ticks

/** Kilobytes to megabytes, one decimal. */
export const mb = (kb) => Math.round((kb / 1024) * 10) / 10;

/** { rssKb, hwmKb } of a process, or null when it is gone. */
export function readProcStatus(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(text.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN);
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  } catch {
    return null;
  }
}

function readCpuTicks(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `intervalMs` for the whole run; `window()` measures one phase. */
export class ProcSampler {
  constructor(pid, intervalMs = 100) {
    this.pid = pid;
    this.maxRssKb = 0;
    this.hwmKb = 0;
    this.windowMaxRssKb = 0;
    this.samples = 0;
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    this.sample();
  }
  sample() {
    const s = readProcStatus(this.pid);
    if (!s) return;
    this.samples++;
    if (s.rssKb > this.maxRssKb) this.maxRssKb = s.rssKb;
    if (s.rssKb > this.windowMaxRssKb) this.windowMaxRssKb = s.rssKb;
    if (s.hwmKb > this.hwmKb) this.hwmKb = s.hwmKb;
  }
  /** Starts a measurement window; `end()` returns its CPU use and peak RSS. */
  window() {
    this.sample();
    this.windowMaxRssKb = readProcStatus(this.pid)?.rssKb ?? 0;
    const t0 = nowMs();
    const c0 = readCpuTicks(this.pid);
    return {
      end: () => {
        this.sample();
        const seconds = (nowMs() - t0) / 1000;
        const c1 = readCpuTicks(this.pid);
        return {
          cpuPercent: c0 === null || c1 === null ? null : Math.round(((c1 - c0) / CLK_TCK / seconds) * 1000) / 10,
          peakRssMb: mb(this.windowMaxRssKb),
        };
      },
    };
  }
  stop() {
    clearInterval(this.timer);
    this.sample();
  }
}

function readSystemCpu() {
  const [, ...fields] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const v = fields.map(Number);
  const idle = v[3] + (v[4] || 0); // idle + iowait
  return { idle, total: v.reduce((a, b) => a + b, 0) };
}

/** Share of all CPUs busy over `ms` milliseconds, in percent. */
export async function systemCpuBusy(ms) {
  try {
    const a = readSystemCpu();
    await sleep(ms);
    const b = readSystemCpu();
    return Math.round((1 - (b.idle - a.idle) / (b.total - a.total)) * 1000) / 10;
  } catch {
    return null;
  }
}
