/**
 * The messages: the three files agree, every key the code uses exists, every failure the engine
 * can report has words, and registering falls back to English.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import de from '../../src/i18n/de.json';
import en from '../../src/i18n/en.json';
import qqq from '../../src/i18n/qqq.json';
import { hasMessage, languageChain, msg, registerMessages, type MessageKey } from '../../src/i18n';
import { HttpError } from '../../src/api/errors';
import { describeFailure } from '../../src/upload/failures';
import { KNOWN_WARNINGS } from '../../src/upload/warnings';
import { failureText } from '../../src/ui/FailureView';
import { resetMessages } from './setup';

type Messages = Record<string, unknown>;

// (happy-dom's URL class refuses file: URLs: resolve the path from the string.)
const SRC = join( dirname( fileURLToPath( import.meta.url ) ), '..', '..', 'src' );

function keys( messages: Messages ): string[] {
	return Object.keys( messages ).filter( ( k ) => k !== '@metadata' ).sort();
}

function sourceFiles( dir: string ): string[] {
	return readdirSync( dir ).flatMap( ( name ) => {
		const path = join( dir, name );
		if ( statSync( path ).isDirectory() ) {
			return sourceFiles( path );
		}
		return /\.(ts|tsx)$/.test( name ) ? [ path ] : [];
	} );
}

const SOURCES = sourceFiles( SRC ).map( ( path ) => ( { path: path.slice( SRC.length + 1 ), text: readFileSync( path, 'utf8' ) } ) );

function source( name: string ): string {
	const file = SOURCES.find( ( s ) => s.path === name );
	if ( !file ) {
		throw new Error( `no ${ name } in src/` );
	}
	return file.text;
}

/** `$1`, `$2` … a message uses. */
function params( text: unknown ): string[] {
	return Array.from( new Set( String( text ).match( /\$\d+/g ) || [] ) ).sort();
}

const EN = en as Messages;
const DE = de as Messages;
const QQQ = qqq as Messages;

beforeEach( () => {
	resetMessages();
} );

describe( 'the message files', () => {
	it( 'en, de and qqq have exactly the same keys', () => {
		expect( keys( DE ) ).toEqual( keys( EN ) );
		expect( keys( QQQ ) ).toEqual( keys( EN ) );
		expect( keys( EN ).length ).toBeGreaterThan( 100 );
	} );

	it( 'every key is namespaced, every value a non-empty string', () => {
		for ( const messages of [ EN, DE, QQQ ] ) {
			for ( const key of keys( messages ) ) {
				expect( key ).toMatch( /^uploaddialog-[a-z0-9-]+$/ );
				expect( typeof messages[ key ] ).toBe( 'string' );
				expect( String( messages[ key ] ).trim() ).not.toBe( '' );
			}
		}
	} );

	it( 'no German message is a raw key or a placeholder', () => {
		for ( const key of keys( DE ) ) {
			expect( DE[ key ], key ).not.toBe( key );
			expect( String( DE[ key ] ), key ).not.toMatch( /⧼|uploaddialog-/ );
		}
	} );

	it( 'German uses the same parameters as English', () => {
		const differ = keys( EN ).filter( ( k ) => params( EN[ k ] ).join() !== params( DE[ k ] ).join() );
		expect( differ ).toEqual( [] );
	} );

	it( 'every parameter the documentation (qqq) describes is used in English', () => {
		const missing = keys( QQQ )
			.filter( ( k ) => params( QQQ[ k ] ).some( ( p ) => params( EN[ k ] ).indexOf( p ) === -1 ) )
			.map( ( k ) => `${ k }: qqq ${ params( QQQ[ k ] ).join( ' ' ) }, en ${ params( EN[ k ] ).join( ' ' ) || '(none)' }` );
		expect( missing ).toEqual( [] );
	} );

	it( 'no message has a hole where a parameter went missing (two spaces, a space before a full stop)', () => {
		const holes = [ EN, DE ].flatMap( ( messages ) => keys( messages ).filter( ( k ) => / {2}| \.(\s|$)| [,)]/.test( String( messages[ k ] ) ) ) );
		expect( holes ).toEqual( [] );
	} );

	it( 'the paused and interrupted statuses show their sizes and date ($1 … $3)', () => {
		expect( params( EN[ 'uploaddialog-status-paused' ] ) ).toEqual( [ '$1', '$2' ] );
		expect( params( DE[ 'uploaddialog-status-paused' ] ) ).toEqual( [ '$1', '$2' ] );
		expect( params( EN[ 'uploaddialog-status-interrupted' ] ) ).toEqual( [ '$1', '$2', '$3' ] );
		expect( params( DE[ 'uploaddialog-status-interrupted' ] ) ).toEqual( [ '$1', '$2', '$3' ] );
	} );

	it( 'every PLURAL has its parameter and two forms', () => {
		for ( const messages of [ EN, DE ] ) {
			for ( const key of keys( messages ) ) {
				const plurals = String( messages[ key ] ).match( /\{\{PLURAL:[^}]*\}\}/g ) || [];
				plurals.forEach( ( p ) => expect( p, key ).toMatch( /^\{\{PLURAL:\$\d+\|[^|}]+\|[^|}]+\}\}$/ ) );
			}
		}
	} );
} );

describe( 'the code and the messages', () => {
	/**
	 * Single-quoted `'uploaddialog-…'` literals in src/ are message keys, except where they are
	 * a CSS class, an element id, a notification tag or the root's id.
	 */
	const NOT_A_MESSAGE = /(class=\{\s*|_ID\s*=\s*|aria-describedby=\{[^}]*|tag:\s*)$/;

	function literalKeys(): Array<{ key: string; where: string }> {
		const found: Array<{ key: string; where: string }> = [];
		for ( const file of SOURCES ) {
			file.text.split( '\n' ).forEach( ( line, i ) => {
				const pattern = /'(uploaddialog-[a-z0-9-]+)'/g;
				let match: RegExpExecArray | null;
				while ( ( match = pattern.exec( line ) ) ) {
					if ( !NOT_A_MESSAGE.test( line.slice( 0, match.index ) ) ) {
						found.push( { key: match[ 1 ], where: `${ file.path }:${ i + 1 }` } );
					}
				}
			} );
		}
		return found;
	}

	it( 'every uploaddialog-… key literally referenced in src/ exists in en.json', () => {
		const found = literalKeys();
		expect( found.length ).toBeGreaterThan( 80 );
		expect( found.filter( ( f ) => !( f.key in EN ) ) ).toEqual( [] );
	} );

	it( 'every key of en.json is used: literally in src/, or by a family of keys made from a code', () => {
		// `uploaddialog-${ kind }-${ code }`: watchlist choices, stages, warnings and failures.
		const families = /^uploaddialog-(watch|stage|warning|error)-/;
		for ( const family of [ 'watch', 'stage', 'warning', 'error' ] ) {
			expect( SOURCES.some( ( file ) => file.text.includes( `\`uploaddialog-${ family }-\${` ) ), family ).toBe( true );
		}
		const used = new Set( literalKeys().map( ( f ) => f.key ) );
		// Every message is shipped in the bundle in every language: one nobody shows is dead weight.
		expect( keys( EN ).filter( ( key ) => !used.has( key ) && !families.test( key ) ) ).toEqual( [] );
	} );

	it( 'a message called with parameters uses them ($1 … $n)', () => {
		// msg( 'key', a, b ) with literal keys; the arguments are counted at the top level.
		const problems: string[] = [];
		for ( const file of SOURCES ) {
			const pattern = /msg\(\s*'(uploaddialog-[a-z0-9-]+)'\s*(,)?/g;
			let match: RegExpExecArray | null;
			while ( ( match = pattern.exec( file.text ) ) ) {
				let depth = 0;
				let count = match[ 2 ] ? 1 : 0;
				for ( let i = match.index + match[ 0 ].length; i < file.text.length && match[ 2 ]; i++ ) {
					const c = file.text[ i ];
					if ( c === '(' || c === '[' || c === '{' ) {
						depth++;
					} else if ( c === ')' || c === ']' || c === '}' ) {
						if ( depth === 0 ) {
							break;
						}
						depth--;
					} else if ( c === ',' && depth === 0 ) {
						count++;
					}
				}
				const used = params( EN[ match[ 1 ] ] );
				for ( let n = 1; n <= count; n++ ) {
					if ( used.indexOf( `$${ n }` ) === -1 ) {
						problems.push( `${ file.path }: ${ match[ 1 ] } gets ${ count } parameter(s), en has ${ used.join( ' ' ) || 'none' }` );
						break;
					}
				}
			}
		}
		expect( problems ).toEqual( [] );
	} );

	it( 'every key made from a code exists: warnings, watchlist choices, stages', () => {
		KNOWN_WARNINGS.forEach( ( w ) => expect( EN, w ).toHaveProperty( [ `uploaddialog-warning-${ w }` ] ) );
		[ 'preferences', 'watch', 'nochange' ].forEach( ( c ) => expect( EN ).toHaveProperty( [ `uploaddialog-watch-${ c }` ] ) );
		[ 'queued', 'assembling', 'publish' ].forEach( ( s ) => expect( EN ).toHaveProperty( [ `uploaddialog-stage-${ s }` ] ) );
	} );

	it( 'every failure code the engine makes itself has a message', () => {
		const engine = SOURCES.filter( ( s ) => s.path.startsWith( 'upload/' ) ).map( ( s ) => s.text ).join( '\n' );
		const names = source( 'upload/names.ts' );
		const fromClientFailure = Array.from( engine.matchAll( /clientFailure\(\s*'([^']+)'/g ), ( m ) => m[ 1 ] );
		const validateName = names.slice( names.indexOf( 'export function validateName' ) );
		const fromNames = Array.from( validateName.slice( 0, validateName.indexOf( '\n}' ) ).matchAll( /return '([^']+)'/g ), ( m ) => m[ 1 ] );
		expect( fromClientFailure ).toEqual( expect.arrayContaining( [ 'empty-file', 'file-too-large-local', 'unexpected-answer', 'stalled', 'stashed-size-mismatch' ] ) );
		expect( fromNames ).toEqual( expect.arrayContaining( [ 'name-empty', 'filename-toolong' ] ) );
		// describeFailure's own codes: HTTP failures without a status, and bugs.
		const fromFailures = [ 'network', 'timeout', 'bad-response', 'empty' ]
			.map( ( kind ) => describeFailure( new HttpError( kind as 'network', 0, '' ) ).code )
			.concat( describeFailure( new Error( 'x' ) ).code );
		const codes = [ ...fromClientFailure, ...fromNames, ...fromFailures ];
		expect( codes.filter( ( c ) => !( `uploaddialog-error-${ c }` in EN ) ) ).toEqual( [] );
		// HTTP statuses share one message with the status as its parameter.
		expect( params( EN[ 'uploaddialog-error-http' ] ) ).toEqual( [ '$1' ] );
	} );

	it( 'every failure text the user can meet is words, never a raw key', () => {
		registerMessages( 'en' );
		const engine = SOURCES.filter( ( s ) => s.path.startsWith( 'upload/' ) ).map( ( s ) => s.text ).join( '\n' );
		const engineCodes = Array.from( engine.matchAll( /new ApiError\(\s*'([^']+)'/g ), ( m ) => m[ 1 ] );
		expect( engineCodes ).toEqual( expect.arrayContaining( [ 'missing-filekey', 'poll-timeout' ] ) );
		const codes = [ ...engineCodes, 'http-503', 'http-404', 'internal_api_error_DBQueryError', 'backend-fail-alreadyexists', 'some-future-code' ];
		codes.forEach( ( code ) => {
			const text = failureText( { code, info: '', params: [ '1', '2' ], remedy: 'retry', transient: false } );
			expect( text, code ).not.toMatch( /⧼/ );
			expect( text.length, code ).toBeGreaterThan( 10 );
		} );
		expect( failureText( { code: 'http-503', info: '', params: [ '503' ], remedy: 'retry', transient: true } ) ).toContain( '503' );
	} );
} );

describe( 'registerMessages', () => {
	it( 'languageChain goes from the variant to its base language', () => {
		expect( languageChain( 'de-AT' ) ).toEqual( [ 'de-at', 'de' ] );
		expect( languageChain( 'fr' ) ).toEqual( [ 'fr' ] );
	} );

	it( 'de-at gives German (through de)', () => {
		registerMessages( 'de-at', { de: DE } );
		expect( msg( 'uploaddialog-title' ) ).toBe( 'Dateien hochladen' );
		expect( msg( 'uploaddialog-title' ) ).toBe( DE[ 'uploaddialog-title' ] );
	} );

	it( 'fr (no such part) gives English', () => {
		registerMessages( 'fr' );
		expect( msg( 'uploaddialog-title' ) ).toBe( 'Upload files' );
		keys( EN ).forEach( ( k ) => expect( hasMessage( k ) ).toBe( true ) );
	} );

	it( 'keeps a message the wiki already customised', () => {
		mw.messages.set( 'uploaddialog-title', 'Hochladen (lokal angepasst)' );
		registerMessages( 'de', { de: DE } );
		expect( msg( 'uploaddialog-title' ) ).toBe( 'Hochladen (lokal angepasst)' );
		expect( msg( 'uploaddialog-close' ) ).toBe( DE[ 'uploaddialog-close' ] );
	} );

	it( 'renders PLURAL and parameters in English', () => {
		registerMessages( 'en' );
		expect( msg( 'uploaddialog-upload', 1 ) ).toBe( 'Upload 1 file' );
		expect( msg( 'uploaddialog-upload', 3 ) ).toBe( 'Upload 3 files' );
		expect( msg( 'uploaddialog-size-b', 1 ) ).toBe( '1 byte' );
		expect( msg( 'uploaddialog-error-file-too-large-local', '5 MB', '1 MB' ) ).toBe( 'The file is 5 MB, but this wiki accepts at most 1 MB. Nothing was sent.' );
		expect( msg( 'uploaddialog-error-filetype-banned', 'exe', 'png, pdf' ) ).toBe( 'Files of type “exe” cannot be uploaded here. Allowed types: png, pdf.' );
	} );

	it( 'renders PLURAL and parameters in German', () => {
		registerMessages( 'de', { de: DE } );
		expect( msg( 'uploaddialog-upload', 1 ) ).toBe( '1 Datei hochladen' );
		expect( msg( 'uploaddialog-upload', 2 ) ).toBe( '2 Dateien hochladen' );
		expect( msg( 'uploaddialog-warning-duplicate', 2 ) ).toBe( 'Diese Datei ist ein Duplikat dieser Dateien:' );
		expect( msg( 'uploaddialog-error-file-too-large-local', '5 MB', '1 MB' ) ).toBe( 'Die Datei ist 5 MB groß, dieses Wiki nimmt aber höchstens 1 MB an. Es wurde nichts gesendet.' );
	} );

	it( 'every message key type-checks as a MessageKey', () => {
		const key: MessageKey = 'uploaddialog-title';
		expect( key in EN ).toBe( true );
	} );
} );
