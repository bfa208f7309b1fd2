// Progressive enhancement only: every page works without this file.

// Times in the reader's own zone: the server says times in the zone the tz cookie names (UTC without it). When the
// browser's zone is another, the cookie is set and the page, if it was a plain GET, loaded once more in that zone.
(() => {
  const shown = document.querySelector('meta[name="reader-zone"]');
  const zone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!shown || !zone || shown.content === zone) {
    return;
  }
  document.cookie = 'tz=' + encodeURIComponent(zone) + '; path=/; max-age=31536000; samesite=lax';
  const once = 'reloaded-for-zone-' + zone;
  // once per zone and tab: where cookies are refused the page stays in UTC instead of reloading forever
  if (shown.dataset.reloadable === 'true' && window.sessionStorage && !sessionStorage.getItem(once)) {
    sessionStorage.setItem(once, 'yes');
    window.location.reload();
  }
})();
document.addEventListener('DOMContentLoaded', () => {
  // The live inbox count: the console relays the member's notification stream; the token stays on the server.
  const count = document.getElementById('inbox-count');
  if (count && window.EventSource) {
    const stream = new EventSource('/inbox/stream');
    stream.addEventListener('count', (event) => {
      if (count.textContent !== event.data) {
        count.textContent = event.data;
        document.body.dispatchEvent(new CustomEvent('inbox-changed'));
      }
    });
  }

  // Charts draw from the same figures the table beside them shows.
  if (window.Chart) {
    document.querySelectorAll('canvas[data-values]').forEach((canvas) => {
      const months = canvas.dataset.months ? canvas.dataset.months.split(',') : [];
      const values = canvas.dataset.values ? canvas.dataset.values.split(',').map(Number) : [];
      new window.Chart(canvas, {
        type: 'bar',
        data: { labels: months, datasets: [{ label: canvas.dataset.label, data: values, backgroundColor: '#1f5fa8' }] },
        options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } } }
      });
    });
  }
});

// Signing out continues at the identity provider: the ID token it needs travels in this form's body, never in a URL.
document.addEventListener('DOMContentLoaded', () => {
  const endProviderSession = document.getElementById('end-provider-session');
  if (endProviderSession) {
    endProviderSession.submit();
  }
});

// The operation form draws its circle on the case map as it is typed, by the projection the server drew the map with.
document.addEventListener('DOMContentLoaded', () => {
  const map = document.getElementById('case-map');
  const draft = document.getElementById('draft-circle');
  const fields = ['op-latitude', 'op-longitude', 'op-radius'].map((id) => document.getElementById(id));
  if (!map || !draft || fields.some((field) => !field)) {
    return;
  }
  const figure = (name) => Number(map.dataset[name]);
  const redraw = () => {
    const [latitude, longitude, radius] = fields.map((field) => parseFloat(field.value));
    if ([latitude, longitude, radius].some(Number.isNaN)) {
      draft.setAttribute('visibility', 'hidden');
      return;
    }
    const perDegree = figure('pixelsPerDegree');
    draft.setAttribute('cx', figure('width') / 2 + (longitude - figure('centerLongitude')) * figure('narrowing') * perDegree);
    draft.setAttribute('cy', figure('height') / 2 - (latitude - figure('centerLatitude')) * perDegree);
    draft.setAttribute('r', Math.max(3, radius / 111320 * perDegree));
    draft.setAttribute('visibility', 'visible');
  };
  fields.forEach((field) => field.addEventListener('input', redraw));
  redraw();
});
