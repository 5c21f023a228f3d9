// The content check's cost (issue 12): one clean upload of 100 MiB through the dialog, with the
// check on (as shipped: the file is hashed in a worker while its bytes go out, and its SHA-1 is
// looked up) and off (hashing made unavailable in that page only, the product unchanged).
//
// "off" adds an init script to its page that removes Worker and makes WebAssembly.instantiate
// fail: the hasher (which hashes only in a worker) is then unavailable, the check fails at once
// (before reading a byte), and the upload runs without it, as it does where a page forbids
// workers. Each run verifies which it was: "on" must have looked the SHA-1 up, "off" must not
// have.
//
// Both are clicked as soon as the "Upload 1 file" button allows, so the hashing runs beside the
// upload (the case the goal is about) rather than before it. Rounds alternate the order
// (on off, off on, …) so that neither always runs on a wiki warmed by the other.
import { join } from 'node:path';
import { analyzeRequests } from './page.mjs';
import { MiB, removeFiles, uniqueStamp, writePdf } from './setup.mjs';
import { busy, log, measureInto, metrics, openDialog, uploadButton, withTimeout } from './run.mjs';
import { max, median, min, ms, ratio, spread, table } from './stats.mjs';

/** Runs in the "off" page before its own scripts: no worker, no WebAssembly instances. */
function hashingOff() {
	window.Worker = undefined;
	WebAssembly.instantiate = () => Promise.reject( new Error( 'off (benchmark: content check switched off)' ) );
}

async function runOnce( bench, variant, sizeBytes ) {
	const name = `Bench-check-${ variant }-${ Math.round( sizeBytes / MiB ) }MiB-${ uniqueStamp() }.pdf`;
	const file = writePdf( join( bench.filesDir, name ), sizeBytes );
	const { page, cdp } = await bench.openPage( bench.wiki.server, { init: variant === 'off' ? hashingOff : null } );
	try {
		const { dialog, input } = await openDialog( page );
		await input.setInputFiles( file );
		const button = await uploadButton( page, dialog, 1 );
		// armUpload clears the request log: what the check sent before the click is counted here.
		const early = await page.evaluate( () => window.__bench.xhrs.filter( ( x ) => x.lookup === 'sha1' ).length );
		await page.evaluate( ( n ) => window.__bench.armUpload( n ), name );
		const before = await metrics( cdp );
		await button.click();
		const limit = 120000 + ( sizeBytes / MiB ) * 2000;
		await withTimeout( page.waitForFunction( () => window.__bench.state.done !== null || window.__bench.state.failed, null, { timeout: 0, polling: 250 } ), limit, `check ${ variant } ${ name }` );
		const after = await metrics( cdp );
		const collected = await page.evaluate( () => {
			window.__bench.stopObserving();
			return { ...window.__bench.collect(), workerType: typeof Worker };
		} );
		const st = collected.state;
		if ( st.failed || st.done === null ) {
			throw new Error( `the dialog did not publish ${ name }: ${ st.failed }` );
		}
		const lookups = collected.xhrs.filter( ( x ) => x.lookup === 'sha1' );
		const result = {
			total: st.done - st.t0,
			mutations: st.mutations,
			...busy( before, after ),
			...analyzeRequests( collected, st.t0, st.done ),
			lookups: early + lookups.length,
			// When the content's look-up went out, after the click: the hash was done by then.
			lookupAfterClick: lookups.length ? Math.min( ...lookups.map( ( x ) => x.sent ) ) - st.t0 : null
		};
		if ( variant === 'off' && ( result.lookups || collected.workerType !== 'undefined' ) ) {
			throw new Error( `the content check was meant to be off, but ${ result.lookups } SHA-1 look-up(s) went out` );
		}
		if ( variant === 'on' && !result.lookups ) {
			throw new Error( 'the content check was meant to be on, but no SHA-1 look-up went out' );
		}
		return result;
	} finally {
		await page.close().catch( () => {} );
		removeFiles( [ file ] );
	}
}

export async function checkPart( bench ) {
	const o = bench.o;
	const size = Math.round( o.checkSizeMiB * MiB );
	log( `content check on/off: ${ o.checkSizeMiB } MiB through the dialog, ${ o.checkRuns } rounds (loopback)` );
	for ( let round = 1; round <= o.checkRuns; round++ ) {
		const order = round % 2 ? [ 'on', 'off' ] : [ 'off', 'on' ];
		const line = [];
		for ( const variant of order ) {
			const entry = { round, variant, size };
			line.push( await measureInto( entry, variant, 'check', async () => {
				// Per-chunk lists are the single-file part's business: the JSON keeps the totals.
				const { gaps, jsGaps, chunkRoundTrips, chunkBytes, ...result } = await runOnce( bench, variant, size );
				return result;
			} ) );
			bench.results.checkOverhead.push( entry );
		}
		log( `  [check] round ${ round }/${ o.checkRuns }: ${ line.join( '  ' ) }` );
	}
}

export function checkReport( results ) {
	const runs = results.checkOverhead || [];
	const out = [];
	const goals = [];
	if ( !runs.length ) {
		return { lines: out, goals };
	}
	const size = runs[ 0 ].size;
	out.push( `--- content check on vs off: one ${ Math.round( size / MiB ) } MiB upload through the dialog (defaults), loopback ---` );
	const rows = [ [ 'variant', 'ok', 'total', 'MB/s', 'stash', 'commit', 'SHA-1 look-ups', 'look-up sent after the click', 'main thread', 'task' ] ];
	for ( const variant of [ 'on', 'off' ] ) {
		const all = runs.filter( ( r ) => r.variant === variant );
		const good = all.filter( ( r ) => r.ok );
		const totals = good.map( ( r ) => r.total );
		rows.push( [
			variant === 'on' ? 'on (as shipped)' : 'off (no Worker, no WebAssembly)',
			`${ good.length }/${ all.length }`,
			spread( totals ),
			( size / 1e6 / ( median( totals ) / 1000 ) ).toFixed( 1 ),
			ms( median( good.map( ( r ) => r.stash ) ) ),
			ms( median( good.map( ( r ) => r.commit ) ) ),
			good.length ? String( median( good.map( ( r ) => r.lookups ) ) ) : '—',
			variant === 'on' ? ms( median( good.map( ( r ) => r.lookupAfterClick ).filter( ( v ) => v !== null ) ) ) : '—',
			ms( median( good.map( ( r ) => r.scriptMs ) ) ) + ' JS',
			ms( median( good.map( ( r ) => r.taskMs ) ) )
		] );
	}
	out.push( table( rows ) );
	const per = [];
	for ( const round of new Set( runs.map( ( r ) => r.round ) ) ) {
		const on = runs.find( ( r ) => r.ok && r.round === round && r.variant === 'on' );
		const off = runs.find( ( r ) => r.ok && r.round === round && r.variant === 'off' );
		if ( on && off ) {
			per.push( on.total / off.total );
		}
	}
	out.push( `  on/off: ${ per.length ? `${ ratio( median( per ) ) } (${ ratio( min( per ) ) }–${ ratio( max( per ) ) }) over ${ per.length } rounds` : '—' }` );
	const failed = runs.filter( ( r ) => !r.ok );
	if ( failed.length ) {
		out.push( `  ${ failed.length } run(s) failed: ${ failed.map( ( r ) => `${ r.variant } #${ r.round }: ${ r.error }` ).join( '; ' ) }` );
	}
	goals.push( [ `content check on/off ≤ 1.05 (clean ${ Math.round( size / MiB ) } MiB upload)`, per.length ? median( per ) : NaN, 1.05 ] );
	return { lines: out, goals };
}
