// oidc-provider ships no types (DefinitelyTyped lags its major versions); the test uses a few calls.
declare module 'oidc-provider' {
  export const Provider: new (issuer: string, configuration: unknown) => { callback(): (req: unknown, res: unknown) => void };
}
