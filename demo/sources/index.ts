export { startSources, type RunningSource, type RunningSources, type StartSourcesOptions } from './launcher.js';
export { SOURCES, DEFAULT_PORT_BASE, DEFAULT_API_KEY, DEFAULT_FRONT_DATABASE, type SourceKey } from './definitions.js';
export { demoBindings, BINDINGS_FILE, type DemoBinding } from './bindings.js';
export { FAULT_MODES, type FaultMode } from './http-source.js';
