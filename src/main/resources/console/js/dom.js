// Every element of the console is built here. Text from the API (topic names, keys, values, headers, messages) only
// ever becomes a text node or an attribute value, never markup: a record whose value is <img onerror=...> shows as
// those characters. The Content-Security-Policy (no inline script) is the second line of defence.

/** An element with attributes ("on..." are listeners, true is a boolean attribute) and children (nodes or text). */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value == null || value === false) {
      continue;
    }
    if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  add(element, children);
  return element;
}

/** Replaces an element's children. */
export function fill(element, ...children) {
  element.replaceChildren();
  add(element, children);
  return element;
}

function add(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child != null && child !== false) {
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
}

/** A table: columns are {label, num?}, rows are arrays of cells (nodes or text). */
export function table(caption, columns, rows, attributes = {}) {
  return h('table', attributes,
    caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
    h('tbody', {}, rows.map(row => h('tr', {}, row.map((cell, i) => h('td', { class: columns[i].num ? 'num' : null }, cell))))));
}

/** A labelled form control: the label's for= points at the control's id. */
export function field(label, control) {
  return [h('label', { for: control.id }, label), control];
}

let ids = 0;

/** A unique id for label/control pairs. */
export function uid(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

export const format = {
  number: n => (n == null ? '–' : Number(n).toLocaleString('en-US')),
  bytes(n) {
    if (n == null) {
      return '–';
    }
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = Number(n);
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit += 1;
    }
    return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
  },
  /** A time given as epoch ms (records) or ISO-8601 (v3 resources). */
  time(value) {
    const date = new Date(typeof value === 'string' ? value : Number(value ?? -1));
    return value == null || Number.isNaN(date.getTime()) || date.getTime() < 0 ? '–'
      : date.toISOString().replace('T', ' ').replace('Z', ' UTC');
  },
  duration(ms) {
    if (ms == null || Number(ms) < 0) {
      return 'unlimited';
    }
    const n = Number(ms);
    const units = [[86400000, 'd'], [3600000, 'h'], [60000, 'min'], [1000, 's']];
    for (const [size, name] of units) {
      if (n >= size && n % size === 0) {
        return `${n / size} ${name}`;
      }
    }
    return `${n} ms`;
  },
};

/** A short message in the corner, read out by screen readers. */
export function toast(text) {
  const box = document.getElementById('toast');
  const line = h('div', {}, text);
  box.append(line);
  setTimeout(() => line.remove(), 5000);
}
