// The messages as the build bundles them (an esbuild plugin): the dialog's English in one compact
// shape, each other language as a part of its own (`uploaddialog:language/<code>`), and the few
// the loader needs (`uploaddialog:messages/<keys>`), so that the loader carries only
// those. The JSON files in src/i18n/ stay MediaWiki's format, for translators and the unit tests.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

const PREFIX = 'uploaddialog-';

/** A language's messages without `@metadata`, after checking it has no key that en.json lacks. */
async function readLanguage( dir, file, en ) {
	const messages = JSON.parse( await readFile( join( dir, file ), 'utf8' ) );
	const unknown = Object.keys( messages ).filter( ( k ) => k !== '@metadata' && !( k in en ) );
	if ( unknown.length ) {
		throw new Error( `${ join( dir, file ) }: keys that en.json does not have: ${ unknown.join( ', ' ) }` );
	}
	delete messages[ '@metadata' ];
	return messages;
}

/**
 * The messages of every bundled language in one compact shape: the keys once (without their
 * common `uploaddialog-` prefix) and each language's texts as a list in the same order, instead of
 * one object per language that repeats every key. src/i18n/index.ts gets the same objects as it
 * would from the JSON files (which stay MediaWiki's format, for translators and the unit tests);
 * `@metadata` stays out of the bundle. Saves about 0.7 KB gzipped with two languages, and a
 * language added later costs only its texts.
 */
export function compactMessages( dir ) {
	const prefix = PREFIX;
	return {
		name: 'compact-messages',
		setup( b ) {
			b.onResolve( { filter: /^uploaddialog:message-keys$/ }, () => ( { path: 'keys', namespace: 'uploaddialog-messages' } ) );
			b.onLoad( { filter: /^keys$/, namespace: 'uploaddialog-messages' }, async () => {
				const keys = Object.keys( JSON.parse( await readFile( join( dir, 'en.json' ), 'utf8' ) ) ).filter( ( k ) => k !== '@metadata' );
				if ( keys.some( ( k ) => !k.startsWith( prefix ) ) ) {
					throw new Error( `src/i18n/en.json: every key must start with ${ prefix }` );
				}
				return { contents: `export default ${ JSON.stringify( keys.map( ( k ) => k.slice( prefix.length ) ).join( ' ' ) ) }.split(' ');`, loader: 'js', watchFiles: [ join( dir, 'en.json' ) ] };
			} );
			b.onLoad( { filter: /[\\/]src[\\/]i18n[\\/][a-z-]+\.json$/ }, async ( args ) => {
				if ( /qqq\.json$/.test( args.path ) ) {
					return undefined;
				}
				const en = JSON.parse( await readFile( join( dir, 'en.json' ), 'utf8' ) );
				const messages = await readLanguage( dir, args.path.slice( args.path.lastIndexOf( '/' ) + 1 ), en );
				const keys = Object.keys( en ).filter( ( k ) => k !== '@metadata' );
				// A text the language lacks is 0: left out, so that English shows.
				const texts = keys.map( ( k ) => ( typeof messages[ k ] === 'string' ? messages[ k ] : 0 ) );
				return {
					contents: `import k from 'uploaddialog:message-keys';var t=${ JSON.stringify( texts ) },m={};k.forEach(function(x,i){if(t[i]!==0)m[${ JSON.stringify( prefix ) }+x]=t[i];});export default m;`,
					loader: 'js',
					watchFiles: [ join( dir, 'en.json' ) ]
				};
			} );
			// `uploaddialog:language/de`: the part that brings one language's messages to the dialog
			// (src/parts/contract.ts), keys and texts as MediaWiki has them: a part fetched later
			// may meet a dialog of another build for a while (caches), and keys by name then only
			// leave a text English, never put one under the wrong key.
			b.onResolve( { filter: /^uploaddialog:language\/[a-z-]+$/ }, ( args ) => ( { path: args.path.slice( 'uploaddialog:language/'.length ), namespace: 'uploaddialog-language' } ) );
			b.onLoad( { filter: /.*/, namespace: 'uploaddialog-language' }, async ( args ) => {
				const en = JSON.parse( await readFile( join( dir, 'en.json' ), 'utf8' ) );
				const messages = await readLanguage( dir, `${ args.path }.json`, en );
				return {
					contents: `import { publishPart } from './src/parts/contract';publishPart(${ JSON.stringify( `i18n-${ args.path }` ) },${ JSON.stringify( messages ) });`,
					loader: 'ts',
					resolveDir: join( dir, '../..' ),
					watchFiles: [ join( dir, `${ args.path }.json` ), join( dir, 'en.json' ) ]
				};
			} );
			// `uploaddialog:messages/portlet-link,loading`: those texts in every language of src/i18n,
			// as { en: { 'uploaddialog-portlet-link': …, … }, de: { … } } (src/loader/virtual.d.ts).
			b.onResolve( { filter: /^uploaddialog:messages\// }, ( args ) => ( { path: args.path.slice( 'uploaddialog:messages/'.length ), namespace: 'uploaddialog-subset' } ) );
			b.onLoad( { filter: /.*/, namespace: 'uploaddialog-subset' }, async ( args ) => {
				const en = JSON.parse( await readFile( join( dir, 'en.json' ), 'utf8' ) );
				const wanted = args.path.split( ',' ).map( ( k ) => prefix + k );
				const missing = wanted.filter( ( k ) => !( k in en ) );
				if ( missing.length ) {
					throw new Error( `src/i18n/en.json has no ${ missing.join( ', ' ) } (asked for by uploaddialog:messages/${ args.path })` );
				}
				const files = ( await readdir( dir ) ).filter( ( f ) => /^[a-z-]+\.json$/.test( f ) && f !== 'qqq.json' );
				const texts = {};
				for ( const file of files ) {
					const messages = await readLanguage( dir, file, en );
					const subset = {};
					wanted.filter( ( k ) => typeof messages[ k ] === 'string' ).forEach( ( k ) => {
						subset[ k ] = messages[ k ];
					} );
					texts[ file.slice( 0, -'.json'.length ) ] = subset;
				}
				return { contents: `export default ${ JSON.stringify( texts ) };`, loader: 'js', watchFiles: files.map( ( f ) => join( dir, f ) ) };
			} );
		}
	};
}

