/**
 * Bounded waiting for what the engine and the workers do in the background:
 * poll the database every 50 ms for up to 20 s, never a fixed sleep. A wait
 * that runs out says what it waited for and what it last saw.
 */
export const WAIT_MS = 20_000;
const STEP_MS = 50;

export async function eventually<T>(what: string, probe: () => Promise<T | null | undefined | false>, seen?: () => Promise<unknown>, timeoutMs = WAIT_MS): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) {
      const last = seen ? `; last seen: ${JSON.stringify(await seen())}` : '';
      throw new Error(`waited ${timeoutMs} ms for ${what}${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, STEP_MS));
  }
}
