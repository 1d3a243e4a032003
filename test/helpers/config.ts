/** The configuration tests run with: development shortcuts on loopback, budgets out of the way, no log. */
import { loadConfig, type Config } from '../../src/config.ts';

export const TEST_ORIGIN = 'http://localhost:3000';

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: TEST_ORIGIN,
    SIGN_IN_RATE_LIMIT: '10000',
    SIGN_IN_CODES_PER_EMAIL: '10000',
    SIGN_IN_CODES_PER_ADDRESS: '1000000',
    SIGN_IN_GUESSES_PER_ADDRESS: '100000',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}
