import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: Debian's Chromium (no browser download exists here) against the local
 * MediaWiki 1.43 that scripts/wiki/wiki.sh creates. One worker: the wiki is SQLite behind PHP's
 * built-in server on a 2-core machine, and tests that share it stay predictable.
 */
export default defineConfig( {
	testDir: 'test/e2e',
	// Separate runs on one machine (several engineers, or CI beside a developer) keep their own artifacts.
	outputDir: process.env.PW_OUTPUT_DIR || 'test-results/artifacts',
	globalSetup: './test/e2e/global-setup.ts',
	timeout: 120000,
	expect: { timeout: 30000 },
	workers: 1,
	retries: 0,
	reporter: [ [ 'list' ], [ 'json', { outputFile: 'test-results/e2e.json' } ] ],
	use: {
		browserName: 'chromium',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
			// As root Chromium needs --no-sandbox; the rest keep it off a network it cannot reach.
			args: [ '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync' ]
		},
		viewport: { width: 1280, height: 900 },
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure'
	}
} );
