import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive the real UI and the real engine through `agentmix serve` in Debian's
 * Chromium (Playwright cannot download its own browsers here). Override with CHROMIUM_PATH.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/helpers/playwright-setup.ts',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    headless: true,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
