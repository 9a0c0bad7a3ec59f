/** Injection token of the loaded AuditKeys (checkpoint signing key, subject HMAC key). */
export const AUDIT_KEYS = Symbol('AUDIT_KEYS');
