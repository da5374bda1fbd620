// A topic: its partitions, records (browser and live tail), a produce form, its configs; deleting it.
import { enc, get, put, remove, v3 } from '../api.js';
import { fill, format, h, table, toast } from '../dom.js';
import { attempt, confirmByName, errorBox } from './common.js';
import { tabs } from './tabs.js';
import { recordBrowser } from './record-browser.js';
import { liveTail } from './live-tail.js';
import { produceForm } from './produce-form.js';

function partitionsPanel(panel, stats) {
  fill(panel, table(`Partitions of ${stats.topic_name}`,
    [{ label: 'Partition', num: true }, { label: 'Log start offset', num: true }, { label: 'End offset', num: true },
      { label: 'Records', num: true }, { label: 'On disk', num: true }, { label: 'Last write' }],
    stats.partitions.map(p => [String(p.partition_id), format.number(p.log_start_offset), format.number(p.log_end_offset),
      format.number(p.records), format.bytes(p.size_bytes), format.time(p.last_write_time)]), { id: 'partitions-table' }));
}

async function configsPanel(panel, topicPath, mayAlter) {
  const body = await attempt(panel, () => get(`${topicPath}/configs`));
  if (!body) {
    return;
  }
  const message = h('div', { 'aria-live': 'polite' });
  const rows = body.data.map(config => {
    const cells = [h('code', {}, config.name), config.is_sensitive ? '(hidden)' : config.value ?? 'null',
      config.is_default ? 'default' : config.source];
    if (mayAlter && !config.is_read_only) {
      cells.push(h('button', {
        type: 'button',
        'aria-label': `Edit ${config.name}`,
        onclick: () => edit(config),
      }, 'Edit'));
    } else {
      cells.push('');
    }
    return cells;
  });

  function edit(config) {
    const input = h('input', { id: 'config-value', value: config.value ?? '' });
    const save = async event => {
      event.preventDefault();
      try {
        await put(`${topicPath}/configs/${enc(config.name)}`, { value: input.value });
        toast(`${config.name} set to ${input.value}.`);
        configsPanel(panel, topicPath, mayAlter);
      } catch (e) {
        fill(message, errorBox(e));
      }
    };
    const reset = async () => {
      try {
        await remove(`${topicPath}/configs/${enc(config.name)}`);
        toast(`${config.name} reset to its default.`);
        configsPanel(panel, topicPath, mayAlter);
      } catch (e) {
        fill(message, errorBox(e));
      }
    };
    fill(message, h('form', { class: 'row', onsubmit: save, 'aria-label': `Edit ${config.name}` },
      h('label', { for: 'config-value' }, config.name), input,
      h('button', { type: 'submit', class: 'primary' }, 'Save'),
      config.is_default ? null : h('button', { type: 'button', onclick: reset }, 'Reset to default'),
      h('button', { type: 'button', onclick: () => fill(message) }, 'Cancel')));
    input.focus();
  }

  fill(panel, message, table('Topic configs', [{ label: 'Config' }, { label: 'Value' }, { label: 'Source' }, { label: 'Action' }], rows));
}

const REFRESH_MS = 5000;

function summaryText(partitions, stats) {
  return `${format.number(partitions)} partitions · ${format.number(stats.records)} records · ${format.bytes(stats.size_bytes)} on disk`;
}

export async function topic({ main, params: [name], onLeave, every }) {
  let topicPath;
  let description;
  let stats;
  let clusterPath;
  try {
    clusterPath = await v3('');
    topicPath = `${clusterPath}/topics/${enc(name)}`;
    [description, stats] = await Promise.all([get(`${topicPath}?include_authorized_operations=true`),
      get(`${clusterPath}/topic-stats/${enc(name)}`)]);
  } catch (e) {
    fill(main, h('h1', {}, name), errorBox(e), h('p', {}, h('a', { href: '#/topics' }, 'All topics')));
    return;
  }
  const allowed = new Set(description.authorized_operations ?? []);
  const partitions = description.partitions_count;
  const denied = what => panel => fill(panel, h('p', {}, `Your principal may not ${what} on this topic.`));
  const summary = h('p', { class: 'muted', id: 'topic-summary' }, summaryText(partitions, stats));
  let partitionsHolder = null;
  // sizes and offsets change while the page is open: kept current, the partitions table too
  every(REFRESH_MS, async () => {
    const latest = await get(`${clusterPath}/topic-stats/${enc(name)}`).catch(() => null);
    if (latest) {
      fill(summary, summaryText(partitions, latest));
      if (partitionsHolder) {
        partitionsPanel(partitionsHolder, latest);
      }
    }
  });
  const deleteButton = allowed.has('DELETE') ? h('button', {
    type: 'button',
    class: 'danger',
    async onclick() {
      if (await confirmByName(`Delete topic ${name}?`, 'All its records are deleted for good; consumers of it stop getting records.', name, 'Delete topic')) {
        try {
          await remove(topicPath);
          toast(`Topic ${name} deleted.`);
          location.hash = '#/topics';
        } catch (e) {
          main.prepend(errorBox(e));
        }
      }
    },
  }, 'Delete topic') : null;
  fill(main,
    h('p', {}, h('a', { href: '#/topics' }, '← All topics')),
    h('div', { class: 'row' }, h('h1', {}, name), deleteButton),
    summary,
    tabs('Topic sections', [
      { id: 'partitions', label: 'Partitions', render: panel => { partitionsHolder = panel; partitionsPanel(panel, stats); } },
      { id: 'records', label: 'Records', render: allowed.has('READ') ? panel => recordBrowser(panel, name, partitions) : denied('read') },
      { id: 'tail', label: 'Live tail', render: allowed.has('READ') ? panel => liveTail(panel, name, partitions, onLeave) : denied('read') },
      { id: 'produce', label: 'Produce', render: allowed.has('WRITE') ? panel => produceForm(panel, clusterPath, name, partitions) : denied('write') },
      { id: 'configs', label: 'Configs', render: panel => configsPanel(panel, topicPath, allowed.has('ALTER_CONFIGS')) },
    ]));
}
