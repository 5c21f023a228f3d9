// Helpers every part of the benchmark (scripts/bench.mjs and scripts/bench/*.mjs) uses to drive
// a page: timeouts, the page's CDP metrics, and the dialog's controls as a user reaches them.

import { ms } from './stats.mjs';

export const log = ( line ) => process.stdout.write( `${ line }\n` );

export function withTimeout( promise, msTimeout, what ) {
	let timer;
	return Promise.race( [
		promise,
		new Promise( ( _, reject ) => {
			timer = setTimeout( () => reject( new Error( `${ what }: no result after ${ Math.round( msTimeout / 1000 ) } s` ) ), msTimeout );
		} )
	] ).finally( () => clearTimeout( timer ) );
}

export async function metrics( cdp ) {
	const { metrics: list } = await cdp.send( 'Performance.getMetrics' );
	return Object.fromEntries( list.map( ( m ) => [ m.name, m.value ] ) );
}

/** Main-thread time (ms) spent between two metric snapshots. */
export function busy( before, after ) {
	const d = ( k ) => ( ( after[ k ] || 0 ) - ( before[ k ] || 0 ) ) * 1000;
	return { scriptMs: d( 'ScriptDuration' ), taskMs: d( 'TaskDuration' ), layoutMs: d( 'LayoutDuration' ), styleMs: d( 'RecalcStyleDuration' ) };
}

/** The first line of an error's message: the JSON and the report keep one line per failure. */
export function firstLine( error ) {
	return String( ( error && error.message ) || error ).split( '\n' )[ 0 ];
}

/**
 * One timed run of a part's variant into `entry`: `ok` and the figures `run` resolves with, or
 * `ok: false` and the first line of the failure (logged). Resolves with the variant's word for
 * the round's line ("a 12.3 s", "a FAILED"): one failed run never ends the benchmark.
 */
export async function measureInto( entry, label, part, run ) {
	try {
		Object.assign( entry, { ok: true }, await run() );
		return `${ label } ${ ms( entry.total ) }`;
	} catch ( error ) {
		Object.assign( entry, { ok: false, error: firstLine( error ) } );
		log( `    ${ part } ${ label } failed: ${ entry.error }` );
		return `${ label } FAILED`;
	}
}

/** Opens the dialog from the portlet link; resolves with the dialog and its file input once files can be picked. */
export async function openDialog( page ) {
	await page.click( '#t-uploaddialog a' );
	const dialog = page.getByRole( 'dialog' );
	const input = dialog.locator( 'input[type=file]' ).first();
	await input.waitFor( { state: 'attached', timeout: 60000 } );
	return { dialog, input };
}

/** The dialog's Settings, opened. */
export async function openSettings( page, dialog ) {
	const settings = dialog.locator( 'details' ).filter( { has: page.locator( 'summary', { hasText: 'Settings' } ) } );
	if ( !( await settings.evaluate( ( d ) => d.open ) ) ) {
		await settings.locator( 'summary' ).click();
	}
	return settings;
}

/**
 * The "Upload N files" button once it is enabled, as a handle: found before any clock starts
 * (a role query walks the whole page's accessibility tree, which with hundreds of cards is slow).
 */
export async function uploadButton( page, dialog, count ) {
	const name = count === 1 ? 'Upload 1 file' : `Upload ${ count } files`;
	const button = dialog.getByRole( 'button', { name, exact: true } );
	await button.waitFor( { state: 'visible', timeout: 120000 } );
	const handle = await button.elementHandle();
	await page.waitForFunction( ( b ) => !b.disabled, handle, { timeout: 120000 } );
	return handle;
}

/** A hidden <input type=file multiple> holding the files, for the mw.Api variants (the same File objects a user's pick gives). */
export async function filesInPage( page, paths ) {
	await page.evaluate( () => {
		const input = document.createElement( 'input' );
		input.type = 'file';
		input.multiple = true;
		input.id = 'bench-files';
		input.hidden = true;
		document.body.appendChild( input );
	} );
	await page.setInputFiles( '#bench-files', paths );
}

/**
 * Waits until the page has had no XMLHttpRequest open for `quietMs` (the dialog's checks have
 * settled), at most `maxMs`. Resolves with the time waited, whether it got quiet, and the most
 * requests seen open at once.
 */
export async function waitQuiet( page, { quietMs = 1000, maxMs = 120000 } = {} ) {
	const started = Date.now();
	// Quiet counts from the start of the wait at the earliest: right after a pick the dialog may
	// not have sent anything yet (it hashes first), and an empty log is not a settled one.
	const from = await page.evaluate( () => performance.now() );
	// The most requests seen open at once (sampled every 250 ms).
	let maxOpen = 0;
	for ( ;; ) {
		const state = await page.evaluate( ( since ) => {
			const x = window.__bench.xhrs;
			const open = x.filter( ( r ) => r.loadend === undefined ).length;
			const last = x.reduce( ( m, r ) => Math.max( m, r.loadend || r.sent || 0 ), since );
			return { open, since: performance.now() - last };
		}, from );
		maxOpen = Math.max( maxOpen, state.open );
		if ( !state.open && state.since >= quietMs ) {
			return { waited: Date.now() - started, quiet: true, maxOpen };
		}
		if ( Date.now() - started > maxMs ) {
			return { waited: Date.now() - started, quiet: false, maxOpen };
		}
		await page.waitForTimeout( 250 );
	}
}
