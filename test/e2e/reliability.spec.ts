/**
 * Uploads that survive the real world: pause and resume, a reload in the middle, cancel, and a
 * run of many uploads through a proxy that breaks a share of the requests on purpose. The proxy
 * is real (scripts/fault-proxy.mjs, on 127.0.0.1); nothing is mocked.
 */
import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startFaultProxy, type FaultProxy } from '../../scripts/fault-proxy.mjs';
import { fileGroup, watchUploadBodies } from './dialog';
import { expect, test, type OpenOptions } from './fixtures';
import { openDialog, screenshot, setChunkSize } from './helpers';
import { traceRequests, waitUntilSettled } from './stallWatch';
import { ROOT, apiAs, fileOnWiki, makePdf, uniqueName, uploadLog, wikiInfo } from './wiki';

const MiB = 1024 * 1024;

/** Nothing moving for this long in the soak (no request, no card changing) means it is stuck. */
const SOAK_STALL_MS = Number( process.env.SOAK_STALL_MS || 2 * 60 * 1000 );

let proxy: FaultProxy;

test.beforeAll( async () => {
	proxy = await startFaultProxy( { target: wikiInfo().server } );
} );

test.afterAll( async () => {
	await proxy.close();
} );

test.beforeEach( () => {
	proxy.setFaults( {} );
	proxy.setBandwidth( undefined );
} );

/** Requests that carried a chunk of about 1 MiB. */
function chunkRequests( bodies: number[] ): number {
	return bodies.filter( ( size ) => size > 0.9 * MiB && size < MiB + 8192 ).length;
}

async function percentSent( page: Page, label: string ): Promise<number> {
	const bar = fileGroup( page.getByRole( 'dialog' ), label ).getByRole( 'progressbar' );
	if ( !( await bar.count() ) ) {
		return -1;
	}
	return Number( await bar.getAttribute( 'aria-valuenow' ) );
}

async function waitForPercent( page: Page, label: string, percent: number ): Promise<void> {
	await expect.poll( () => percentSent( page, label ), { timeout: 60000, intervals: [ 100 ] } ).toBeGreaterThanOrEqual( percent );
}

/** Opens the dialog through the proxy (capped at `bytesPerSecond`), picks a new file of `size` and starts its upload. */
async function startSlowUpload( openWiki: ( o: OpenOptions ) => Promise<Page>, prefix: string, size: number, bytesPerSecond: number ) {
	proxy.setBandwidth( bytesPerSecond );
	const file = makePdf( uniqueName( prefix, 'pdf' ), size );
	const page = await openWiki( { origin: proxy.url } );
	const bodies = watchUploadBodies( page );
	const dialog = await openDialog( page );
	// Fixed 1 MiB chunks (the setting for bad links): these tests pause, cancel and break chunks
	// in the middle of a file, and count them.
	await setChunkSize( dialog, 1 );
	await dialog.locator( 'input[type=file]' ).setInputFiles( file.path );
	const group = fileGroup( dialog, file.name );
	await dialog.getByRole( 'button', { name: 'Upload 1 file' } ).click();
	return { file, page, bodies, dialog, group };
}

test( 'a paused chunked upload sends nothing while paused and goes on from where it was', async ( { openWiki } ) => {
	const { file, page, bodies, group } = await startSlowUpload( openWiki, 'E2E-Pause', 8 * MiB, 3 * MiB );
	await waitForPercent( page, file.name, 25 );
	await group.getByRole( 'button', { name: 'Pause' } ).click();
	await expect( group ).toContainText( 'Paused at' );
	const whilePaused = chunkRequests( bodies );
	await page.waitForTimeout( 1500 );
	expect( chunkRequests( bodies ), 'no chunk is sent while paused' ).toBe( whilePaused );
	await screenshot( page, 'paused' );

	await group.getByRole( 'button', { name: 'Resume' } ).click();
	await expect( group.getByRole( 'link', { name: `File:${ file.name }` } ) ).toBeVisible( { timeout: 60000 } );
	// The chunk cut off by the pause is the only one that may go twice.
	expect( chunkRequests( bodies ) ).toBeLessThanOrEqual( 9 );
	expect( await fileOnWiki( file.name ) ).toMatchObject( { exists: true, sha1: file.sha1, size: file.size } );
} );

test( 'a reload at half way asks first, then the upload goes on from the server offset with the same file', async ( { openWiki } ) => {
	proxy.setBandwidth( 3 * MiB );
	const file = makePdf( uniqueName( 'E2E-Reload', 'pdf' ), 12 * MiB );
	const comment = 'survived a reload';
	const page = await openWiki( { origin: proxy.url } );
	const bodies = watchUploadBodies( page );
	let dialog = await openDialog( page );
	await dialog.locator( 'input[type=file]' ).setInputFiles( file.path );
	let group = fileGroup( dialog, file.name );
	await group.getByRole( 'textbox', { name: 'Summary' } ).fill( comment );
	await dialog.getByRole( 'button', { name: 'Upload 1 file' } ).click();
	await waitForPercent( page, file.name, 50 );

	// Leaving while bytes are on their way asks (the browser's own prompt); the user goes anyway.
	const asked: string[] = [];
	page.on( 'dialog', ( prompt ) => {
		asked.push( prompt.type() );
		void prompt.accept();
	} );
	await page.reload();
	expect( asked ).toContain( 'beforeunload' );

	await expect( page.locator( '.mw-notification' ) ).toContainText( 'An upload was interrupted' );
	dialog = await openDialog( page );
	group = fileGroup( dialog, file.name );
	await expect( group ).toContainText( 'This upload was interrupted after' );
	await expect( group.getByRole( 'textbox', { name: 'Summary' } ), 'the fields survive the reload' ).toHaveValue( comment );
	await screenshot( page, 'interrupted' );

	// Another file is refused; the same one continues.
	const other = makePdf( uniqueName( 'E2E-Other', 'pdf' ), 12 * MiB );
	await group.locator( 'input[type=file]' ).setInputFiles( other.path );
	await expect( group ).toContainText( 'That is not the same file' );
	await group.locator( 'input[type=file]' ).setInputFiles( file.path );
	await expect( group.getByRole( 'link', { name: `File:${ file.name }` } ) ).toBeVisible( { timeout: 60000 } );

	// 12 chunks, plus at most the one cut off by the reload.
	expect( chunkRequests( bodies ) ).toBeLessThanOrEqual( 13 );
	expect( await fileOnWiki( file.name ) ).toMatchObject( { exists: true, sha1: file.sha1, size: file.size, comment } );
	expect( await uploadLog( file.name ) ).toHaveLength( 1 );
} );

test( 'cancel stops the upload at once and nothing is published', async ( { openWiki } ) => {
	const { file, page, bodies, group } = await startSlowUpload( openWiki, 'E2E-Cancel', 6 * MiB, 2 * MiB );
	await waitForPercent( page, file.name, 20 );
	await group.getByRole( 'button', { name: 'Cancel' } ).click();
	await expect( group ).toContainText( 'Cancelled. Nothing was published.' );
	const atCancel = chunkRequests( bodies );
	await page.waitForTimeout( 2000 );
	expect( chunkRequests( bodies ), 'no request after cancel' ).toBe( atCancel );
	expect( ( await fileOnWiki( file.name ) ).exists ).toBe( false );
} );

test( 'the soak\'s watch gives up on a run where nothing moves, naming every card and the last requests', async ( { page } ) => {
	// A stand-in page: one request, then two cards that never change.
	await page.route( 'http://soak.invalid/**', ( route ) => route.fulfill( { contentType: 'text/html', body: '<!doctype html><title>x</title>' } ) );
	const trace = traceRequests( page );
	await page.goto( 'http://soak.invalid/api.php?action=query&list=mystashedfiles' );
	await page.setContent( '<div role="dialog"><ul>' +
		'<li class="uploaddialog-file is-sending" aria-label="File A.pdf"><span role="progressbar" aria-valuenow="40"></span>A.pdf sending</li>' +
		'<li class="uploaddialog-file is-done is-compact" aria-label="File B.pdf">B.pdf done</li></ul></div>' );
	const started = Date.now();
	const error = await waitUntilSettled( page, page.getByRole( 'dialog' ), {
		count: 2, settled: [ 'done' ], stallMs: 1500, limitMs: 60000, trace, everyMs: 250
	} ).then( () => null, ( e: Error ) => e );
	expect( error?.message ).toContain( 'nothing moved for' );
	expect( error?.message ).toContain( '(1 of 2 settled)' );
	expect( error?.message ).toContain( '[sending 40 %] File A.pdf: A.pdf sending' );
	expect( error?.message ).toContain( '[done] File B.pdf' );
	expect( error?.message ).toMatch( /→ GET \/api\.php\?action=query&list=mystashedfiles/ );
	expect( Date.now() - started, 'it gave up soon after the stall, not at the limit' ).toBeLessThan( 10000 );
} );

test( 'many uploads through a link that breaks 15 % of the upload requests: each file lands exactly once', async ( { openWiki } ) => {
	const count = Number( process.env.SOAK_UPLOADS || 100 );
	// Measured here: 3 to 9 s an upload with the faults' waits, depending on the machine's load;
	// 20 s an upload leaves room for a slow CI machine (100 uploads: at most 34 minutes) as long as
	// the run keeps moving; a stuck run fails after SOAK_STALL_MS. The test's own limit comes
	// after the run's, with room for the checks on the wiki, so the run's report is what is seen.
	const limitMs = count * 20 * 1000;
	test.setTimeout( limitMs + 5 * 60 * 1000 );
	// Random sizes from 0.5 to 20 MB, the same every run (a seeded generator).
	let seed = 7;
	const random = () => {
		seed = ( seed * 1103515245 + 12345 ) % 2147483648;
		return seed / 2147483648;
	};
	const files = Array.from( { length: count }, ( _x, i ) =>
		makePdf( uniqueName( `E2E-Soak-${ i }`, 'pdf' ), Math.round( ( 0.5 + random() * 19.5 ) * 1000 * 1000 ) ) );
	// 15 % in all by default; SOAK_FAULT_SHARE sets another share (split evenly among the kinds).
	const share = Number( process.env.SOAK_FAULT_SHARE || 0.15 ) / 5;
	proxy.setFaults( { reset: share, dropAnswer: share, status503: share, html502: share, truncate: share } );
	const before = JSON.parse( JSON.stringify( proxy.stats ) );

	const uploader = await apiAs( 'uploader' );
	// Every stash entry of the user, page by page (other tests leave some: a cancelled warning keeps its file).
	const stashed = async () => {
		const entries: Array<{ filekey: string; status: string; size: number }> = [];
		for await ( const answer of uploader.continuedQueryGen( { action: 'query', list: 'mystashedfiles', msfprop: 'size', msflimit: 'max' } ) ) {
			entries.push( ...( answer.query?.mystashedfiles || [] ) );
		}
		return entries;
	};
	const stashedBefore = await stashed();
	const started = Date.now();
	const page = await openWiki( { origin: proxy.url, faultsInjected: true } );
	const bodies = watchUploadBodies( page );
	const trace = traceRequests( page );
	const dialog = await openDialog( page );
	await dialog.locator( 'input[type=file]' ).setInputFiles( files.map( ( f ) => f.path ) );
	await dialog.getByRole( 'button', { name: `Upload ${ count } files` } ).click();
	// Wait until no file is busy any more, then name every file that did not land and why:
	// a file stuck in a warning or a failure must show up as itself, not as a timeout. A run in
	// which nothing moves (no request, no card changing) for two minutes is stuck: it fails then,
	// with every card's state and the last requests, instead of waiting out the whole limit.
	await waitUntilSettled( page, dialog, {
		count,
		settled: [ 'done', 'failed', 'needs-choice', 'cancelled', 'paused', 'interrupted' ],
		stallMs: SOAK_STALL_MS,
		limitMs,
		trace
	} );
	proxy.setFaults( {} );
	const notDone = await dialog.locator( '.uploaddialog-file:not(.is-done)' ).allInnerTexts();
	expect( notDone, 'files that did not land' ).toEqual( [] );
	const uploadSeconds = ( Date.now() - started ) / 1000;

	const injected = Object.fromEntries( Object.entries( proxy.stats.faults ).map( ( [ k, v ] ) => [ k, v - before.faults[ k ] ] ) );
	const requests = proxy.stats.matched - before.matched;
	const sentBytes = bodies.reduce( ( a, b ) => a + b, 0 );
	const fileBytes = files.reduce( ( a, f ) => a + f.size, 0 );
	for ( const file of files ) {
		const landed = await fileOnWiki( file.name );
		expect( landed, file.name ).toMatchObject( { exists: true, sha1: file.sha1, size: file.size } );
		expect( await uploadLog( file.name ), `${ file.name } published once` ).toHaveLength( 1 );
	}
	const known = new Set( stashedBefore.map( ( e ) => e.filekey ) );
	const left = ( await stashed() ).filter( ( e ) => !known.has( e.filekey ) );
	const leftover = left.length;
	console.log( `soak: ${ count } uploads in ${ uploadSeconds.toFixed( 0 ) } s, ${ requests } upload requests, faults ${ JSON.stringify( injected ) }, ` +
		`bytes sent ${ sentBytes } for ${ fileBytes } of files (${ ( ( sentBytes / fileBytes - 1 ) * 100 ).toFixed( 1 ) } % re-sent or overhead), ` +
		`stash entries left: ${ leftover }` );
	expect( Object.values( injected ).reduce( ( a, b ) => a + b, 0 ), 'faults were injected' ).toBeGreaterThan( count / 10 );
	// An answer lost after the wiki stashed something is found again by size and SHA-1, so the
	// dialog leaves nothing behind. Except where the browser hid the loss: when a connection it
	// had kept open closes before any answer, Chromium sends the request again by itself on a
	// new connection, and the page hears only of the second (the next test shows it). For a
	// request that starts a stash entry (a whole file or a first chunk), the wiki then holds two
	// entries and the dialog knows the key of one. The proxy counts those resends (the same
	// body again, byte for byte: the dialog's own retries are new requests); each may leave one
	// entry (the stash drops it after $wgUploadStashMaxAge, 6 h by default), and any entry
	// beyond them is the dialog's doing.
	const browserResent = proxy.stats.startsResentByBrowser - before.startsResentByBrowser;
	console.log( `soak: stash entries left ${ leftover }, entry-starting requests the browser sent again by itself ${ browserResent }` );
	if ( leftover ) {
		console.log( `soak: stash entries left: ${ JSON.stringify( left ) }; file sizes: ${ JSON.stringify( files.map( ( f ) => f.size ) ) }` );
	}
	expect( leftover, 'stash entries left over beyond those the browser\'s own resends made' ).toBeLessThanOrEqual( browserResent );
} );

test( 'an answer lost on a reused connection, which Chromium sends again by itself: each file lands once, and the wiki keeps one copy in its stash', async ( { openWiki } ) => {
	// Why the soak may leave stash entries: when a connection that carried an earlier request
	// closes before any answer, Chromium takes it for a server that closed an idle connection and
	// sends the request again on a new one, without telling the page. If the wiki had applied the
	// first, it holds two entries; the dialog hears only of the second and publishes it.
	const files = Array.from( { length: 4 }, ( _x, i ) => makePdf( uniqueName( `E2E-Resent-${ i }`, 'pdf' ), 1000 * 1000 + i ) );
	const uploader = await apiAs( 'uploader' );
	const stashedKeys = async () => {
		const answer = await uploader.query( { list: 'mystashedfiles', msfprop: 'size', msflimit: 'max' } );
		return ( answer.query?.mystashedfiles || [] ) as Array<{ filekey: string; status: string; size: number }>;
	};
	const known = new Set( ( await stashedKeys() ).map( ( e ) => e.filekey ) );
	const page = await openWiki( { origin: proxy.url } );
	let sentByPage = 0;
	page.on( 'request', ( r ) => {
		if ( r.method() === 'POST' && r.url().includes( '/api.php' ) && /multipart\/form-data/.test( r.headers()[ 'content-type' ] || '' ) ) {
			sentByPage++;
		}
	} );
	const dialog = await openDialog( page );
	await dialog.locator( 'input[type=file]' ).setInputFiles( files.map( ( f ) => f.path ) );
	const before = JSON.parse( JSON.stringify( proxy.stats ) );
	proxy.dropNextStartOnReusedConnection();
	await dialog.getByRole( 'button', { name: 'Upload 4 files' } ).click();
	for ( const file of files ) {
		await expect( fileGroup( dialog, file.name ).getByRole( 'link', { name: `File:${ file.name }` } ) ).toBeVisible( { timeout: 60000 } );
	}
	expect( proxy.stats.startsResentByBrowser - before.startsResentByBrowser, 'the browser sent the dropped request again' ).toBe( 1 );
	expect( proxy.stats.matched - before.matched, 'the proxy saw one upload request more than the page sent' ).toBe( sentByPage + 1 );
	for ( const file of files ) {
		expect( await fileOnWiki( file.name ), file.name ).toMatchObject( { exists: true, sha1: file.sha1, size: file.size } );
		expect( await uploadLog( file.name ), `${ file.name } published once` ).toHaveLength( 1 );
	}
	const left = ( await stashedKeys() ).filter( ( e ) => !known.has( e.filekey ) );
	expect( left, 'the first copy stays in the stash' ).toHaveLength( 1 );
	expect( files.map( ( f ) => f.size ) ).toContain( left[ 0 ].size );
} );

test( 'a chunk refused with badtoken in the middle of an upload goes on with a fresh token', async ( { openWiki } ) => {
	const { file, page, group } = await startSlowUpload( openWiki, 'E2E-Token', 6 * MiB, 2 * MiB );
	const tokenRequests: string[] = [];
	page.on( 'request', ( r ) => {
		if ( /meta=tokens/.test( r.url() + ( r.postData() || '' ) ) ) {
			tokenRequests.push( r.url() );
		}
	} );
	// After the first chunk, the next one reaches the wiki with a token that is not the session's.
	await waitForPercent( page, file.name, 20 );
	proxy.failNext( 'badToken' );
	await expect( group.getByRole( 'link', { name: `File:${ file.name }` } ) ).toBeVisible( { timeout: 60000 } );
	expect( proxy.stats.faults.badToken, 'a chunk was refused for its token' ).toBeGreaterThan( 0 );
	expect( tokenRequests.length, 'mw.Api fetched a fresh token' ).toBeGreaterThan( 0 );
	expect( await fileOnWiki( file.name ) ).toMatchObject( { exists: true, sha1: file.sha1, size: file.size } );
} );

test( 'the wiki\'s server killed and restarted in the middle of an upload: the upload goes on', async ( { openWiki, wiki } ) => {
	proxy.setBandwidth( 2 * MiB );
	const file = makePdf( uniqueName( 'E2E-Restart', 'pdf' ), 8 * MiB );
	const page = await openWiki( { origin: proxy.url, faultsInjected: true } );
	const dialog = await openDialog( page );
	await dialog.locator( 'input[type=file]' ).setInputFiles( file.path );
	const group = fileGroup( dialog, file.name );
	await dialog.getByRole( 'button', { name: 'Upload 1 file' } ).click();
	await waitForPercent( page, file.name, 30 );
	const env = { ...process.env, WIKI_DIR: wiki.dir, WIKI_PORT: new URL( wiki.server ).port };
	execFileSync( 'bash', [ join( ROOT, 'scripts/wiki/wiki.sh' ), 'stop' ], { env } );
	await expect( group ).toContainText( /trying again in/, { timeout: 30000 } );
	await screenshot( page, 'retrying' );
	execFileSync( 'bash', [ join( ROOT, 'scripts/wiki/wiki.sh' ), 'start' ], { env } );
	await expect( group.getByRole( 'link', { name: `File:${ file.name }` } ) ).toBeVisible( { timeout: 120000 } );
	expect( await fileOnWiki( file.name ) ).toMatchObject( { exists: true, sha1: file.sha1, size: file.size } );
} );
