/**
 * What the end-to-end tests know about the local wiki (from the wiki.json that
 * scripts/wiki/wiki.sh writes) and the Node-side client that checks results through the API.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Mwn } from 'mwn';

export interface WikiUser {
	name: string;
	password: string;
}

export interface WikiInfo {
	server: string;
	apiUrl: string;
	indexUrl: string;
	users: Record<'admin' | 'uploader' | 'noupload' | 'noshared', WikiUser>;
	tag: string;
	dir: string;
}

export const ROOT = resolve( dirname( fileURLToPath( import.meta.url ) ), '../..' );
const WIKI_DIR = process.env.WIKI_DIR || join( ROOT, '.wiki' );

export function wikiInfo(): WikiInfo {
	return JSON.parse( readFileSync( join( WIKI_DIR, 'wiki.json' ), 'utf8' ) ) as WikiInfo;
}

export type Role = keyof WikiInfo[ 'users' ];

/** Where the browser login of a role is kept between tests (one login per run). */
export function storageStateFile( role: Role ): string {
	return join( ROOT, 'test-results', 'auth', `${ role }.json` );
}

/**
 * A new API client logged in as the user (the main account, by password), with the options every
 * helper wants; one place, so the specs' clients cannot drift apart. Not cached: apiAs and the
 * helpers keep the clients they reuse.
 */
export function loginClient( user: WikiUser, wiki: WikiInfo = wikiInfo() ): Promise<Mwn> {
	return Mwn.init( {
		apiUrl: wiki.apiUrl,
		username: user.name,
		password: user.password,
		userAgent: 'UploadDialog-e2e (local test wiki)',
		silent: true,
		// The deprecation notice for main-account login is expected here: a test wiki, no bot password.
		suppressAPIWarnings: true,
		defaultParams: { assert: 'user', formatversion: 2 }
	} );
}

const clients = new Map<Role, Promise<Mwn>>();

/** A logged-in API client for checking what landed on the wiki. */
export function apiAs( role: Role ): Promise<Mwn> {
	let client = clients.get( role );
	if ( !client ) {
		const wiki = wikiInfo();
		client = loginClient( wiki.users[ role ], wiki );
		clients.set( role, client );
	}
	return client;
}

/** A name no earlier test used, so tests stay independent of each other and of reruns. */
export function uniqueName( prefix: string, extension: string ): string {
	return `${ prefix }-${ Date.now().toString( 36 ) }-${ randomBytes( 3 ).toString( 'hex' ) }.${ extension }`;
}

export interface TestFile {
	path: string;
	name: string;
	size: number;
	sha1: string;
}

const FILE_DIR = join( ROOT, 'test-results', 'files' );

/**
 * A PDF MediaWiki accepts (it checks the header and trailer) with random content, so no two
 * test files are duplicates of each other.
 */
export function makePdf( name: string, size: number ): TestFile {
	const head = Buffer.from( '%PDF-1.4\n' );
	const tail = Buffer.from( '\n%%EOF\n' );
	const body = randomBytes( Math.max( 0, size - head.length - tail.length ) );
	const bytes = Buffer.concat( [ head, body, tail ] );
	mkdirSync( FILE_DIR, { recursive: true } );
	const path = join( FILE_DIR, name );
	writeFileSync( path, bytes );
	return { path, name, size: bytes.length, sha1: createHash( 'sha1' ).update( bytes ).digest( 'hex' ) };
}

export interface FileState {
	exists: boolean;
	sha1?: string;
	size?: number;
	comment?: string;
	text?: string;
}

/** The file as the wiki has it: current version's hash, size, comment and page text. */
export async function fileOnWiki( name: string ): Promise<FileState> {
	const api = await apiAs( 'admin' );
	const answer = await api.query( {
		titles: `File:${ name }`,
		prop: 'imageinfo|revisions',
		iiprop: 'sha1|size|comment',
		rvprop: 'content',
		rvslots: 'main'
	} );
	const page = answer.query?.pages?.[ 0 ];
	const info = page?.imageinfo?.[ 0 ];
	if ( !page || page.missing || !info ) {
		return { exists: false };
	}
	return {
		exists: true,
		sha1: info.sha1,
		size: info.size,
		comment: info.comment,
		text: page.revisions?.[ 0 ]?.slots?.main?.content
	};
}

/** The upload log entries of a file, newest first, with their tags. */
export async function uploadLog( name: string ): Promise<Array<{ action: string; user: string; comment: string; tags: string[] }>> {
	const api = await apiAs( 'admin' );
	const answer = await api.query( {
		list: 'logevents',
		letype: 'upload',
		letitle: `File:${ name }`,
		leprop: 'type|user|comment|tags|details'
	} );
	return ( answer.query?.logevents || [] ).map( ( e: { action: string; user: string; comment: string; tags: string[] } ) => ( {
		action: e.action,
		user: e.user,
		comment: e.comment,
		tags: e.tags
	} ) );
}

/** Whether the page is on the user's watchlist. */
export async function isWatched( role: Role, title: string ): Promise<boolean> {
	const api = await apiAs( role );
	const answer = await api.query( { titles: title, prop: 'info', inprop: 'watched' } );
	return Boolean( answer.query?.pages?.[ 0 ]?.watched );
}
