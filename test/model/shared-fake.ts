import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server.ts';

let running: Promise<FakeUpstream> | undefined;

/** One fake EP upstream for every replay in a test file that needs real EP data. */
export const sharedFake = () => (running ??= startFakeUpstream());

export async function closeSharedFake(): Promise<void> {
  const fake = await running;
  running = undefined;
  await fake?.close();
}
