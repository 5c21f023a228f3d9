// How fast the dialog's own SHA-1 hasher reads a large file in Chromium (issue 12: ≥ 300 MB/s).
//
// The gadget does not export its hasher, so this runs the product's worker itself: the exact
// code the build embeds (build.mjs's buildWorkerSource(), returned by buildGadget()), started in
// a page of the wiki with the gadget loaded, from a Blob URL as src/hash/hasher.ts starts it, and
// spoken to in its own protocol (src/hash/protocol.ts): { id, file, sliceSize } in, { id, sha1 }
// out. Timed in the page from postMessage to the answer; every SHA-1 is checked against the one
// node:crypto computed while writing the file. Slice sizes are interleaved (4 8 16 4 8 16 …);
// one untimed hash first reads the file into the OS cache and compiles the WebAssembly.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { MiB, removeFiles, uniqueStamp, writePdf } from './setup.mjs';
import { filesInPage, firstLine, log, withTimeout } from './run.mjs';
import { max, median, min, ms, spread, table } from './stats.mjs';

/** In the page: starts the worker from its source and waits for its { ready: true }. */
function startWorker( source ) {
	return new Promise( ( resolve, reject ) => {
		const url = URL.createObjectURL( new Blob( [ source ], { type: 'text/javascript' } ) );
		const worker = new Worker( url );
		worker.onerror = ( event ) => reject( new Error( event.message || 'the worker did not start' ) );
		worker.onmessage = ( event ) => {
			if ( event.data && event.data.ready ) {
				URL.revokeObjectURL( url );
				window.__benchHasher = worker;
				resolve( true );
			}
		};
	} );
}

/** In the page: one hash of the picked file, timed from postMessage to the { id, sha1 } answer. */
function hashOnce( { id, sliceSize } ) {
	return new Promise( ( resolve ) => {
		const worker = window.__benchHasher;
		const file = document.getElementById( 'bench-files' ).files[ 0 ];
		let progress = 0;
		worker.onmessage = ( event ) => {
			const d = event.data;
			if ( !d || d.id !== id ) {
				return;
			}
			if ( 'progress' in d ) {
				progress++;
			} else if ( 'sha1' in d ) {
				resolve( { ms: performance.now() - t0, sha1: d.sha1, progress } );
			} else if ( 'error' in d ) {
				resolve( { error: `${ d.error.name }: ${ d.error.message }` } );
			}
		};
		const t0 = performance.now();
		worker.postMessage( { id, file, sliceSize } );
	} );
}

export async function hashingPart( bench ) {
	const o = bench.o;
	const size = Math.round( o.hashSizeMiB * MiB );
	const out = bench.results.hashing = { size, slicesMiB: o.hashSlices, runs: [] };
	log( `hashing: SHA-1 of ${ o.hashSizeMiB } MiB in the product's worker, slices ${ o.hashSlices.join( ', ' ) } MiB, ${ o.hashRuns } rounds` );
	const hash = createHash( 'sha1' );
	const path = writePdf( join( bench.filesDir, `Bench-hash-${ uniqueStamp() }.pdf` ), size, hash );
	out.expected = hash.digest( 'hex' );
	const { page } = await bench.openPage( bench.wiki.server );
	try {
		await filesInPage( page, [ path ] );
		await withTimeout( page.evaluate( startWorker, bench.workerSource ), 30000, 'starting the hashing worker' );
		let id = 0;
		const limit = 60000 + ( size / MiB ) * 200;
		const warm = await withTimeout( page.evaluate( hashOnce, { id: ++id, sliceSize: 16 * MiB } ), limit, 'hashing (warm-up)' );
		out.warmup = warm;
		log( `  [hashing] warm-up (16 MiB slices, not counted): ${ warm.error || `${ ms( warm.ms ) }, ${ ( size / 1e6 / ( warm.ms / 1000 ) ).toFixed( 0 ) } MB/s` }` );
		for ( let round = 1; round <= o.hashRuns; round++ ) {
			const line = [];
			for ( const sliceMiB of o.hashSlices ) {
				const entry = { round, sliceMiB };
				try {
					const r = await withTimeout( page.evaluate( hashOnce, { id: ++id, sliceSize: Math.round( sliceMiB * MiB ) } ), limit, `hashing with ${ sliceMiB } MiB slices` );
					if ( r.error ) {
						throw new Error( r.error );
					}
					Object.assign( entry, { ok: r.sha1 === out.expected, ms: r.ms, mbps: size / 1e6 / ( r.ms / 1000 ), sha1: r.sha1, progressMessages: r.progress } );
					if ( !entry.ok ) {
						entry.error = `SHA-1 ${ r.sha1 }, node:crypto says ${ out.expected }`;
					}
					line.push( `${ sliceMiB } MiB ${ entry.mbps.toFixed( 0 ) } MB/s${ entry.ok ? '' : ' WRONG SHA-1' }` );
				} catch ( error ) {
					Object.assign( entry, { ok: false, error: firstLine( error ) } );
					line.push( `${ sliceMiB } MiB FAILED` );
				}
				out.runs.push( entry );
			}
			log( `  [hashing] round ${ round }/${ o.hashRuns }: ${ line.join( '  ' ) }` );
		}
	} finally {
		await page.close().catch( () => {} );
		removeFiles( [ path ] );
	}
}

export function hashingReport( results ) {
	const h = results.hashing;
	const out = [];
	const goals = [];
	if ( !h ) {
		return { lines: out, goals };
	}
	out.push( `--- hashing: SHA-1 of ${ Math.round( h.size / MiB ) } MiB in the dialog's worker (hash-wasm), Chromium, file in the OS cache ---` );
	const rows = [ [ 'slice', 'ok', 'time', 'MB/s', 'min–max MB/s' ] ];
	for ( const sliceMiB of h.slicesMiB ) {
		const all = h.runs.filter( ( r ) => r.sliceMiB === sliceMiB );
		const good = all.filter( ( r ) => r.ok );
		const rates = good.map( ( r ) => r.mbps );
		rows.push( [
			`${ sliceMiB } MiB${ sliceMiB === 16 ? ' (the product\'s default)' : '' }`,
			`${ good.length }/${ all.length }`,
			spread( good.map( ( r ) => r.ms ) ),
			rates.length ? median( rates ).toFixed( 0 ) : '—',
			rates.length ? `${ min( rates ).toFixed( 0 ) }–${ max( rates ).toFixed( 0 ) }` : '—'
		] );
		goals.push( [ `hashing ≥ 300 MB/s with ${ sliceMiB } MiB slices`, rates.length ? median( rates ) : NaN, 300, ( v ) => `${ v.toFixed( 0 ) } MB/s`, 'least' ] );
	}
	out.push( table( rows ) );
	out.push( `  every SHA-1 checked against node:crypto's (${ h.expected.slice( 0, 12 ) }…); MB = 10^6 bytes` );
	const failed = h.runs.filter( ( r ) => !r.ok );
	if ( failed.length ) {
		out.push( `  ${ failed.length } run(s) failed: ${ failed.map( ( r ) => `${ r.sliceMiB } MiB #${ r.round }: ${ r.error }` ).join( '; ' ) }` );
	}
	return { lines: out, goals };
}
