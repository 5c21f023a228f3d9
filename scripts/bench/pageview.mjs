// What the gadget costs a page view where nobody uploads, and how fast the dialog opens on a
// click (issue 19: ≤ 1.5 KB gzipped more JavaScript, 0 more API requests, ≤ 1 ms more script time;
// click to interactive ≤ 300 ms cold, ≤ 100 ms warm).
//
// Page views: Main_Page in Vector 2022, logged in, for two users of the same groups: Uploader with
// the gadget on (this wiki turns it on by default) and Installer with it switched off in the
// preferences. A cold view is a new browser context (no HTTP cache, no ResourceLoader module
// store; only the login cookies); a warm view is that context's second view of the page. Per view:
//   load.php JS   the bytes of load.php's JavaScript answers (not `only=styles`), as received
//                 (this wiki sends them uncompressed) and gzipped here at level 9 one by one
//   api.php       the requests to api.php within 6 s of the load event
//   script        Chromium's main-thread ScriptDuration (CDP Performance.getMetrics) at 6 s
// Median of --pageview-runs views (default 5) each; the cost is gadget on minus off.
//
// Click to interactive (Uploader): from the click (a capture listener in the page) to the frame in
// which the dialog's "Choose files" button exists, cold (a new context's first view) and warm
// (the second view: ResourceLoader has the dialog's module in its store), each without a hover
// (the click dispatched on the link: no pointer, no focus before it) and with one (the pointer on
// the link 300 ms before the click, as a user's hand moves).
import { log, metrics, withTimeout } from './run.mjs';
import { bytes, median, ms } from './stats.mjs';
import { gzipSync } from 'node:zlib';

const WATCH_MS = 6000;
const HOVER_MS = 300;

/** A context with only the user's login cookies (no module store, nothing cached). */
async function loggedInState( bench, user ) {
	const context = await bench.browser.newContext();
	await bench.login( user, context );
	const state = await context.storageState();
	await context.close();
	return { cookies: state.cookies, origins: [] };
}

/** Opens the page in `page` and measures the view: load.php JS bytes, api.php requests, script time. */
async function measureView( page, cdp, url ) {
	const js = [];
	const api = [];
	const onResponse = async ( response ) => {
		const u = new URL( response.url() );
		if ( u.pathname.endsWith( '/load.php' ) && u.searchParams.get( 'only' ) !== 'styles' && /javascript/.test( response.headers()[ 'content-type' ] || '' ) ) {
			js.push( response.body().then( ( body ) => ( { raw: body.length, gz: gzipSync( body, { level: 9 } ).length } ), () => ( { raw: 0, gz: 0 } ) ) );
		}
	};
	const onRequest = ( request ) => {
		if ( new URL( request.url() ).pathname.endsWith( '/api.php' ) ) {
			api.push( request.url() );
		}
	};
	page.on( 'response', onResponse );
	page.on( 'request', onRequest );
	await page.goto( url, { waitUntil: 'load' } );
	await page.waitForTimeout( WATCH_MS );
	const after = await metrics( cdp );
	page.off( 'response', onResponse );
	page.off( 'request', onRequest );
	const sizes = await Promise.all( js );
	return {
		jsBytes: sizes.reduce( ( s, x ) => s + x.raw, 0 ),
		jsGzip: sizes.reduce( ( s, x ) => s + x.gz, 0 ),
		api: api.length,
		// Chromium's counters start again with each document: the value is this view's alone.
		scriptMs: ( after.ScriptDuration || 0 ) * 1000
	};
}

/** In the page: the time from the next click to the frame with the dialog's "Choose files" button. */
function armClick() {
	const T = { click: null, ready: null };
	window.__benchPageview = T;
	document.addEventListener( 'click', () => {
		if ( T.click === null ) {
			T.click = performance.now();
			const tick = () => {
				const root = document.getElementById( 'uploaddialog-root' );
				const ready = root && Array.from( root.querySelectorAll( 'button' ) ).some( ( b ) => /Choose files/.test( b.textContent || '' ) );
				if ( ready ) {
					T.ready = performance.now();
				} else {
					requestAnimationFrame( tick );
				}
			};
			requestAnimationFrame( tick );
		}
	}, true );
}

async function clickToInteractive( page, hover ) {
	await page.evaluate( armClick );
	const link = page.locator( '#t-uploaddialog a' );
	if ( hover ) {
		await link.hover();
		await page.waitForTimeout( HOVER_MS );
		await link.click();
	} else {
		await link.evaluate( ( a ) => a.click() );
	}
	await withTimeout( page.waitForFunction( () => window.__benchPageview.ready !== null, null, { timeout: 60000 } ), 65000, 'the dialog after a click' );
	return page.evaluate( () => window.__benchPageview.ready - window.__benchPageview.click );
}

async function newView( browser, state ) {
	const context = await browser.newContext( { storageState: state, viewport: { width: 1280, height: 900 } } );
	const page = await context.newPage();
	const cdp = await context.newCDPSession( page );
	await cdp.send( 'Performance.enable' );
	return { context, page, cdp };
}

/** The part: fills bench.results.pageview. */
export async function pageviewPart( bench ) {
	const runs = bench.o.pageviewRuns || 5;
	const wiki = bench.wiki;
	const url = `${ wiki.indexUrl }?title=Main_Page&useskin=vector-2022`;
	const on = await loggedInState( bench, wiki.users.uploader );
	const off = await loggedInState( bench, wiki.users.installer );
	// Installer has the gadget off (the wiki's default is on).
	{
		const { context, page } = await newView( bench.browser, off );
		await page.goto( url );
		await page.evaluate( () => new window.mw.Api().saveOption( 'gadget-UploadDialog', '0' ) );
		await context.close();
	}
	const results = { runs, views: [], clicks: [] };
	bench.results.pageview = results;
	for ( let i = 0; i < runs; i++ ) {
		for ( const [ gadget, state ] of [ [ 'on', on ], [ 'off', off ] ] ) {
			const { context, page, cdp } = await newView( bench.browser, state );
			try {
				results.views.push( { gadget, view: 'cold', ...await measureView( page, cdp, url ) } );
				results.views.push( { gadget, view: 'warm', ...await measureView( page, cdp, url ) } );
			} finally {
				await context.close();
			}
		}
		for ( const hover of [ false, true ] ) {
			const { context, page } = await newView( bench.browser, on );
			try {
				await page.goto( url, { waitUntil: 'load' } );
				await page.waitForTimeout( 1000 );
				results.clicks.push( { hover, view: 'cold', ms: await clickToInteractive( page, hover ) } );
				await page.goto( url, { waitUntil: 'load' } );
				await page.waitForTimeout( 1000 );
				results.clicks.push( { hover, view: 'warm', ms: await clickToInteractive( page, hover ) } );
			} finally {
				await context.close();
			}
		}
		log( `  [pageview] round ${ i + 1 }/${ runs } done` );
	}
	log( pageviewReport( bench.results ).lines.join( '\n' ) );
}

/** The report's lines for the part (none when it did not run). */
export function pageviewReport( results ) {
	const p = results.pageview;
	if ( !p ) {
		return { lines: [], goals: [] };
	}
	const m = ( gadget, view, key ) => median( p.views.filter( ( v ) => v.gadget === gadget && v.view === view ).map( ( v ) => v[ key ] ) );
	const lines = [ `Page views (Main_Page, Vector 2022, logged in; median of ${ p.runs }; gadget on − off):` ];
	for ( const view of [ 'cold', 'warm' ] ) {
		const d = ( key ) => m( 'on', view, key ) - m( 'off', view, key );
		lines.push( `  ${ view }: load.php JS ${ bytes( m( 'on', view, 'jsBytes' ) ) } vs ${ bytes( m( 'off', view, 'jsBytes' ) ) } (${ d( 'jsBytes' ) >= 0 ? '+' : '' }${ d( 'jsBytes' ) } B; gzipped ${ d( 'jsGzip' ) >= 0 ? '+' : '' }${ d( 'jsGzip' ) } B, goal ≤ +1536 B)` +
			`, api.php ${ m( 'on', view, 'api' ) } vs ${ m( 'off', view, 'api' ) } (goal +0), script ${ ms( m( 'on', view, 'scriptMs' ) ) } vs ${ ms( m( 'off', view, 'scriptMs' ) ) } (${ d( 'scriptMs' ) >= 0 ? '+' : '' }${ ms( d( 'scriptMs' ) ) }, goal ≤ +1 ms)` );
	}
	const c = ( view, hover ) => median( p.clicks.filter( ( x ) => x.view === view && x.hover === hover ).map( ( x ) => x.ms ) );
	lines.push( `  click to interactive: cold ${ ms( c( 'cold', false ) ) } (hovered first: ${ ms( c( 'cold', true ) ) }; goal ≤ 300 ms), warm ${ ms( c( 'warm', false ) ) } (hovered first: ${ ms( c( 'warm', true ) ) }; goal ≤ 100 ms)` );
	const cold = ( key ) => m( 'on', 'cold', key ) - m( 'off', 'cold', key );
	// For the report's goals (scripts/bench.mjs): text, value, target, unit.
	const goals = [
		[ 'page view: ≤ 1.5 KB gzipped more JavaScript (cold, median)', cold( 'jsGzip' ), 1536, ( v ) => `${ v } B` ],
		[ 'page view: no more api.php requests within 6 s (cold, median)', cold( 'api' ), 0, String ],
		[ 'page view: ≤ 1 ms more main-thread script (cold, median)', cold( 'scriptMs' ), 1, ms ],
		[ 'click to interactive ≤ 300 ms, cold (median)', c( 'cold', false ), 300, ms ],
		[ 'click to interactive ≤ 100 ms, warm (median)', c( 'warm', false ), 100, ms ]
	];
	return { lines, goals };
}
