#!/usr/bin/env node
// Builds the scripts that serve all three installs (gadget, common.js, bookmarklet) into dist/:
// the loader every page view runs (UploadDialog.js), the dialog it fetches on intent
// (UploadDialog-dialog.js, its stylesheet and English inside), and the parts the dialog fetches
// when it first needs them (the SHA-1 worker's code, the photo reader, each other language),
// then writes the install snippets for them.
//
//   node build.mjs                       build once
//   node build.mjs --script-url URL      the URL the common.js line and the bookmarklet load
//                                        (default: the local test wiki's gadget page, raw)
//
// scripts/dev.mjs (npm run dev) rebuilds with the same functions, exported below.
//
// Each choice below says why it was made; see README.md for how the outputs are used.
import { build, transform } from 'esbuild';
import { Parser } from 'acorn';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { compactMessages } from './scripts/lib/messages.mjs';

export const root = dirname( fileURLToPath( import.meta.url ) );
export const dist = join( root, 'dist' );

/**
 * The gadget definition is an input of the build: one line per part, the loader's first, then its
 * hidden parts, each named `<loader>-<role>`: the dialog (`-dialog`), the SHA-1 worker's code
 * (`-sha1`), the photo reader (`-photo`) and one per language of src/i18n besides English
 * (`-i18n-de`). PART_ENTRIES says what each role is built from. The modules each line declares
 * as dependencies are the ones that part loads itself with mw.loader.using() when it runs outside
 * the gadget (common.js, bookmarklet), so the lists can never drift apart; the module names and
 * page files are how the loader finds the dialog and the dialog its later parts.
 */
export function parseGadgetDefinition( text ) {
	const lines = text.split( '\n' ).filter( ( l ) => /^\*\s*\w/.test( l ) ).map( ( l ) => l.trim() );
	const parts = lines.map( ( line ) => {
		const match = /^\*\s*([\w-]+)\s*\[([^\]]*)\]\s*\|(.+)$/.exec( line );
		if ( !match ) {
			throw new Error( `gadget-definition.txt: expected a line like "* Name[ResourceLoader|dependencies=…]|Name.js", got: ${ line }` );
		}
		const options = match[ 2 ].split( '|' );
		const deps = options.find( ( o ) => o.startsWith( 'dependencies=' ) );
		const pages = match[ 3 ].split( '|' ).map( ( p ) => p.trim() );
		return {
			name: match[ 1 ],
			module: `ext.gadget.${ match[ 1 ] }`,
			dependencies: deps ? deps.slice( 'dependencies='.length ).split( ',' ).map( ( d ) => d.trim() ).filter( Boolean ) : [],
			pages,
			script: pages.find( ( p ) => p.endsWith( '.js' ) ),
			hidden: options.includes( 'hidden' ),
			line
		};
	} );
	const [ loader, ...hidden ] = parts;
	if ( !loader || loader.hidden || hidden.some( ( p ) => !p.hidden ) ) {
		throw new Error( 'gadget-definition.txt: expected the loader\'s line first, then its parts\' lines (each with `hidden`)' );
	}
	for ( const part of hidden ) {
		part.role = part.name.startsWith( `${ loader.name }-` ) ? part.name.slice( loader.name.length + 1 ) : '';
		if ( !( part.role in PART_ENTRIES ) && !/^i18n-[a-z]+(-[a-z]+)*$/.test( part.role ) ) {
			throw new Error( `gadget-definition.txt: ${ part.name } is no part the build knows (${ Object.keys( PART_ENTRIES ).map( ( r ) => `${ loader.name }-${ r }` ).join( ', ' ) }, ${ loader.name }-i18n-<language>)` );
		}
	}
	const missing = Object.keys( PART_ENTRIES ).filter( ( role ) => !hidden.some( ( p ) => p.role === role ) );
	if ( missing.length ) {
		throw new Error( `gadget-definition.txt: no line for ${ missing.map( ( r ) => `${ loader.name }-${ r }` ).join( ', ' ) }` );
	}
	return { loader, dialog: hidden.find( ( p ) => p.role === 'dialog' ), parts: hidden, all: parts };
}

/** The dialog's stylesheet, in the order its rules are joined (later rules win ties). */
export const STYLES = [ 'frame', 'cards', 'batch', 'describe' ].map( ( name ) => `src/ui/styles/${ name }.css` );

/** What each part is built from; `i18n-<code>` parts are src/i18n/<code>.json (scripts/lib/messages.mjs). */
const PART_ENTRIES = {
	dialog: 'src/dialog.ts',
	sha1: 'src/parts/sha1.ts',
	photo: 'src/parts/photo.ts'
};

function partEntry( part ) {
	return PART_ENTRIES[ part.role ] ? join( root, PART_ENTRIES[ part.role ] ) : `uploaddialog:language/${ part.role.slice( 'i18n-'.length ) }`;
}

function option( name, fallback ) {
	const i = process.argv.indexOf( name );
	return i > 0 && process.argv[ i + 1 ] ? process.argv[ i + 1 ] : fallback;
}

/** What a build reads besides the TypeScript graph: the package, the gadget definition, the styles. */
export async function readInputs() {
	const pkg = JSON.parse( await readFile( join( root, 'package.json' ), 'utf8' ) );
	const definition = await readFile( join( root, 'gadget-definition.txt' ), 'utf8' );
	// The lines themselves travel with the build (build.json), so a deploy writes the lines it was built with.
	const { loader: gadget, dialog, parts, all } = parseGadgetDefinition( definition );
	// Every language of src/i18n has its part, and every part its language.
	const languages = ( await readdir( join( root, 'src/i18n' ) ) ).filter( ( f ) => /^[a-z-]+\.json$/.test( f ) && f !== 'en.json' && f !== 'qqq.json' ).map( ( f ) => f.slice( 0, -5 ) );
	const defined = parts.filter( ( p ) => p.role.startsWith( 'i18n-' ) ).map( ( p ) => p.role.slice( 5 ) );
	const undefinedLanguages = languages.filter( ( l ) => !defined.includes( l ) );
	const unknownLanguages = defined.filter( ( l ) => !languages.includes( l ) );
	if ( undefinedLanguages.length || unknownLanguages.length ) {
		throw new Error( `gadget-definition.txt: ${ undefinedLanguages.map( ( l ) => `src/i18n/${ l }.json has no line "* ${ gadget.name }-i18n-${ l }[ResourceLoader|hidden]|${ gadget.name }-i18n-${ l }.js"` ).concat(
			unknownLanguages.map( ( l ) => `${ gadget.name }-i18n-${ l } has no src/i18n/${ l }.json` ) ).join( '; ' ) }` );
	}
	// The stylesheet travels inside the script (see esbuildOptions()), minified: its readable
	// source is STYLES, joined in that order. A warning about one is a mistake in it (an unclosed
	// block swallows every rule after it, and the dialog looks wrong only where nobody looks): the
	// build stops, naming the file and line.
	let css = '';
	for ( const file of STYLES ) {
		const styles = await transform( await readFile( join( root, file ), 'utf8' ), { loader: 'css', minify: true, legalComments: 'none', logLevel: 'warning' } );
		if ( styles.warnings.length ) {
			throw new Error( `${ file }: ${ styles.warnings.map( ( w ) => `${ w.text } (line ${ w.location?.line })` ).join( '; ' ) }` );
		}
		css += styles.code;
	}
	// The MIT License asks for its notice in every copy: the wiki page is one. Preact and
	// hash-wasm, bundled, are under the same license; their copyright lines come from their own
	// LICENSE files.
	const copyright = async ( name ) => ( await readFile( join( root, 'node_modules', name, 'LICENSE' ), 'utf8' ) ).split( '\n' ).find( ( l ) => l.startsWith( 'Copyright' ) );
	const preact = await copyright( 'preact' );
	const hashWasm = await copyright( 'hash-wasm' );
	const license = ( await readFile( join( root, 'LICENSE' ), 'utf8' ) ).trim();
	const notice = `/*!\n * ${ gadget.name } ${ pkg.version }\n * Bundles Preact: ${ preact }, and hash-wasm: ${ hashWasm }, under the same MIT License terms as below.\n *\n${
		license.split( '\n' ).map( ( l ) => ` *${ l ? ` ${ l }` : '' }` ).join( '\n' ) }\n */`;
	// The worker is a build of its own, made here with the other inputs: esbuildOptions() is
	// synchronous and takes it as a finished string.
	const workerSource = await buildWorkerSource();
	return { pkg, gadget, dialog, parts, all, css, notice, workerSource };
}

/**
 * The SHA-1 worker's code (src/hash/worker.ts and what it imports), as one string: a gadget is
 * one script, so the worker cannot be a file of its own; src/hash/hasher.ts starts it from a Blob
 * URL of this text, which esbuildOptions() puts into the bundle as __SHA1_WORKER_SOURCE__.
 */
export async function buildWorkerSource() {
	const result = await build( {
		entryPoints: [ join( root, 'src/hash/worker.ts' ) ],
		bundle: true,
		write: false,
		// Runs as a classic worker script: no module workers needed, and nothing leaks.
		format: 'iife',
		// The same browsers as the gadget (finishBuild() checks it as ES2016 too).
		target: 'es2016',
		// Minified: it is a string in the gadget, which ResourceLoader's minifier leaves as it is;
		// its readable sources are src/hash/*.ts.
		minify: true,
		charset: 'utf8',
		legalComments: 'none',
		logLevel: 'warning'
	} );
	return result.outputFiles[ 0 ].text;
}

/** The raw URL of the gadget's loader page on the local test wiki. */
export function defaultScriptUrl( gadget ) {
	const scriptPage = `MediaWiki:Gadget-${ gadget.name }.js`;
	return process.env.UPLOAD_DIALOG_SCRIPT_URL ||
		`http://127.0.0.1:${ process.env.WIKI_PORT || 8080 }/index.php?title=${ encodeURIComponent( scriptPage ) }&action=raw&ctype=text/javascript`;
}

/**
 * esbuild's options for all the scripts, one build: the loader (src/loader/), the dialog
 * (src/dialog.ts) and its later parts (PART_ENTRIES), named as gadget-definition.txt names their
 * pages. `write: false`: the output
 * goes through outputsByName() and finishBuild().
 */
export function esbuildOptions( { pkg, gadget, dialog, parts, css, notice, workerSource } ) {
	if ( typeof workerSource !== 'string' ) {
		throw new Error( 'esbuildOptions: inputs need workerSource (readInputs() builds it)' );
	}
	// The banner names the version and where it came from; <nowiki> keeps the wiki's pre-save
	// transform (~~~~, {{subst:}}) and link tables away from the code when it is saved as a page.
	const banner = `// <nowiki>\n/*! ${ gadget.name } ${ pkg.version } — ${ pkg.description } Built from source: do not edit here. */`;
	return {
		entryPoints: Object.fromEntries( [
			[ gadget.script.replace( /\.js$/, '' ), join( root, 'src/loader/index.ts' ) ],
			...parts.map( ( part ) => [ part.script.replace( /\.js$/, '' ), partEntry( part ) ] )
		] ),
		outdir: dist,
		bundle: true,
		write: false,
		// An IIFE: nothing leaks into the page's globals, and the same file runs as a gadget
		// module, pasted into common.js, or loaded from a URL.
		format: 'iife',
		// MediaWiki 1.42+ validates gadget scripts as ES2016 and replaces anything newer with a
		// parse error; esbuild lowers async/await, ?. and object spread to ES2016 syntax.
		target: 'es2016',
		// Minified: the common.js line and the bookmarklet load the raw page, which no
		// minifier touches, and the bundle has a budget (issue 12: 30 KB gzipped). The readable
		// source is in the repository; the banner says so, and the license notice stays.
		minify: true,
		charset: 'utf8',
		jsx: 'automatic',
		jsxImportSource: 'preact',
		legalComments: 'none',
		// Preact is bundled (a few KB); MediaWiki's own modules are never bundled: they are
		// declared in gadget-definition.txt and loaded with mw.loader.using().
		define: {
			__VERSION__: JSON.stringify( pkg.version ),
			__GADGET_NAME__: JSON.stringify( gadget.name ),
			// What the loader needs to find the dialog (see src/loader/index.ts), and each part's
			// modules, which it loads itself outside ResourceLoader.
			__LOADER_MODULE__: JSON.stringify( gadget.module ),
			__DIALOG_MODULE__: JSON.stringify( dialog.module ),
			__LOADER_FILE__: JSON.stringify( gadget.script ),
			__DIALOG_FILE__: JSON.stringify( dialog.script ),
			__LOADER_DEPENDENCIES__: JSON.stringify( gadget.dependencies ),
			__DEPENDENCIES__: JSON.stringify( dialog.dependencies ),
			// The dialog's later parts, by name (`sha1`, `photo`, `i18n-de`): src/parts/load.ts.
			__PARTS__: JSON.stringify( Object.fromEntries( parts.filter( ( p ) => p !== dialog ).map( ( p ) => [ p.role, { module: p.module, file: p.script } ] ) ) ),
			// The styles, which the script adds itself in every install (gadget, common.js,
			// bookmarklet): one copy of them is shipped, not a .css page besides.
			__STYLES__: JSON.stringify( css ),
			// The SHA-1 worker's code: see buildWorkerSource().
			__SHA1_WORKER_SOURCE__: JSON.stringify( workerSource )
		},
		plugins: [ compactMessages( join( root, 'src/i18n' ) ) ],
		banner: { js: banner },
		footer: { js: `${ notice }\n// </nowiki>` },
		logLevel: 'warning'
	};
}

/**
 * The commit the build inputs come from, for the deploy's edit summary: `abc123def456`, with
 * `+dirty` when a build input differs from it; null outside a git checkout.
 */
export function sourceCommit() {
	const git = ( ...args ) => execFileSync( 'git', [ '-C', root, ...args ], { encoding: 'utf8', stdio: [ 'ignore', 'pipe', 'ignore' ] } ).trim();
	try {
		if ( git( 'rev-parse', '--show-toplevel' ) !== root ) {
			return null;
		}
		const commit = git( 'rev-parse', '--short=12', 'HEAD' );
		const dirty = git( 'status', '--porcelain', '--', 'src', 'build.mjs', 'package.json', 'package-lock.json', 'gadget-definition.txt', 'LICENSE' );
		return dirty ? `${ commit }+dirty` : commit;
	} catch {
		return null;
	}
}

/** esbuild's output files by file name (`UploadDialog.js`, `UploadDialog-dialog.js`). */
export function outputsByName( result ) {
	return new Map( result.outputFiles.map( ( f ) => [ f.path.slice( f.path.lastIndexOf( '/' ) + 1 ), f.text ] ) );
}

/**
 * Checks both scripts as ES2016 and writes them, the install snippets and
 * build.json (name, version, commit and definition line: what scripts/deploy.mjs writes and names
 * in its edit summaries) into outDir.
 * Returns the files written, by name.
 */
export async function finishBuild( scripts, { pkg, gadget, all, workerSource }, { scriptUrl, outDir = dist, commit = sourceCommit() } ) {
	// Prove the promise above instead of trusting it: a parse as ES2016, like the wiki's. The
	// worker's code is only a string to that parse, so it gets one of its own: the wiki does not
	// check it, but it runs in the same browsers.
	for ( const file of all.map( ( part ) => part.script ) ) {
		if ( !scripts.has( file ) ) {
			throw new Error( `the build made no ${ file }` );
		}
		try {
			Parser.parse( scripts.get( file ), { ecmaVersion: 2016, sourceType: 'script' } );
		} catch ( e ) {
			throw new Error( `dist/${ file } is not valid ES2016 (MediaWiki would refuse it): ${ e.message }` );
		}
		// A wiki page cannot hold C0 control characters: MediaWiki replaces them when the page is
		// saved, so the script on the wiki would differ from the build (and every deploy would
		// write it again). esbuild writes some escapes raw (in template literals): say where.
		const control = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.exec( scripts.get( file ) );
		if ( control ) {
			const at = control.index;
			throw new Error( `dist/${ file } holds the control character U+${ control[ 0 ].charCodeAt( 0 ).toString( 16 ).padStart( 4, '0' ) } near ` +
				`${ JSON.stringify( scripts.get( file ).slice( Math.max( 0, at - 40 ), at + 20 ) ) }: a wiki page cannot keep it; write it as String.fromCharCode(…)` );
		}
	}
	if ( workerSource !== undefined ) {
		try {
			Parser.parse( workerSource, { ecmaVersion: 2016, sourceType: 'script' } );
		} catch ( e ) {
			throw new Error( `the SHA-1 worker's code is not valid ES2016: ${ e.message }` );
		}
	}

	const files = new Map( all.map( ( part ) => [ part.script, scripts.get( part.script ) ] ) );

	// The two ways to load the same loader without installing a gadget (it fetches the dialog from
	// beside itself). Both load only from the URL they were built for.
	const loadCall = `mw.loader.load(${ JSON.stringify( scriptUrl ) });`;
	files.set( 'common.js.txt', `// ${ gadget.name } ${ pkg.version }: add this line to your User:…/common.js\n${ loadCall }\n` );
	const bookmarklet = `javascript:(function(){if(window.mw&&mw.loader){${ loadCall }}else{alert('${ gadget.name }: open a page of a MediaWiki wiki first.');}})();`;
	files.set( 'bookmarklet.txt', bookmarklet + '\n' );
	files.set( 'install.html', installPage( gadget.name, pkg.version, bookmarklet, loadCall ) );
	files.set( 'build.json', JSON.stringify( { name: gadget.name, version: pkg.version, commit, definitions: all.map( ( part ) => part.line ), scriptUrl }, null, '\t' ) + '\n' );

	await mkdir( outDir, { recursive: true } );
	for ( const [ name, text ] of files ) {
		await writeFile( join( outDir, name ), text );
	}
	return files;
}

async function main() {
	const inputs = await readInputs();
	const { gadget } = inputs;
	const scriptUrl = option( '--script-url', defaultScriptUrl( gadget ) );
	const scripts = outputsByName( await build( esbuildOptions( inputs ) ) );
	await finishBuild( scripts, inputs, { scriptUrl } );
	const gz = ( file ) => `${ scripts.get( file ).length } bytes, ${ gzipSync( scripts.get( file ) ).length } gzipped`;
	console.log( `built, ES2016 checked:\n${ inputs.all.map( ( part ) => `  dist/${ part.script }: ${ gz( part.script ) }` ).join( '\n' ) }\n  common.js.txt, bookmarklet.txt, install.html, build.json; loads from ${ scriptUrl }` );
}

function escapeHtml( s ) {
	return s.replace( /&/g, '&amp;' ).replace( /</g, '&lt;' ).replace( />/g, '&gt;' ).replace( /"/g, '&quot;' );
}

function installPage( name, version, bookmarklet, loadCall ) {
	return `<!doctype html>
<meta charset="utf-8">
<title>${ name } ${ version }: install</title>
<h1>${ name } ${ version }</h1>
<p>Bookmarklet: drag this link to your bookmarks bar, then click it on any page of the wiki:
<a id="bookmarklet" href="${ escapeHtml( bookmarklet ) }">${ name }</a></p>
<p>Or add this line to your <code>User:…/common.js</code>:</p>
<pre>${ escapeHtml( loadCall ) }</pre>
`;
}

if ( process.argv[ 1 ] === fileURLToPath( import.meta.url ) ) {
	main().catch( ( e ) => {
		console.error( `build failed: ${ e.message }` );
		process.exit( 1 );
	} );
}
