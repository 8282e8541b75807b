// The frame of every page: who is signed in (GET /auth/me), the header with the navigation, the language
// switch and logout, and the page the path names. Without a session the login page is shown.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, errorText, get, me, post } from './api.ts';
import { LOCALES, locale, setLocale, t, type Locale, type WebKey } from './i18n/index.ts';
import { AgentPage } from './pages/agent.tsx';
import { ApprovalsPage } from './pages/approvals.tsx';
import { FleetPage } from './pages/fleet.tsx';
import { AuditPage } from './pages/audit.tsx';
import { HistoryPage } from './pages/history.tsx';
import { KeysPage } from './pages/keys.tsx';
import { LoginPage } from './pages/login.tsx';
import { NoticesPage } from './pages/notices.tsx';
import { PayoutsPage } from './pages/payouts.tsx';
import { RequestPage } from './pages/request.tsx';
import { RunPage } from './pages/run.tsx';
import { SchedulesPage } from './pages/schedules.tsx';
import { navigate, path } from './router.ts';
import { useSignal } from './signal.ts';
import type { Me } from './types.ts';

const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', ko: '한국어' }; // i18n-exempt: each language names itself

function LanguageSwitch() {
  const current = useSignal(locale);
  return (
    <label class="lang">
      <span class="sr-only">{t('app.language')}</span>
      <select value={current} onChange={(e) => setLocale((e.currentTarget as HTMLSelectElement).value as Locale)} aria-label={t('app.language')}>
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

const NAV: Array<{ href: string; key: WebKey & `nav.${string}`; admin?: boolean }> = [
  { href: '/', key: 'nav.fleet' },
  { href: '/run', key: 'nav.run' },
  { href: '/approvals', key: 'nav.approvals' },
  { href: '/history', key: 'nav.history' },
  { href: '/schedules', key: 'nav.schedules' },
  { href: '/payouts', key: 'nav.payouts' },
  { href: '/keys', key: 'nav.keys' },
  { href: '/notices', key: 'nav.notices' },
  { href: '/audit', key: 'nav.audit', admin: true },
];

function Header({ who }: { who: Me | null }) {
  const p = useSignal(path).split('?')[0]!;
  const logout = async () => {
    await post('/auth/logout').catch(() => undefined);
    me.set(null);
    location.assign('/login?reason=logged_out');
  };
  return (
    <header class="top">
      <a class="brand" href="/">
        {t('app.title')}
      </a>
      {who && who.level !== 'none' && (
        <nav aria-label={t('nav.label')}>
          <ul>
            {NAV.filter((n) => !n.admin || who.level === 'admin').map((n) => {
              const current = n.href === '/' ? p === '/' || p.startsWith('/agents') : p.startsWith(n.href);
              return (
                <li key={n.href}>
                  <a href={n.href} aria-current={current ? 'page' : undefined}>
                    {t(n.key)}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
      )}
      <div class="tools">
        <LanguageSwitch />
        {who && (
          <>
            <span class="who" title={who.actor.id}>
              {t('app.signedInAs', { name: who.actor.name, level: who.level })}
            </span>
            <button type="button" class="link" onClick={logout}>
              {t('app.logout')}
            </button>
          </>
        )}
      </div>
    </header>
  );
}

function Page({ p, who }: { p: string; who: Me }) {
  const route = p.split('?')[0]!;
  if (who.level === 'none') {
    return (
      <section>
        <h1>{t('app.noRole.title')}</h1>
        <p>{t('app.noRole.body')}</p>
      </section>
    );
  }
  if (route === '/run') return <RunPage who={who} />;
  if (route === '/approvals') return <ApprovalsPage who={who} />;
  if (route === '/history') return <HistoryPage who={who} />;
  if (route === '/schedules') return <SchedulesPage who={who} />;
  if (route === '/payouts') return <PayoutsPage />;
  if (route === '/keys') return <KeysPage />;
  if (route === '/notices') return <NoticesPage />;
  if (route === '/audit') return <AuditPage who={who} />;
  const agent = /^\/agents\/([^/]+)$/.exec(route);
  if (agent) return <AgentPage id={decodeURIComponent(agent[1]!)} />;
  const req = /^\/requests\/(\d+)$/.exec(route);
  if (req) return <RequestPage id={Number(req[1])} who={who} />;
  return <FleetPage />;
}

export function App() {
  const p = useSignal(path);
  const who = useSignal(me);
  useSignal(locale);
  const [state, setState] = useState<'loading' | 'ready' | 'anonymous' | { error: string }>('loading');
  const onLogin = p.startsWith('/login');

  useEffect(() => {
    get<Me>('/auth/me').then(
      (m) => {
        me.set(m);
        setState('ready');
      },
      (err) => {
        if (err instanceof ApiError && err.status === 401) setState('anonymous');
        else setState({ error: errorText(err) });
      },
    );
  }, []);

  useEffect(() => {
    if (state === 'anonymous' && !onLogin) navigate('/login', true);
    if (state === 'ready' && onLogin) navigate('/', true);
  }, [state, onLogin]);

  let body;
  if (state === 'loading') body = <p role="status">{t('app.loading')}</p>;
  else if (typeof state === 'object') body = <p role="alert">{t('app.error', { detail: state.error })}</p>;
  else if (onLogin || !who) body = <LoginPage />;
  else body = <Page p={p} who={who} />;

  return (
    <>
      <a class="skip" href="#main">
        {t('app.skip')}
      </a>
      <Header who={state === 'ready' ? who : null} />
      <main id="main" tabIndex={-1}>
        {body}
      </main>
    </>
  );
}
