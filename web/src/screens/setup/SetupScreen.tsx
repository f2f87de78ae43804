// Setup lite (/setup, /setup/:section, /setup/:section/:id): stations, paired screens, label
// printers, workers and roles, orders with route-and-release and sticker printing. A person logs
// in here; the box decides what they may change (its 403 message is shown), so a non-admin with
// the right permissions can still use the parts they are allowed.
import { useEffect } from 'preact/hooks';
import { whenUnauthorized } from '../../lib/api';
import { t, useLang } from '../../lib/i18n';
import { navigate } from '../../lib/router';
import { isAdmin, person$ } from '../../lib/session';
import { useStore } from '../../lib/store';
import { LoginForm, TopBar } from '../../ui/common';
import { CamerasSection } from './CamerasSection';
import { DevicesSection } from './DevicesSection';
import { OrderDetail } from './OrderDetail';
import { OrdersSection } from './OrdersSection';
import { PrintStickers } from './PrintStickers';
import { PrintersSection } from './PrintersSection';
import { StationsSection } from './StationsSection';
import { WorkersSection } from './WorkersSection';
import { ts } from './strings';
import './setup.css';

const SECTIONS = ['stations', 'devices', 'printers', 'cameras', 'workers', 'orders'] as const;
type Section = (typeof SECTIONS)[number];
const TAB_LABEL = {
  stations: 'setupStations',
  devices: 'setupDevices',
  printers: 'setupPrinters',
  cameras: 'setupCameras',
  workers: 'setupWorkers',
  orders: 'setupOrders',
} as const;

export default function SetupScreen({ section, id }: { section?: string; id?: string }) {
  useLang();
  const session = useStore(person$);

  // A refused login (expired or deleted) is forgotten, which brings the login form back.
  useEffect(() => {
    whenUnauthorized((token) => {
      if (person$.get()?.token === token) person$.set(null);
    });
    return () => whenUnauthorized(() => {});
  }, []);

  if (!session) {
    return (
      <div class="page setup">
        <TopBar title={t('setupTitle')} />
        <main class="setup-main">
          <LoginForm note={t('setupAdminOnly')} onLoggedIn={(token, person) => person$.set({ token, person })} />
        </main>
      </div>
    );
  }

  const token = session.token;
  if (section === 'print' && id) return <PrintStickers orderId={id} token={token} />;
  const current: Section = SECTIONS.includes(section as Section) ? (section as Section) : 'stations';

  return (
    <div class="page setup" data-testid="setup">
      <TopBar title={t('setupTitle')}>
        <span class="badge" data-testid="setup-user">
          {ts('loggedInAs', { name: session.person.name })}
        </span>
        <a
          class="btn"
          href="/"
          onClick={(event) => {
            event.preventDefault();
            navigate('/');
          }}
        >
          {ts('home')}
        </a>
        <button class="btn" type="button" data-testid="setup-logout" onClick={() => person$.set(null)}>
          {t('logout')}
        </button>
      </TopBar>
      <nav class="s-tabs" role="tablist">
        {SECTIONS.map((name) => (
          <a
            key={name}
            role="tab"
            aria-selected={current === name}
            class={`s-tab ${current === name ? 's-tab-on' : ''}`}
            href={`/setup/${name}`}
            data-testid={`setup-tab-${name}`}
            onClick={(event) => {
              event.preventDefault();
              navigate(`/setup/${name}`);
            }}
          >
            {t(TAB_LABEL[name])}
          </a>
        ))}
      </nav>
      <main class="setup-main">
        {!isAdmin(session.person) && <p class="card s-warn-card">{ts('notAdminNote')}</p>}
        {current === 'stations' && <StationsSection token={token} />}
        {current === 'devices' && <DevicesSection token={token} />}
        {current === 'printers' && <PrintersSection token={token} />}
        {current === 'cameras' && <CamerasSection token={token} />}
        {current === 'workers' && <WorkersSection token={token} />}
        {current === 'orders' && (id ? <OrderDetail key={id} id={id} token={token} /> : <OrdersSection token={token} />)}
      </main>
    </div>
  );
}
