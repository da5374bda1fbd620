// Showing record keys, values and headers, which are bytes (base64 in the binary format): as pretty JSON, text or
// hex, always as text nodes. Bytes that are not UTF-8 are never guessed at as text: they are shown as hex.
import { format, h, table } from './dom.js';

const SHOWN_BYTES = 64 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export const MODES = ['auto', 'json', 'text', 'hex'];

export function bytesOf(base64) {
  if (base64 == null) {
    return null;
  }
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

function textOf(bytes) {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/** Control characters other than tab and newline would garble the table: they are shown as U+FFFD. */
function printable(text) {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\ufffd');
}

export function hex(bytes) {
  const lines = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const row = bytes.subarray(at, at + 16);
    const hexes = Array.from(row, b => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, b => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${at.toString(16).padStart(8, '0')}  ${hexes.padEnd(47)}  ${ascii}`);
  }
  return lines.join('\n');
}

/** {text, kind}: kind is json, text, hex (binary) or null. */
export function decode(bytes, mode) {
  if (bytes == null) {
    return { text: 'null', kind: 'null' };
  }
  const shown = bytes.length > SHOWN_BYTES ? bytes.subarray(0, SHOWN_BYTES) : bytes;
  const cut = bytes.length > SHOWN_BYTES ? `\n… ${format.number(bytes.length)} bytes in all` : '';
  if (mode === 'hex') {
    return { text: hex(shown) + cut, kind: 'hex' };
  }
  const text = textOf(shown);
  if (text == null) {
    return { text: hex(shown) + cut, kind: 'hex' };
  }
  if (mode === 'json' || mode === 'auto') {
    try {
      const trimmed = text.trim();
      if (mode === 'json' || trimmed.startsWith('{') || trimmed.startsWith('[')) {
        return { text: JSON.stringify(JSON.parse(text), null, 2), kind: 'json' };
      }
    } catch {
      // not JSON: shown as text
    }
  }
  return { text: printable(text) + cut, kind: 'text' };
}

function bytesCell(base64, mode) {
  const { text, kind } = decode(bytesOf(base64), mode);
  return h('pre', { class: kind === 'hex' ? 'binary' : kind === 'null' ? 'null' : null, title: kind === 'hex' ? 'binary: shown as hex' : null }, text);
}

function headersCell(headers, mode) {
  if (!headers?.length) {
    return '';
  }
  return h('pre', {}, headers.map(header => {
    const { text } = decode(bytesOf(header.value), mode === 'hex' ? 'hex' : 'text');
    return `${header.key}: ${text}\n`;
  }));
}

function columnsOf(showPartition) {
  return [
    ...(showPartition ? [{ label: 'Partition', num: true }] : []),
    { label: 'Offset', num: true }, { label: 'Timestamp' }, { label: 'Key' }, { label: 'Value' }, { label: 'Headers' },
  ];
}

function cellsOf(r, mode, showPartition) {
  return [
    ...(showPartition ? [String(r.partition)] : []),
    String(r.offset), format.time(r.timestamp), bytesCell(r.key, mode), bytesCell(r.value, mode), headersCell(r.headers, mode),
  ];
}

/** Records (binary format) as a table; showPartition for a topic's tail where records of all partitions mix. */
export function recordsTable(records, mode, { showPartition = false, caption = 'Records' } = {}) {
  return table(caption, columnsOf(showPartition), records.map(r => cellsOf(r, mode, showPartition)), { class: 'records' });
}

/** One table row of a record, as {@link recordsTable} makes them: for tables that grow a few rows at a time. */
export function recordRow(record, mode, showPartition) {
  const columns = columnsOf(showPartition);
  return h('tr', {}, cellsOf(record, mode, showPartition).map((cell, i) => h('td', { class: columns[i].num ? 'num' : null }, cell)));
}
