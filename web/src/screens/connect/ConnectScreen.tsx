// /connect: how a phone gets the live camera. Phone cameras need a secure context, so the box
// serves HTTPS with its own CA; a phone trusts that CA once. The big QR opens this page on a phone
// over plain HTTP (any phone opens that, with no warning); there it downloads the certificate,
// follows the steps for its system, and opens the box's IP-based HTTPS address, where this page
// then says the phone is set up.
import './connect.css';
import { useEffect, useState } from 'preact/hooks';
import { loadBoxUrls, useBoxUrls, type BoxUrls } from '../../lib/boxurls';
import { formatDate, t, useLang } from '../../lib/i18n';
import { qrImageUrl } from '../../lib/qrtext';
import { navigate } from '../../lib/router';
import { ErrorNote, TopBar } from '../../ui/common';
import { c } from './strings';

const isApple = /iPhone|iPad|iPod/i.test(navigator.userAgent);

export default function ConnectScreen() {
  useLang();
  const urls = useBoxUrls();
  const [failed, setFailed] = useState<unknown>(null);
  const load = () => {
    setFailed(null);
    loadBoxUrls().catch(setFailed);
  };
  useEffect(load, []);
  const secure = window.location.protocol === 'https:';

  return (
    <div class="page connect" data-testid="connect">
      <TopBar title={c('title')} />
      <main class="connect-main">
        {secure ? (
          <section class="card connect-ok" data-testid="connect-secure">
            <p>{c('secureNow')}</p>
            <a
              class="btn btn-primary btn-big btn-block"
              href="/phone"
              onClick={(event) => {
                event.preventDefault();
                navigate('/phone');
              }}
            >
              {c('openPhone')}
            </a>
          </section>
        ) : (
          <p class="connect-why">{c('why')}</p>
        )}
        {failed != null && !urls && <ErrorNote error={failed} onRetry={load} />}
        {!urls && failed == null && <p class="muted">{t('loading')}</p>}
        {urls && <Steps urls={urls} secure={secure} />}
      </main>
    </div>
  );
}

function Steps({ urls, secure }: { urls: BoxUrls; secure: boolean }) {
  const ca = urls.ca;
  const android = (
    <section class="card connect-step" data-testid="connect-android" key="android">
      <h2>{c('androidTitle')}</h2>
      <ol>
        <li>{c('android1')}</li>
        <li>{c('android2')}</li>
        <li>{c('android3')}</li>
      </ol>
      <p class="muted">{c('androidNote')}</p>
    </section>
  );
  const apple = (
    <section class="card connect-step" data-testid="connect-ios" key="ios">
      <h2>{c('iosTitle')}</h2>
      <ol>
        <li>{c('ios1')}</li>
        <li>{c('ios2')}</li>
        <li>{c('ios3', { name: ca?.name ?? '' })}</li>
      </ol>
    </section>
  );
  return (
    <>
      {!secure && (
        <section class="card connect-scan">
          <h2>{c('scanTitle')}</h2>
          <img class="connect-big-qr" src={qrImageUrl(urls.setupUrl, 'M')} alt={urls.setupUrl} data-testid="connect-qr" />
          <p class="connect-url" data-testid="connect-setup-url">{urls.setupUrl}</p>
          <p class="muted">{c('scanHelp')}</p>
        </section>
      )}
      {!ca && <p class="card" data-testid="connect-https-off">{c('httpsOff')}</p>}
      {ca && !secure && (
        <>
          <section class="card connect-step">
            <h2>{c('downloadTitle')}</h2>
            <a class="btn btn-primary btn-big btn-block" href={ca.download} data-testid="connect-download">
              {c('download')}
            </a>
            <p class="muted small">{c('fingerprint')}</p>
            <code class="connect-fingerprint" data-testid="connect-fingerprint">{ca.fingerprint}</code>
          </section>
          {isApple ? [apple, android] : [android, apple]}
          <section class="card connect-step">
            <h2>{c('openTitle')}</h2>
            <a class="btn btn-big btn-block" href={`${urls.preferred}connect`} data-testid="connect-open-secure">
              {c('openSecure')}
            </a>
            <p class="connect-url">{urls.preferred}</p>
            <p class="muted">{c('openHelp')}</p>
          </section>
        </>
      )}
      <details class="card connect-all">
        <summary>{c('addresses')}</summary>
        <ul data-testid="connect-addresses">
          {[...urls.https, ...urls.http, ...urls.names].map((url) => (
            <li key={url}>
              <code>{url}</code>
            </li>
          ))}
        </ul>
        {urls.certificate && <p class="muted small">{c('certValid', { date: formatDate(urls.certificate.notAfter) })}</p>}
      </details>
    </>
  );
}
