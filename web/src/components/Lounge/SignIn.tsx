import { useEffect, useState } from 'react';
import type { CommunityApi } from '@community/client';
import { devSignIn, devSignInEnabled } from '../../services/session';

/**
 * Shown without an access token. On a server with development sign-in a person picks a username; otherwise the
 * page explains that the community's own site signs people in.
 */
export function SignIn({ api, onToken, expired }: { api: CommunityApi; onToken: (token: string) => void; expired: boolean }) {
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [username, setUsername] = useState('');
  const [staff, setStaff] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let alive = true;
    void devSignInEnabled(api).then((on) => alive && setEnabled(on));
    return () => {
      alive = false;
    };
  }, [api]);

  const submit = async () => {
    setBusy(true);
    try {
      const { access_token } = await devSignIn(api, username.trim(), staff);
      onToken(access_token);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Sign-in failed.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <div className="sign-in-card glass">
        <h1 className="brand">The Lounge</h1>
        {expired ? <p className="banner banner-fatal">Your session has ended. Sign in again.</p> : null}
        {enabled === null ? <p className="muted">…</p> : null}
        {enabled === false ? (
          <p>
            Open the Lounge from your community's site: it signs you in and brings you here. (Developers: start the
            server with <code>--web.dev_sign_in=true</code> to pick a username.)
          </p>
        ) : null}
        {enabled ? (
          <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
            <p className="dev-warning">Development sign-in: anyone can be anyone. Never enable it in production.</p>
            <label htmlFor="username">Pick a username</label>
            <input id="username" data-testid="username" value={username} maxLength={64} autoFocus
              onChange={(e) => setUsername(e.target.value)} placeholder="e.g. alice" />
            <label className="checkbox">
              <input type="checkbox" checked={staff} onChange={(e) => setStaff(e.target.checked)} /> Sign in as staff
              (platform moderator)
            </label>
            <button type="submit" className="button" disabled={!username.trim() || busy} data-testid="sign-in">
              Enter the Lounge
            </button>
            {error ? <p className="inline-error">{error}</p> : null}
          </form>
        ) : null}
      </div>
    </main>
  );
}
