import { useMemo, useState } from 'preact/hooks';
import { AdminClient } from './admin-client.js';
import { DeploymentsPage } from './pages/deployments-page.js';
import { KeysPage } from './pages/keys-page.js';
import { LogDetailPage } from './pages/log-detail-page.js';
import { LoginPage } from './pages/login-page.js';
import { LogsPage } from './pages/logs-page.js';
import { OverviewPage } from './pages/overview-page.js';
import { PlaygroundPage } from './pages/playground-page.js';
import { WhatIfPage } from './pages/what-if-page.js';
import { clearSessionKey, readSessionKey } from './session-key.js';
import { useHashRoute } from './use-hash-route.js';

const SECTIONS = [
  { path: '/', label: 'Overview' },
  { path: '/deployments', label: 'Deployments' },
  { path: '/logs', label: 'Requests' },
  { path: '/keys', label: 'Keys & teams' },
  { path: '/playground', label: 'Playground' },
  { path: '/what-if', label: 'What-if' },
] as const;

/** The dashboard: a sign-in with the master key, then one page per section, routed by the URL's hash. */
export function App() {
  const [masterKey, setMasterKey] = useState(readSessionKey);
  const route = useHashRoute();
  const client = useMemo(() => (masterKey === undefined ? undefined : new AdminClient(masterKey)), [masterKey]);
  if (client === undefined) return <LoginPage onSignedIn={setMasterKey} />;
  const signOut = (): void => {
    clearSessionKey();
    setMasterKey(undefined);
  };
  const section = SECTIONS.find((candidate) => (candidate.path === '/' ? route.path === '/' : route.path.startsWith(candidate.path)));
  return (
    <div class="shell">
      <header class="top">
        <a class="brand" href="#/">
          Skyroute
        </a>
        <nav aria-label="Sections">
          {SECTIONS.map((item) => (
            <a key={item.path} href={`#${item.path}`} aria-current={item === section ? 'page' : undefined}>
              {item.label}
            </a>
          ))}
        </nav>
        <button type="button" class="link" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main>{page(route.path, route.query, client)}</main>
    </div>
  );
}

function page(path: string, query: URLSearchParams, client: AdminClient) {
  if (path === '/') return <OverviewPage client={client} query={query} />;
  if (path === '/deployments') return <DeploymentsPage client={client} />;
  if (path === '/logs') return <LogsPage client={client} query={query} />;
  if (path.startsWith('/logs/')) return <LogDetailPage client={client} id={decodeURIComponent(path.slice('/logs/'.length))} />;
  if (path === '/keys') return <KeysPage client={client} />;
  if (path === '/playground') return <PlaygroundPage client={client} />;
  if (path === '/what-if') return <WhatIfPage client={client} />;
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is no page at <code>#{path}</code>. <a href="#/">Go to the overview.</a>
      </p>
    </section>
  );
}
