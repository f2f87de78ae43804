// The floor app's entry: routes to one screen per path. Screens other than the home page are
// separate chunks, so a kiosk downloads the kiosk and nothing of setup.
import { render, type ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './styles/fonts.css';
import './styles/app.css';
import { match, useLocation } from './lib/router';
import { useLang, t } from './lib/i18n';
import { unlockAudioOnFirstGesture } from './lib/sound';
import { Home } from './screens/Home';

type Loader = () => Promise<{ default: ComponentType<any> }>;

const routes: [string, Loader][] = [
  ['/station/:stationId', () => import('./screens/kiosk/KioskScreen')],
  ['/stations/:stationId/checkin', () => import('./screens/phone/PhoneScreen')],
  ['/phone/:stationId', () => import('./screens/phone/PhoneScreen')],
  ['/phone', () => import('./screens/phone/PhoneScreen')],
  ['/board', () => import('./screens/board/BoardScreen')],
  ['/connect', () => import('./screens/connect/ConnectScreen')],
  ['/pane/:paneNumber', () => import('./screens/lookup/LookupScreen')],
  ['/pane', () => import('./screens/lookup/LookupScreen')],
  ['/setup', () => import('./screens/setup/SetupScreen')],
  ['/setup/:section', () => import('./screens/setup/SetupScreen')],
  ['/setup/:section/:id', () => import('./screens/setup/SetupScreen')],
];

function Lazy({ load, params }: { load: Loader; params: Record<string, string> }) {
  const [screen, setScreen] = useState<{ load: Loader; Component: ComponentType<any> } | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    setFailed(false);
    load()
      .then((module) => live && setScreen({ load, Component: module.default }))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [load]);
  if (failed) {
    return (
      <div class="center">
        <p>{t('offline')}</p>
        <button class="btn btn-big" type="button" onClick={() => window.location.reload()}>
          {t('retry')}
        </button>
      </div>
    );
  }
  if (!screen || screen.load !== load) return <div class="center">{t('loading')}</div>;
  const { Component } = screen;
  return <Component {...params} />;
}

function App() {
  useLang();
  const { path } = useLocation();
  for (const [pattern, load] of routes) {
    const params = match(pattern, path);
    if (params) return <Lazy key={pattern} load={load} params={params} />;
  }
  return <Home />;
}

unlockAudioOnFirstGesture();
const root = document.getElementById('app');
if (root) render(<App />, root);
