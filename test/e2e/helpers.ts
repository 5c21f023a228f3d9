/**
 * Helpers for the end-to-end matrix (transports, warnings, errors, skins): the dialog is still
 * driven only through its UI and the wiki checked only through its API; what is here sets the
 * scene around them with real things, never mocks:
 *
 * - `openPage`: like fixtures' openWiki, but on any server (a proxy, a second wiki), as a role or
 *   as a fresh user with a session of its own, with console noise a test provokes on purpose
 *   allowed by pattern;
 * - files MediaWiki accepts (PDF, PNG) or refuses (text named .png), made fresh for each test;
 * - the wiki through mwn: setup uploads, deletions, pages, fresh users and groups, watchlist,
 *   file history, and a file put into the plain-directory shared repository;
 * - small servers of our own on 127.0.0.1: a static HTTP server (uploads by URL), a fault proxy
 *   between browser and wiki (HTTP errors, dropped connections, lost answers), and a second wiki
 *   over the same database with other settings (an "overlay": its own LocalSettings.php that
 *   includes the main one, read by MediaWiki on every request, so a test can change a setting
 *   while the dialog is open).
 */
import { type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Mwn } from 'mwn';
import { expect, test as base } from './fixtures';
import { chosenTags } from './dialog';
import { ROOT, apiAs, loginClient, storageStateFile, wikiInfo, type Role, type TestFile, type WikiUser } from './wiki';

export { expect };

// ------------------------------------------------------------------------------------------ pages

/** Console noise that is not ours: the wiki has no favicon. */
const HARMLESS = [ /favicon\.ico/, /Failed to load resource: the server responded with a status of 404/ ];

export interface PageOptions {
	/** A role of wiki.json (its saved login), 'anon', or a user made by createUser (logged in anew). */
	as?: Role | 'anon' | WikiUser;
	/** The server to open the page on (a proxy, a second wiki); the test wiki by default. */
	base?: string;
	title?: string;
	/** Extra query parameters, e.g. { useskin: 'monobook', uselang: 'de' }. */
	query?: Record<string, string>;
	viewport?: { width: number; height: number };
	/** Console errors the test provokes on purpose (a proxy's 503, a dropped connection). */
	allowConsole?: RegExp[];
}

interface MatrixFixtures {
	/** Opens a wiki page and waits until the gadget has run; errors in the console fail the test. */
	openPage( options?: PageOptions ): Promise<Page>;
}

export const test = base.extend<MatrixFixtures>( {
	openPage: async ( { browser }, use ) => {
		const problems: string[] = [];
		const contexts: BrowserContext[] = [];
		await use( async ( options: PageOptions = {} ) => {
			const server = options.base || wikiInfo().server;
			const context = await newContext( browser, options, server );
			contexts.push( context );
			const page = await context.newPage();
			const allowed = HARMLESS.concat( options.allowConsole || [] );
			page.on( 'pageerror', ( error ) => problems.push( `uncaught: ${ error.message }` ) );
			page.on( 'console', ( message ) => {
				const text = message.text();
				if ( message.type() === 'error' && !allowed.some( ( re ) => re.test( text ) ) ) {
					problems.push( `console: ${ text }` );
				}
			} );
			await gotoWiki( page, server, options );
			return page;
		} );
		for ( const context of contexts ) {
			await context.close();
		}
		expect( problems, 'the page logged errors' ).toEqual( [] );
	}
} );

async function newContext( browser: Browser, options: PageOptions, server: string ): Promise<BrowserContext> {
	const as = options.as || 'uploader';
	const viewport = options.viewport ? { viewport: options.viewport } : {};
	if ( typeof as === 'string' ) {
		return browser.newContext( as === 'anon' ? viewport : { ...viewport, storageState: storageStateFile( as ) } );
	}
	const context = await browser.newContext( viewport );
	await loginContext( context, server, as );
	return context;
}

/** Loads a page of the wiki (or of a proxy / second wiki) and waits for the gadget to have run. */
export async function gotoWiki( page: Page, server: string, options: Pick<PageOptions, 'title' | 'query'> = {} ): Promise<void> {
	const params = new URLSearchParams( { title: options.title || 'Main_Page', ...( options.query || {} ) } );
	// The gadget runs long before the page's last image has loaded: wait for it, not for `load`.
	await page.goto( `${ server }/index.php?${ params.toString() }`, { waitUntil: 'domcontentloaded' } );
	await page.waitForFunction( () => {
		const w = window as unknown as { mw?: { loader: { getState( m: string ): string | null } } };
		const state = w.mw && w.mw.loader.getState( 'ext.gadget.UploadDialog' );
		return state === 'ready' || state === 'error';
	} );
}

/**
 * Logs a browser context in with a session of its own, through the API as the login form
 * would (clientlogin): a test may then log it out or in again without touching the saved
 * sessions other tests use.
 */
export async function loginContext( context: BrowserContext, server: string, user: WikiUser ): Promise<void> {
	const api = `${ server }/api.php`;
	// The open page shares this cookie jar and may make requests meanwhile (the dialog's checks).
	// After a logout, one of them can start another anonymous session between the login token
	// and the login, which then says badtoken (CI, session 24): a fresh token is asked again.
	let answer: { clientlogin?: { status?: string }; error?: { code?: string } } = {};
	for ( let attempt = 1; attempt <= 3; attempt++ ) {
		const tokens = await ( await context.request.get( `${ api }?action=query&meta=tokens&type=login&format=json` ) ).json();
		answer = await ( await context.request.post( api, {
			form: {
				action: 'clientlogin',
				username: user.name,
				password: user.password,
				logintoken: tokens.query.tokens.logintoken,
				loginreturnurl: `${ server }/`,
				format: 'json'
			}
		} ) ).json();
		if ( answer.error?.code !== 'badtoken' ) {
			break;
		}
		console.log( `login of ${ user.name }: badtoken on attempt ${ attempt } (the session changed under the token)` );
	}
	expect( answer.clientlogin?.status, `login of ${ user.name }: ${ JSON.stringify( answer ) }` ).toBe( 'PASS' );
}

/** Ends the context's session through the API (as "Log out" in another tab would). */
export async function logoutContext( context: BrowserContext, server: string ): Promise<void> {
	const api = `${ server }/api.php`;
	const tokens = await ( await context.request.get( `${ api }?action=query&meta=tokens&format=json` ) ).json();
	const answer = await context.request.post( api, { form: { action: 'logout', token: tokens.query.tokens.csrftoken, format: 'json' } } );
	expect( answer.ok() ).toBe( true );
}

/**
 * Who the wiki takes the page's own requests for, asked from inside the page (its cookies, as the
 * dialog's mw.Api sends them): the name, and whether that session may upload. A session test
 * checks it after logging in again, so a failure says whether the re-login reached the page.
 */
export async function pageSession( page: Page ): Promise<{ name: string; anon: boolean; mayUpload: boolean }> {
	return page.evaluate( async () => {
		const w = window as unknown as { mw: { Api: new () => { get( p: object ): PromiseLike<any> } } };
		const answer = await new w.mw.Api().get( { action: 'query', meta: 'userinfo', uiprop: 'rights', formatversion: 2 } );
		const info = answer.query.userinfo;
		return { name: String( info.name ), anon: Boolean( info.anon ), mayUpload: ( info.rights || [] ).indexOf( 'upload' ) !== -1 };
	} );
}

// ------------------------------------------------------------------------------------------ the dialog

// A file of the list (fileGroup) and its fields (fillFields, Fields) are in ./dialog, which the
// specs on fixtures.ts use as well: one copy for both kinds of spec.

/** Opens the dialog the way a user does: the link in the tools menu (or Minerva's main menu). */
export async function openDialog( page: Page, title: RegExp = /upload files|dateien hochladen/i ): Promise<Locator> {
	const link = page.locator( '#t-uploaddialog a' );
	// The link is added once the user's rights are known, a moment after the gadget ran.
	await link.waitFor( { state: 'attached' } );
	if ( !await link.isVisible() ) {
		// Minerva keeps its portlets in the main menu, behind the menu button.
		await page.locator( '#mw-mf-main-menu-button' ).click();
	}
	await link.click();
	const dialog = page.getByRole( 'dialog', { name: title } );
	await expect( dialog ).toBeVisible();
	// The picker. Where the dialog was loaded on the click (not beside the loader) it shows before
	// the wiki's limits and the user's rights are here (App's pickerFirst), with a status saying so.
	await expect( dialog.getByRole( 'button', { name: /Choose files|Dateien auswählen/ } ).first() ).toBeVisible();
	return dialog;
}

export async function pickFiles( dialog: Locator, ...files: Array<TestFile | string> ): Promise<void> {
	await dialog.locator( 'input[type=file]' ).setInputFiles( files.map( ( f ) => ( typeof f === 'string' ? f : f.path ) ) );
}

/** The fields as the dialog shows them now (to prove that a failure kept them). */
export async function readFields( group: Locator ): Promise<{ name: string; text: string; comment: string; tags: string }> {
	return {
		name: await group.getByRole( 'textbox', { name: 'Name on the wiki' } ).inputValue(),
		text: await group.getByRole( 'textbox', { name: 'Description page text' } ).inputValue(),
		comment: await group.getByRole( 'textbox', { name: 'Summary' } ).inputValue(),
		tags: await chosenTags( group )
	};
}

export async function clickUpload( dialog: Locator, count = 1 ): Promise<void> {
	await dialog.getByRole( 'button', { name: count === 1 ? 'Upload 1 file' : `Upload ${ count } files` } ).click();
}

/**
 * Opens the dialog's Settings (a <details>) and returns once they are open. A click on its
 * summary can miss while the cards above still grow (a card that just joined the list gets its
 * check results and describing fields a moment later, and the summary moves between the press
 * and the release): the click is tried again until the settings are open, at most 30 s.
 */
export async function openSettings( dialog: Locator, summary = 'Settings' ): Promise<void> {
	const settings = dialog.locator( 'details.uploaddialog-settings' );
	await expect( async () => {
		if ( !await settings.evaluate( ( d ) => ( d as HTMLDetailsElement ).open ) ) {
			await settings.getByText( summary, { exact: true } ).click();
		}
		expect( await settings.evaluate( ( d ) => ( d as HTMLDetailsElement ).open ), 'the settings are open' ).toBe( true );
	} ).toPass( { timeout: 30000 } );
}

/**
 * Settings → "Chunk size (MB)", fixed: the box that adapts the size to the connection (on by
 * default) unticked, as a user on a bad link sets it. Every chunk but the last is then that size.
 */
export async function setChunkSize( dialog: Locator, megabytes: number ): Promise<void> {
	const input = dialog.getByRole( 'spinbutton', { name: 'Chunk size (MB)' } );
	await openSettings( dialog );
	await dialog.getByRole( 'checkbox', { name: 'Adapt the chunk size to the connection' } ).uncheck();
	await input.fill( String( megabytes ) );
	await input.press( 'Tab' );
	await expect( input ).toHaveValue( String( megabytes ) );
}

/** A file page's link as the dialog shows it ("File:Name", spaces or underscores alike). */
export function fileLinkName( name: string ): RegExp {
	const escaped = name.replace( /[.*+?^${}()|[\]\\]/g, '\\$&' ).replace( /_/g, '[_ ]' );
	return new RegExp( `^File:${ escaped }$` );
}

/** The published-file link a finished item shows. */
export function doneLink( group: Locator, name: string ): Locator {
	return group.getByRole( 'link', { name: fileLinkName( name ) } );
}

export function warningsPanel( group: Locator ): Locator {
	return group.getByRole( 'region', { name: 'Warnings' } );
}

/** Keeps a picture of what the user sees in test-results/screens/, as a test artifact (`show`: scrolled into view first). */
export async function screenshot( page: Page, name: string, show?: Locator ): Promise<string> {
	if ( show ) {
		// The dialog scrolls inside itself: bring what the picture is about into view.
		await show.scrollIntoViewIfNeeded();
	}
	const dir = join( ROOT, 'test-results', 'screens' );
	mkdirSync( dir, { recursive: true } );
	const path = join( dir, `${ name }.png` );
	await page.screenshot( { path } );
	return path;
}

// ------------------------------------------------------------------------------------------ requests

export interface ApiPost {
	/** The form fields of a url-encoded POST; null for multipart (bytes of a file or chunk). */
	params: URLSearchParams | null;
	multipart: boolean;
	/** Content-Length: for multipart bodies the only honest measure Playwright gives. */
	length: number;
}

/** Every POST to api.php the page sends, in order. */
export function recordApiPosts( page: Page ): ApiPost[] {
	const posts: ApiPost[] = [];
	page.on( 'request', ( request ) => {
		if ( request.method() !== 'POST' || !/\/api\.php/.test( request.url() ) ) {
			return;
		}
		const type = request.headers()[ 'content-type' ] || '';
		const post: ApiPost = { params: null, multipart: /multipart/.test( type ), length: 0 };
		if ( !post.multipart ) {
			post.params = new URLSearchParams( request.postData() || '' );
		}
		posts.push( post );
		void request.allHeaders().then( ( headers ) => {
			post.length = Number( headers[ 'content-length' ] || 0 );
		} );
	} );
	return posts;
}

/** Every JSON answer of api.php to a POST, in order (the engine's inputs, read, never changed). */
export function recordApiAnswers( page: Page ): Array<Record<string, any>> {
	const answers: Array<Record<string, any>> = [];
	page.on( 'response', ( response ) => {
		const request = response.request();
		if ( request.method() !== 'POST' || !/\/api\.php/.test( response.url() ) ) {
			return;
		}
		void response.json().then( ( body ) => answers.push( body ), () => undefined );
	} );
	return answers;
}

/** The error code of an API answer in either error format (bc's `error`, or `errors[0]` of errorformat=html). */
export function errorCode( answer: Record<string, any> ): string | undefined {
	return answer.error?.code ?? answer.errors?.[ 0 ]?.code;
}

/** The URL the dialog asks about to learn whether uploads by URL are on (never fetched). */
const PROBE_URL = 'http://uploaddialog-probe.invalid/probe.png';

/** The upload requests among the recorded posts (bytes, a URL, a commit, a status check). */
export function uploadPosts( posts: ApiPost[] ): ApiPost[] {
	return posts.filter( ( p ) => p.multipart || ( p.params && p.params.get( 'action' ) === 'upload' && p.params.get( 'url' ) !== PROBE_URL ) );
}

// ------------------------------------------------------------------------------------------ files

const FILE_DIR = join( ROOT, 'test-results', 'files' );

/** A file of the given bytes under test-results/files, as a user's file on disk. */
export function makeFile( name: string, bytes: Buffer ): TestFile {
	mkdirSync( FILE_DIR, { recursive: true } );
	const path = join( FILE_DIR, name );
	writeFileSync( path, bytes );
	return { path, name, size: bytes.length, sha1: sha1( bytes ) };
}

export function sha1( bytes: Buffer ): string {
	return createHash( 'sha1' ).update( bytes ).digest( 'hex' );
}

/** The bytes of a file made by makeFile / makePdf. */
export function bytesOf( file: TestFile ): Buffer {
	return readFileSync( file.path );
}

/** A copy of a file's content under another name (for duplicate warnings). */
export function copyAs( file: TestFile, name: string ): TestFile {
	return makeFile( name, bytesOf( file ) );
}

const CRC_TABLE = Array.from( { length: 256 }, ( _, n ) => {
	let c = n;
	for ( let k = 0; k < 8; k++ ) {
		c = c & 1 ? 0xedb88320 ^ ( c >>> 1 ) : c >>> 1;
	}
	return c >>> 0;
} );

function crc32( bytes: Buffer ): number {
	let c = 0xffffffff;
	for ( const b of bytes ) {
		c = CRC_TABLE[ ( c ^ b ) & 0xff ] ^ ( c >>> 8 );
	}
	return ( c ^ 0xffffffff ) >>> 0;
}

function pngChunk( type: string, data: Buffer ): Buffer {
	const length = Buffer.alloc( 4 );
	length.writeUInt32BE( data.length );
	const body = Buffer.concat( [ Buffer.from( type, 'ascii' ), data ] );
	const crc = Buffer.alloc( 4 );
	crc.writeUInt32BE( crc32( body ) );
	return Buffer.concat( [ length, body, crc ] );
}

/** A real PNG (RGB, random pixels: no two are duplicates) of the given size in pixels. */
export function pngBytes( width = 16, height = 16 ): Buffer {
	const header = Buffer.alloc( 13 );
	header.writeUInt32BE( width, 0 );
	header.writeUInt32BE( height, 4 );
	header[ 8 ] = 8; // bit depth
	header[ 9 ] = 2; // RGB
	const rows: Buffer[] = [];
	for ( let y = 0; y < height; y++ ) {
		rows.push( Buffer.concat( [ Buffer.from( [ 0 ] ), randomBytes( width * 3 ) ] ) );
	}
	return Buffer.concat( [
		Buffer.from( [ 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a ] ),
		pngChunk( 'IHDR', header ),
		pngChunk( 'IDAT', deflateSync( Buffer.concat( rows ) ) ),
		pngChunk( 'IEND', Buffer.alloc( 0 ) )
	] );
}

export function makePng( name: string, width = 16, height = 16 ): TestFile {
	return makeFile( name, pngBytes( width, height ) );
}

/** A file whose content does not match its extension: comma-separated text named .png. */
export function makeTextAsPng( name: string, size = 300 ): TestFile {
	const lines: string[] = [];
	for ( let length = 0; length < size; length += 17 ) {
		lines.push( `a,b,c,${ randomBytes( 4 ).toString( 'hex' ) }` );
	}
	return makeFile( name, Buffer.from( lines.join( '\n' ).slice( 0, size - 1 ) + '\n' ) );
}

// ------------------------------------------------------------------------------------------ the wiki

export function server(): string {
	return wikiInfo().server;
}

/** A setup upload through the API, not the dialog (ignoring warnings, as a bot would). */
export async function uploadAs( role: Role, file: TestFile, name = file.name, comment = 'e2e setup' ): Promise<void> {
	const api = await apiAs( role );
	const answer = await api.upload( file.path, name, `Setup file for an end-to-end test.`, { comment } );
	expect( answer.result, JSON.stringify( answer ) ).toBe( 'Success' );
}

export async function deleteFile( name: string ): Promise<void> {
	const admin = await apiAs( 'admin' );
	await admin.delete( `File:${ name }`, 'e2e: make a deleted file' );
}

export async function createPage( title: string, text: string ): Promise<void> {
	const admin = await apiAs( 'admin' );
	await admin.request( { action: 'edit', title, text, createonly: 1, summary: 'e2e setup', token: admin.csrfToken } );
}

export interface Version {
	sha1: string;
	size: number;
	comment: string;
	user: string;
}

/** Every version of a file, newest first ([] when there is no such file). */
export async function fileHistory( name: string ): Promise<Version[]> {
	const admin = await apiAs( 'admin' );
	const answer = await admin.query( { titles: `File:${ name }`, prop: 'imageinfo', iiprop: 'sha1|size|comment|user', iilimit: 'max' } );
	return ( answer.query?.pages?.[ 0 ]?.imageinfo || [] ) as Version[];
}

/** Names of the wiki's current files with this content (to prove a cancelled file went nowhere). */
export async function filesWithSha1( sha1: string ): Promise<string[]> {
	const admin = await apiAs( 'admin' );
	const answer = await admin.query( { list: 'allimages', aisha1: sha1, ailimit: 'max' } );
	return ( answer.query?.allimages || [] ).map( ( i: { name: string } ) => i.name );
}

/** The description page's current text ('' when there is none). */
export async function pageText( title: string ): Promise<string> {
	const admin = await apiAs( 'admin' );
	const answer = await admin.query( { titles: title, prop: 'revisions', rvprop: 'content', rvslots: 'main' } );
	return answer.query?.pages?.[ 0 ]?.revisions?.[ 0 ]?.slots?.main?.content || '';
}

/** Whether the user watches the page, and until when ("infinity" when permanently). */
export async function watchState( user: Role | WikiUser, title: string ): Promise<{ watched: boolean; expiry: string | null }> {
	const api = typeof user === 'string' ? await apiAs( user ) : await apiAsUser( user );
	const answer = await api.query( { titles: title, prop: 'info', inprop: 'watched' } );
	const page = ( answer.query?.pages?.[ 0 ] || {} ) as { watched?: boolean; watchlistexpiry?: string };
	return { watched: Boolean( page.watched ), expiry: page.watchlistexpiry || ( page.watched ? 'infinity' : null ) };
}

const userClients = new Map<string, Promise<Mwn>>();

/** apiAs for a user made by createUser: one login per user, kept for the run. */
export function apiAsUser( user: WikiUser ): Promise<Mwn> {
	let client = userClients.get( user.name );
	if ( !client ) {
		client = loginClient( user );
		userClients.set( user.name, client );
	}
	return client;
}

/** A new account (made by Admin through the API), for a test that changes what a user is. */
export async function createUser( prefix: string ): Promise<WikiUser> {
	const admin = await apiAs( 'admin' );
	const user = { name: `${ prefix }${ Date.now().toString( 36 ) }${ randomBytes( 2 ).toString( 'hex' ) }`, password: `E2e-${ randomBytes( 8 ).toString( 'hex' ) }` };
	const tokens = await admin.query( { meta: 'tokens', type: 'createaccount' } );
	const answer = await admin.request( {
		action: 'createaccount',
		username: user.name,
		password: user.password,
		retype: user.password,
		createreturnurl: `${ wikiInfo().server }/`,
		createtoken: tokens.query.tokens.createaccounttoken
	} );
	expect( answer.createaccount?.status, JSON.stringify( answer ) ).toBe( 'PASS' );
	return user;
}

/** Admin adds the user to groups (e.g. `noupload`, which revokes every upload right). */
export async function addGroups( user: WikiUser, groups: string[] ): Promise<void> {
	const admin = await apiAs( 'admin' );
	const tokens = await admin.query( { meta: 'tokens', type: 'userrights' } );
	await admin.request( { action: 'userrights', user: user.name, add: groups.join( '|' ), reason: 'e2e', token: tokens.query.tokens.userrightstoken } );
}

/**
 * Puts a file into the plain-directory shared repository (`fakeshared`, like Commons for the
 * test wiki): <sharedDir>/<a>/<ab>/<Name>, a and ab from the MD5 of the name.
 */
export function putInSharedRepo( name: string, bytes: Buffer ): void {
	const info = wikiInfo() as ReturnType<typeof wikiInfo> & { sharedDir?: string };
	const dir = info.sharedDir || join( info.dir, 'shared' );
	const key = name.replace( / /g, '_' );
	const md5 = createHash( 'md5' ).update( key ).digest( 'hex' );
	const target = join( dir, md5[ 0 ], md5.slice( 0, 2 ) );
	mkdirSync( target, { recursive: true } );
	writeFileSync( join( target, key ), bytes );
}

/** A name no earlier test used, with a prefix that tells which test made it. */
export function freshName( prefix: string, extension: string ): string {
	return `${ prefix }-${ Date.now().toString( 36 ) }-${ randomBytes( 3 ).toString( 'hex' ) }.${ extension }`;
}

// ------------------------------------------------------------------------------------------ servers

async function listen( server: http.Server, host = '127.0.0.1' ): Promise<number> {
	await new Promise<void>( ( resolve, reject ) => {
		server.once( 'error', reject );
		server.listen( 0, host, () => resolve() );
	} );
	return ( server.address() as AddressInfo ).port;
}

function closeServer( server: http.Server ): Promise<void> {
	server.closeAllConnections();
	return new Promise( ( resolve ) => server.close( () => resolve() ) );
}

export interface StaticServer {
	/** http://127.0.0.1:<port>/<path> */
	url( path: string ): string;
	/** Paths the server was asked for, in order. */
	requests: string[];
	close(): Promise<void>;
}

/** A small web server on 127.0.0.1 that serves the given files (uploads by URL fetch from it). */
export async function startStaticServer( files: Record<string, Buffer> ): Promise<StaticServer> {
	const requests: string[] = [];
	const server = http.createServer( ( req, res ) => {
		const path = decodeURIComponent( ( req.url || '/' ).split( '?' )[ 0 ].slice( 1 ) );
		requests.push( path );
		const body = files[ path ];
		if ( !body ) {
			res.writeHead( 404, { 'content-type': 'text/plain' } ).end( 'not found\n' );
			return;
		}
		const type = /\.png$/.test( path ) ? 'image/png' : /\.pdf$/.test( path ) ? 'application/pdf' : 'application/octet-stream';
		res.writeHead( 200, { 'content-type': type, 'content-length': body.length } ).end( body );
	} );
	const port = await listen( server );
	return {
		url: ( path ) => `http://127.0.0.1:${ port }/${ path }`,
		requests,
		close: () => closeServer( server )
	};
}

/** What the fault proxy saw: one line per request it handled. */
export interface ProxyRecord {
	method: string;
	path: string;
	/** Content-Length of the request body. */
	length: number;
	/** The status the browser got, or 'dropped'. */
	outcome: number | 'dropped';
	/** What the wiki answered (api.php only; also for answers the browser never got). */
	answer?: string;
	/** The fault applied, if any. */
	fault?: string;
}

export type Fault =
	/** Answer with this HTTP status and an HTML page; the wiki never sees the request. */
	| { kind: 'status'; status: number }
	/** Cut the connection after the first bytes of the body; the wiki never sees the request. */
	| { kind: 'drop-request' }
	/** Let the wiki handle the request, then cut the connection: the answer is lost. */
	| { kind: 'drop-answer' };

export interface ProxiedRequest {
	method: string;
	path: string;
	length: number;
	/** A body with a file part (a whole file or a chunk). */
	multipart: boolean;
	/** The form fields of a small url-encoded POST (a commit, a status check …); else null. */
	params: URLSearchParams | null;
}

/** Matches the commit of a stashed file (action=upload with a filekey, not a status check). */
export function isCommit( request: ProxiedRequest ): boolean {
	const p = request.params;
	return Boolean( p && p.get( 'action' ) === 'upload' && p.has( 'filekey' ) && !p.has( 'checkstatus' ) );
}

export interface FaultRule {
	/** Which requests; by default uploads with bytes (multipart POSTs to api.php). */
	match?: ( request: ProxiedRequest ) => boolean;
	fault: Fault;
	/** How many matching requests get the fault (Infinity: all). */
	times: number;
}

export interface FaultProxy {
	/** http://127.0.0.1:<port>: open pages here and the dialog's API requests pass the proxy. */
	base: string;
	log: ProxyRecord[];
	/** Faults for the next matching requests, applied in order. */
	inject( rule: FaultRule ): void;
	/** No more faults: everything goes through. */
	clear(): void;
	close(): Promise<void>;
}

/**
 * A real HTTP proxy on 127.0.0.1 between the browser and the wiki, which can fail requests on
 * purpose. Cookies are per host, not port, so the browser's login holds through it. Every
 * answer carries `Connection: close`: each request has its own connection, so Chromium never
 * silently resends a request whose connection we cut (it does that on reused connections).
 */
export async function startFaultProxy( target = wikiInfo().server ): Promise<FaultProxy> {
	const upstream = new URL( target );
	const rules: FaultRule[] = [];
	const log: ProxyRecord[] = [];

	const handle = ( req: http.IncomingMessage, res: http.ServerResponse, body: Buffer | null ) => {
		const path = req.url || '/';
		const described: ProxiedRequest = {
			method: req.method || 'GET',
			path,
			length: Number( req.headers[ 'content-length' ] || 0 ),
			multipart: /multipart\/form-data/.test( String( req.headers[ 'content-type' ] || '' ) ),
			params: body ? new URLSearchParams( body.toString( 'utf8' ) ) : null
		};
		const record: ProxyRecord = { method: described.method, path, length: described.length, outcome: 0 };
		log.push( record );
		const rule = rules.find( ( r ) => r.times > 0 && ( r.match ? r.match( described ) :
			described.method === 'POST' && /\/api\.php/.test( path ) && described.multipart ) );
		const fault = rule ? rule.fault : null;
		if ( rule && fault ) {
			rule.times--;
			record.fault = fault.kind;
		}
		if ( fault && fault.kind === 'status' ) {
			const answer = () => {
				record.outcome = fault.status;
				res.writeHead( fault.status, { 'content-type': 'text/html; charset=utf-8', connection: 'close' } );
				res.end( `<!doctype html><title>${ fault.status }</title><h1>Error ${ fault.status }</h1><p>(e2e fault proxy)</p>\n` );
			};
			if ( body ) {
				answer();
			} else {
				req.resume();
				req.on( 'end', answer );
			}
			return;
		}
		if ( fault && fault.kind === 'drop-request' ) {
			record.outcome = 'dropped';
			if ( body || !described.length ) {
				req.socket.destroy();
			} else {
				// Some of the body has arrived: the connection breaks mid-upload.
				req.once( 'data', () => req.socket.destroy() );
			}
			return;
		}
		const headers = { ...req.headers };
		delete headers.connection;
		delete headers[ 'keep-alive' ];
		const forward = http.request( { host: upstream.hostname, port: upstream.port, method: req.method, path, headers }, ( answer ) => {
			const chunks: Buffer[] = [];
			answer.on( 'data', ( c: Buffer ) => chunks.push( c ) );
			answer.on( 'end', () => {
				const payload = Buffer.concat( chunks );
				if ( /\/api\.php/.test( path ) ) {
					record.answer = payload.toString( 'utf8' ).slice( 0, 2000 );
				}
				if ( fault && fault.kind === 'drop-answer' ) {
					// The wiki did the work; the browser never hears of it.
					record.outcome = 'dropped';
					req.socket.destroy();
					return;
				}
				record.outcome = answer.statusCode || 0;
				const out: http.OutgoingHttpHeaders = { ...answer.headers, connection: 'close' };
				delete out[ 'keep-alive' ];
				delete out[ 'transfer-encoding' ];
				out[ 'content-length' ] = String( payload.length );
				res.writeHead( answer.statusCode || 502, out );
				res.end( payload );
			} );
		} );
		forward.on( 'error', () => {
			record.outcome = 'dropped';
			req.socket.destroy();
		} );
		if ( body ) {
			forward.end( body );
		} else {
			req.pipe( forward );
		}
	};

	const server = http.createServer( ( req, res ) => {
		const small = req.method === 'POST' && Number( req.headers[ 'content-length' ] || 0 ) <= 65536 &&
			!/multipart\/form-data/.test( String( req.headers[ 'content-type' ] || '' ) );
		if ( !small ) {
			handle( req, res, null );
			return;
		}
		// Small form posts are read whole first, so a rule can look at their fields.
		const chunks: Buffer[] = [];
		req.on( 'data', ( c: Buffer ) => chunks.push( c ) );
		req.on( 'end', () => handle( req, res, Buffer.concat( chunks ) ) );
	} );
	const port = await listen( server );
	return {
		base: `http://127.0.0.1:${ port }`,
		log,
		inject: ( rule ) => rules.push( rule ),
		clear: () => {
			rules.length = 0;
		},
		close: () => closeServer( server )
	};
}

/** A free TCP port on 127.0.0.1 (asked of the system, then released). */
export async function freePort(): Promise<number> {
	const probe = http.createServer();
	const port = await listen( probe );
	await closeServer( probe );
	return port;
}

export interface OverlayWiki {
	/** http://127.0.0.1:<port> */
	base: string;
	/** Replaces the overlay's own settings (PHP statements); MediaWiki reads them per request. */
	configure( php: string ): void;
	stop(): void;
}

const WIKI_SH = join( ROOT, 'scripts', 'wiki', 'wiki.sh' );

/**
 * A second wiki for settings the main one must not have (uploads by URL off, a small maximum
 * size …): the same MediaWiki over the same database, files and sessions (so the saved logins
 * hold), served by its own PHP server on another port, with a LocalSettings.php that includes
 * the main wiki's and then the overlay's own settings. Started and stopped with wiki.sh, as the
 * main wiki is; starting takes well under a second where `wiki.sh create` takes several.
 */
export async function startOverlayWiki( name: string, php: string ): Promise<OverlayWiki> {
	const main = wikiInfo();
	const port = await freePort();
	const dir = join( tmpdir(), `uploaddialog-${ name }-${ port }` );
	rmSync( dir, { recursive: true, force: true } );
	mkdirSync( join( dir, 'logs' ), { recursive: true } );
	mkdirSync( join( dir, 'data' ), { recursive: true } );
	copyFileSync( join( main.dir, 'router.php' ), join( dir, 'router.php' ) );
	for ( const sub of [ 'images', 'shared' ] ) {
		if ( existsSync( join( main.dir, sub ) ) ) {
			symlinkSync( join( main.dir, sub ), join( dir, sub ) );
		}
	}
	const base = `http://127.0.0.1:${ port }`;
	writeFileSync( join( dir, 'LocalSettings.php' ), `<?php
// A second server of the end-to-end test wiki (${ name }): the main wiki's settings, then its own.
require ${ JSON.stringify( join( main.dir, 'LocalSettings.php' ) ) };
$wgServer = ${ JSON.stringify( base ) };
$wgCanonicalServer = $wgServer;
if ( is_file( __DIR__ . '/overrides.php' ) ) {
	require __DIR__ . '/overrides.php';
}
` );
	const configure = ( settings: string ) => {
		// Written whole, then renamed: a request never reads half a file.
		const tmp = join( dir, 'overrides.php.tmp' );
		writeFileSync( tmp, `<?php\n${ settings }\n` );
		renameSync( tmp, join( dir, 'overrides.php' ) );
	};
	configure( php );
	const env = { ...process.env, WIKI_DIR: dir, WIKI_PORT: String( port ) };
	execFileSync( 'bash', [ WIKI_SH, 'start' ], { env, stdio: [ 'ignore', 'ignore', 'pipe' ] } );
	return {
		base,
		configure,
		stop: () => {
			execFileSync( 'bash', [ WIKI_SH, 'stop' ], { env, stdio: 'ignore' } );
			rmSync( dir, { recursive: true, force: true } );
		}
	};
}

// ------------------------------------------------------------------------------------------ languages

function messages( language: string ): Record<string, string> {
	const all = JSON.parse( readFileSync( join( ROOT, 'src', 'i18n', `${ language }.json` ), 'utf8' ) ) as Record<string, unknown>;
	delete all[ '@metadata' ];
	return all as Record<string, string>;
}

/**
 * The English words of the dialog's messages, for finding them in a translated dialog: each
 * English message cut at its parameters and PLURAL forms into pieces of at least two words,
 * leaving out pieces the translation itself contains (names, units).
 */
export function englishPieces( language: string ): string[] {
	const en = messages( 'en' );
	const other = messages( language );
	const pieces = new Set<string>();
	for ( const key of Object.keys( en ) ) {
		const translated = other[ key ] || '';
		en[ key ].split( /\$\d+|\{\{[^}]*\}\}|[“”"():…]/ ).map( ( p ) => p.trim() ).forEach( ( piece ) => {
			if ( /\w+\s+\w+/.test( piece ) && piece.length >= 6 && translated.indexOf( piece ) === -1 ) {
				pieces.add( piece );
			}
		} );
	}
	return Array.from( pieces );
}
