// The deploy's inputs, all checked before the wiki is asked anything: the command line, the
// configuration (environment or .deploy.env) and the build in dist/. A problem is a Stop: one line
// that says what to fix.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseDefinitionLine } from '../lib/lines.mjs';

export const ROOT = resolve( dirname( fileURLToPath( import.meta.url ) ), '../..' );

/** A problem the user can fix: printed as one line, exit status 1. */
export class Stop extends Error {}
export const stop = ( message ) => {
	throw new Stop( message );
};

export function readOptions( argv ) {
	try {
		const { values } = parseArgs( {
			args: argv,
			options: {
				target: { type: 'string', default: 'gadget' },
				'dry-run': { type: 'boolean', default: false },
				force: { type: 'boolean', default: false },
				dist: { type: 'string', default: join( ROOT, 'dist' ) },
				api: { type: 'string' },
				'env-file': { type: 'string' },
				state: { type: 'string' },
				help: { type: 'boolean', short: 'h', default: false }
			}
		} );
		if ( ![ 'gadget', 'user' ].includes( values.target ) ) {
			stop( `--target must be gadget or user, not "${ values.target }"` );
		}
		return values;
	} catch ( e ) {
		if ( e instanceof Stop ) {
			throw e;
		}
		stop( `${ e.message } (see npm run deploy -- --help)` );
	}
}

function readEnvFile( path ) {
	const values = {};
	for ( const raw of readFileSync( path, 'utf8' ).split( '\n' ) ) {
		const line = raw.trim();
		const match = /^(?:export\s+)?([A-Z_][A-Z0-9_]*)\s*=\s*(.*)$/.exec( line );
		if ( match && !line.startsWith( '#' ) ) {
			values[ match[ 1 ] ] = match[ 2 ].replace( /^(['"])(.*)\1$/, '$2' );
		}
	}
	return values;
}

export function readConfig( options ) {
	const envFile = options[ 'env-file' ] ? resolve( options[ 'env-file' ] ) : join( ROOT, '.deploy.env' );
	if ( options[ 'env-file' ] && !existsSync( envFile ) ) {
		stop( `${ options[ 'env-file' ] } does not exist (--env-file)` );
	}
	const file = existsSync( envFile ) ? readEnvFile( envFile ) : {};
	const get = ( key ) => process.env[ key ] || file[ key ] || '';
	const config = { api: options.api || get( 'UPLOAD_DIALOG_API' ), user: get( 'UPLOAD_DIALOG_USER' ), password: get( 'UPLOAD_DIALOG_PASSWORD' ) };
	const missing = [ [ 'UPLOAD_DIALOG_API', config.api ], [ 'UPLOAD_DIALOG_USER', config.user ], [ 'UPLOAD_DIALOG_PASSWORD', config.password ] ]
		.filter( ( [ , value ] ) => !value ).map( ( [ key ] ) => key );
	if ( missing.length ) {
		stop( `set ${ missing.join( ', ' ) } in the environment or in ${ relative( process.cwd(), envFile ) || envFile } (see README, "Deploy")` );
	}
	let url;
	try {
		url = new URL( config.api );
	} catch {
		url = null;
	}
	if ( !url || !/^https?:$/.test( url.protocol ) ) {
		stop( `UPLOAD_DIALOG_API must be the http(s) URL of the wiki's api.php, like https://example.org/w/api.php (got "${ config.api }")` );
	}
	const at = config.user.indexOf( '@' );
	if ( at < 1 || at === config.user.length - 1 ) {
		stop( `UPLOAD_DIALOG_USER must be a bot password's login name, <user>@<bot name> as Special:BotPasswords shows it (got "${ config.user }")` );
	}
	// MediaWiki reads a login as a bot password only when the password looks like one.
	if ( !/^[0-9a-w]{32,}$/.test( config.password ) ) {
		stop( 'UPLOAD_DIALOG_PASSWORD is not a bot password (those are 32 letters and digits, as Special:BotPasswords gives them)' );
	}
	config.userName = config.user.slice( 0, at );
	config.botName = config.user.slice( at + 1 );
	return config;
}

/** dist/: the files the build wrote and build.json (name, version, commit, the definition lines: the loader's, then its parts'). */
export function readBuild( dir ) {
	const shown = relative( process.cwd(), dir ).startsWith( '..' ) ? dir : relative( process.cwd(), dir ) || '.';
	const infoFile = join( dir, 'build.json' );
	if ( !existsSync( infoFile ) ) {
		stop( `no build in ${ shown } (${ join( shown, 'build.json' ) } is missing): run npm run build first` );
	}
	const info = JSON.parse( readFileSync( infoFile, 'utf8' ) );
	// Parts since issue 19: the loader, then the dialog and the parts it fetches later; a build with
	// one line is the one-page gadget.
	const gadgets = Array.isArray( info.definitions ) ? info.definitions.map( ( line ) => ( { line, ...parseDefinitionLine( line ) } ) ) : [];
	if ( gadgets.length < 2 || gadgets.some( ( g ) => !g.pages ) ) {
		stop( `${ join( shown, 'build.json' ) } is from an older build: run npm run build again` );
	}
	const files = new Map();
	for ( const page of gadgets.flatMap( ( g ) => g.pages ) ) {
		const file = join( dir, page );
		if ( !existsSync( file ) ) {
			stop( `${ join( shown, page ) } is missing: run npm run build first` );
		}
		files.set( page, readFileSync( file, 'utf8' ) );
	}
	return { name: info.name, version: info.version, commit: info.commit || null, gadgets, files };
}

