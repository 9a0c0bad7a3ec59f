import { UserManager, WebStorageStateStore } from 'oidc-client-ts';

/** The claims the console shows. The hub verifies the token on every request; this is display only. */
export interface SignedInPerson {
  sub: string;
  name?: string;
  dept: string;
  roles: string[];
  expiresAt: number;
}

export interface ConsoleSettings {
  oidc: { authority: string; clientId: string } | null;
}

const TOKEN_KEY = 'sharehub.console.token';

let userManager: UserManager | undefined;

export async function loadSettings(): Promise<ConsoleSettings> {
  const response = await fetch('/console/settings.json', { cache: 'no-store' });
  if (!response.ok) return { oidc: null };
  return (await response.json()) as ConsoleSettings;
}

function oidcManager(settings: ConsoleSettings): UserManager | undefined {
  if (!settings.oidc) return undefined;
  userManager ??= new UserManager({
    authority: settings.oidc.authority,
    client_id: settings.oidc.clientId,
    redirect_uri: `${location.origin}/console/callback`,
    post_logout_redirect_uri: `${location.origin}/console/`,
    response_type: 'code',
    scope: 'openid profile',
    // Session storage: a closed tab forgets the sign-in.
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    loadUserInfo: false,
  });
  return userManager;
}

/**
 * A sign-in link of the demo carries the token in the fragment (#token=…), which the browser
 * never sends to a server. Take it, keep it for this tab only, and remove it from the address bar.
 */
function takeTokenFromFragment(): void {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const token = fragment.get('token');
  if (!token) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  history.replaceState(null, '', location.pathname + location.search);
}

export function decodeClaims(token: string): SignedInPerson | undefined {
  try {
    const part = token.split('.')[1] ?? '';
    const json = new TextDecoder().decode(Uint8Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json) as Record<string, unknown>;
    if (typeof claims.sub !== 'string' || typeof claims.dept !== 'string') return undefined;
    return {
      sub: claims.sub,
      name: typeof claims.name === 'string' ? claims.name : undefined,
      dept: claims.dept,
      roles: Array.isArray(claims.roles) ? claims.roles.map(String) : [],
      expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : 0,
    };
  } catch {
    return undefined;
  }
}

/** Finishes an OIDC redirect, or picks up a fragment token; returns the bearer token if signed in. */
export async function restoreSession(settings: ConsoleSettings): Promise<string | undefined> {
  takeTokenFromFragment();
  const manager = oidcManager(settings);
  if (manager && location.pathname === '/console/callback') {
    const user = await manager.signinRedirectCallback();
    sessionStorage.setItem(TOKEN_KEY, user.access_token);
    const target = typeof user.state === 'string' && user.state.startsWith('/console/') ? user.state : '/console/';
    history.replaceState(null, '', target);
  }
  const token = sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  const claims = token ? decodeClaims(token) : undefined;
  if (!token || !claims || claims.expiresAt < Date.now()) {
    sessionStorage.removeItem(TOKEN_KEY);
    return undefined;
  }
  return token;
}

export function currentToken(): string | undefined {
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export async function signIn(settings: ConsoleSettings): Promise<void> {
  const manager = oidcManager(settings);
  if (!manager) throw new Error('本平台未配置统一身份认证（OpenID Connect）');
  await manager.signinRedirect({ state: location.pathname });
}

export async function signOut(settings: ConsoleSettings): Promise<void> {
  sessionStorage.removeItem(TOKEN_KEY);
  const manager = oidcManager(settings);
  if (manager && (await manager.getUser())) {
    await manager.removeUser();
  }
  location.assign('/console/');
}
