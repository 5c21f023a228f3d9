import { defineConfig } from 'vitest/config';

export default defineConfig( {
	// Vite's transformer (oxc) compiles the components' JSX for Preact, as esbuild does in build.mjs.
	oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
	define: {
		__VERSION__: JSON.stringify( 'test' ),
		__GADGET_NAME__: JSON.stringify( 'UploadDialog' ),
		__DEPENDENCIES__: JSON.stringify( [] ),
		__STYLES__: JSON.stringify( '' ),
		// The later parts as gadget-definition.txt names them (src/parts/load.ts; test/unit/parts.test.ts).
		__LOADER_FILE__: JSON.stringify( 'UploadDialog.js' ),
		__PARTS__: JSON.stringify( {
			sha1: { module: 'ext.gadget.UploadDialog-sha1', file: 'UploadDialog-sha1.js' },
			photo: { module: 'ext.gadget.UploadDialog-photo', file: 'UploadDialog-photo.js' },
			'i18n-de': { module: 'ext.gadget.UploadDialog-i18n-de', file: 'UploadDialog-i18n-de.js' }
		} ),
		// The `sha1` part's worker code: none in unit tests (happy-dom has no Worker).
		__SHA1_WORKER_SOURCE__: JSON.stringify( '' )
	},
	test: {
		environment: 'happy-dom',
		include: [ 'test/unit/**/*.test.{ts,tsx}', 'test/sim/**/*.test.ts' ],
		setupFiles: [ 'test/unit/setup.ts' ]
	}
} );
