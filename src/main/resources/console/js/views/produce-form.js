// Producing one record from a form, through the v3 produce endpoint; shows where it landed.
import { enc, post } from '../api.js';
import { field, fill, h, uid } from '../dom.js';
import { errorBox } from './common.js';

/** "name: value" lines as v3 headers (values are sent as base64 of their UTF-8 bytes). */
export function parseHeaders(text) {
  return text.split('\n').map(line => line.trim()).filter(Boolean).map(line => {
    const at = line.indexOf(':');
    const name = at < 0 ? line : line.slice(0, at).trim();
    const value = at < 0 ? '' : line.slice(at + 1).trim();
    const bytes = new TextEncoder().encode(value);
    return { name, value: btoa(String.fromCharCode(...bytes)) };
  });
}

export function produceForm(panel, clusterPath, topicName, partitionCount) {
  const key = h('input', { id: uid('produce-key'), name: 'key', placeholder: 'none: spread over partitions' });
  const value = h('textarea', { id: uid('produce-value'), name: 'value', rows: 5 });
  const valueType = h('select', { id: uid('produce-type') },
    h('option', { value: 'STRING' }, 'text'), h('option', { value: 'JSON' }, 'JSON'), h('option', { value: 'BINARY' }, 'base64 bytes'));
  const headers = h('textarea', { id: uid('produce-headers'), name: 'headers', rows: 2, placeholder: 'source: console' });
  const partition = h('select', { id: uid('produce-partition') }, h('option', { value: '' }, 'automatic (by key)'),
    Array.from({ length: partitionCount }, (_, p) => h('option', { value: p }, String(p))));
  const result = h('div', { 'aria-live': 'polite' });
  const form = h('form', {
    class: 'grid',
    'aria-label': 'Produce a record',
    async onsubmit(event) {
      event.preventDefault();
      fill(result);
      const body = { headers: parseHeaders(headers.value) };
      if (partition.value !== '') {
        body.partition_id = Number(partition.value);
      }
      if (key.value !== '') {
        body.key = { type: 'STRING', data: key.value };
      }
      try {
        body.value = { type: valueType.value, data: valueType.value === 'JSON' ? JSON.parse(value.value) : value.value };
      } catch (e) {
        fill(result, errorBox(`The value is not valid JSON: ${e.message}`));
        return;
      }
      try {
        const answer = await post(`${clusterPath}/topics/${enc(topicName)}/records`, body);
        if (answer.error_code !== 200) {
          fill(result, errorBox({ text: `${answer.message} (error code ${answer.error_code})` }));
          return;
        }
        fill(result, h('div', { class: 'success', 'data-produced': `${answer.partition_id}/${answer.offset}` },
          `Appended to partition ${answer.partition_id} at offset ${answer.offset}.`));
      } catch (e) {
        fill(result, errorBox(e));
      }
    },
  },
  field('Key', key), field('Value', value), field('Value as', valueType), field('Headers (name: value per line)', headers),
  field('Partition', partition),
  h('div', { class: 'full' }, h('button', { type: 'submit', class: 'primary' }, 'Produce')), h('div', { class: 'full' }, result));
  fill(panel, form);
}
