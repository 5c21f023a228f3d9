// The batch part of the benchmark (issue 11): many files through the dialog against the same
// files through MediaWiki's own mw.Api, stash and commit, in the same kind of page.
//
//   a   the dialog: every file picked in one setInputFiles, Settings → "Files at once" = N (its
//       default, 3), "Upload <n> files"; timed from the click to the last card turning done
//       (`.uploaddialog-file.is-done`)
//   i   mw.Api, one file after another: api.upload( file, { filename, stash: 1, ignorewarnings: 1 } ),
//       then the commit by filekey, api.postWithToken( 'csrf', { action: 'upload', filekey, … } )
//   ii  the same stash-and-commit, N at once from a pool of workers without any UI: what the
//       server allows at that parallelism
//   as  (only with --batch-variants …,as) the dialog as in a, but clicked once its checks of the
//       picked files have settled (no request open for a second), as when the user fills the
//       shared fields first: what the upload itself costs, without the look-ups beside it
//
// Every file of every run has fresh random content and a name no other run used: the dialog
// looks each content up (and compares the list's files with each other), and a duplicate would
// stop the file to ask. a/(i) and a/(ii) are taken per round, as for the single-file variants.
import { MiB, removeFiles, uniqueStamp, writePdfs } from './setup.mjs';
import { busy, filesInPage, firstLine, log, measureInto, metrics, openDialog, openSettings, uploadButton, waitQuiet, withTimeout } from './run.mjs';
import { functionsText, max, median, min, ms, ratio, spread, table, timesText } from './stats.mjs';
import { tracer } from './trace.mjs';

export const BATCH_VARIANTS = {
	a: { key: 'a', label: 'the dialog' },
	i: { key: 'i', label: 'mw.Api stash + commit, one after another' },
	ii: { key: 'ii', label: 'mw.Api stash + commit, a pool of N' },
	as: { key: 'as', label: 'the dialog, clicked after its checks settled' }
};

/**
 * In the page, before the click on "Upload <n> files": the click's time (a capture listener on
 * window runs before the page's own), and the time the n-th card turns done, or a card fails or
 * stops to ask (then the run failed: the comparison needs every file published).
 */
function armBatch( count ) {
	window.__bench.clear();
	const dialog = document.querySelector( 'dialog[open]' ) || document.body;
	const st = { t0: null, firstDone: null, done: null, failed: null, doneCount: 0, mutations: 0 };
	window.__benchBatch = st;
	const onClick = () => {
		if ( st.t0 === null ) {
			st.t0 = performance.now();
		}
		window.removeEventListener( 'click', onClick, true );
	};
	window.addEventListener( 'click', onClick, true );
	const observer = new MutationObserver( ( records ) => {
		st.mutations += records.length;
		// A card's state is its class: only then look (the measuring must not cost the page
		// a query of every card at each progress text).
		if ( st.done !== null || st.failed !== null || !records.some( ( r ) => r.type === 'attributes' && r.attributeName === 'class' ) ) {
			return;
		}
		const n = dialog.querySelectorAll( '.uploaddialog-file.is-done' ).length;
		if ( n > st.doneCount ) {
			st.doneCount = n;
			if ( st.firstDone === null ) {
				st.firstDone = performance.now();
			}
		}
		if ( n >= count ) {
			st.done = performance.now();
			observer.disconnect();
			return;
		}
		const bad = dialog.querySelector( '.uploaddialog-file.is-failed, .uploaddialog-file.is-needs-choice' );
		if ( bad ) {
			st.failed = ( bad.textContent || 'failed' ).replace( /\s+/g, ' ' ).slice( 0, 400 );
		}
	} );
	observer.observe( dialog, { childList: true, subtree: true, attributes: true, characterData: true } );
	window.__benchBatchStop = () => observer.disconnect();
}

/**
 * What the requests of a batch say: how many of each kind, and how many uploads (bytes or
 * commits) were open at once, at most and on average over the run (from send() to loadend).
 */
function batchRequests( xhrs, t0, t1 ) {
	const mine = xhrs.filter( ( r ) => /\/api\.php/.test( r.url ) && r.sent >= t0 - 1 && r.sent <= t1 );
	const counts = {};
	mine.forEach( ( r ) => {
		const kind = r.lookup === 'sha1' ? 'sha1 lookup' : r.kind;
		counts[ kind ] = ( counts[ kind ] || 0 ) + 1;
	} );
	const uploads = mine.filter( ( r ) => [ 'chunk', 'file', 'file-stash', 'commit', 'checkstatus' ].includes( r.kind ) );
	const events = [];
	uploads.forEach( ( r ) => {
		events.push( [ r.sent, 1 ], [ Number.isFinite( r.loadend ) ? r.loadend : t1, -1 ] );
	} );
	events.sort( ( x, y ) => x[ 0 ] - y[ 0 ] || x[ 1 ] - y[ 1 ] );
	let open = 0;
	let peak = 0;
	let area = 0;
	let last = t0;
	for ( const [ at, step ] of events ) {
		// Sorted, and held within the run: the time since the last event had `open` requests open.
		const t = Math.min( Math.max( at, t0 ), t1 );
		area += open * ( t - last );
		last = t;
		open += step;
		peak = Math.max( peak, open );
	}
	const firstBytes = uploads.filter( ( r ) => r.kind !== 'commit' && r.kind !== 'checkstatus' ).map( ( r ) => r.sent );
	return {
		counts,
		inFlightMax: peak,
		inFlightMean: t1 > t0 ? area / ( t1 - t0 ) : NaN,
		/** The click (or call) → the first upload request's send(). */
		firstSent: firstBytes.length ? Math.min( ...firstBytes ) - t0 : NaN,
		// Every request of the run, for a closer look in the JSON: kind, send() and loadend after t0 (ms), bytes.
		timeline: mine.map( ( r ) => [ r.lookup === 'sha1' ? 'sha1' : r.kind, Math.round( r.sent - t0 ), Number.isFinite( r.loadend ) ? Math.round( r.loadend - t0 ) : null, r.bytes || 0 ] )
	};
}

async function runDialog( bench, files, parallel, timeoutMs, sampler = null, settleFirst = false ) {
	const { page, cdp } = await bench.openPage( bench.wiki.server );
	try {
		const { dialog, input } = await openDialog( page );
		await input.setInputFiles( files.map( ( f ) => f.path ) );
		const settings = await openSettings( page, dialog );
		const field = settings.getByRole( 'spinbutton', { name: 'Files at once' } );
		if ( Number( await field.inputValue() ) !== parallel ) {
			await field.fill( String( parallel ) );
			await field.press( 'Tab' );
		}
		const shown = Number( await field.inputValue() );
		if ( shown !== parallel ) {
			throw new Error( `"Files at once" shows ${ shown }, not ${ parallel }` );
		}
		// Folded again, as a user leaves it: the open panel is not part of what is measured.
		await settings.locator( 'summary' ).click();
		const button = await uploadButton( page, dialog, files.length );
		const settled = settleFirst ? await waitQuiet( page, { quietMs: 1000, maxMs: 240000 } ) : null;
		await page.evaluate( armBatch, files.length );
		const stopSampler = sampler ? await sampler( cdp, page ) : null;
		const before = await metrics( cdp );
		await button.click();
		await withTimeout( page.waitForFunction( () => window.__benchBatch.done !== null || window.__benchBatch.failed !== null, null, { timeout: 0, polling: 250 } ), timeoutMs, `batch a (${ files.length } files)` );
		const after = await metrics( cdp );
		if ( stopSampler ) {
			await stopSampler();
		}
		const { st, xhrs } = await page.evaluate( () => {
			window.__benchBatchStop();
			return { st: { ...window.__benchBatch }, xhrs: window.__bench.xhrs.slice() };
		} );
		if ( st.failed !== null || st.done === null ) {
			throw new Error( `the dialog did not publish every file (${ st.doneCount } of ${ files.length } done): ${ st.failed }` );
		}
		return {
			total: st.done - st.t0,
			...( settled ? { settledAfter: settled.waited } : {} ),
			firstDone: st.firstDone - st.t0,
			mutations: st.mutations,
			...busy( before, after ),
			...batchRequests( xhrs, st.t0, st.done )
		};
	} finally {
		await page.close().catch( () => {} );
	}
}

/** Stash and commit every file with mw.Api, `workers` at a time (1: one after another). */
async function runApi( bench, files, workers, timeoutMs, sampler = null ) {
	const { page, cdp } = await bench.openPage( bench.wiki.server );
	try {
		await filesInPage( page, files.map( ( f ) => f.path ) );
		await page.evaluate( () => window.__bench.clear() );
		const stopSampler = sampler ? await sampler( cdp, page ) : null;
		const before = await metrics( cdp );
		const timing = await withTimeout( page.evaluate( async ( { names, workers: n } ) => {
			const mw = window.mw;
			const picked = Array.from( document.getElementById( 'bench-files' ).files );
			const api = new mw.Api();
			const settle = ( jq ) => new Promise( ( resolve, reject ) => jq.then( resolve, ( code, result ) => {
				const detail = result && ( result.error ? result.error.info : result.upload ? JSON.stringify( result.upload.warnings || result.upload.result ) : result.textStatus );
				reject( new Error( `${ code }: ${ detail }` ) );
			} ) );
			const perFile = [];
			let next = 0;
			const one = async ( i ) => {
				const filename = names[ i ];
				const started = performance.now();
				const stashed = await settle( api.upload( picked[ i ], { filename, stash: 1, ignorewarnings: 1 } ) );
				const filekey = stashed.upload && stashed.upload.filekey;
				if ( !filekey ) {
					throw new Error( `no filekey for ${ filename }: ${ JSON.stringify( stashed.upload ) }` );
				}
				const done = await settle( api.postWithToken( 'csrf', { action: 'upload', filekey, filename, ignorewarnings: 1, comment: '', text: '' } ) );
				if ( !done.upload || done.upload.result !== 'Success' ) {
					throw new Error( `${ filename } was not published: ${ JSON.stringify( done.upload ) }` );
				}
				perFile.push( performance.now() - started );
			};
			const worker = async () => {
				while ( next < picked.length ) {
					await one( next++ );
				}
			};
			const t0 = performance.now();
			await Promise.all( Array.from( { length: n }, worker ) );
			return { t0, t1: performance.now(), perFile };
		}, { names: files.map( ( f ) => f.name ), workers } ), timeoutMs, `batch mw.Api × ${ workers }` );
		const after = await metrics( cdp );
		if ( stopSampler ) {
			await stopSampler();
		}
		const xhrs = await page.evaluate( () => window.__bench.xhrs.slice() );
		return {
			total: timing.t1 - timing.t0,
			perFileMedian: median( timing.perFile ),
			mutations: 0,
			...busy( before, after ),
			...batchRequests( xhrs, timing.t0, timing.t1 )
		};
	} finally {
		await page.close().catch( () => {} );
	}
}

async function runVariant( bench, key, count, sizeBytes, sampler = null ) {
	const o = bench.o;
	const files = writePdfs( bench.filesDir, `Bench-batch-${ key }-${ uniqueStamp() }`, count, sizeBytes );
	// Generous: a few seconds per MiB on a loaded 2-core machine, and two minutes to start.
	const timeoutMs = 120000 + count * ( sizeBytes / MiB ) * 3000;
	try {
		return key === 'a' || key === 'as' ?
			await runDialog( bench, files, o.batchParallel, timeoutMs, sampler, key === 'as' ) :
			await runApi( bench, files, key === 'ii' ? o.batchParallel : 1, timeoutMs, sampler );
	} finally {
		removeFiles( files );
	}
}

/** The whole part: warm-up, then `batchRuns` interleaved rounds (a i ii a i ii …). */
export async function batchPart( bench ) {
	const o = bench.o;
	const size = Math.round( o.batchSizeMiB * MiB );
	const keys = o.batchVariants;
	log( `batch: ${ o.batchFiles } files of ${ o.batchSizeMiB } MiB, ${ keys.join( ' ' ) }, N = ${ o.batchParallel }, ${ o.batchRuns } rounds (loopback)` );
	for ( let w = 0; w < o.warmup; w++ ) {
		// Small: it warms the wiki's code paths and the page's, not the disk.
		const line = [];
		for ( const key of keys ) {
			try {
				const r = await runVariant( bench, key, Math.min( 10, o.batchFiles ), 256 * 1024 );
				line.push( `${ key } ${ ms( r.total ) }` );
			} catch ( error ) {
				line.push( `${ key } FAILED (${ firstLine( error ) })` );
			}
		}
		log( `  [batch] warm-up ${ w + 1 }/${ o.warmup } (${ Math.min( 10, o.batchFiles ) } files of 256 KiB, not counted): ${ line.join( '  ' ) }` );
	}
	for ( let round = 1; round <= o.batchRuns; round++ ) {
		const line = [];
		for ( const key of keys ) {
			const entry = { round, variant: key, files: o.batchFiles, size, parallel: key === 'i' ? 1 : o.batchParallel };
			line.push( await measureInto( entry, key, 'batch', () => runVariant( bench, key, o.batchFiles, size ) ) );
			bench.results.batch.push( entry );
		}
		log( `  [batch] round ${ round }/${ o.batchRuns }: ${ line.join( '  ' ) }` );
	}
	if ( o.batchTrace ) {
		// Not timed: tracing slows the page. Where the main thread goes during a batch, the dialog
		// next to the bare pool (the same files' count and size).
		bench.results.batchTrace = [];
		for ( const key of [ 'a', 'ii' ] ) {
			const out = { variant: key };
			try {
				const r = await runVariant( bench, key, o.batchFiles, size, tracer( bench.browser, out ) );
				Object.assign( out, { total: r.total, taskMs: r.taskMs, scriptMs: r.scriptMs } );
				log( `  [batch trace] ${ key }: ${ ms( r.total ) } (traced)` );
			} catch ( error ) {
				out.error = firstLine( error );
				log( `  [batch trace] ${ key } failed: ${ out.error }` );
			}
			if ( out.trace ) {
				delete out.trace.gapWindows;
			}
			bench.results.batchTrace.push( out );
		}
	}
}

/** Per-round ratios x/y of the batch variants. */
function roundRatios( runs, x, y ) {
	const out = [];
	for ( const round of new Set( runs.map( ( r ) => r.round ) ) ) {
		const a = runs.find( ( r ) => r.ok && r.round === round && r.variant === x );
		const b = runs.find( ( r ) => r.ok && r.round === round && r.variant === y );
		if ( a && b ) {
			out.push( a.total / b.total );
		}
	}
	return out;
}

const ratioText = ( v ) => ( !v.length ? '—' : v.length === 1 ? ratio( v[ 0 ] ) : `${ ratio( median( v ) ) } (${ ratio( min( v ) ) }–${ ratio( max( v ) ) })` );

/** The report's lines for the batch part, and its goals ([ text, value, target ]). */
export function batchReport( results ) {
	const runs = results.batch || [];
	const out = [];
	const goals = [];
	if ( !runs.length ) {
		return { lines: out, goals };
	}
	const o = results.options;
	const first = runs[ 0 ];
	const bytesPerRun = first.files * first.size;
	out.push( `--- batch: ${ first.files } files of ${ +( first.size / MiB ).toFixed( 2 ) } MiB (${ +( bytesPerRun / MiB ).toFixed( 1 ) } MiB in all), loopback, N = ${ o.batchParallel } ---` );
	const rows = [ [ 'variant', 'ok', 'total', 'files/s', 'MB/s', 'first sent', 'first done', 'requests', 'in flight max / mean', 'main thread', 'DOM mut.' ] ];
	for ( const key of Object.keys( BATCH_VARIANTS ) ) {
		const all = runs.filter( ( r ) => r.variant === key );
		if ( !all.length ) {
			continue;
		}
		const good = all.filter( ( r ) => r.ok );
		const totals = good.map( ( r ) => r.total );
		const label = {
			a: `a   the dialog, ${ o.batchParallel } at once`,
			as: `as  the same, checks settled first`,
			i: '(i)  mw.Api, one after another',
			ii: `(ii) mw.Api, pool of ${ o.batchParallel }`
		}[ key ];
		rows.push( [
			label,
			`${ good.length }/${ all.length }`,
			spread( totals ),
			( first.files / ( median( totals ) / 1000 ) ).toFixed( 1 ),
			( bytesPerRun / 1e6 / ( median( totals ) / 1000 ) ).toFixed( 1 ),
			ms( median( good.map( ( r ) => r.firstSent ) ) ),
			key === 'a' || key === 'as' ? ms( median( good.map( ( r ) => r.firstDone ) ) ) : '—',
			good[ 0 ] ? Object.entries( good[ 0 ].counts ).map( ( [ k, n ] ) => `${ n } ${ k }` ).join( ', ' ) : '—',
			good.length ? `${ median( good.map( ( r ) => r.inFlightMax ) ) } / ${ median( good.map( ( r ) => r.inFlightMean ) ).toFixed( 2 ) }` : '—',
			ms( median( good.map( ( r ) => r.scriptMs ) ) ) + ' JS',
			String( Math.round( median( good.map( ( r ) => r.mutations ) ) ) )
		] );
	}
	out.push( table( rows ) );
	const ai = roundRatios( runs, 'a', 'i' );
	const aii = roundRatios( runs, 'a', 'ii' );
	const iii = roundRatios( runs, 'ii', 'i' );
	out.push( `  ratios (median of per-round ratios, min–max): a/(i) ${ ratioText( ai ) }, a/(ii) ${ ratioText( aii ) }, (ii)/(i) ${ ratioText( iii ) }` );
	if ( runs.some( ( r ) => r.variant === 'as' ) ) {
		const settled = runs.filter( ( r ) => r.variant === 'as' && r.ok && Number.isFinite( r.settledAfter ) ).map( ( r ) => r.settledAfter );
		out.push( `  checks settled first (as; not a goal): as/(i) ${ ratioText( roundRatios( runs, 'as', 'i' ) ) }, as/(ii) ${ ratioText( roundRatios( runs, 'as', 'ii' ) ) }, as/a ${ ratioText( roundRatios( runs, 'as', 'a' ) ) }; ` +
			`the checks settled ${ settled.length ? ms( median( settled ) ) : '—' } after the button was enabled` );
	}
	out.push( '  "requests" are those of one run (the first that succeeded), from the click on; first sent: the click → the first upload request;' );
	out.push( '  in flight: uploads and commits open at once (the JSON has every request\'s times in "timeline").' );
	const failed = runs.filter( ( r ) => !r.ok );
	if ( failed.length ) {
		out.push( `  ${ failed.length } batch run(s) failed: ${ failed.map( ( r ) => `${ r.variant } #${ r.round }: ${ r.error }` ).join( '; ' ) }` );
	}
	const fmt = ( obj ) => timesText( obj, 0.5 );
	for ( const t of results.batchTrace || [] ) {
		if ( t.error || !t.trace ) {
			out.push( `  traced ${ t.variant }: ${ t.error || 'no trace' }` );
			continue;
		}
		out.push( `  traced ${ t.variant } (${ ms( t.total ) }, not timed): main thread ${ fmt( t.trace.whole ) }` );
		out.push( `    "other" and "paint" by event: ${ fmt( t.trace.otherByName ) }` );
		out.push( `    most self time: ${ functionsText( t.top, 12 ) }` );
	}
	goals.push( [ `batch of ${ first.files }: a/(i) ≤ 0.85 (the dialog against mw.Api one after another)`, ai.length ? median( ai ) : NaN, 0.85 ] );
	goals.push( [ `batch of ${ first.files }: a/(ii) ≤ 1.10 (the dialog against a bare pool of ${ o.batchParallel })`, aii.length ? median( aii ) : NaN, 1.1 ] );
	return { lines: out, goals };
}
