// The page is chosen by the path; links are ordinary <a href> intercepted here so the page does not
// reload (the server answers index.html for each of these paths, so a reload or a shared link works).
import { signal } from './signal.ts';

export const path = signal<string>(location.pathname + location.search);

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  path.set(location.pathname + location.search);
  window.scrollTo(0, 0);
  // A screen reader and the keyboard start on the new page's content, as after a full load.
  requestAnimationFrame(() => document.getElementById('main')?.focus({ preventScroll: true }));
}

addEventListener('popstate', () => path.set(location.pathname + location.search));

document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element | null)?.closest?.('a');
  if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
  const href = a.getAttribute('href') ?? '';
  // The server's own routes (login redirects, the API) are real navigations.
  if (href.startsWith('/auth/') || href.startsWith('/api/')) return;
  e.preventDefault();
  navigate(a.pathname + a.search);
});

export function queryOf(p: string): URLSearchParams {
  const i = p.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : p.slice(i + 1));
}
