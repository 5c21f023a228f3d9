import { defineConfig } from 'vitest/config';

export default defineConfig( {
	// Vite's transformer (oxc) compiles the components' JSX for Preact, as esbuild does in build.mjs.
	oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
	define: {
		__VERSION__: JSON.stringify( 'test' ),
		__GADGET_NAME__: JSON.stringify( 'UploadDialog' ),
		__DEPENDENCIES__: JSON.stringify( [] ),
		__STYLES__: JSON.stringify( '' ),
		// No worker code in unit tests (happy-dom has no Worker): Sha1Hasher hashes on the page's thread.
		__SHA1_WORKER_SOURCE__: JSON.stringify( '' )
	},
	test: {
		environment: 'happy-dom',
		include: [ 'test/unit/**/*.test.{ts,tsx}', 'test/sim/**/*.test.ts' ],
		setupFiles: [ 'test/unit/setup.ts' ]
	}
} );
