// RFC 9162 inclusion proof, checked in the browser with WebCrypto: the console does not take
// the hub's word that an event is in the signed log.

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  if (!/^([0-9a-f]{2})*$/i.test(hex)) throw new Error('not hex');
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const data = new Uint8Array(1 + left.length + right.length);
  data[0] = 0x01;
  data.set(left, 1);
  data.set(right, 1 + left.length);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

/** RFC 9162 §2.1.3.2: the root the path leads to from the leaf, or undefined if the path cannot fit. */
export async function rootFromInclusionProof(leafIndex: number, treeSize: number, leafHashHex: string, pathHex: string[]): Promise<string | undefined> {
  if (!(leafIndex >= 0 && leafIndex < treeSize)) return undefined;
  let fn = BigInt(leafIndex);
  let sn = BigInt(treeSize - 1);
  let r = fromHex(leafHashHex);
  for (const p of pathHex.map(fromHex)) {
    if (sn === 0n) return undefined;
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n ? toHex(r) : undefined;
}

/**
 * Verifies the checkpoint's compact JWS (EdDSA, Ed25519) with the PEM (SPKI) key: the signature over
 * `header.payload`, an EdDSA header, and a payload that is exactly the statement `signedPayload`
 * (tree size, root, time) the page shows.
 */
export async function checkpointSignatureValid(publicKeyPem: string, signedPayload: string, jws: string): Promise<boolean> {
  const parts = jws.split('.');
  if (parts.length !== 3) return false;
  const [header, payload, signature] = parts;
  if (JSON.parse(new TextDecoder().decode(fromBase64Url(header))).alg !== 'EdDSA') return false;
  if (new TextDecoder().decode(fromBase64Url(payload)) !== signedPayload) return false;
  const der = Uint8Array.from(atob(publicKeyPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '')), (c) => c.charCodeAt(0));
  const key = await crypto.subtle.importKey('spki', der, { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64Url(signature), new TextEncoder().encode(`${header}.${payload}`));
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** SHA-256 of the SPKI DER, first 16 hex: the hub's key id, to compare with a pinned one. */
export async function keyIdOfPem(publicKeyPem: string): Promise<string> {
  const der = Uint8Array.from(atob(publicKeyPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '')), (c) => c.charCodeAt(0));
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', der))).slice(0, 16);
}
