// The chart of a user's daily totals, drawn with uPlot (a WebJar served from the jar).
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';

let chart = null;

export function drawHistory(container, days, scores) {
  if (chart) {
    chart.destroy();
    chart = null;
  }
  container.replaceChildren();
  const xs = days.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000);
  const options = {
    width: width(container),
    height: 180,
    legend: { show: false },
    cursor: { show: false },
    // days are the service's days: show them as UTC dates, whatever the browser's zone
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    series: [
      {},
      {
        label: 'Pomodoros',
        stroke: '#a4262c',
        fill: 'rgba(164, 38, 44, 0.35)',
        paths: uPlot.paths.bars({ size: [0.7, 24] }),
        points: { show: false },
      },
    ],
    axes: [{ space: 60 }, { space: 30 }],
  };
  chart = new uPlot(options, [xs, scores], container);
  container.dataset.days = String(days.length);
  container.dataset.total = String(scores.reduce((a, b) => a + b, 0));
}

function width(container) {
  return Math.max(240, Math.floor(container.getBoundingClientRect().width || 320));
}

window.addEventListener('resize', () => {
  if (chart) {
    const container = chart.root.parentElement;
    chart.setSize({ width: width(container), height: 180 });
  }
});
