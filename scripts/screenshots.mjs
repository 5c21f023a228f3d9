#!/usr/bin/env node
// Screenshots of the dialog as users see it, to look at (open the PNGs) after a change of its
// look: in Debian's Chromium, on a running local wiki. It brings up nothing itself.
//
//   WIKI_DIR=/tmp/my-wiki node scripts/screenshots.mjs [case …]
//
// WIKI_DIR is the wiki's folder (its wiki.json has the URL and the logins; default .wiki);
// OUT_DIR is where the pictures go (default test-results/screens/look). Cases (all by default):
//   vector-2022        Vector 2022, light, 1280 px
//   vector-2022-night  Vector 2022's night theme (?vectornightmode=1)
//   minerva-360        Minerva on a phone, 360 px wide
//   rtl-he             Vector 2022 in Hebrew (right to left; the dialog's words fall back to English)
//   monobook           MonoBook (no Codex tokens: the light fallbacks)
// For each case, in one dialog: <case>-1-files.png (three files: a JPEG with a GPS position, so
// its thumbnail shows; a PDF; a file of a type the wiki refuses), -1-location.png (the photo's
// location notice),
// -2-describe.png (the batch's licence from the wiki's list, a card's category chips, one of them
// missing), -3-warnings.png (the PDF's name is taken: the warnings panel), -4-failure.png (the
// refused file), -5-progress.png (a larger file on a throttled link, sending).
// The wiki gets what the pictures need and keeps it: a licence list on MediaWiki:Licenses (only
// where it has none), the file whose name the PDF asks for, and the uploaded JPEGs.
// A step that fails is said on stderr and the next one goes on: every picture that can be taken is.
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Mwn } from 'mwn';

const root = resolve( dirname( fileURLToPath( import.meta.url ) ), '..' );
const wiki = JSON.parse( readFileSync( join( process.env.WIKI_DIR || join( root, '.wiki' ), 'wiki.json' ), 'utf8' ) );
const outDir = process.env.OUT_DIR || join( root, 'test-results', 'screens', 'look' );
/** Every wait gives up after this long and says what it waited for. */
const WAIT_MS = 20000;

const CASES = {
	'vector-2022': { query: { useskin: 'vector-2022' } },
	'vector-2022-night': { query: { useskin: 'vector-2022', vectornightmode: '1' } },
	'minerva-360': { query: { useskin: 'minerva' }, viewport: { width: 360, height: 740 } },
	'rtl-he': { query: { useskin: 'vector-2022', uselang: 'he' } },
	monobook: { query: { useskin: 'monobook' } }
};

const LICENCES = '* Own work\n** self|cc-by-sa-4.0|Own work, CC BY-SA 4.0\n* Free licences\n** CC-BY-4.0|Creative Commons Attribution 4.0\n** GFDL|GNU Free Documentation License';

const dir = mkdtempSync( join( tmpdir(), 'uploaddialog-screens-' ) );
const run = Date.now().toString( 36 );

function pdf( name, size ) {
	const path = join( dir, name );
	writeFileSync( path, Buffer.concat( [ Buffer.from( '%PDF-1.4\n' ), randomBytes( size ), Buffer.from( '\n%%EOF\n' ) ] ) );
	return path;
}

/** A JPEG with a date taken and a GPS position, as a phone writes them (ImageMagick and exiftool). */
function gpsJpeg( name ) {
	const path = join( dir, name );
	execFileSync( 'convert', [ '-size', '320x240', 'plasma:orange-navy', '-quality', '85', path ], { timeout: 30000 } );
	execFileSync( 'exiftool', [ '-q', '-overwrite_original', `-ImageDescription=${ name } ${ run }`, '-DateTimeOriginal=2026:07:14 18:03:22',
		'-GPSLatitude=48.8583', '-GPSLatitudeRef=N', '-GPSLongitude=2.2945', '-GPSLongitudeRef=E', path ], { timeout: 30000 } );
	return path;
}

async function step( what, action ) {
	try {
		await action();
	} catch ( error ) {
		console.error( `${ what }: ${ String( error && error.message || error ).split( '\n' )[ 0 ] }` );
	}
}

/** A picture of the viewport, the dialog scrolled (inside itself) to `show`: its top, or its middle. */
async function shoot( page, name, show, block = 'center' ) {
	if ( show ) {
		await show.evaluate( ( el, where ) => el.scrollIntoView( { block: where } ), block, { timeout: WAIT_MS } );
	}
	await page.mouse.move( 0, 0 );
	const path = join( outDir, `${ name }.png` );
	await page.screenshot( { path } );
	console.log( `wrote ${ path }` );
}

async function prepareWiki() {
	const admin = await Mwn.init( {
		apiUrl: wiki.apiUrl,
		username: wiki.users.admin.name,
		password: wiki.users.admin.password,
		userAgent: 'UploadDialog-screenshots (local test wiki)',
		silent: true,
		suppressAPIWarnings: true
	} );
	const answer = await admin.query( { meta: 'allmessages', ammessages: 'licenses' } );
	const list = ( answer.query.allmessages[ 0 ].content || '' ).trim();
	if ( list === '' || list === '-' ) {
		await admin.save( 'MediaWiki:Licenses', LICENCES, 'screenshots: a licence list to show' );
	}
	await admin.save( 'Category:Bays', 'Bays.', 'screenshots: an existing category' ).catch( () => {} );
	const taken = 'Look annual report.pdf';
	await admin.upload( pdf( 'existing.pdf', 20000 ), taken, 'The annual report.', { comment: 'screenshots setup' } ).catch( () => {} );
	return taken;
}

async function login( browser ) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto( `${ wiki.indexUrl }?title=Special:UserLogin&returnto=Main_Page` );
	await page.fill( '#wpName1', wiki.users.uploader.name );
	await page.fill( '#wpPassword1', wiki.users.uploader.password );
	await Promise.all( [ page.waitForNavigation( { timeout: WAIT_MS } ), page.click( '#wpLoginAttempt' ) ] );
	const state = await context.storageState();
	await context.close();
	return state;
}

async function openDialog( page ) {
	const link = page.locator( '#t-uploaddialog a' );
	await link.waitFor( { state: 'attached', timeout: WAIT_MS } );
	if ( !await link.isVisible() ) {
		// Minerva keeps its portlets in the main menu.
		await page.locator( '#mw-mf-main-menu-button' ).click();
	}
	await link.click();
	const dialog = page.getByRole( 'dialog' );
	await dialog.getByRole( 'button', { name: /Choose files/ } ).first().waitFor( { timeout: WAIT_MS } );
	return dialog;
}

async function takeCase( browser, storageState, name, setup, taken ) {
	const context = await browser.newContext( { storageState, viewport: setup.viewport || { width: 1280, height: 900 } } );
	const page = await context.newPage();
	page.on( 'pageerror', ( error ) => console.error( `${ name }: page error: ${ error.message }` ) );
	try {
		const params = new URLSearchParams( { title: 'Main_Page', ...setup.query } );
		await page.goto( `${ wiki.indexUrl }?${ params.toString() }`, { waitUntil: 'domcontentloaded' } );
		const dialog = await openDialog( page );
		const group = ( label ) => dialog.getByRole( 'group', { name: `File ${ label }` } );
		const photo = `Bay ${ name } ${ run }.jpg`;
		const report = `Report ${ name }.pdf`;
		const refused = `Notes ${ name }.exe`;
		await dialog.locator( '.uploaddialog-dropzone input[type=file]' ).setInputFiles( [ gpsJpeg( photo ), pdf( report, 30000 ), pdf( refused, 2000 ) ] );
		await step( `${ name }: the photo's location`, () => group( photo ).locator( '.uploaddialog-coordinates' ).waitFor( { timeout: WAIT_MS } ) );
		// The thumbnail is decoded once its card is in view.
		await step( `${ name }: the thumbnail`, async () => {
			await group( photo ).evaluate( ( el ) => el.scrollIntoView( { block: 'start' } ) );
			await group( photo ).locator( '.uploaddialog-thumb img' ).waitFor( { timeout: WAIT_MS } );
			await page.waitForFunction( ( el ) => el.complete && el.naturalWidth > 0, await group( photo ).locator( '.uploaddialog-thumb img' ).elementHandle(), { timeout: WAIT_MS } );
		} );
		await step( `${ name }: files`, () => shoot( page, `${ name }-1-files`, group( photo ), 'start' ) );
		await step( `${ name }: location`, () => shoot( page, `${ name }-1-location`, group( photo ).locator( '.uploaddialog-location' ) ) );

		await step( `${ name }: the batch's licence`, () => dialog.locator( '#uploaddialog-batch-licence' ).selectOption( 'self|cc-by-sa-4.0', { timeout: WAIT_MS } ) );
		await step( `${ name }: categories`, async () => {
			const input = group( photo ).getByRole( 'combobox', { name: /categories/i } );
			for ( const category of [ 'Bays', 'Not there yet' ] ) {
				await input.fill( category );
				await input.press( 'Enter' );
			}
			await group( photo ).locator( '.uploaddialog-chip.is-warning' ).waitFor( { timeout: WAIT_MS } );
		} );
		await step( `${ name }: describe`, () => shoot( page, `${ name }-2-describe`, group( photo ).locator( '.uploaddialog-categories' ) ) );

		await step( `${ name }: the taken name`, () => group( report ).getByRole( 'textbox', { name: 'Name on the wiki' } ).fill( taken ) );
		await step( `${ name }: upload`, () => dialog.getByRole( 'button', { name: /^Upload \d+ files?$/ } ).click( { timeout: WAIT_MS } ) );
		const panel = group( report ).locator( '.uploaddialog-warnings' );
		await step( `${ name }: warnings`, async () => {
			await panel.waitFor( { timeout: WAIT_MS } );
			await shoot( page, `${ name }-3-warnings`, panel );
		} );
		const failure = group( refused ).locator( '.uploaddialog-status.is-error' );
		await step( `${ name }: failure`, async () => {
			await failure.waitFor( { timeout: WAIT_MS } );
			await shoot( page, `${ name }-4-failure`, failure );
		} );

		await step( `${ name }: progress`, async () => {
			// A slow link for the upload's bytes, so the bar is caught half way.
			const cdp = await context.newCDPSession( page );
			await cdp.send( 'Network.enable' );
			await cdp.send( 'Network.emulateNetworkConditions', { offline: false, latency: 40, downloadThroughput: -1, uploadThroughput: 300 * 1024 } );
			const big = `Big ${ name } ${ run }.pdf`;
			await dialog.locator( '.uploaddialog-dropzone input[type=file]' ).setInputFiles( [ pdf( big, 12 * 1024 * 1024 ) ] );
			await dialog.getByRole( 'button', { name: /^Upload \d+ files?$/ } ).click( { timeout: WAIT_MS } );
			const bar = group( big ).getByRole( 'progressbar' );
			await bar.waitFor( { timeout: WAIT_MS } );
			await page.waitForFunction( ( el ) => Number( el.getAttribute( 'aria-valuenow' ) ) >= 10, await bar.elementHandle(), { timeout: 60000 } );
			await shoot( page, `${ name }-5-progress`, bar );
			await group( big ).getByRole( 'button', { name: 'Cancel' } ).click();
		} );
	} finally {
		await context.close();
	}
}

const wanted = process.argv.slice( 2 ).length ? process.argv.slice( 2 ) : Object.keys( CASES );
const unknown = wanted.filter( ( c ) => !CASES[ c ] );
if ( unknown.length ) {
	console.error( `unknown case ${ unknown.join( ', ' ) }; the cases: ${ Object.keys( CASES ).join( ', ' ) }` );
	process.exit( 2 );
}
mkdirSync( outDir, { recursive: true } );
const taken = await prepareWiki();
const browser = await chromium.launch( {
	executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
	args: [ '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync' ]
} );
try {
	const storageState = await login( browser );
	for ( const name of wanted ) {
		await takeCase( browser, storageState, name, CASES[ name ], taken );
	}
} finally {
	await browser.close();
	rmSync( dir, { recursive: true, force: true } );
}
