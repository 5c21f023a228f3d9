// Typing with a long list (issue 11: < 100 ms a keystroke with 500 files listed).
//
// 500 tiny files (fresh content each: the dialog compares them) are picked at once; once the
// dialog's checks of them have settled (no request open for 1.5 s), the benchmark types
//   1. in one file's "Name on the wiki" (its group's "Edit" first: cards of a list above five
//      files are folded), before the extension, and
//   2. in the "For all files" region's "Summary", whose value reaches the files after 200 ms
//      without a keystroke (BatchPanel's SEND_AFTER_MS),
// 20 characters each with page.keyboard.type, 120 ms apart (a quick typist). Per keystroke, in
// the page: a capture keydown listener on window notes the time, the input event (the value
// changed) asks for the next frame, and a task after that frame notes when it was painted:
// keydown → painted is the keystroke's latency. For the summary, also the last keystroke → the
// frame in which the opened file's own Summary field shows the whole new value (polled every
// frame): one render sets every card, so that is when every file has it (folded cards have no
// field to look at), 200 ms of waiting by design included. Long tasks (> 50 ms) are noted too.
import { firstLine, log, openDialog, openSettings, waitQuiet, withTimeout } from './run.mjs';
import { removeFiles, uniqueStamp, writePdfs } from './setup.mjs';
import { max, median, ms, percentile } from './stats.mjs';

/** In the page: per-keystroke times, and optionally when the field `watchId` shows `expected`. */
function armTyping( { watchId, expected } ) {
	const T = { samples: [], longTasks: [], propagated: null, propagatedPainted: null, stopped: false };
	window.__benchTyping = T;
	const pending = [];
	window.addEventListener( 'keydown', ( e ) => {
		if ( T.stopped || e.key.length !== 1 ) {
			return;
		}
		const s = { down: performance.now(), input: null, painted: null };
		T.samples.push( s );
		pending.push( s );
	}, true );
	window.addEventListener( 'input', () => {
		const s = pending.shift();
		if ( !s ) {
			return;
		}
		s.input = performance.now();
		// The frame after the change, and a task after it: when the user sees the character.
		requestAnimationFrame( () => setTimeout( () => {
			s.painted = performance.now();
		}, 0 ) );
	}, true );
	try {
		const po = new PerformanceObserver( ( list ) => list.getEntries().forEach( ( e ) => T.longTasks.push( { start: e.startTime, duration: e.duration } ) ) );
		po.observe( { type: 'longtask' } );
		T.po = po;
	} catch ( e ) {}
	if ( watchId ) {
		const tick = () => {
			if ( T.stopped ) {
				return;
			}
			const el = document.getElementById( watchId );
			if ( el && el.value === expected ) {
				T.propagated = performance.now();
				setTimeout( () => {
					T.propagatedPainted = performance.now();
				}, 0 );
				return;
			}
			requestAnimationFrame( tick );
		};
		requestAnimationFrame( tick );
	}
}

function collectTyping() {
	const T = window.__benchTyping;
	T.stopped = true;
	if ( T.po ) {
		T.po.disconnect();
	}
	return { samples: T.samples, longTasks: T.longTasks, propagated: T.propagated, propagatedPainted: T.propagatedPainted };
}

/** Types `text` into the focused field and waits until every keystroke was painted (and the watched field, if any, caught up). */
async function typeAndCollect( page, text, delay, watch ) {
	await page.evaluate( armTyping, watch || {} );
	await page.keyboard.type( text, { delay } );
	await withTimeout( page.waitForFunction( ( { n, watching } ) => {
		const T = window.__benchTyping;
		return T.samples.length >= n && T.samples.every( ( s ) => s.painted !== null ) && ( !watching || T.propagatedPainted !== null );
	}, { n: text.length, watching: !!watch }, { timeout: 0, polling: 100 } ), 60000, 'typing' );
	const got = await page.evaluate( collectTyping );
	const latencies = got.samples.map( ( s ) => s.painted - s.down );
	const lastDown = got.samples.length ? got.samples[ got.samples.length - 1 ].down : NaN;
	const lastPainted = got.samples.length ? got.samples[ got.samples.length - 1 ].painted : NaN;
	const first = got.samples.length ? got.samples[ 0 ].down : NaN;
	return {
		latencies,
		toInput: got.samples.map( ( s ) => s.input - s.down ),
		// Long tasks while typing (from the first keydown to the last keystroke's frame), and
		// after it (the batch panel sending the value to every file).
		longTasks: got.longTasks.filter( ( t ) => t.start >= first - 1 && t.start < lastPainted ).map( ( t ) => t.duration ),
		longTasksAfter: got.longTasks.filter( ( t ) => t.start >= lastPainted ).map( ( t ) => t.duration ),
		propagation: watch ? got.propagated - lastDown : null,
		propagationPainted: watch ? got.propagatedPainted - lastDown : null
	};
}

/** `n` characters to type: letters, a space now and then (word-like, no special keys). */
function textOf( n, seed ) {
	const words = `${ seed } quick typing in a long list of files `;
	let s = '';
	while ( s.length < n ) {
		s += words;
	}
	return s.slice( 0, n );
}

export async function typingPart( bench ) {
	const o = bench.o;
	log( `typing: ${ o.typingFiles } files listed, ${ o.typingChars } characters per field, ${ o.typingDelay } ms apart, ${ o.typingRuns } run(s)` );
	const files = writePdfs( bench.filesDir, `Bench-type-${ uniqueStamp() }`, o.typingFiles, 96 );
	try {
		for ( let run = 1; run <= o.typingRuns; run++ ) {
			const entry = { run, files: o.typingFiles, chars: o.typingChars, delay: o.typingDelay };
			const { page } = await bench.openPage( bench.wiki.server );
			try {
				const { dialog, input } = await openDialog( page );
				if ( o.typingFiles > 500 ) {
					// The list takes 500 files unless told otherwise (Settings).
					const settings = await openSettings( page, dialog );
					const most = settings.getByRole( 'spinbutton', { name: 'Files in the list at most' } );
					await most.fill( String( o.typingFiles ) );
					await most.press( 'Tab' );
					await settings.locator( 'summary' ).click();
				}
				await page.evaluate( () => window.__bench.clear() );
				const picked = Date.now();
				await input.setInputFiles( files.map( ( f ) => f.path ) );
				await page.waitForFunction( ( n ) => document.querySelectorAll( 'dialog[open] .uploaddialog-file' ).length >= n ||
					/not added/.test( ( document.querySelector( 'dialog[open] .uploaddialog-note.is-warning' ) || {} ).textContent || '' ), o.typingFiles, { timeout: 120000 } );
				const listed = await page.evaluate( () => document.querySelectorAll( 'dialog[open] .uploaddialog-file' ).length );
				if ( listed < o.typingFiles ) {
					throw new Error( `the dialog listed ${ listed } of ${ o.typingFiles } files (its list is full)` );
				}
				entry.listedMs = Date.now() - picked;
				const settled = await waitQuiet( page, { quietMs: 1500, maxMs: 240000 } );
				entry.checksSettledMs = Date.now() - picked;
				entry.checksSettled = settled.quiet;
				entry.openAtOnce = settled.maxOpen;
				entry.requestsBefore = await page.evaluate( () => window.__bench.xhrs.length );

				// 1. One file's name, before its extension.
				const group = dialog.getByRole( 'group', { name: `File ${ files[ 0 ].name }` } );
				await group.getByRole( 'button', { name: 'Edit', exact: true } ).click();
				const nameField = group.getByRole( 'textbox', { name: 'Name on the wiki' } );
				await nameField.click();
				await nameField.press( 'End' );
				for ( let i = 0; i < '.pdf'.length; i++ ) {
					await nameField.press( 'ArrowLeft' );
				}
				const nameBefore = await nameField.inputValue();
				const nameText = textOf( o.typingChars, ' name' );
				entry.name = await typeAndCollect( page, nameText, o.typingDelay );
				const nameAfter = await nameField.inputValue();
				const nameWanted = `${ nameBefore.slice( 0, -4 ) }${ nameText }.pdf`;
				if ( nameAfter !== nameWanted ) {
					throw new Error( `the name field shows "${ nameAfter }", not "${ nameWanted }"` );
				}
				// The new name's check, before the next field.
				await waitQuiet( page, { quietMs: 1000, maxMs: 30000 } );

				// 2. The batch's summary; watched in the opened file's own Summary field.
				const shared = dialog.getByRole( 'region', { name: 'For all files' } );
				const summary = shared.getByRole( 'textbox', { name: 'Summary' } );
				await summary.click();
				await summary.press( 'End' );
				const summaryBefore = await summary.inputValue();
				const summaryText = textOf( o.typingChars, 'summary' );
				const cardSummaryId = await group.getByRole( 'textbox', { name: 'Summary' } ).getAttribute( 'id' );
				entry.summary = await typeAndCollect( page, summaryText, o.typingDelay, { watchId: cardSummaryId, expected: summaryBefore + summaryText } );
				const summaryAfter = await summary.inputValue();
				if ( summaryAfter !== summaryBefore + summaryText ) {
					throw new Error( `the summary field shows "${ summaryAfter }", not "${ summaryBefore + summaryText }"` );
				}
				entry.ok = true;
				log( `  [typing] run ${ run }: ${ o.typingFiles } files listed after ${ ms( entry.listedMs ) }, checks ${ entry.checksSettled ? 'settled' : 'NOT settled' } after ${ ms( entry.checksSettledMs ) } (${ entry.requestsBefore } requests, up to ${ entry.openAtOnce } open at once); ` +
					`name: median ${ ms( median( entry.name.latencies ) ) }, p95 ${ ms( percentile( entry.name.latencies, 95 ) ) }; ` +
					`summary: median ${ ms( median( entry.summary.latencies ) ) }, p95 ${ ms( percentile( entry.summary.latencies, 95 ) ) }, to every file ${ ms( entry.summary.propagationPainted ) }` );
			} catch ( error ) {
				entry.ok = false;
				entry.error = firstLine( error );
				log( `  [typing] run ${ run } failed: ${ entry.error }` );
			} finally {
				await page.close().catch( () => {} );
			}
			bench.results.typing.push( entry );
		}
	} finally {
		removeFiles( files );
	}
}

export function typingReport( results ) {
	const runs = ( results.typing || [] ).filter( ( r ) => r.ok );
	const all = results.typing || [];
	const out = [];
	const goals = [];
	if ( !all.length ) {
		return { lines: out, goals };
	}
	const f = all[ 0 ];
	out.push( `--- typing with ${ f.files } files listed: ${ f.chars } keystrokes per field, ${ f.delay } ms apart; keydown → the next frame after the value changed ---` );
	if ( !runs.length ) {
		out.push( `  failed: ${ all.map( ( r ) => r.error ).join( '; ' ) }` );
		goals.push( [ `typing with ${ f.files } files: p95 < 100 ms per keystroke`, NaN, 100, ms, 'below' ] );
		return { lines: out, goals };
	}
	out.push( `  before typing: cards listed ${ ms( median( runs.map( ( r ) => r.listedMs ) ) ) } after the pick; the dialog's checks ${ runs.every( ( r ) => r.checksSettled ) ? 'settled' : 'had NOT all settled' } after ${ ms( median( runs.map( ( r ) => r.checksSettledMs ) ) ) } (${ median( runs.map( ( r ) => r.requestsBefore ) ) } requests, up to ${ max( runs.map( ( r ) => r.openAtOnce ) ) } open at once)` );
	for ( const [ key, label ] of [ [ 'name', 'a file\'s "Name on the wiki" (opened)' ], [ 'summary', '"For all files" → "Summary"' ] ] ) {
		const lat = runs.flatMap( ( r ) => r[ key ].latencies );
		const lt = runs.flatMap( ( r ) => r[ key ].longTasks );
		out.push( `  ${ label }: median ${ ms( median( lat ) ) }, p95 ${ ms( percentile( lat, 95 ) ) }, max ${ ms( max( lat ) ) } (${ lat.length } keystrokes); ` +
			`long tasks while typing: ${ lt.length }${ lt.length ? `, longest ${ ms( max( lt ) ) }` : '' }` );
		goals.push( [ `typing with ${ f.files } files, ${ label }: p95 < 100 ms per keystroke (median ${ ms( median( lat ) ) })`, percentile( lat, 95 ), 100, ms, 'below' ] );
	}
	const prop = runs.map( ( r ) => r.summary.propagationPainted );
	const after = runs.flatMap( ( r ) => r.summary.longTasksAfter || [] );
	out.push( `  summary → every file: the last keystroke → the frame showing it in the files ${ ms( median( prop ) ) }${ prop.length > 1 ? ` (${ ms( Math.min( ...prop ) ) }–${ ms( Math.max( ...prop ) ) })` : '' }, of which 200 ms is the panel's wait for a pause; ` +
		`long tasks then: ${ after.length }${ after.length ? `, longest ${ ms( max( after ) ) } (a keystroke then waits for it)` : '' }` );
	return { lines: out, goals };
}
