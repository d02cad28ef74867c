// An in-memory backend for browser and unit tests: same interface, no Rust.
import type { Args, Backend, CommandName, Returns } from "./index";
import { BackendError } from "./index";

export type FakeHandlers = { [K in CommandName]: (args: Args<K>) => Returns<K> | Promise<Returns<K>> };

export const defaultHandlers: FakeHandlers = {
  app_info: () => ({ version: "0.0.0-fake", dataDir: "/tmp/zhaohuo-fake" }),
};

export function createFakeBackend(overrides: Partial<FakeHandlers> = {}): Backend & { calls: string[] } {
  const handlers = { ...defaultHandlers, ...overrides } as FakeHandlers;
  const calls: string[] = [];
  return {
    calls,
    async call<K extends CommandName>(command: K, args: Args<K>): Promise<Returns<K>> {
      calls.push(command);
      const handler = handlers[command] as ((a: Args<K>) => Returns<K> | Promise<Returns<K>>) | undefined;
      if (!handler) throw new BackendError({ kind: "fake.unhandled", message: `no fake for ${command}`, hint: null });
      return handler(args);
    },
  };
}
