// Topics: the list with sizes and settings, search, and creating a topic.
import { enc, get, post, v3 } from '../api.js';
import { field, fill, format, h, table, toast, uid } from '../dom.js';
import { errorBox } from './common.js';

/** "name=value" lines as v3 configs. */
export function parseConfigs(text) {
  return text.split('\n').map(line => line.trim()).filter(Boolean).map(line => {
    const at = line.indexOf('=');
    return at < 0 ? { name: line, value: '' } : { name: line.slice(0, at).trim(), value: line.slice(at + 1).trim() };
  });
}

/** Configs of all topics (one call) by topic, then by name. */
function configsByTopic(list) {
  const byTopic = new Map();
  for (const config of list) {
    if (!byTopic.has(config.topic_name)) {
      byTopic.set(config.topic_name, {});
    }
    byTopic.get(config.topic_name)[config.name] = config.value;
  }
  return byTopic;
}

function retention(configs) {
  const bytes = Number(configs?.['retention.bytes'] ?? -1);
  return `${format.duration(configs?.['retention.ms'])}, ${bytes < 0 ? 'no size limit' : format.bytes(bytes)}`;
}

function topicRows(topics, configs) {
  return topics.map(t => [
    h('a', { href: `#/topics/${enc(t.topic_name)}` }, t.topic_name),
    format.number(t.partitions_count), format.number(t.records), format.bytes(t.size_bytes),
    retention(configs.get(t.topic_name)), configs.get(t.topic_name)?.['cleanup.policy'] ?? '–', format.time(t.last_write_time),
  ]);
}

const COLUMNS = [{ label: 'Topic' }, { label: 'Partitions', num: true }, { label: 'Records', num: true },
  { label: 'On disk', num: true }, { label: 'Retention' }, { label: 'Cleanup' }, { label: 'Last write' }];

function createForm(clusterPath) {
  const name = h('input', { id: uid('topic-name'), name: 'topic_name', required: true, pattern: '[a-zA-Z0-9._\\-]+', maxlength: 249 });
  const partitions = h('input', { id: uid('partitions'), name: 'partitions_count', type: 'number', min: 1, value: 1, required: true });
  const configs = h('textarea', { id: uid('configs'), name: 'configs', rows: 3, placeholder: 'retention.ms=604800000' });
  const result = h('div', { 'aria-live': 'polite' });
  const form = h('form', {
    class: 'grid',
    'aria-label': 'Create a topic',
    async onsubmit(event) {
      event.preventDefault();
      fill(result);
      try {
        const body = { topic_name: name.value, partitions_count: Number(partitions.value), configs: parseConfigs(configs.value) };
        await post(`${clusterPath}/topics`, body);
        toast(`Topic ${body.topic_name} created.`);
        location.hash = `#/topics/${enc(body.topic_name)}`;
      } catch (e) {
        fill(result, errorBox(e));
      }
    },
  },
  field('Name', name), field('Partitions', partitions), field('Configs (name=value per line)', configs),
  h('div', { class: 'full' }, h('button', { type: 'submit', class: 'primary' }, 'Create topic')), h('div', { class: 'full' }, result));
  return form;
}

export async function topics({ main }) {
  let clusterPath;
  let cluster;
  let stats;
  let configs;
  try {
    clusterPath = await v3('');
    [cluster, stats, configs] = await Promise.all([get(`${clusterPath}?include_authorized_operations=true`),
      get(`${clusterPath}/topic-stats`), get(`${clusterPath}/topics/-/configs`).then(body => configsByTopic(body.data))]);
  } catch (e) {
    fill(main, h('h1', {}, 'Topics'), errorBox(e));
    return;
  }
  const mayCreate = cluster.authorized_operations?.includes('CREATE');
  const all = stats.data;
  const heading = h('h1', {}, 'Topics');
  if (!all.length) {
    const curl = `curl -X POST -H 'Content-Type: application/json' \\\n  --data '{"topic_name":"orders","partitions_count":3}' \\\n  ${location.origin}${clusterPath}/topics`;
    fill(main, heading, h('div', { class: 'empty' },
      h('p', {}, 'There are no topics yet. A topic is a named log split into partitions; producers append records to it and consumers read them in order.'),
      mayCreate ? [h('h2', {}, 'Create one here'), createForm(clusterPath)] : h('p', {}, 'Your principal may not create topics.'),
      h('h2', {}, 'or with curl'), h('pre', { class: 'mono' }, curl)));
    return;
  }
  const search = h('input', { id: uid('search'), type: 'search', placeholder: 'part of a name', autocomplete: 'off' });
  const count = h('p', { class: 'muted', 'aria-live': 'polite' });
  // built once; a search only hides rows, so typing stays quick with thousands of topics
  const list = table('Topics', COLUMNS, topicRows(all, configs), { id: 'topics-table' });
  const rows = Array.from(list.tBodies[0].rows);
  const names = all.map(t => t.topic_name.toLowerCase());
  const filter = () => {
    const needle = search.value.trim().toLowerCase();
    let shown = 0;
    rows.forEach((row, i) => {
      row.hidden = !names[i].includes(needle);
      shown += row.hidden ? 0 : 1;
    });
    fill(count, `${format.number(shown)} of ${format.number(all.length)} topics`);
  };
  search.addEventListener('input', filter);
  fill(main, heading,
    h('div', { class: 'row' }, h('label', { for: search.id }, 'Search topics'), search), count, list,
    mayCreate ? h('details', {}, h('summary', {}, 'Create a topic'), createForm(clusterPath)) : null);
  filter();
}
