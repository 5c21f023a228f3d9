// @vitest-environment node
/**
 * The budgets of issue 19, as load.php serves the parts. The loader: every page view of every user
 * with the gadget pays for it, so it must stay ≤ 1.5 KB gzipped. The dialog (engine, UI, styles
 * and English; the SHA-1 worker's code, the photo reader and the other languages are parts it
 * fetches later): ≤ 60 KB gzipped, under half of core's upload booklet. Each test builds as
 * build.mjs does and weighs the code the way scripts/bench/pageview.mjs weighs load.php's answer (gzip level 9), without
 * the banner and the license notice (ResourceLoader's minifier drops comments) and with room for
 * the `mw.loader.impl(…)` wrapper load.php puts around it (about 70 B: load.php served 1 518 B for
 * 1 450 B of code on the local wiki, BENCHMARKS.md).
 */
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
// @ts-expect-error: a plain .mjs module, without types
import { esbuildOptions, outputsByName, readInputs } from '../../build.mjs';

const BUDGET = 1536;
const DIALOG_BUDGET = 60 * 1024;
const WRAPPER = 80;

/**
 * The code as load.php serves it, minus its wrapper: the script without the banner's two lines
 * (`// <nowiki>` and its `/*!` comment) and without the license notice and `// </nowiki>` at its
 * end. (The dialog's code spans lines: template literals keep their line breaks.)
 */
function servedCode( script: string ): string {
	const lines = script.split( '\n' );
	expect( lines[ 0 ] ).toBe( '// <nowiki>' );
	expect( lines[ 1 ] ).toMatch( /^\/\*!.*\*\/$/ );
	const body = lines.slice( 2 ).join( '\n' );
	return body.slice( 0, body.lastIndexOf( '\n/*!' ) );
}

/**
 * A part's served code, held to its budget; returns the code and every built script by name. A
 * build whose output no longer has the expected shape would weigh nothing: `least` refuses it.
 */
async function weighed( part: 'gadget' | 'dialog', budget: number, least: number ): Promise<{ code: string; scripts: Map<string, string> }> {
	const inputs = await readInputs();
	const scripts: Map<string, string> = outputsByName( await build( esbuildOptions( inputs ) ) );
	const code = servedCode( scripts.get( inputs[ part ].script )! );
	expect( code.length, `the ${ part }'s code (did the build's output change shape?)` ).toBeGreaterThan( least );
	const gzipped = gzipSync( code, { level: 9 } ).length;
	expect( gzipped + WRAPPER, `the ${ part } is ${ gzipped } B gzipped` ).toBeLessThanOrEqual( budget );
	return { code, scripts };
}

describe( 'the loader on every page view', () => {
	it( `weighs ≤ ${ BUDGET } B gzipped with load.php's wrapper`, async () => {
		await weighed( 'gadget', BUDGET, 1000 );
	}, 60_000 );
} );

describe( 'the dialog, fetched on intent', () => {
	it( `weighs ≤ ${ DIALOG_BUDGET } B gzipped with load.php's wrapper, and brings neither exifr, nor hash-wasm, nor German`, async () => {
		const { code, scripts } = await weighed( 'dialog', DIALOG_BUDGET, 50000 );
		// What the later parts bring stays out of it: exifr (its error for an unknown file), hash-wasm's
		// wasm (base64), a German text.
		expect( code ).not.toContain( 'Unknown file format' );
		expect( code ).not.toContain( 'AGFzbQ' );
		expect( code ).not.toContain( 'Dateien hochladen' );
		expect( scripts.get( 'UploadDialog-photo.js' ) ).toContain( 'Unknown file format' );
		expect( scripts.get( 'UploadDialog-i18n-de.js' ) ).toContain( 'Dateien hochladen' );
		expect( scripts.get( 'UploadDialog-sha1.js' ) ).toContain( 'AGFzbQ' );
	}, 60_000 );
} );
