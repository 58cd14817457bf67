/**
 * The preview's one script, inline in every page: live reload over
 * server-sent events, the view switch of the roundup and message pages,
 * and frames as tall as the email they show. No framework, no build step.
 */
export const SCRIPT = String.raw`
(() => {
  const body = document.body;
  const live = document.getElementById('live');
  const say = (text, state) => { if (live) { live.textContent = text; live.dataset.state = state; } };
  const scrollKey = 'tidings-preview-scroll ' + location.pathname + location.search;

  // Frames: as tall as their content (same origin), checked again when shown.
  const fit = (frame) => {
    try {
      const doc = frame.contentDocument;
      if (!doc || !doc.body || frame.offsetParent === null) return;
      const style = doc.defaultView.getComputedStyle(doc.body);
      const height = doc.body.scrollHeight + parseFloat(style.marginTop) + parseFloat(style.marginBottom);
      const border = frame.offsetHeight - frame.clientHeight;
      frame.style.height = Math.max(200, Math.ceil(height)) + border + 'px';
    } catch (e) { /* not ours to measure */ }
  };
  const frames = document.querySelectorAll('iframe.fit');
  for (const frame of frames) {
    frame.addEventListener('load', () => fit(frame));
    // A frame may have loaded before this script ran.
    if (frame.contentDocument && frame.contentDocument.URL !== 'about:blank' && frame.contentDocument.readyState === 'complete') fit(frame);
  }
  addEventListener('load', () => { for (const frame of frames) fit(frame); });

  // Views: radio buttons name="view"; parts carry data-views="both desktop".
  const show = (value) => {
    for (const part of document.querySelectorAll('[data-views]')) {
      const on = part.dataset.views.split(' ').includes(value);
      part.hidden = !on;
      if (!on) continue;
      for (const frame of part.querySelectorAll('iframe[data-src]')) {
        if (!frame.getAttribute('src')) frame.setAttribute('src', frame.dataset.src);
        else fit(frame);
      }
    }
    for (const field of document.querySelectorAll('input[type=hidden][name=view]')) field.value = value;
    const url = new URL(location.href);
    url.searchParams.set('view', value);
    history.replaceState(null, '', url);
  };
  for (const radio of document.querySelectorAll('input[type=radio][name=view]')) {
    radio.addEventListener('change', () => { if (radio.checked) show(radio.value); });
  }

  // Scroll position survives a live reload.
  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    addEventListener('load', () => scrollTo(0, Number(saved) || 0));
  }
  const reload = () => {
    say('Updating…', 'busy');
    sessionStorage.setItem(scrollKey, String(scrollY));
    location.reload();
  };

  if (!('EventSource' in window)) return;
  const generation = Number(body.dataset.generation);
  const events = new EventSource('/events');
  events.addEventListener('open', () => say('Live: watching for changes', 'on'));
  events.addEventListener('error', () => say('Not connected to tidings preview: retrying…', 'off'));
  events.addEventListener('state', (event) => {
    const data = JSON.parse(event.data);
    if (data.generation !== generation) reload();
  });
  events.addEventListener('built', () => {
    for (const frame of document.querySelectorAll('iframe[data-site]')) if (frame.getAttribute('src')) frame.contentWindow.location.reload();
  });
  events.addEventListener('inbox', (event) => {
    const data = JSON.parse(event.data);
    for (const badge of document.querySelectorAll('[data-inbox-count]')) {
      badge.textContent = String(data.count);
      badge.classList.toggle('has', data.count > 0);
    }
    if (body.dataset.page === 'inbox' && data.count + '/' + data.received !== body.dataset.inboxState) reload();
  });
})();
`.trim();
