// @vitest-environment node
/**
 * The loader's budget (issue 19): every page view of every user with the gadget pays for it, so it
 * must stay ≤ 1.5 KB gzipped as load.php serves it. This builds it as build.mjs does and weighs
 * its code the way scripts/bench/pageview.mjs weighs load.php's answer (gzip level 9), without
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
const WRAPPER = 80;

/** The code as load.php serves it, minus its wrapper: the lines of the script that are not comments. */
function servedCode( script: string ): string {
	return script.split( '\n' ).filter( ( line ) => line.startsWith( '"use strict"' ) ).join( '\n' );
}

describe( 'the loader on every page view', () => {
	it( `weighs ≤ ${ BUDGET } B gzipped with load.php's wrapper`, async () => {
		const inputs = await readInputs();
		const scripts: Map<string, string> = outputsByName( await build( esbuildOptions( inputs ) ) );
		const code = servedCode( scripts.get( inputs.gadget.script )! );
		// A build whose output no longer has that shape would weigh nothing here: refuse it.
		expect( code.length, 'the loader\'s code line (did the build\'s output change shape?)' ).toBeGreaterThan( 1000 );
		const gzipped = gzipSync( code, { level: 9 } ).length;
		expect( gzipped + WRAPPER, `the loader is ${ gzipped } B gzipped` ).toBeLessThanOrEqual( BUDGET );
	}, 60_000 );
} );
