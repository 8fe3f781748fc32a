// The operators' dashboard: GET /api/ops/analytics for the chosen days, drawn with Chart.js, refreshed every
// few seconds while the page is open. The operator key stays in this tab (sessionStorage).
(() => {
  const $ = (id) => document.getElementById(id);
  const REFRESH_MS = 5000;
  const STATUS_COLORS = { completed: '#16a34a', missed: '#f59e0b', rejected: '#64748b', failed: '#dc2626' };
  const day = (d) => d.toISOString().slice(0, 10);
  const today = new Date();
  $('to').value = day(today);
  $('from').value = day(new Date(today.getTime() - 6 * 86_400_000));
  $('key').value = sessionStorage.getItem('calling.operatorKey') ?? '';
  const charts = {};
  let timer = null;

  function chart(id, config) {
    if (charts[id]) {
      charts[id].data = config.data;
      charts[id].update('none');
    } else charts[id] = new Chart($(id), { ...config, options: { animation: false, ...config.options } });
  }

  function render({ days }) {
    const sum = (f) => days.reduce((n, d) => n + f(d), 0);
    const calls = sum((d) => d.calls);
    const answered = sum((d) => d.answerRate * d.calls);
    const reported = days.filter((d) => d.relayShare !== null);
    for (const s of ['completed', 'missed', 'rejected', 'failed']) {
      document.querySelector(`[data-testid="total-${s}"]`).textContent = String(sum((d) => d.byStatus[s]));
    }
    document.querySelector('[data-testid="total-calls"]').textContent = String(calls);
    document.querySelector('[data-testid="answer-rate"]').textContent = calls
      ? `${Math.round((100 * answered) / calls)} %`
      : '–';
    const mosParties = sum((d) => Object.values(d.mosBuckets).reduce((a, b) => a + b, 0));
    const relayed = reported.reduce(
      (n, d) => n + d.relayShare * Object.values(d.mosBuckets).reduce((a, b) => a + b, 0),
      0,
    );
    document.querySelector('[data-testid="relay-share"]').textContent = mosParties
      ? `${Math.round((100 * relayed) / mosParties)} %`
      : '–';
    const labels = days.map((d) => d.day);
    const line = (label, pick, borderColor) => ({ label, data: days.map((d) => pick(d) ?? null), borderColor });
    chart('calls-chart', {
      type: 'bar',
      data: {
        labels,
        datasets: Object.entries(STATUS_COLORS).map(([s, color]) => ({
          label: s,
          data: days.map((d) => d.byStatus[s]),
          backgroundColor: color,
        })),
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    });
    chart('setup-chart', {
      type: 'line',
      data: {
        labels,
        datasets: [
          line('dial → ringing p50', (d) => d.dialToRingingMs?.p50, '#7c3aed'),
          line('dial → ringing p90', (d) => d.dialToRingingMs?.p90, '#c4b5fd'),
          line('accept → audio p50', (d) => d.acceptToAudioMs?.p50, '#2563eb'),
          line('accept → audio p90', (d) => d.acceptToAudioMs?.p90, '#93c5fd'),
        ],
      },
      options: { scales: { y: { beginAtZero: true } } },
    });
    const buckets = ['1.0', '1.5', '2.0', '2.5', '3.0', '3.5', '4.0'];
    chart('mos-chart', {
      type: 'bar',
      data: {
        labels: buckets,
        datasets: [
          {
            label: 'parties',
            data: buckets.map((b) => sum((d) => d.mosBuckets[b] ?? 0)),
            backgroundColor: buckets.map((b) => (Number(b) >= 4 ? '#16a34a' : Number(b) >= 3 ? '#f59e0b' : '#dc2626')),
          },
        ],
      },
      options: {
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    const reasons = {};
    for (const d of days) for (const [r, n] of Object.entries(d.byEndReason)) reasons[r] = (reasons[r] ?? 0) + n;
    chart('reasons-chart', {
      type: 'bar',
      data: {
        labels: Object.keys(reasons),
        datasets: [{ label: 'calls', data: Object.values(reasons), backgroundColor: '#475569' }],
      },
      options: {
        indexAxis: 'y',
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  async function load() {
    const key = $('key').value;
    const q = new URLSearchParams({ from: $('from').value, to: $('to').value });
    try {
      const res = await fetch(`/api/ops/analytics?${q}`, { headers: { authorization: `Bearer ${key}` } });
      const body = await res.json();
      if (body.status !== 'success') throw new Error(body.message ?? `HTTP ${res.status}`);
      render(body.data);
      $('status').textContent = `Updated ${new Date().toLocaleTimeString()}`;
    } catch (err) {
      $('status').textContent = `Could not load: ${err.message}`;
    }
  }

  $('range').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem('calling.operatorKey', $('key').value);
    void load();
    clearInterval(timer);
    timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, REFRESH_MS);
  });
})();
