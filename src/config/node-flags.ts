/**
 * The V8 flags a hub process runs with. package.json's `start`, `demo`, `bench` and `loadtest`
 * scripts spell the same (a test keeps them equal), and whatever starts a hub process from code
 * passes these.
 *
 * A 64 MiB young-generation semi-space instead of Node's 16 MiB: a busy hub holds many requests
 * in flight for a few tens of milliseconds each (the audit group commit waits for its batch), so
 * with the default the scavenger copied the same live requests again every ~50 ms. Measured in
 * the audit bench on this VM: 16 MiB 16.4k events/s at 90% CPU, 32 MiB 18.8k at 76%, 64 MiB
 * 20.1k at 68%. The price is memory: up to 3 × 48 MiB more young generation under load. Node's
 * own docs advise choosing this by benchmark (see `--max-semi-space-size` in `node --help`).
 */
export const HUB_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
