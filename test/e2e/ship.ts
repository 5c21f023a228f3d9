/**
 * Helpers for the specs of shipping (deploy.spec.ts, installs.spec.ts): `npm run deploy` and
 * `npm run dev` run as the real commands, builds of changed sources made in a copy of the
 * project (the checkout is never touched: others work in it), the wiki's pages read through
 * the API, and pages opened for users who have the gadget switched off.
 */
import { type Browser, type BrowserContext, type Page } from '@playwright/test';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mwn } from 'mwn';
import { expect, test as base } from './fixtures';
import { ROOT, loginClient, storageStateFile, wikiInfo, type Role, type TestFile, type WikiInfo, type WikiUser } from './wiki';

export { expect };

export const GADGET = 'UploadDialog';
/** The hidden gadget of the dialog part, which the loader (GADGET) fetches on intent. */
export const DIALOG = `${ GADGET }-dialog`;
/**
 * Every part as gadget-definition.txt names them: the loader, the dialog, then the parts the
 * dialog fetches when it first needs them (`UploadDialog-sha1`, `-photo`, `-i18n-de`).
 */
export const PARTS: string[] = readFileSync( join( ROOT, 'gadget-definition.txt' ), 'utf8' ).split( '\n' )
	.map( ( line ) => /^\*\s*([\w-]+)\[/.exec( line )?.[ 1 ] ).filter( ( name ): name is string => !!name );
/** The pages a gadget deploy writes: every part's script (the loader's and the dialog's first), every part's description, the definition. */
export const GADGET_PAGES = [
	...PARTS.map( ( part ) => `MediaWiki:Gadget-${ part }.js` ),
	...PARTS.map( ( part ) => `MediaWiki:Gadget-${ part }` ),
	'MediaWiki:Gadgets-definition'
];

export interface BotPassword {
	user: string;
	password: string;
	grants: string;
}

/** wiki.json with what scripts/wiki/wiki.sh adds for these specs. */
export interface ShipWikiInfo extends WikiInfo {
	users: WikiInfo[ 'users' ] & Record<'installer' | 'bookmarker', WikiUser>;
	botPasswords: Record<'gadget' | 'personal' | 'nogrants', BotPassword>;
}

export function shipWiki(): ShipWikiInfo {
	const wiki = wikiInfo() as ShipWikiInfo;
	if ( !wiki.botPasswords || !wiki.users.installer || !wiki.users.bookmarker ) {
		throw new Error( 'wiki.json has no bot passwords or no Installer/Bookmarker: recreate the wiki with scripts/wiki/wiki.sh create' );
	}
	return wiki;
}

// ------------------------------------------------------------------------------------------ commands

export interface Run {
	status: number;
	stdout: string;
	stderr: string;
}

function run( command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {} ): Promise<Run> {
	return new Promise( ( resolve ) => {
		execFile( command, args, { cwd: options.cwd || ROOT, env: { ...process.env, ...options.env }, maxBuffer: 64 * 1024 * 1024 }, ( error, stdout, stderr ) => {
			const code = error ? ( error as { code?: unknown } ).code : 0;
			resolve( { status: typeof code === 'number' ? code : 1, stdout, stderr } );
		} );
	} );
}

export interface DeployOptions {
	/** Which bot password of wiki.json logs in (default: gadget). */
	bot?: keyof ShipWikiInfo[ 'botPasswords' ];
	/** Overrides of UPLOAD_DIALOG_API / _USER / _PASSWORD. */
	env?: Record<string, string>;
	/** Through `npm run deploy` (the command people type) rather than `node scripts/deploy.mjs` (the same, 0.5 s sooner). */
	npm?: boolean;
}

/**
 * `npm run deploy -- …args` against the test wiki; the credentials go in through the environment,
 * and the deploy's state file lives with the wiki (a new wiki, a new state).
 */
export function deploy( args: string[], options: DeployOptions = {} ): Promise<Run> {
	const wiki = shipWiki();
	const bot = wiki.botPasswords[ options.bot || 'gadget' ];
	const state = join( wiki.dir, 'deploy-state.json' );
	// An empty env file: a developer's own .deploy.env never reaches the tests.
	const command = [ ...args, '--env-file', '/dev/null', '--state', state ];
	return run( options.npm ? 'npm' : process.execPath, options.npm ? [ 'run', '--silent', 'deploy', '--', ...command ] : [ 'scripts/deploy.mjs', ...command ], {
		env: {
			UPLOAD_DIALOG_API: wiki.apiUrl,
			UPLOAD_DIALOG_USER: bot.user,
			UPLOAD_DIALOG_PASSWORD: bot.password,
			...options.env
		}
	} );
}

/** Puts the gadget pages back to the checkout's build (dist/), whatever a test left there. */
export async function restoreGadget(): Promise<void> {
	const result = await deploy( [ '--force' ] );
	expect( result.stderr, result.stdout ).toBe( '' );
	expect( result.status ).toBe( 0 );
}

// ------------------------------------------------------------------------------------------ builds of changed sources

/** A copy of the project (sources, build and scripts; node_modules linked), to change and build there. */
export function copyProject(): string {
	const dir = mkdtempSync( join( tmpdir(), 'uploaddialog-e2e-' ) );
	for ( const entry of [ 'src', 'scripts', 'build.mjs', 'package.json', 'gadget-definition.txt', 'tsconfig.json', 'LICENSE' ] ) {
		cpSync( join( ROOT, entry ), join( dir, entry ), { recursive: true } );
	}
	symlinkSync( join( ROOT, 'node_modules' ), join( dir, 'node_modules' ) );
	return dir;
}

/** Makes the copy a git repository of one commit, so that its build names a commit. */
export async function commitCopy( dir: string ): Promise<void> {
	const git = [ '-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', '-c', 'commit.gpgsign=false' ];
	for ( const args of [ [ 'init', '-q' ], [ 'add', '-A' ], [ ...git, 'commit', '-q', '-m', 'e2e variant' ] ] ) {
		const result = await run( 'git', args, { cwd: dir } );
		expect( result.status, result.stderr ).toBe( 0 );
	}
}

export function removeCopy( dir: string ): void {
	rmSync( dir, { recursive: true, force: true } );
}

/** Changes one English message in the copy's sources. */
export function changeMessage( dir: string, key: string, value: string ): void {
	const file = join( dir, 'src/i18n/en.json' );
	const messages = JSON.parse( readFileSync( file, 'utf8' ) ) as Record<string, unknown>;
	expect( messages[ key ], `src/i18n/en.json has ${ key }` ).toBeDefined();
	messages[ key ] = value;
	writeFileSync( file, JSON.stringify( messages, null, '\t' ) + '\n' );
}

/** Sets the copy's package.json version (it goes into the banner and the dialog's footer). */
export function setVersion( dir: string, version: string ): void {
	const file = join( dir, 'package.json' );
	const pkg = JSON.parse( readFileSync( file, 'utf8' ) ) as Record<string, unknown>;
	pkg.version = version;
	writeFileSync( file, JSON.stringify( pkg, null, 2 ) + '\n' );
}

/** `node build.mjs` in the copy; returns its dist/. */
export async function buildCopy( dir: string ): Promise<string> {
	const result = await run( process.execPath, [ 'build.mjs' ], { cwd: dir } );
	expect( result.status, result.stderr ).toBe( 0 );
	return join( dir, 'dist' );
}

export function buildInfo( distDir: string ): { name: string; version: string; commit: string | null } {
	return JSON.parse( readFileSync( join( distDir, 'build.json' ), 'utf8' ) );
}

// ------------------------------------------------------------------------------------------ the wiki

let adminClient: Promise<Mwn> | null = null;

/** The wiki as Admin (main account), to read pages and to edit one as "someone else". */
export function admin(): Promise<Mwn> {
	if ( !adminClient ) {
		const wiki = shipWiki();
		adminClient = loginClient( wiki.users.admin, wiki );
	}
	return adminClient;
}

export interface PageRevision {
	title: string;
	revid: number | null;
	user?: string;
	comment?: string;
	text?: string;
}

/** The latest revision of each page (revid null when the page does not exist). */
export async function latestRevisions( titles: string[] ): Promise<Map<string, PageRevision>> {
	const api = await admin();
	const answer = await api.query( { titles, prop: 'revisions', rvprop: 'ids|user|comment|content', rvslots: 'main' } );
	const map = new Map<string, PageRevision>();
	for ( const page of answer.query?.pages || [] ) {
		const rev = page.revisions?.[ 0 ];
		map.set( page.title, rev ?
			{ title: page.title, revid: rev.revid ?? null, user: rev.user, comment: rev.comment, text: rev.slots?.main?.content } :
			{ title: page.title, revid: null } );
	}
	return map;
}

export async function revids( titles: string[] ): Promise<Record<string, number | null>> {
	const revisions = await latestRevisions( titles );
	return Object.fromEntries( titles.map( ( t ) => [ t, revisions.get( t )?.revid ?? null ] ) );
}

/** A file's text as MediaWiki stores it (trailing whitespace cut). */
export function asStored( text: string ): string {
	return text.replace( /\r\n/g, '\n' ).replace( /\s+$/, '' );
}

export function distFile( name: string, distDir = join( ROOT, 'dist' ) ): string {
	return readFileSync( join( distDir, name ), 'utf8' );
}

/** Switches the gadget off (or back to the wiki's default) in a user's preferences, through the API. */
export async function setGadgetPreference( user: WikiUser, enabled: boolean | null ): Promise<void> {
	const api = await loginClient( user, shipWiki() );
	await api.request( {
		action: 'options',
		optionname: `gadget-${ GADGET }`,
		...( enabled === null ? {} : { optionvalue: enabled ? '1' : '0' } ),
		token: api.csrfToken
	} );
}

// ------------------------------------------------------------------------------------------ the dev server

export interface DevServer {
	base: string;
	bookmarklet: string;
	commonJsLine: string;
	/** Everything it printed so far. */
	output(): string;
	/** Resolves when it has printed `count` "built …" lines in all. */
	builds( count: number ): Promise<void>;
	stop(): Promise<void>;
}

/** `npm run dev -- --port 0` in `dir`, until it has printed its bookmarklet. */
export async function startDev( dir: string ): Promise<DevServer> {
	// Its own process group, so stop() ends npm, node and esbuild's service together.
	const child: ChildProcess = spawn( 'npm', [ 'run', '--silent', 'dev', '--', '--port', '0' ], { cwd: dir, detached: true, stdio: [ 'ignore', 'pipe', 'pipe' ] } );
	let out = '';
	const waiters: Array<() => void> = [];
	const onData = ( chunk: Buffer ) => {
		out += chunk.toString();
		waiters.splice( 0 ).forEach( ( w ) => w() );
	};
	child.stdout?.on( 'data', onData );
	child.stderr?.on( 'data', onData );
	let exited = false;
	child.on( 'exit', () => {
		exited = true;
		waiters.splice( 0 ).forEach( ( w ) => w() );
	} );
	const until = async ( test: () => boolean, what: string ) => {
		const deadline = Date.now() + 30000;
		while ( !test() ) {
			if ( exited || Date.now() > deadline ) {
				throw new Error( `npm run dev: no ${ what } (${ exited ? 'it exited' : 'timeout' }); it printed:\n${ out }` );
			}
			await new Promise<void>( ( resolve ) => {
				waiters.push( resolve );
				setTimeout( resolve, 500 );
			} );
		}
	};
	const builtCount = () => ( out.match( /^\[[\d:]+\] built /gm ) || [] ).length;
	await until( () => builtCount() >= 1, 'first build' );
	const base = /dev server: (http:\/\/127\.0\.0\.1:\d+)\//.exec( out )?.[ 1 ];
	const bookmarklet = /^javascript:.*$/m.exec( out )?.[ 0 ];
	const commonJsLine = /^mw\.loader\.load\(.*$/m.exec( out )?.[ 0 ];
	if ( !base || !bookmarklet || !commonJsLine ) {
		throw new Error( `npm run dev did not print its URL, bookmarklet and common.js line:\n${ out }` );
	}
	return {
		base,
		bookmarklet,
		commonJsLine,
		output: () => out,
		builds: ( count ) => until( () => builtCount() >= count, `build number ${ count }` ),
		stop: async () => {
			if ( !exited && child.pid ) {
				process.kill( -child.pid, 'SIGTERM' );
				await until( () => exited, 'exit after SIGTERM' ).catch( () => child.pid && process.kill( -child.pid, 'SIGKILL' ) );
			}
		}
	};
}

// ------------------------------------------------------------------------------------------ pages without the gadget

/** Console noise that is not ours: the wiki has no favicon. */
const HARMLESS = [ /favicon\.ico/, /Failed to load resource: the server responded with a status of 404/ ];

interface ShipFixtures {
	/**
	 * Opens a wiki page as a role and waits only for the page's own modules (not for the
	 * gadget: for these users it is off); errors in the console fail the test.
	 */
	openPlain( role: Role | 'installer' | 'bookmarker', query?: Record<string, string> ): Promise<Page>;
}

export const test = base.extend<ShipFixtures>( {
	openPlain: async ( { browser }, use ) => {
		const problems: string[] = [];
		const contexts: BrowserContext[] = [];
		await use( async ( role, query = {} ) => {
			const context = await newContext( browser, role );
			contexts.push( context );
			const page = await context.newPage();
			page.on( 'pageerror', ( error ) => problems.push( `uncaught: ${ error.message }` ) );
			page.on( 'console', ( message ) => {
				const text = message.text();
				if ( message.type() === 'error' && !HARMLESS.some( ( re ) => re.test( text ) ) ) {
					problems.push( `console: ${ text }` );
				}
			} );
			const params = new URLSearchParams( { title: 'Main_Page', ...query } );
			await page.goto( `${ shipWiki().indexUrl }?${ params.toString() }` );
			await page.waitForFunction( () => {
				const mw = ( window as unknown as { mw?: { loader: { getState( m: string ): string | null } } } ).mw;
				return mw && mw.loader.getState( 'mediawiki.base' ) === 'ready' && mw.loader.getState( 'user' ) !== 'loading';
			} );
			return page;
		} );
		for ( const context of contexts ) {
			await context.close();
		}
		expect( problems, 'the page logged errors' ).toEqual( [] );
	}
} );

async function newContext( browser: Browser, role: string ): Promise<BrowserContext> {
	return browser.newContext( { storageState: storageStateFile( role as Role ) } );
}

/** Runs a bookmarklet the way a click on a bookmark does: as a javascript: URL on the page. */
export async function clickBookmarklet( page: Page, bookmarklet: string ): Promise<void> {
	await page.evaluate( ( href ) => {
		const link = document.createElement( 'a' );
		link.href = href;
		link.id = 'e2e-bookmarklet';
		link.textContent = 'bookmarklet';
		document.body.appendChild( link );
	}, bookmarklet );
	await page.locator( '#e2e-bookmarklet' ).click();
}

/** What tells the three installs apart on a page. */
/** The loader gadget's state, the dialog gadget's, and the flag the first loader to run sets. */
export async function loadState( page: Page ): Promise<{ gadget: string | null; dialog: string | null; flag: unknown }> {
	return page.evaluate( ( [ loader, dialog ] ) => {
		const w = window as unknown as { mw: { loader: { getState( m: string ): string | null } }; __uploadDialogLoaded?: unknown };
		return { gadget: w.mw.loader.getState( loader ), dialog: w.mw.loader.getState( dialog ), flag: w.__uploadDialogLoaded };
	}, [ `ext.gadget.${ GADGET }`, `ext.gadget.${ DIALOG }` ] );
}

/**
 * Opens the dialog from the tools link, uploads one file with a summary, and waits until the
 * dialog says it is on the wiki. Returns the dialog's computed look, to tell whether its
 * stylesheet applies.
 */
export async function uploadThroughDialog( page: Page, file: TestFile, comment: string ): Promise<{ display: string; paddingTop: string }> {
	await page.locator( '#t-uploaddialog a' ).click();
	const dialog = page.getByRole( 'dialog', { name: 'Upload files' } );
	await expect( dialog ).toBeVisible();
	const look = await dialog.evaluate( ( element ) => {
		const style = getComputedStyle( element );
		return { display: style.display, paddingTop: style.paddingTop };
	} );
	await dialog.locator( 'input[type=file]' ).setInputFiles( file.path );
	const group = dialog.getByRole( 'group', { name: `File ${ file.name }` } );
	await group.getByRole( 'textbox', { name: 'Summary' } ).fill( comment );
	await dialog.getByRole( 'button', { name: 'Upload 1 file' } ).click();
	await expect( group.getByRole( 'link', { name: `File:${ file.name }` } ) ).toBeVisible();
	return look;
}

export function sha1( text: string ): string {
	return createHash( 'sha1' ).update( text ).digest( 'hex' );
}

/** A new empty directory under the system's temp dir. */
export function tempDir( prefix: string ): string {
	return mkdtempSync( join( tmpdir(), prefix ) );
}
