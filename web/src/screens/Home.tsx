// The landing page: which screen this device should be. Kiosks and boards are normally opened
// straight at their own address; this page is for the first setup and for phones.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../lib/api';
import { t, useLang } from '../lib/i18n';
import { navigate } from '../lib/router';
import { device$ } from '../lib/session';
import { TopBar } from '../ui/common';

export function Home() {
  useLang();
  const paired = device$.get();
  const [version, setVersion] = useState('');
  useEffect(() => {
    get<{ version?: string }>('/health')
      .then((health) => setVersion(health?.version ?? ''))
      .catch(() => {});
    // A paired screen goes straight back to its job after a reboot.
    if (paired?.info.kind === 'station' && paired.info.station) navigate(`/station/${paired.info.station._id}`, true);
    else if (paired?.info.kind === 'board') navigate('/board', true);
  }, []);
  const links: [string, string, string][] = [
    ['/phone', t('homePhone'), 'home-phone'],
    ['/board', t('homeBoard'), 'home-board'],
    ['/pane', t('homeLookup'), 'home-lookup'],
    ['/connect', t('homeConnect'), 'home-connect'],
    ['/setup', t('homeSetup'), 'home-setup'],
  ];
  return (
    <div class="page">
      <TopBar title={t('appName')} />
      <main class="home">
        <h2>{t('homeTitle')}</h2>
        <nav class="home-grid">
          {links.map(([href, label, id]) => (
            <a
              key={href}
              href={href}
              class="tile"
              data-testid={id}
              onClick={(event) => {
                event.preventDefault();
                navigate(href);
              }}
            >
              {label}
            </a>
          ))}
        </nav>
        <p class="muted">{t('homeKiosk')}: /station/&lt;id&gt; · {version}</p>
      </main>
    </div>
  );
}
