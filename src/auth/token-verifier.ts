import { decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import jwt from 'jsonwebtoken';
import { UnauthenticatedError } from '../common/errors.js';
import type { AuthConfig } from '../config/config.js';
import { KID_PATTERN, TOKEN_ALGORITHMS, type KeyRequest, type TokenAlgorithm, type TrustedKey } from './key-ring.js';
import { ALL_ROLES, type Principal, type Role } from './principal.js';

/** Header members that would make us fetch or trust a key the token itself names. */
const FORBIDDEN_HEADERS = ['jku', 'x5u', 'jwk', 'x5c', 'crit'];
const MAX_TOKEN_LENGTH = 8192;
/**
 * A verified token is remembered (by its exact text, signature included) for at most this long
 * and never past its `exp`: a window sends the same token with every request, and a signature
 * check costs 40–80 µs. A key withdrawn from the JWKS stops working within this time.
 */
const VERIFIED_CACHE_MS = 60_000;
const VERIFIED_CACHE_MAX = 10_000;

export interface KeyLookup {
  /** The trusted key for this algorithm with this kid (or the only one, when the token has no kid), if any. */
  find(request: KeyRequest): Promise<TrustedKey | undefined>;
}

/**
 * Verifies a bearer token into a Principal, or throws UnauthenticatedError with a reason that
 * is safe to show: the hub's one token verifier. The keys come from jose key sets (KeyLookup);
 * jsonwebtoken checks RS256, ES256 and HS256 tokens, jose's jwtVerify the EdDSA ones (jsonwebtoken
 * has no EdDSA). Each trusted key is pinned to one algorithm: `alg: none`, HS256 signed with a
 * public key, and keys named by the token itself are all refused.
 */
export class TokenVerifier {
  constructor(
    private readonly keys: KeyLookup,
    private readonly config: Pick<AuthConfig, 'issuer' | 'audience' | 'clockSkewSeconds'>,
    private readonly now: () => number = Date.now,
  ) {}

  private readonly verified = new Map<string, { principal: Principal; until: number }>();

  async verify(token: string): Promise<Principal> {
    const remembered = this.verified.get(token);
    if (remembered && this.now() < remembered.until) return remembered.principal;
    const { principal, exp } = await this.verifyAfresh(token);
    if (this.verified.size >= VERIFIED_CACHE_MAX) this.verified.clear();
    this.verified.set(token, { principal, until: Math.min(exp * 1000, this.now() + VERIFIED_CACHE_MS) });
    return principal;
  }

  private async verifyAfresh(token: string): Promise<{ principal: Principal; exp: number }> {
    if (token.length > MAX_TOKEN_LENGTH) throw new UnauthenticatedError('Token is too long');
    const header = decodeHeader(token);
    if (typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') throw new UnauthenticatedError('Unsigned tokens are not accepted');
    if (!token.split('.')[2]) throw new UnauthenticatedError('Token signature is missing');
    for (const member of FORBIDDEN_HEADERS) {
      if (member in header) throw new UnauthenticatedError(`Token header "${member}" is not accepted`);
    }
    if (header.kid !== undefined && (typeof header.kid !== 'string' || !KID_PATTERN.test(header.kid))) {
      throw new UnauthenticatedError('Token key id is malformed');
    }
    if (!TOKEN_ALGORITHMS.includes(header.alg as TokenAlgorithm)) throw new UnauthenticatedError(`Token algorithm ${header.alg} is not accepted`);
    const key = await this.keys.find({ alg: header.alg as TokenAlgorithm, kid: header.kid as string | undefined });
    if (!key) throw new UnauthenticatedError('Token is signed with an unknown key');
    if (header.alg !== key.algorithm) throw new UnauthenticatedError(`Token algorithm ${header.alg} is not allowed for this key`);

    const claims = key.algorithm === 'EdDSA' ? await this.verifyEdDsa(token, key) : this.verifyWithJsonWebToken(token, key);
    return { principal: principalFrom(claims), exp: claims.exp! };
  }

  private verifyWithJsonWebToken(token: string, key: TrustedKey): jwt.JwtPayload {
    try {
      const payload = jwt.verify(token, key.key, {
        algorithms: [key.algorithm as jwt.Algorithm],
        issuer: this.config.issuer,
        audience: this.config.audience,
        clockTolerance: this.config.clockSkewSeconds,
        clockTimestamp: Math.floor(this.now() / 1000),
      });
      if (typeof payload === 'string') throw new UnauthenticatedError('Token payload is not a JSON object');
      return payload;
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      throw new UnauthenticatedError(reasonOf(error));
    }
  }

  /** jsonwebtoken has no EdDSA: jose checks these, with the same claim rules. */
  private async verifyEdDsa(token: string, key: TrustedKey): Promise<jwt.JwtPayload> {
    try {
      const { payload } = await jwtVerify(token, key.key, {
        algorithms: ['EdDSA'],
        issuer: this.config.issuer,
        audience: this.config.audience,
        clockTolerance: this.config.clockSkewSeconds,
        currentDate: new Date(this.now()),
        requiredClaims: ['exp'],
      });
      return payload as jwt.JwtPayload;
    } catch (error) {
      throw new UnauthenticatedError(joseReasonOf(error));
    }
  }
}

/** The protected header (jose), before any key is looked up. */
function decodeHeader(token: string): Record<string, unknown> {
  if (token.split('.').length !== 3) throw new UnauthenticatedError('Token is malformed');
  try {
    return decodeProtectedHeader(token) as Record<string, unknown>;
  } catch {
    throw new UnauthenticatedError('Token is malformed');
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof jwt.TokenExpiredError) return 'Token has expired';
  if (error instanceof jwt.NotBeforeError) return 'Token is not valid yet';
  const message = (error as Error).message ?? '';
  if (/audience/.test(message)) return 'Token audience is not accepted';
  if (/issuer/.test(message)) return 'Token issuer is not accepted';
  if (/signature/.test(message)) return 'Token signature is invalid';
  if (/exp/.test(message)) return 'Token has no valid expiry';
  return 'Token is invalid';
}

function joseReasonOf(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'Token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'Token is not valid yet';
    if (error.claim === 'iss') return 'Token issuer is not accepted';
    if (error.claim === 'aud') return 'Token audience is not accepted';
    if (error.claim === 'exp') return 'Token has no expiry';
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWSInvalid) return 'Token signature is invalid';
  return 'Token is invalid';
}

/** The claims we rely on, checked for shape; the department is checked by the caller. */
function principalFrom(claims: jwt.JwtPayload): Principal {
  const { sub, dept, roles, name, jti } = claims as Record<string, unknown>;
  if (typeof sub !== 'string' || !sub || sub.length > 128) throw new UnauthenticatedError('Token has no valid "sub"');
  if (typeof dept !== 'string' || !/^[A-Za-z0-9-]{1,32}$/.test(dept)) throw new UnauthenticatedError('Token has no valid "dept"');
  if (typeof claims.exp !== 'number') throw new UnauthenticatedError('Token has no expiry');
  if (!Array.isArray(roles) || roles.some((role) => !ALL_ROLES.includes(role as Role))) {
    throw new UnauthenticatedError('Token "roles" must be a list of consumer, provider, admin, auditor');
  }
  if (name !== undefined && (typeof name !== 'string' || name.length > 64)) throw new UnauthenticatedError('Token "name" is invalid');
  return {
    sub,
    dept,
    roles: [...new Set(roles as Role[])],
    ...(typeof name === 'string' ? { name } : {}),
    ...(typeof jti === 'string' ? { tokenId: jti } : {}),
  };
}
