/**
 * Waiting for a long run of uploads without ever waiting out a hang: the run is given up as soon
 * as nothing has moved for a while (no request of the page started or ended, no file's card
 * changed its state or its progress), and the give-up names every card's state and the last
 * requests, so a stuck run says where it stuck instead of costing half an hour.
 */
import type { Locator, Page, Request } from '@playwright/test';

export interface RequestTrace {
	/** The last requests of the page, oldest first: when, what, and how each ended. */
	recent: string[];
	/** Date.now() of the last request that started, ended or failed. */
	lastEventAt: number;
}

/** What an API request was for, in a few words (the query string; multipart bodies cannot be read). */
function describe( request: Request ): string {
	const url = new URL( request.url() );
	const query = url.search.length > 1 ? url.search.slice( 1, 160 ) : '';
	return `${ request.method() } ${ url.pathname }${ query ? `?${ query }` : '' }`;
}

/** Follows every request of the page, keeping the last `keep` of them for a report. */
export function traceRequests( page: Page, keep = 30 ): RequestTrace {
	const trace: RequestTrace = { recent: [], lastEventAt: Date.now() };
	const note = ( line: string ) => {
		trace.lastEventAt = Date.now();
		trace.recent.push( `${ new Date().toISOString().slice( 11, 23 ) } ${ line }` );
		if ( trace.recent.length > keep ) {
			trace.recent.shift();
		}
	};
	page.on( 'request', ( r ) => note( `→ ${ describe( r ) }` ) );
	page.on( 'requestfinished', ( r ) => {
		void r.response().then( ( answer ) => note( `← ${ answer ? answer.status() : '?' } ${ describe( r ) }` ), () => note( `← ? ${ describe( r ) }` ) );
	} );
	page.on( 'requestfailed', ( r ) => note( `✗ ${ r.failure()?.errorText || 'failed' } ${ describe( r ) }` ) );
	return trace;
}

interface CardState {
	label: string;
	state: string;
	progress: string;
	text: string;
}

/** Every file card of the dialog: its name, state (the card's is-<state> class), progress and first words. */
function cardStates( dialog: Locator ): Promise<CardState[]> {
	return dialog.locator( '.uploaddialog-file' ).evaluateAll( ( cards ) => cards.map( ( card ) => ( {
		label: card.getAttribute( 'aria-label' ) || '',
		state: ( /\bis-([a-z-]+)/.exec( card.className.replace( /\bis-compact\b/, '' ) ) || [ '', '?' ] )[ 1 ],
		progress: card.querySelector( '[role=progressbar]' )?.getAttribute( 'aria-valuenow' ) || '',
		text: ( ( card as HTMLElement ).innerText || '' ).replace( /\s+/g, ' ' ).slice( 0, 140 )
	} ) ) );
}

export interface SettleOptions {
	/** How many cards there are to settle. */
	count: number;
	/** The card states that count as settled (done, failed, a choice waiting …). */
	settled: string[];
	/** Give up when nothing moved for this long. */
	stallMs: number;
	/** Give up in any case after this long. */
	limitMs: number;
	trace: RequestTrace;
	/** How often to look (default 1 s). */
	everyMs?: number;
}

/** The report of a run given up: why, every card, the last requests. */
function report( why: string, cards: CardState[], trace: RequestTrace ): string {
	const byState: Record<string, number> = {};
	cards.forEach( ( c ) => {
		byState[ c.state ] = ( byState[ c.state ] || 0 ) + 1;
	} );
	return [
		`${ why }; cards by state: ${ JSON.stringify( byState ) }`,
		'every card:',
		...cards.map( ( c ) => `  [${ c.state }${ c.progress ? ` ${ c.progress } %` : '' }] ${ c.label }: ${ c.text }` ),
		`the last ${ trace.recent.length } requests:`,
		...trace.recent.map( ( line ) => `  ${ line }` )
	].join( '\n' );
}

/**
 * Resolves when `count` cards are in a settled state; throws with a report when nothing moved
 * for `stallMs`, or when `limitMs` passed.
 */
export async function waitUntilSettled( page: Page, dialog: Locator, options: SettleOptions ): Promise<void> {
	const started = Date.now();
	let lastChangeAt = started;
	let before = '';
	for ( ;; ) {
		const cards = await cardStates( dialog );
		const now = Date.now();
		const signature = cards.map( ( c ) => `${ c.label }|${ c.state }|${ c.progress }` ).join( '\n' );
		if ( signature !== before ) {
			before = signature;
			lastChangeAt = now;
		}
		const settled = cards.filter( ( c ) => options.settled.indexOf( c.state ) !== -1 ).length;
		if ( settled >= options.count ) {
			return;
		}
		const quietFor = now - Math.max( lastChangeAt, options.trace.lastEventAt );
		if ( quietFor > options.stallMs ) {
			throw new Error( report( `nothing moved for ${ Math.round( quietFor / 1000 ) } s (${ settled } of ${ options.count } settled)`, cards, options.trace ) );
		}
		if ( now - started > options.limitMs ) {
			throw new Error( report( `not settled after ${ Math.round( ( now - started ) / 1000 ) } s (${ settled } of ${ options.count } settled)`, cards, options.trace ) );
		}
		await page.waitForTimeout( options.everyMs || 1000 );
	}
}
