#!/usr/bin/env node
// Writes the build in dist/ to a wiki, through its API with a bot password (mwn).
//
//   npm run deploy                      the gadget, every part: the loader MediaWiki:Gadget-<name>.js, the
//                                       dialog MediaWiki:Gadget-<name>-dialog.js (styles inside) and its later
//                                       parts (-sha1, -photo, -i18n-<language>), their description pages, and
//                                       their lines in MediaWiki:Gadgets-definition
//   npm run deploy -- --target user     for yourself: User:<you>/<name>.js, the other parts beside it
//                                       (User:<you>/<name>-dialog.js, …) and the loader's line in
//                                       User:<you>/common.js
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
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, Stop, readBuild, readConfig, readOptions, stop } from './deploy/inputs.mjs';
import { counts, editedOnWiki, pageDiff, plannedPages, printDiff, readPages } from './deploy/pages.mjs';
import { knownFor, readState, remember } from './deploy/state.mjs';
import { checkRights, connect } from './deploy/wiki.mjs';

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
	const gadgetRights = [ 'editinterface', 'editsitejs' ].concat( build.gadgets.some( ( g ) => g.pages.some( ( p ) => p.endsWith( '.css' ) ) ) ? [ 'editsitecss' ] : [] );
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
