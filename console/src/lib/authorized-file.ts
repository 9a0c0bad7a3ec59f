import { currentToken } from '../auth/session';

/**
 * Fetches a hub file that needs the bearer token (材料清单 PDF, a certificate's printable copy)
 * and opens it in a new tab, where the browser's PDF viewer prints it. A plain link cannot
 * carry the token, and the token must never travel in a URL.
 */
export async function openAuthorizedFile(path: string): Promise<void> {
  const target = window.open('', '_blank');
  const response = await fetch(path, { headers: { authorization: `Bearer ${currentToken() ?? ''}` } });
  if (!response.ok) {
    target?.close();
    let message = `HTTP ${response.status}`;
    try {
      const body = (await response.json()) as { error?: { message?: string; code?: string }; errors?: { message: string }[] };
      message = body.error?.message ?? body.errors?.[0]?.message ?? message;
    } catch {
      // not JSON
    }
    throw new Error(message);
  }
  const url = URL.createObjectURL(await response.blob());
  if (target) target.location.href = url;
  else window.location.assign(url);
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
