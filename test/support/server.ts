/**
 * Starts a real emulator over HTTP for a test file: `const mock = useMock()` inside a describe
 * block gives `mock.url` once started, and closes it after the block.
 */
import { afterAll, beforeAll } from 'vitest';
import { startMock, type MockServer, type StartOptions } from '../../src/index.js';

export function useMock(options: StartOptions = {}): { readonly url: string; readonly server: MockServer } {
  let server: MockServer | undefined;
  beforeAll(async () => {
    server = await startMock(options);
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    get url() {
      if (!server) throw new Error('the mock has not started');
      return server.url;
    },
    get server() {
      if (!server) throw new Error('the mock has not started');
      return server;
    },
  };
}
