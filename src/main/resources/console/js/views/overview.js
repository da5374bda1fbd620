// Overview: which cluster, is it healthy, how much is there, how busy it is.
import { get, v3 } from '../api.js';
import { fill, format, h, table } from '../dom.js';
import { LiveChart } from '../chart.js';
import { errorBox } from './common.js';

const RATE_EVERY_MS = 2000;

function card(label, value, id) {
  return h('div', { class: 'card' }, h('div', { class: 'label', id: `${id}-label` }, label),
    h('div', { class: 'value', 'aria-labelledby': `${id}-label`, 'data-stat': id }, value));
}

/** Health as the actuator reports it: each component with its status and details. */
function healthSection(health) {
  const components = Object.entries(health.components ?? {});
  return [
    h('h2', {}, 'Health'),
    h('p', {}, 'Service: ', h('span', { class: `status-${health.status}`, 'data-health': 'status' }, health.status)),
    components.length
      ? table('Health of each component', [{ label: 'Component' }, { label: 'Status' }, { label: 'Details' }],
        components.map(([name, component]) => [name, h('span', { class: `status-${component.status}` }, component.status),
          component.details ? h('pre', {}, JSON.stringify(component.details, null, 2)) : '']))
      : h('p', { class: 'muted' }, 'Component details are shown to admin and monitor principals only.'),
  ];
}

/**
 * Counters' totals from /actuator/metrics, by name: 0 for a counter without samples yet (it appears with the first
 * record), null when metrics are not exposed to this caller.
 */
async function counters(names) {
  try {
    const known = new Set((await get('/actuator/metrics')).names);
    return await Promise.all(names.map(async name => {
      if (!known.has(name)) {
        return 0;
      }
      const body = await get(`/actuator/metrics/${name}`);
      return body.measurements.find(m => m.statistic === 'COUNT')?.value ?? 0;
    }));
  } catch {
    return null;
  }
}

export async function overview({ main, every }) {
  let cluster;
  let stats;
  let groups;
  let health;
  let info;
  try {
    [cluster, stats, groups, health, info] = await Promise.all([
      v3('').then(get),
      v3('/topic-stats').then(get),
      v3('/consumer-groups').then(get),
      get('/actuator/health').catch(e => ({ status: e.status === 503 ? 'DOWN' : 'UNKNOWN' })),
      get('/actuator/info').catch(() => ({})),
    ]);
  } catch (e) {
    fill(main, h('h1', {}, 'Overview'), errorBox(e));
    return;
  }
  const topics = stats.data;
  const partitions = topics.reduce((n, t) => n + t.partitions_count, 0);
  const records = topics.reduce((n, t) => n + t.records, 0);
  const bytes = topics.reduce((n, t) => n + t.size_bytes, 0);
  const chart = new LiveChart('Records produced and consumed per second', ['produced / s', 'consumed / s']);
  const rateNote = h('p', { class: 'muted', id: 'rates', 'aria-live': 'polite' });
  fill(main,
    h('h1', {}, 'Overview'),
    h('div', { class: 'cards' },
      card('Cluster id', cluster.cluster_id, 'cluster'),
      card('Version', info.build?.version ?? 'unknown', 'version'),
      card('Topics', format.number(topics.length), 'topics'),
      card('Partitions', format.number(partitions), 'partitions'),
      card('Records', format.number(records), 'records'),
      card('On disk', format.bytes(bytes), 'bytes'),
      card('Consumer groups', format.number(groups.data.length), 'groups')),
    topics.length ? null : h('div', { class: 'empty' }, 'No topics yet. ', h('a', { href: '#/topics' }, 'Create the first one'), '.'),
    h('h2', {}, 'Throughput'), chart.legend, chart.element, rateNote,
    healthSection(health));

  let last = null;
  let denied = false;
  const sample = async () => {
    if (denied) {
      return;
    }
    const totals = await counters(['tributary.records.in', 'tributary.records.out']);
    if (totals == null) {
      denied = true; // not asked again while the page is open
      fill(rateNote, 'Rates come from the service metrics (/actuator/metrics), which need the admin or monitor role.');
      return;
    }
    const [produced, consumed] = totals;
    const now = performance.now();
    if (last) {
      const seconds = (now - last.at) / 1000;
      chart.push([Math.max(0, (produced - last.produced) / seconds), Math.max(0, (consumed - last.consumed) / seconds)]);
      fill(rateNote, `Now: ${format.number(Math.round(chart.series[0].at(-1)))} records/s produced, `
        + `${format.number(Math.round(chart.series[1].at(-1)))} records/s consumed (every ${RATE_EVERY_MS / 1000} s while this page is open).`);
    }
    last = { at: now, produced, consumed };
  };
  sample();
  every(RATE_EVERY_MS, sample);
}
