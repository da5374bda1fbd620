// console-perf.mjs: measures the web console (/console/) of a running Tributary in headless Chromium, against the
// console's targets: a 10-million-record partition browses page by page in well under a second, a list of 1,000
// topics renders in under a second, and the live tail of a topic receiving 1,000 records/s keeps up with a bounded
// on-screen buffer. Nothing here builds or starts the service; point it at one that runs (authentication off).
//
// Setup, once (playwright-core is not a project dependency, so it lives in a scratch directory):
//   mkdir -p /tmp/pw && npm install --prefix /tmp/pw playwright-core@1
// Run (the service first, e.g. java -Xmx1g -jar target/tributary-*.jar --server.port=18282
//      --tributary.data-dir=/tmp/console-data --tributary.log.flush=interval):
//   PW_DIR=/tmp/pw BASE=http://127.0.0.1:18282 node bench/console-perf.mjs <command> [name=value ...]
// Commands, in the order they are meant to run (each prints JSON lines; the summaries are median/max over RUNS):
//   fill-big     creates topic `big` (1 partition) and appends records=10000000 in batches of batch=10000 (~100-byte
//                JSON values) from producers=4 concurrent connections
//   browse       the record browser on `big`: Read from offsets 0, 5,000,000, 9,999,980, Newer, Older, Newest page
//                and a read from a point in time, page sizes 20 and 500; time from the click to the status line
//                (`#panel-records p.muted`) changing, and to the next frame after it
//   make-topics  creates topics=1000 topics perf-topic-NNNN of 3 partitions, 5 records in every 10th
//   topics       opens #/topics from about:blank until #topics-table has every topic as a row; types in the search box
//   tail         topic `tail` (3 partitions, created if missing): Live tail started, then rate=1000 records/s for
//                seconds=60 (10 requests of 100 records a second); samples the status line, the table's rows, the
//                page's JS heap (CDP Performance.getMetrics) and the CPU of the browser's processes every second
// Env: PW_DIR (where playwright-core is installed), BASE (default http://127.0.0.1:18282),
//      CHROMIUM (default /usr/bin/chromium), RUNS (repetitions, default 5), SERVICE_PID (tail: also the service's CPU).
// CPU figures are percent of one core (the browser: every process this script's Chromium started).
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

const BASE = process.env.BASE ?? 'http://127.0.0.1:18282';
const RUNS = Number(process.env.RUNS ?? 5);
const args = Object.fromEntries(process.argv.slice(3).map(a => a.split('=')));
const num = (name, fallback) => Number(args[name] ?? fallback);
const log = object => console.log(JSON.stringify(object));

// ---------- HTTP helpers ----------
async function api(method, path, body, contentType = 'application/json', accept = 'application/json') {
  const response = await fetch(BASE + path, {
    method, headers: { 'Content-Type': contentType, Accept: accept },
    body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  }
  return text ? JSON.parse(text) : null;
}
const clusterId = async () => (await api('GET', '/v3/clusters')).data[0].cluster_id;
async function createTopic(name, partitions) {
  const cid = await clusterId();
  try {
    await api('POST', `/v3/clusters/${cid}/topics`, { topic_name: name, partitions_count: partitions });
  } catch (e) {
    if (!/40002|already exists|409/.test(e.message)) {
      throw e;
    }
  }
}
const JSON_V2 = 'application/vnd.kafka.json.v2+json';
const value = i => ({ id: i, user: `user-${String(i % 1000).padStart(5, '0')}`, amount: (i % 9973) / 100, ts: Date.now(), note: 'abcdefghijklmnopqrstuvwxyz01' });

// ---------- statistics ----------
function summary(values) {
  const sorted = values.filter(v => v != null).sort((a, b) => a - b);
  if (!sorted.length) {
    return { n: 0 };
  }
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  const r = v => Math.round(v * 10) / 10;
  return { median: r(median), max: r(sorted.at(-1)), min: r(sorted[0]), n: sorted.length };
}

// ---------- browser ----------
async function launch() {
  if (!process.env.PW_DIR) {
    throw new Error('PW_DIR must name the directory where playwright-core is installed (npm install --prefix DIR playwright-core)');
  }
  const { chromium } = createRequire(`${process.env.PW_DIR.replace(/\/$/, '')}/`)('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ timezoneId: 'UTC', viewport: { width: 1400, height: 900 } });
  return { browser, context };
}

/** CPU seconds (user+system) of a process and all its descendants (without the process itself: withRoot false), from /proc. */
function treeCpuSeconds(root, withRoot = true) {
  const children = new Map();
  const stats = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      stats.set(Number(entry), (Number(fields[11]) + Number(fields[12])) / 100); // utime, stime in clock ticks (100/s)
      if (!children.has(ppid)) {
        children.set(ppid, []);
      }
      children.get(ppid).push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    total += pid === root && !withRoot ? 0 : stats.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/**
 * In the page: clicks `button` (after `before()`), resolves to {status, toStatus, toFrame}: ms from the click to the
 * status element's next change, and to the frame after it (requestAnimationFrame, then a task).
 */
async function timedClick(page, buttonText, setup) {
  return page.evaluate(async ({ buttonText, setup }) => {
    const panel = document.getElementById('panel-records');
    const status = panel.querySelector('p.muted[aria-live]');
    const input = prefix => panel.querySelector(`[id^="${prefix}"]`);
    const set = (element, v) => {
      element.value = v;
      element.dispatchEvent(new Event('input', { bubbles: true }));
      element.dispatchEvent(new Event('change', { bubbles: true }));
    };
    if (setup.offset !== undefined) {
      set(input('browse-offset'), setup.offset);
    }
    if (setup.time !== undefined) {
      set(input('browse-time'), setup.time);
    }
    if (setup.size !== undefined) {
      set(input('browse-size'), String(setup.size));
    }
    const button = [...panel.querySelectorAll('button')].find(b => b.textContent.trim() === buttonText);
    if (!button || button.disabled) {
      return { error: `button ${buttonText} ${button ? 'disabled' : 'missing'}` };
    }
    const changed = new Promise(resolve => {
      const observer = new MutationObserver(() => {
        observer.disconnect();
        resolve(performance.now());
      });
      observer.observe(status, { childList: true, characterData: true, subtree: true });
    });
    const t0 = performance.now();
    button.click();
    const tStatus = await Promise.race([changed, new Promise(resolve => setTimeout(() => resolve(null), 30000))]);
    if (tStatus == null) {
      return { error: 'status did not change within 30 s', status: status.textContent };
    }
    const tFrame = await new Promise(resolve => requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    }));
    return {
      status: status.textContent, rows: panel.querySelectorAll('table.records tbody tr').length,
      toStatus: tStatus - t0, toFrame: tFrame - t0,
    };
  }, { buttonText, setup });
}

function localDateTime(epochMs) { // datetime-local value in the page's time zone (UTC, see launch)
  return new Date(epochMs).toISOString().slice(0, 19);
}

// ---------- commands ----------
async function fillBig() {
  const total = num('records', 10_000_000);
  const batch = num('batch', 10_000);
  const producers = num('producers', 4);
  await createTopic('big', 1);
  let next = 0;
  let done = 0;
  const started = Date.now();
  let lastReport = started;
  async function producer() {
    for (;;) {
      const from = next;
      if (from >= total) {
        return;
      }
      next += batch;
      const records = [];
      for (let i = from; i < Math.min(from + batch, total); i += 1) {
        records.push({ value: value(i) });
      }
      await api('POST', '/topics/big/partitions/0', { records }, JSON_V2, 'application/vnd.kafka.v2+json');
      done += records.length;
      if (Date.now() - lastReport > 10000) {
        lastReport = Date.now();
        log({ fill: 'progress', records: done, seconds: (lastReport - started) / 1000 });
      }
    }
  }
  await Promise.all(Array.from({ length: producers }, producer));
  const seconds = (Date.now() - started) / 1000;
  log({ fill: 'done', records: done, seconds, records_per_second: Math.round(done / seconds) });
}

async function browse() {
  const cid = await clusterId();
  const stats = await api('GET', `/v3/clusters/${cid}/topic-stats/big`);
  const end = stats.partitions[0].log_end_offset;
  const middle = await api('GET', `/topics/big/partitions/0/records?offset=${Math.floor(end / 2)}&max_records=1`, undefined,
    undefined, 'application/vnd.kafka.binary.v2+json');
  const timeValue = localDateTime(middle[0].timestamp);
  log({ browse: 'topic', end_offset: end, time_input: timeValue });
  const { browser, context } = await launch();
  const results = {};
  const add = (name, r) => {
    (results[name] ??= []).push(r);
    log({ browse: name, ...r, toStatus: r.toStatus && Math.round(r.toStatus * 10) / 10, toFrame: r.toFrame && Math.round(r.toFrame * 10) / 10 });
  };
  try {
    for (let run = 0; run < RUNS; run += 1) {
      for (const size of [20, 500]) {
        const page = await context.newPage();
        await page.goto(`${BASE}/console/#/topics/big`);
        await page.click('#tab-records');
        await page.waitForSelector('#panel-records table.records tbody tr');
        const steps = [
          ['read offset 0', 'Read', { offset: '0', time: '', size }],
          ['read offset 5,000,000', 'Read', { offset: '5000000', time: '', size }],
          ['newer', 'Newer →', {}],
          ['older', '← Older', {}],
          ['read offset 9,999,980', 'Read', { offset: String(end - 20), time: '', size }],
          ['newest page', 'Newest page', {}],
          ['read from time', 'Read', { offset: '', time: timeValue, size }],
        ];
        for (const [name, button, setup] of steps) {
          add(`${name} (size ${size})`, await timedClick(page, button, setup));
        }
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  for (const [name, list] of Object.entries(results)) {
    log({ summary: name, status_example: list[0].status, rows: list[0].rows,
      to_status_ms: summary(list.map(r => r.toStatus)), to_frame_ms: summary(list.map(r => r.toFrame)),
      errors: list.filter(r => r.error).map(r => r.error) });
  }
}

async function makeTopics() {
  const count = num('topics', 1000);
  const cid = await clusterId();
  const started = Date.now();
  const names = Array.from({ length: count }, (_, i) => `perf-topic-${String(i).padStart(4, '0')}`);
  let at = 0;
  async function worker() {
    while (at < names.length) {
      const i = at;
      at += 1;
      await createTopic(names[i], 3);
      if (i % 10 === 0) {
        await api('POST', `/topics/${names[i]}`, { records: Array.from({ length: 5 }, (_, k) => ({ value: value(k) })) }, JSON_V2, 'application/vnd.kafka.v2+json');
      }
    }
  }
  await Promise.all(Array.from({ length: 4 }, worker));
  const list = await api('GET', `/v3/clusters/${cid}/topics`);
  log({ make_topics: count, seconds: (Date.now() - started) / 1000, topics_now: list.data.length });
}

async function topicsPage() {
  const cid = await clusterId();
  const expected = (await api('GET', `/v3/clusters/${cid}/topics`)).data.length;
  // API calls the page makes, timed from Node (body size too)
  for (const path of [`/v3/clusters/${cid}/topic-stats`, `/v3/clusters/${cid}/topics/-/configs`]) {
    const times = [];
    let bytes = 0;
    for (let run = 0; run < RUNS; run += 1) {
      const t0 = performance.now();
      const response = await fetch(BASE + path, { headers: { Accept: 'application/json' } });
      bytes = (await response.arrayBuffer()).byteLength;
      times.push(performance.now() - t0);
    }
    log({ summary: `GET ${path.replace(cid, '{id}')}`, ms: summary(times), body_bytes: bytes });
  }
  const { browser, context } = await launch();
  // Before any script of the page: notes when #topics-table first has every topic as a row, and the frame after.
  await context.addInitScript(wanted => {
    window.__topics = {};
    const observer = new MutationObserver(() => {
      const rows = document.querySelectorAll('#topics-table tbody tr:not([hidden])').length;
      if (rows >= wanted && window.__topics.rows == null) {
        window.__topics.rows = performance.now();
        observer.disconnect();
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            window.__topics.frame = performance.now();
          };
          channel.port2.postMessage(null);
        });
      }
    });
    document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { childList: true, subtree: true }));
  }, expected);
  const open = [];
  const frame = [];
  const keys = [];
  const clears = [];
  try {
    for (let run = 0; run < RUNS; run += 1) {
      const page = await context.newPage();
      await page.goto('about:blank');
      await page.goto(`${BASE}/console/#/topics`);
      await page.waitForFunction(() => window.__topics.frame != null, null, { timeout: 30000 });
      const t = await page.evaluate(() => ({
        ...window.__topics,
        // when each API answer had arrived (ms since navigation start) and its transfer size
        api: performance.getEntriesByType('resource').filter(e => e.name.includes('/v3/'))
          .map(e => `${new URL(e.name).pathname.replace(/^\/v3\/clusters\/[^/]+/, '') || '/v3/clusters/{id}'}: ${Math.round(e.startTime)}-${Math.round(e.responseEnd)} ms`),
      }));
      open.push(t.rows);
      frame.push(t.frame);
      log({ topics: 'open', run, rows_ms: Math.round(t.rows), frame_ms: Math.round(t.frame), api: t.api });
      // Typing: each key is one input event that re-renders the table; time from the key event to the frame after it.
      await page.evaluate(() => {
        window.__keys = [];
        document.addEventListener('input', event => {
          const t0 = event.timeStamp;
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => window.__keys.push({ ms: performance.now() - t0, rows: document.querySelectorAll('#topics-table tbody tr:not([hidden])').length, value: event.target.value });
            channel.port2.postMessage(null);
          });
        }, true);
      });
      const search = page.locator('input[id^="search"]');
      await search.click();
      await page.keyboard.type('topic-0123', { delay: 150 });
      await page.waitForTimeout(300);
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace'); // back to all topics: the largest re-render
      await page.waitForTimeout(500);
      const typed = await page.evaluate(() => window.__keys);
      log({ topics: 'typing', run, keys: typed.map(k => `${k.value || '(empty)'}: ${Math.round(k.ms)} ms, ${k.rows} rows`) });
      keys.push(...typed.filter(k => k.value).map(k => k.ms));
      clears.push(...typed.filter(k => !k.value).map(k => k.ms));
      await page.close();
    }
  } finally {
    await browser.close();
  }
  log({ summary: `open #/topics until ${expected} rows`, ms: summary(open) });
  log({ summary: 'open #/topics until the frame after', ms: summary(frame) });
  log({ summary: 'search keystroke to the next frame', ms: summary(keys) });
  log({ summary: 'clear search (all rows again) to the next frame', ms: summary(clears) });
}

async function tail() {
  const rate = num('rate', 1000);
  const seconds = num('seconds', 60);
  const perRequest = num('per-request', 100);
  const settle = num('settle', 30);
  await createTopic('tail', 3);
  const { browser, context } = await launch();
  // The browser's processes are this process's descendants (playwright-core drives them in-process); the service's
  // CPU is measured too when SERVICE_PID names it. Percent of one core.
  const browserCpu = () => treeCpuSeconds(process.pid, false);
  const servicePid = process.env.SERVICE_PID ? Number(process.env.SERVICE_PID) : null;
  const serviceCpu = () => (servicePid ? treeCpuSeconds(servicePid) : null);
  try {
    const page = await context.newPage();
    await page.goto(`${BASE}/console/#/topics/tail`);
    await page.click('#tab-tail');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.locator('#panel-tail button', { hasText: 'Start' }).click();
    await page.waitForFunction(() => document.querySelector('#panel-tail .tail-status')?.textContent.startsWith('Live'));
    const sample = async () => {
      const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map(m => [m.name, m.value]));
      const dom = await page.evaluate(() => ({
        status: document.querySelector('#panel-tail .tail-status').textContent,
        rows: document.querySelectorAll('#panel-tail table tbody tr').length,
      }));
      const received = Number((/([\d,]+) records received/.exec(dom.status)?.[1] ?? '0').replace(/,/g, ''));
      return { ...dom, received, heapMiB: metrics.JSHeapUsedSize / 1048576, nodes: metrics.Nodes };
    };
    let produced = 0;
    const requests = rate / perRequest;
    const started = performance.now();
    let cpuAt = { t: started, cpu: browserCpu(), service: serviceCpu() };
    const samples = [];
    let producing = true;
    const producer = (async () => {
      const pending = [];
      for (let k = 0; k < seconds * requests; k += 1) {
        const due = started + (k * 1000) / requests;
        const wait = due - performance.now();
        if (wait > 0) {
          await new Promise(resolve => setTimeout(resolve, wait));
        }
        const records = Array.from({ length: perRequest }, (_, i) => ({ value: value(k * perRequest + i) }));
        pending.push(api('POST', '/topics/tail', { records }, JSON_V2, 'application/vnd.kafka.v2+json').then(() => {
          produced += perRequest;
        }));
      }
      await Promise.all(pending);
      producing = false;
    })();
    const sampler = async () => {
      const s = await sample();
      const now = performance.now();
      const cpu = browserCpu();
      const service = serviceCpu();
      const pct = (a, b) => (a == null ? null : Math.round(((a - b) / ((now - cpuAt.t) / 1000)) * 100));
      const row = { t: Math.round((now - started) / 100) / 10, producing, produced, received: s.received, behind: produced - s.received,
        rows: s.rows, heapMiB: Math.round(s.heapMiB * 10) / 10, nodes: s.nodes,
        browserCpuPct: pct(cpu, cpuAt.cpu), serviceCpuPct: pct(service, cpuAt.service), status: s.status };
      cpuAt = { t: now, cpu, service };
      samples.push(row);
      log({ tail: row });
    };
    while (producing) {
      await new Promise(resolve => setTimeout(resolve, 1000));
      await sampler();
    }
    await producer;
    const stoppedAt = performance.now();
    const behindAtStop = produced - samples.at(-1).received;
    let caughtUpMs = null;
    while (performance.now() - stoppedAt < settle * 1000) {
      const s = await sample();
      if (s.received >= produced) {
        caughtUpMs = performance.now() - stoppedAt;
        break;
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    await sampler();
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const afterGc = await sample();
    const during = samples.filter(s => s.producing);
    log({ summary: 'live tail', produced, received: samples.at(-1).received, behind_at_producer_stop: behindAtStop,
      caught_up_ms_after_stop: caughtUpMs && Math.round(caughtUpMs), max_behind: Math.max(...during.map(s => s.behind)),
      behind_ms: summary(during.map(s => (s.behind / rate) * 1000)), max_rows: Math.max(...samples.map(s => s.rows)),
      heap_mib: summary(samples.map(s => s.heapMiB)), heap_mib_after_gc: Math.round(afterGc.heapMiB * 10) / 10,
      dom_nodes: summary(samples.map(s => s.nodes)), browser_cpu_pct: summary(during.slice(1).map(s => s.browserCpuPct)),
      service_cpu_pct: summary(during.slice(1).map(s => s.serviceCpuPct)),
      status: samples.at(-1).status });
  } finally {
    await browser.close();
  }
}

const commands = { 'fill-big': fillBig, browse, 'make-topics': makeTopics, topics: topicsPage, tail };
const command = commands[process.argv[2]];
if (!command) {
  console.error(`usage: PW_DIR=... node console-perf.mjs ${Object.keys(commands).join('|')} [name=value ...]`);
  process.exit(2);
}
log({ command: process.argv[2], runs: RUNS, loadavg: loadavg().map(l => Math.round(l * 100) / 100) });
await command();
log({ command: process.argv[2], done: true, loadavg: loadavg().map(l => Math.round(l * 100) / 100) });
