// The login page: how to get a one-time link from the console, the Discord button when the server has
// Discord login on, and why the person landed here (?reason= from the server's redirects).
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api.ts';
import { t, type WebKey } from '../i18n/index.ts';
import { path, queryOf } from '../router.ts';
import { useSignal } from '../signal.ts';

const REASONS = ['used', 'expired', 'invalid', 'discord_denied', 'discord_state', 'no_role', 'discord_error', 'logged_out'] as const;

export function LoginPage() {
  const p = useSignal(path);
  const reason = queryOf(p).get('reason');
  const [discord, setDiscord] = useState(false);
  useEffect(() => {
    get<{ discord: boolean }>('/auth/methods').then(
      (m) => setDiscord(m.discord === true),
      () => setDiscord(false),
    );
  }, []);
  const known = REASONS.find((r) => r === reason);
  return (
    <section class="login">
      <h1>{t('login.title')}</h1>
      {known && (
        <p class={known === 'logged_out' ? 'notice' : 'notice error'} role="alert" data-reason={known}>
          {t(`login.reason.${known}` as WebKey & `login.reason.${typeof known}`)}
        </p>
      )}
      <p>{t('login.linkIntro')}</p>
      <pre class="cmd">
        {/* i18n-exempt: the console verb is typed as it is */}
        <code>web-login</code>
      </pre>
      <p>{t('login.linkAfter')}</p>
      {discord && (
        <p>
          <a class="button primary" href="/auth/discord">
            {t('login.discord')}
          </a>
          <br />
          <small>{t('login.discordHint')}</small>
        </p>
      )}
    </section>
  );
}
