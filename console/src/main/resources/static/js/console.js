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
