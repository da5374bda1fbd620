// A small live line chart in SVG, for rates and lag while a page is open.
const SVG = 'http://www.w3.org/2000/svg';
const COLOURS = ['#1f5fa8', '#b3261e', '#1a7f37', '#8a5a00'];

function svg(tag, attributes) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, String(value));
  }
  return element;
}

/** A chart of up to `points` values per series; push(values) adds one sample to each series and redraws. */
export class LiveChart {
  constructor(label, seriesNames, points = 60) {
    this.names = seriesNames;
    this.points = points;
    this.series = seriesNames.map(() => []);
    this.element = svg('svg', { class: 'chart', viewBox: '0 0 720 180', role: 'img', 'aria-label': label, preserveAspectRatio: 'none' });
    this.legend = document.createElement('div');
    this.legend.className = 'legend';
    seriesNames.forEach((name, i) => {
      const item = document.createElement('span');
      item.style.color = COLOURS[i % COLOURS.length];
      item.textContent = name;
      this.legend.append(item);
    });
  }

  push(values) {
    values.forEach((value, i) => {
      this.series[i].push(value);
      if (this.series[i].length > this.points) {
        this.series[i].shift();
      }
    });
    this.draw();
  }

  draw() {
    const width = 720;
    const height = 180;
    const top = 14;
    const bottom = 166;
    const max = Math.max(1, ...this.series.flat());
    const x = i => 40 + (i * (width - 50)) / (this.points - 1);
    const y = v => bottom - ((bottom - top) * v) / max;
    const parts = [
      svg('line', { x1: 40, y1: bottom, x2: width - 10, y2: bottom, stroke: '#d0d7de' }),
      svg('line', { x1: 40, y1: top, x2: 40, y2: bottom, stroke: '#d0d7de' }),
    ];
    const maxLabel = svg('text', { x: 4, y: top + 4 });
    maxLabel.textContent = max >= 1000 ? `${(max / 1000).toFixed(1)}k` : String(Math.round(max * 10) / 10);
    const zero = svg('text', { x: 4, y: bottom });
    zero.textContent = '0';
    parts.push(maxLabel, zero);
    this.series.forEach((values, i) => {
      if (values.length > 1) {
        const offset = this.points - values.length;
        const d = values.map((v, j) => `${j === 0 ? 'M' : 'L'}${x(offset + j).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
        parts.push(svg('path', { d, fill: 'none', stroke: COLOURS[i % COLOURS.length], 'stroke-width': 2 }));
      }
    });
    this.element.replaceChildren(...parts);
  }
}
