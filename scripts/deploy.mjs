#!/usr/bin/env node
// Writes the build in dist/ to a wiki, through its API with a bot password (mwn).
//
//   npm run deploy                      the gadget: MediaWiki:Gadget-<name>.js (styles inside), its description
//                                       page MediaWiki:Gadget-<name>, its line in MediaWiki:Gadgets-definition
//   npm run deploy -- --target user     for yourself: User:<you>/<name>.js and its line in User:<you>/common.js
//   npm run deploy -- --dry-run         prints each page's diff, writes nothing
//   npm run deploy -- --force           overwrites pages edited on the wiki since the last deploy
//   options: --dist DIR (default dist/), --api URL, --env-file FILE (default .deploy.env),
//            --state FILE (default .deploy-state.json: what each deploy left on each page; untracked)
//
// Configuration, from the environment or from .deploy.env (KEY=value lines; never committed):
//   UPLOAD_DIALOG_API       the wiki's api.php URL, e.g. https://test.wikipedia.org/w/api.php
//   UPLOAD_DIALOG_USER      a bot password's login name, <user>@<bot name> (Special:BotPasswords)
//   UPLOAD_DIALOG_PASSWORD  its password; printed nowhere
//
// Safety: everything is checked before the first write (the build, the API URL, the login, the
// rights and grants, and whether a page was edited on the wiki since the last deploy), so a bad
// input leaves the wiki as it was. A deploy's edits are known by their summary
// ("Deploy <name> <version> (commit …)"), so the last deploy is found in each page's history,
// whoever made it, from whichever checkout; what a deploy found already in place (and so did not
// write) is kept in the state file.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { unifiedDiff } from './lib/diff.mjs';
import { findDefinitionLine, findLoaderLine, mergeDefinitionLine, parseDefinitionLine, replaceLine } from './lib/lines.mjs';

const ROOT = resolve( dirname( fileURLToPath( import.meta.url ) ), '..' );
const HISTORY = 50;
/** Lines of a new page's diff shown in a dry run before "… n more lines". */
const NEW_PAGE_LINES = 40;

/** The gadget's description page (wikitext): what Special:Preferences shows next to its checkbox. */
const DESCRIPTION = ( name ) => `'''${ name }''': upload files from any page in a dialog (Tools menu): pick, drop or paste files or give a URL; large files go up in chunks, and warnings such as an existing name can be resolved before anything is published.`;

/** Rights a deploy needs, and the bot password grant that carries each one. */
const GRANT_FOR = {
	edit: 'editpage',
	createpage: 'createeditmovepage',
	editinterface: 'editsiteconfig',
	editsitejs: 'editsiteconfig',
	editsitecss: 'editsiteconfig',
	editmyuserjs: 'editmycssjs'
};
const GRANT_LABEL = {
	editpage: 'Edit existing pages',
	createeditmovepage: 'Create, edit, and move pages',
	editsiteconfig: 'Edit sitewide and user CSS/JS',
	editmycssjs: 'Edit your user CSS/JSON/JavaScript'
};

/** A problem the user can fix: printed as one line, exit status 1. */
class Stop extends Error {}
const stop = ( message ) => {
	throw new Stop( message );
};

// ------------------------------------------------------------------------------------ inputs

function readOptions( argv ) {
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

function readConfig( options ) {
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

/** dist/: the files the build wrote and build.json (name, version, commit, definition line). */
function readBuild( dir ) {
	const shown = relative( process.cwd(), dir ).startsWith( '..' ) ? dir : relative( process.cwd(), dir ) || '.';
	const infoFile = join( dir, 'build.json' );
	if ( !existsSync( infoFile ) ) {
		stop( `no build in ${ shown } (${ join( shown, 'build.json' ) } is missing): run npm run build first` );
	}
	const info = JSON.parse( readFileSync( infoFile, 'utf8' ) );
	const definition = info.definition && parseDefinitionLine( info.definition );
	if ( !definition ) {
		stop( `${ join( shown, 'build.json' ) } is from an older build: run npm run build again` );
	}
	const files = new Map();
	for ( const page of definition.pages ) {
		const file = join( dir, page );
		if ( !existsSync( file ) ) {
			stop( `${ join( shown, page ) } is missing: run npm run build first` );
		}
		files.set( page, readFileSync( file, 'utf8' ) );
	}
	return { name: info.name, version: info.version, commit: info.commit || null, line: info.definition, pages: definition.pages, files };
}

// ------------------------------------------------------------------------------------ the wiki

function reachError( api, e ) {
	const status = e.response?.status;
	if ( status ) {
		return `${ api } answered HTTP ${ status }: UPLOAD_DIALOG_API must be the URL of the wiki's api.php (e.g. https://example.org/w/api.php)`;
	}
	if ( e.code === 'invalidjson' || e.code === 'mwn_invalidformat' ) {
		return `${ api } answered, but not as MediaWiki's API: UPLOAD_DIALOG_API must be the URL of the wiki's api.php (e.g. https://example.org/w/api.php)`;
	}
	return `cannot reach ${ api } (${ e.code || e.message }): check UPLOAD_DIALOG_API and your network`;
}

async function connect( config, build ) {
	// Loaded only now: the checks before need no client, and fail faster without it.
	const { Mwn } = await import( 'mwn' );
	const bot = new Mwn( {
		apiUrl: config.api,
		userAgent: `UploadDialog-deploy/${ build.version } (${ config.userName }; mwn)`,
		silent: true,
		suppressAPIWarnings: true,
		// A wrong URL should fail at once: no retries until the wiki has answered.
		maxRetries: 0,
		defaultParams: { formatversion: 2 }
	} );
	let site;
	try {
		const answer = await bot.query( { meta: 'siteinfo', siprop: 'general|extensions|usergroups' } );
		site = answer.query;
	} catch ( e ) {
		stop( reachError( config.api, e ) );
	}
	if ( !site?.general?.generator?.startsWith( 'MediaWiki' ) ) {
		stop( `${ config.api } answered, but not as MediaWiki's API: UPLOAD_DIALOG_API must be the URL of the wiki's api.php` );
	}
	try {
		await bot.login( { username: config.user, password: config.password } );
	} catch ( e ) {
		const said = String( e.info || e.message ).replace( /^(Failed|Aborted): /, '' ).replace( /\s+/g, ' ' ).trim();
		stop( `login as ${ config.user } failed (the wiki says: ${ said }): check UPLOAD_DIALOG_USER (<user>@<bot name> from Special:BotPasswords) and UPLOAD_DIALOG_PASSWORD` );
	}
	bot.options.maxRetries = 2;
	bot.options.retryPause = 2000;
	bot.options.defaultParams = { ...bot.options.defaultParams, assert: 'user' };
	const me = ( await bot.query( { meta: 'userinfo', uiprop: 'rights|groups' } ) ).query.userinfo;
	return { bot, site, me };
}

/**
 * Fails unless the login may do every edit planned: first the rights the account's groups give
 * (an interface administrator for a gadget), then the grants of the bot password.
 */
function checkRights( config, site, me, needed, target ) {
	const rights = new Set( me.rights );
	const missing = needed.filter( ( r ) => !rights.has( r ) );
	if ( !missing.length ) {
		return;
	}
	const fromGroups = new Set( site.usergroups.filter( ( g ) => me.groups.includes( g.name ) ).flatMap( ( g ) => g.rights ) );
	const lackingAccount = missing.filter( ( r ) => !fromGroups.has( r ) );
	if ( lackingAccount.length ) {
		stop( target === 'gadget' ?
			`${ me.name } may not edit this wiki's gadgets (the account lacks ${ lackingAccount.join( ', ' ) }; interface administrators have them): ask for the interface-admin group, or install it for yourself with --target user` :
			`${ me.name } may not edit its own user scripts here (the account lacks ${ lackingAccount.join( ', ' ) })` );
	}
	const grants = [ ...new Set( missing.map( ( r ) => GRANT_FOR[ r ] ) ) ]
		// Each grant below also gives `edit`.
		.filter( ( g, _, all ) => g !== 'editpage' || !all.some( ( o ) => o === 'editsiteconfig' || o === 'editmycssjs' || o === 'createeditmovepage' ) );
	stop( `the bot password ${ config.user } lacks grants this deploy needs (${ missing.join( ', ' ) }): add ${ grants.map( ( g ) => `"${ GRANT_LABEL[ g ] }" (${ g })` ).join( ' and ' ) } on Special:BotPasswords/${ config.botName }` );
}

// ------------------------------------------------------------------------------------ pages

/** MediaWiki keeps page text with \r\n made \n and trailing whitespace cut: compare like that. */
const normalize = ( text ) => text.replace( /\r\n/g, '\n' ).replace( /\s+$/, '' );

function rawUrl( site, title ) {
	const encoded = encodeURIComponent( title.replace( / /g, '_' ) ).replace( /%2F/g, '/' ).replace( /%3A/g, ':' );
	return `${ site.general.server }${ site.general.script }?title=${ encoded }&action=raw&ctype=text/javascript`;
}

/**
 * What the deploy writes. A "whole" page is the deploy's alone; a "line" page is shared, and the
 * deploy changes only its line (found and made by `find` and `make`).
 */
function plannedPages( build, site, target, userName ) {
	const script = build.pages.find( ( p ) => p.endsWith( '.js' ) );
	if ( target === 'user' ) {
		const title = `User:${ userName }/${ script }`;
		const loader = `mw.loader.load( ${ JSON.stringify( rawUrl( site, title ) ) } ); // ${ build.name }, installed by npm run deploy`;
		return [
			{ title, kind: 'whole', text: build.files.get( script ) },
			{
				title: `User:${ userName }/common.js`,
				kind: 'line',
				what: `the ${ build.name } loader line`,
				find: ( lines ) => findLoaderLine( lines, script ),
				make: () => loader
			}
		];
	}
	return [
		...build.pages.map( ( page ) => ( { title: `MediaWiki:Gadget-${ page }`, kind: 'whole', text: build.files.get( page ) } ) ),
		{ title: `MediaWiki:Gadget-${ build.name }`, kind: 'whole', text: DESCRIPTION( build.name ) },
		{
			title: 'MediaWiki:Gadgets-definition',
			kind: 'line',
			what: `the ${ build.name } line`,
			find: ( lines ) => findDefinitionLine( lines, build.name ),
			make: ( current ) => mergeDefinitionLine( build.line, current )
		}
	];
}

function lineOf( page, text ) {
	const lines = text.split( '\n' );
	const index = page.find( lines );
	return index < 0 ? undefined : lines[ index ];
}

async function readPages( bot, pages, summaryPattern ) {
	const answer = await bot.query( {
		titles: pages.map( ( p ) => p.title ),
		prop: 'revisions|info',
		rvprop: 'ids|timestamp|user|comment|sha1|content',
		rvslots: 'main',
		intestactions: 'edit|create',
		intestactionsdetail: 'full',
		errorformat: 'plaintext',
		curtimestamp: 1
	} );
	const normalized = new Map( ( answer.query.normalized || [] ).map( ( n ) => [ n.from, n.to ] ) );
	for ( const page of pages ) {
		const title = normalized.get( page.title ) || page.title;
		const info = answer.query.pages.find( ( p ) => p.title === title );
		page.title = title;
		page.start = answer.curtimestamp;
		page.denied = info.actions?.[ info.missing ? 'create' : 'edit' ];
		const rev = info.revisions?.[ 0 ];
		page.current = rev ? {
			revid: rev.revid,
			timestamp: rev.timestamp,
			user: rev.user,
			comment: rev.comment || '',
			sha1: rev.sha1,
			text: rev.slots.main.content,
			byDeploy: summaryPattern.test( rev.comment || '' )
		} : null;
		const currentText = page.current ? page.current.text : '';
		if ( page.kind === 'whole' ) {
			page.next = normalize( page.text );
		} else {
			const lines = currentText === '' ? [] : currentText.split( '\n' );
			const index = page.find( lines );
			page.line = page.make( index < 0 ? undefined : lines[ index ] );
			page.next = normalize( replaceLine( currentText, index, page.line ) );
		}
		page.change = !page.current ? 'create' : normalize( page.current.text ) === page.next ? 'same' : 'update';
	}
}

/** The page's recent history, newest first, without texts. */
async function history( bot, title ) {
	const answer = await bot.query( { titles: title, prop: 'revisions', rvprop: 'ids|timestamp|user|comment|sha1', rvlimit: HISTORY } );
	return answer.query.pages[ 0 ].revisions || [];
}

async function revisionText( bot, revid ) {
	const answer = await bot.query( { revids: revid, prop: 'revisions', rvprop: 'content', rvslots: 'main' } );
	return answer.query.pages[ 0 ].revisions[ 0 ].slots.main.content;
}

const sha1 = ( text ) => createHash( 'sha1' ).update( text, 'utf8' ).digest( 'hex' );

/** Lines longer than this are shown broken in diffs (see readable()). */
const LONG_LINE = 200;

/**
 * A page's text as its diffs show it. The script is minified: a few lines of many thousand
 * characters, where a changed message would show as the whole script removed and added. Long
 * lines are shown broken after each `;` `,` `{` `}` (only in the diff: what is written is the
 * build as it is), so a change shows as the few short pieces it touched.
 */
function readable( text ) {
	return text.split( '\n' ).map( ( line ) => ( line.length > LONG_LINE ? line.replace( /([;,{}])/g, '$1\n' ) : line ) ).join( '\n' );
}

/**
 * Whether the page was edited on the wiki since the last deploy (for a shared page: its line),
 * as { reason, diff, replaced } to show; null when writing it overwrites nobody's work.
 *
 * What a deploy left on a page is known two ways: its edits, by their summary, in the page's
 * history (whoever deployed, from wherever); and what it found already in place and so did not
 * write (a page installed by hand, then deployed unchanged), from the state file of the
 * checkout. A page whose text is one of those is the deploy's to replace.
 */
async function editedOnWiki( bot, page, summaryPattern, known ) {
	const current = page.current;
	if ( !current || page.change === 'same' ) {
		return null;
	}
	const now = `${ page.title } (on the wiki: rev ${ current.revid } by ${ current.user }, ${ current.timestamp })`;
	if ( page.kind === 'whole' ) {
		if ( current.byDeploy || known.sha1s.includes( current.sha1 ) ) {
			return null;
		}
		const revisions = await history( bot, page.title );
		const deployed = new Set( revisions.filter( ( r ) => summaryPattern.test( r.comment || '' ) ).map( ( r ) => r.sha1 ) );
		if ( deployed.has( current.sha1 ) ) {
			return null;
		}
		const base = revisions.find( ( r ) => deployed.has( r.sha1 ) || known.sha1s.includes( r.sha1 ) );
		if ( !base ) {
			return {
				reason: 'not written by a deploy',
				replaced: true,
				diff: unifiedDiff( readable( current.text ), readable( page.next ), { from: now, to: `${ page.title } (this build)` } )
			};
		}
		return {
			reason: 'edited on the wiki since the last deploy',
			diff: unifiedDiff( readable( await revisionText( bot, base.revid ) ), readable( current.text ), { from: `${ page.title } (last deploy: rev ${ base.revid }, ${ base.timestamp })`, to: now } )
		};
	}
	// A shared page: only the line matters; other lines are anyone's to edit.
	const currentLine = lineOf( page, current.text );
	if ( current.byDeploy || ( currentLine !== undefined && known.lines.includes( currentLine ) ) ) {
		return null;
	}
	const base = ( await history( bot, page.title ) ).find( ( r ) => summaryPattern.test( r.comment || '' ) );
	const baseLine = base ? lineOf( page, await revisionText( bot, base.revid ) ) : known.lines[ 0 ];
	if ( currentLine === baseLine ) {
		return null;
	}
	if ( baseLine === undefined ) {
		// Never deployed: a new line is simply added; a line someone wrote is replaced.
		return currentLine === undefined ? null : {
			reason: `${ page.what } not written by a deploy`,
			replaced: true,
			diff: unifiedDiff( currentLine, page.line, { from: now, to: `${ page.title } (this build)` } )
		};
	}
	return {
		reason: `${ page.what } ${ currentLine === undefined ? 'removed' : 'edited' } on the wiki since the last deploy`,
		diff: unifiedDiff( baseLine, currentLine ?? '', { from: `${ page.title } (last deploy${ base ? `: rev ${ base.revid }` : '' })`, to: now } )
	};
}

// ------------------------------------------------------------------------------------ the state file

/**
 * What each deploy left on each page, by wiki: the SHA-1s of whole pages and the lines of shared
 * ones, newest first. Only needed for what a deploy accepted without writing it; all else is in
 * the wiki's histories.
 */
function readState( file ) {
	try {
		return JSON.parse( readFileSync( file, 'utf8' ) );
	} catch {
		return {};
	}
}

function knownFor( state, api, title ) {
	const entry = state[ api ]?.[ title ] || {};
	return { sha1s: entry.sha1s || [], lines: entry.lines || [] };
}

function remember( file, state, api, pages ) {
	const wiki = state[ api ] = state[ api ] || {};
	for ( const page of pages ) {
		const entry = knownFor( state, api, page.title );
		const add = ( list, value ) => [ value, ...list.filter( ( v ) => v !== value ) ].slice( 0, 10 );
		wiki[ page.title ] = page.kind === 'whole' ?
			{ sha1s: add( entry.sha1s, sha1( page.next ) ) } :
			{ lines: add( entry.lines, page.line ) };
	}
	writeFileSync( file, JSON.stringify( state, null, '\t' ) + '\n' );
}

function counts( diff ) {
	const lines = diff.split( '\n' );
	const added = lines.filter( ( l ) => l.startsWith( '+' ) && !l.startsWith( '+++' ) ).length;
	const removed = lines.filter( ( l ) => l.startsWith( '-' ) && !l.startsWith( '---' ) ).length;
	return `+${ added } −${ removed } lines`;
}

function pageDiff( page, build ) {
	const from = page.current ? `${ page.title } (on the wiki: rev ${ page.current.revid })` : `${ page.title } (new page)`;
	return unifiedDiff( page.current ? readable( normalize( page.current.text ) ) : '', readable( page.next ), { from, to: `${ page.title } (${ build.name } ${ build.version })` } );
}

function printDiff( diff, isNew ) {
	const lines = diff.replace( /\n$/, '' ).split( '\n' );
	if ( isNew && lines.length > NEW_PAGE_LINES + 3 ) {
		console.log( [ ...lines.slice( 0, NEW_PAGE_LINES + 3 ), `… ${ lines.length - NEW_PAGE_LINES - 3 } more lines` ].join( '\n' ) );
	} else {
		console.log( lines.join( '\n' ) );
	}
}

// ------------------------------------------------------------------------------------ main

async function deploy( options ) {
	const build = readBuild( resolve( options.dist ) );
	const config = readConfig( options );
	const { bot, site, me } = await connect( config, build );
	const target = options.target;
	if ( target === 'gadget' && !site.extensions.some( ( e ) => e.name === 'Gadgets' ) ) {
		stop( `${ site.general.sitename } has no Gadgets extension: install it for yourself with --target user` );
	}
	const name = build.name.replace( /[.*+?^${}()|[\]\\]/g, '\\$&' );
	const summaryPattern = new RegExp( `^Deploy ${ name } \\S+ \\(commit [^)]*\\)` );
	const summary = `Deploy ${ build.name } ${ build.version } (commit ${ build.commit || 'unknown' })`;

	console.log( `${ build.name } ${ build.version } (commit ${ build.commit || 'unknown' }) → ${ site.general.sitename } (${ site.general.generator }, ${ config.api }) as ${ config.user }, ${ target === 'gadget' ? 'as the gadget' : `for ${ me.name }` }${ options[ 'dry-run' ] ? '; dry run: nothing is written' : '' }` );
	if ( target === 'user' && me.name !== config.userName ) {
		stop( `logged in as ${ me.name }, not ${ config.userName }` );
	}
	const version = /^MediaWiki (\d+)\.(\d+)/.exec( site.general.generator );
	if ( version && ( +version[ 1 ] < 1 || ( +version[ 1 ] === 1 && +version[ 2 ] < 43 ) ) ) {
		console.log( `note: ${ site.general.generator } is older than the supported MediaWiki 1.43` );
	}

	const stateFile = resolve( options.state || join( ROOT, '.deploy-state.json' ) );
	const state = readState( stateFile );
	const pages = plannedPages( build, site, target, me.name );
	await readPages( bot, pages, summaryPattern );
	const toWrite = pages.filter( ( p ) => p.change !== 'same' );

	// Everything that can stop the deploy is checked before the first write.
	const needed = new Set( [ 'edit' ] );
	if ( toWrite.some( ( p ) => p.change === 'create' ) ) {
		needed.add( 'createpage' );
	}
	// editsitecss only for a build with a stylesheet page (this one carries its styles in the script).
	const gadgetRights = [ 'editinterface', 'editsitejs' ].concat( build.pages.some( ( p ) => p.endsWith( '.css' ) ) ? [ 'editsitecss' ] : [] );
	for ( const right of target === 'gadget' ? gadgetRights : [ 'editmyuserjs' ] ) {
		needed.add( right );
	}
	checkRights( config, site, me, [ ...needed ], target );
	for ( const page of toWrite ) {
		if ( page.denied?.length ) {
			stop( `${ me.name } may not ${ page.change === 'create' ? 'create' : 'edit' } ${ page.title }: ${ page.denied.map( ( d ) => d.text || d.code ).join( ' ' ).replace( /\s+/g, ' ' ) }` );
		}
	}
	const edited = [];
	for ( const page of toWrite ) {
		const found = await editedOnWiki( bot, page, summaryPattern, knownFor( state, config.api, page.title ) );
		if ( found ) {
			edited.push( { page, ...found } );
		}
	}

	for ( const page of pages ) {
		if ( page.change === 'same' ) {
			console.log( `  unchanged      ${ page.title }` );
			continue;
		}
		const diff = pageDiff( page, build );
		const verb = page.change === 'create' ? 'create' : 'update';
		const part = page.kind === 'line' ? ` (${ page.what } only)` : '';
		if ( options[ 'dry-run' ] ) {
			console.log( `  would ${ verb }   ${ page.title }${ part } (${ counts( diff ) }):` );
			printDiff( diff, page.change === 'create' );
		}
	}

	if ( edited.length ) {
		for ( const { page, reason, diff, replaced } of edited ) {
			console.log( `  ${ options.force ? 'overwriting  ' : 'stopped at   ' }  ${ page.title }: ${ reason }; last edit by ${ page.current.user } at ${ page.current.timestamp } ("${ page.current.comment }")${ replaced && options[ 'dry-run' ] ? ' (diff above)' : ':' }` );
			if ( !( replaced && options[ 'dry-run' ] ) ) {
				console.log( diff.replace( /\n$/, '' ) );
			}
		}
		if ( !options.force ) {
			const what = edited.map( ( e ) => `${ e.page.title } (${ e.reason }, rev ${ e.page.current.revid } by ${ e.page.current.user })` ).join( '; ' );
			const fix = edited.every( ( e ) => e.replaced ) ?
				'Check what the deploy would replace (diff above), then deploy again with --force' :
				'Bring that change into the source, or deploy again with --force to overwrite it (diff above)';
			stop( `${ options[ 'dry-run' ] ? 'a deploy would stop' : 'stopped' }: ${ what }; nothing was written. ${ fix }.` );
		}
	}

	const unchanged = pages.length - toWrite.length;
	if ( options[ 'dry-run' ] ) {
		console.log( toWrite.length ?
			`dry run: ${ toWrite.length } of ${ pages.length } pages would change, nothing was written` :
			`dry run: nothing to deploy, all ${ pages.length } pages match the build` );
		return;
	}
	if ( !toWrite.length ) {
		remember( stateFile, state, config.api, pages );
		console.log( `nothing to deploy: all ${ pages.length } pages already match the build` );
		return;
	}

	const written = [];
	for ( const page of toWrite ) {
		const overwritten = edited.find( ( e ) => e.page === page );
		const part = ( page.kind === 'line' ? `: ${ page.what } only` : '' ) +
			( overwritten ? `; replaces rev ${ page.current.revid } by ${ page.current.user } (--force)` : '' );
		const diff = pageDiff( page, build );
		let result;
		try {
			result = await bot.save( page.title, page.next, summary + part, {
				...( page.current ? { basetimestamp: page.current.timestamp, nocreate: true } : { createonly: true } ),
				starttimestamp: page.start,
				watchlist: 'nochange',
				// Not a bot edit: changes to a wiki's scripts belong in everyone's recent changes.
				bot: false
			} );
		} catch ( e ) {
			const done = written.length ? ` (already written: ${ written.join( ', ' ) }; deploy again to finish)` : ' (nothing was written)';
			stop( `could not save ${ page.title }: ${ e.code === 'editconflict' ? 'someone edited it during the deploy' : e.message }${ done }` );
		}
		written.push( page.title );
		remember( stateFile, state, config.api, [ page ] );
		const how = page.current ? `updated        ${ page.title }${ part ? ` (${ page.what } only)` : '' } (rev ${ page.current.revid } → ${ result.newrevid }, ${ counts( diff ) })` :
			`created        ${ page.title } (rev ${ result.newrevid })`;
		console.log( `  ${ how }` );
	}
	remember( stateFile, state, config.api, pages );
	console.log( `deployed ${ build.name } ${ build.version }: ${ written.length } page${ written.length === 1 ? '' : 's' } written, ${ unchanged } unchanged` );
	if ( target === 'user' ) {
		console.log( `note: it runs for ${ me.name } on every page of this wiki where user scripts are allowed ($wgAllowUserJs)` );
	}
}

/** The comment at the top of this file. */
function help() {
	const lines = readFileSync( fileURLToPath( import.meta.url ), 'utf8' ).split( '\n' ).slice( 1 );
	const end = lines.findIndex( ( l ) => !l.startsWith( '//' ) );
	return lines.slice( 0, end ).map( ( l ) => l.slice( 3 ) ).join( '\n' );
}

async function main() {
	let password = '';
	try {
		const options = readOptions( process.argv.slice( 2 ) );
		if ( options.help ) {
			console.log( help() );
			return;
		}
		password = ( () => {
			try {
				return readConfig( options ).password;
			} catch {
				return '';
			}
		} )();
		await deploy( options );
	} catch ( e ) {
		// One line, and never the password, whatever an error carries.
		let message = e instanceof Stop ? e.message : `deploy failed: ${ e.message }`;
		if ( password ) {
			message = message.split( password ).join( '<password>' );
		}
		console.error( `deploy: ${ message.replace( /\s*\n\s*/g, ' ' ) }` );
		process.exitCode = 1;
	}
}

main();
