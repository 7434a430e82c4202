import { useState } from 'preact/hooks';
import { AdminClient, ApiError } from '../admin-client.js';
import { ErrorNotice } from '../components/error-notice.js';
import { saveSessionKey } from '../session-key.js';

/** Sign-in with the master key: checked against the admin API before it is kept. */
export function LoginPage({ onSignedIn }: { onSignedIn: (key: string) => void }) {
  const [key, setKey] = useState('');
  const [remember, setRemember] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [checking, setChecking] = useState(false);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setChecking(true);
    setError(undefined);
    try {
      await new AdminClient(key.trim()).get('/admin/keys', { limit: 1 });
      saveSessionKey(key.trim(), remember);
      onSignedIn(key.trim());
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new ApiError(String(failure), 0, undefined));
    } finally {
      setChecking(false);
    }
  };
  return (
    <div class="login">
      <form onSubmit={(event) => void submit(event)} aria-label="Sign in">
        <h1>Skyroute</h1>
        <p>Sign in with the gateway's master key (auth.master_key or SKYROUTE_MASTER_KEY).</p>
        <label>
          Master key
          <input type="password" name="master-key" autoComplete="current-password" value={key} onInput={(event) => setKey(event.currentTarget.value)} required />
        </label>
        <label class="inline">
          <input type="checkbox" checked={remember} onChange={(event) => setRemember(event.currentTarget.checked)} /> Stay signed in on this device
        </label>
        <button type="submit" disabled={checking || key.trim() === ''}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
        <ErrorNotice error={error} />
      </form>
    </div>
  );
}
