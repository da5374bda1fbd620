// The record browser: one page of a partition at a time, from an offset or a point in time, forwards and backwards;
// never more than a page is read.
import { BINARY, enc, get, v3 } from '../api.js';
import { field, fill, format, h, uid } from '../dom.js';
import { MODES, recordsTable } from '../records.js';
import { errorBox } from './common.js';

export function recordBrowser(panel, topicName, partitionCount) {
  const partition = h('select', { id: uid('browse-partition') },
    Array.from({ length: partitionCount }, (_, p) => h('option', { value: p }, String(p))));
  const offset = h('input', { id: uid('browse-offset'), type: 'number', min: 0, placeholder: 'log start' });
  const time = h('input', { id: uid('browse-time'), type: 'datetime-local', step: 1 });
  const size = h('select', { id: uid('browse-size') }, [20, 50, 100, 500].map(n => h('option', { value: n }, String(n))));
  const mode = h('select', { id: uid('browse-mode') }, MODES.map(m => h('option', { value: m }, m)));
  const status = h('p', { class: 'muted', 'aria-live': 'polite' });
  const results = h('div');
  const older = h('button', { type: 'button', disabled: true }, '← Older');
  const newer = h('button', { type: 'button', disabled: true }, 'Newer →');
  let page = null; // {from, records, start, end}

  async function bounds(p) {
    const stats = await get(await v3(`/topic-stats/${enc(topicName)}`));
    const part = stats.partitions.find(x => x.partition_id === p);
    return { start: part.log_start_offset, end: part.log_end_offset };
  }

  /** Reads one page; `position` is {offset} or {timestamp}. */
  async function load(position) {
    const p = Number(partition.value);
    const max = Number(size.value);
    try {
      const { start, end } = await bounds(p);
      let query;
      if (position.timestamp != null) {
        query = `timestamp=${position.timestamp}`;
      } else {
        const from = Math.min(Math.max(position.offset ?? start, start), end);
        query = `offset=${from}`;
      }
      const records = await get(`/topics/${enc(topicName)}/partitions/${p}/records?${query}&max_records=${max}`, { accept: BINARY });
      const from = records.length ? records[0].offset : (position.offset ?? end);
      page = { from, records, start, end, partition: p };
      render();
    } catch (e) {
      fill(results, errorBox(e));
    }
  }

  function render() {
    const { records, start, end, partition: p } = page;
    const first = records[0]?.offset;
    const last = records.at(-1)?.offset;
    fill(status, records.length
      ? `Partition ${p}: offsets ${format.number(first)} to ${format.number(last)} (${records.length} record${records.length === 1 ? '' : 's'}; log start ${format.number(start)}, end ${format.number(end)}).`
      : `Partition ${p}: no records from offset ${format.number(page.from)} (log start ${format.number(start)}, end ${format.number(end)}).`);
    older.disabled = (records.length ? first : page.from) <= start;
    newer.disabled = records.length === 0 || last + 1 >= end;
    fill(results, records.length ? recordsTable(records, mode.value, { caption: `Records of partition ${p}` }) : null);
  }

  older.addEventListener('click', () => {
    const from = page.records.length ? page.records[0].offset : page.from;
    load({ offset: Math.max(page.start, from - Number(size.value)) });
  });
  newer.addEventListener('click', () => load({ offset: page.records.at(-1).offset + 1 }));
  mode.addEventListener('change', () => page && render());
  const form = h('form', {
    class: 'row',
    'aria-label': 'Where to read',
    onsubmit(event) {
      event.preventDefault();
      if (time.value) {
        load({ timestamp: new Date(time.value).getTime() });
      } else {
        load({ offset: offset.value === '' ? null : Number(offset.value) });
      }
    },
  },
  field('Partition', partition), field('From offset', offset), field('or from time', time), field('Page size', size),
  h('button', { type: 'submit', class: 'primary' }, 'Read'),
  h('button', {
    type: 'button',
    async onclick() {
      const { end } = await bounds(Number(partition.value));
      load({ offset: end - Number(size.value) });
    },
  }, 'Newest page'));
  fill(panel, form, h('div', { class: 'row' }, older, newer, field('Show as', mode)), status, results);
  load({ offset: null });
}
