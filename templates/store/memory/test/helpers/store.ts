/** Rate-limit counts live in each test server's memory: nothing to set. */
export function storeTestEnv(): Record<string, string> {
  return {};
}
