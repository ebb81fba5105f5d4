/**
 * Flags for a quiet, offline, sandbox-less (containers, CI) headless Chromium, checked on these
 * machines: without the networking ones Chromium keeps trying to reach Google's hosts, which a
 * closed network refuses. Shared by `data-model erd` and the in-VS Code test runner.
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
