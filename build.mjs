#!/usr/bin/env node
// Builds the one script that serves all three installs (gadget, common.js, bookmarklet),
// its stylesheet inside, into dist/, then writes the install snippets for it.
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
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = dirname( fileURLToPath( import.meta.url ) );
export const dist = join( root, 'dist' );

/**
 * The gadget definition is an input of the build: the modules it declares as dependencies are
 * the ones the script loads itself with mw.loader.using() when it runs outside the gadget
 * (common.js, bookmarklet), so the two lists can never drift apart.
 */
export function parseGadgetDefinition( text ) {
	const line = text.split( '\n' ).find( ( l ) => /^\*\s*\w/.test( l ) );
	const match = line && /^\*\s*([\w-]+)\s*\[([^\]]*)\]\s*\|(.+)$/.exec( line.trim() );
	if ( !match ) {
		throw new Error( 'gadget-definition.txt: expected a line like "* Name[ResourceLoader|dependencies=…]|Name.js"' );
	}
	const options = match[ 2 ].split( '|' );
	const deps = options.find( ( o ) => o.startsWith( 'dependencies=' ) );
	return {
		name: match[ 1 ],
		dependencies: deps ? deps.slice( 'dependencies='.length ).split( ',' ).map( ( d ) => d.trim() ).filter( Boolean ) : [],
		pages: match[ 3 ].split( '|' ).map( ( p ) => p.trim() )
	};
}

function option( name, fallback ) {
	const i = process.argv.indexOf( name );
	return i > 0 && process.argv[ i + 1 ] ? process.argv[ i + 1 ] : fallback;
}

/** What a build reads besides the TypeScript graph: the package, the gadget definition, the styles. */
export async function readInputs() {
	const pkg = JSON.parse( await readFile( join( root, 'package.json' ), 'utf8' ) );
	const definition = await readFile( join( root, 'gadget-definition.txt' ), 'utf8' );
	const gadget = parseGadgetDefinition( definition );
	// The line itself travels with the build (build.json), so a deploy writes the line it was built with.
	gadget.line = definition.split( '\n' ).find( ( l ) => /^\*\s*\w/.test( l ) ).trim();
	// The stylesheet travels inside the script (see esbuildOptions()), minified: its readable
	// source is src/ui/styles.css.
	const css = ( await transform( await readFile( join( root, 'src/ui/styles.css' ), 'utf8' ), { loader: 'css', minify: true, legalComments: 'none', logLevel: 'warning' } ) ).code;
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
	return { pkg, gadget, css, notice, workerSource };
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

/**
 * The messages of every bundled language in one compact shape: the keys once (without their
 * common `uploaddialog-` prefix) and each language's texts as a list in the same order, instead of
 * one object per language that repeats every key. src/i18n/index.ts gets the same objects as it
 * would from the JSON files (which stay MediaWiki's format, for translators and the unit tests);
 * `@metadata` stays out of the bundle. Saves about 0.7 KB gzipped with two languages, and a
 * language added later costs only its texts.
 */
export function compactMessages() {
	const prefix = 'uploaddialog-';
	const dir = join( root, 'src/i18n' );
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
				const messages = JSON.parse( await readFile( args.path, 'utf8' ) );
				const keys = Object.keys( en ).filter( ( k ) => k !== '@metadata' );
				const unknown = Object.keys( messages ).filter( ( k ) => k !== '@metadata' && !( k in en ) );
				if ( unknown.length ) {
					throw new Error( `${ args.path }: keys that en.json does not have: ${ unknown.join( ', ' ) }` );
				}
				// A text the language lacks is 0: left out, so that English shows.
				const texts = keys.map( ( k ) => ( typeof messages[ k ] === 'string' ? messages[ k ] : 0 ) );
				return {
					contents: `import k from 'uploaddialog:message-keys';var t=${ JSON.stringify( texts ) },m={};k.forEach(function(x,i){if(t[i]!==0)m[${ JSON.stringify( prefix ) }+x]=t[i];});export default m;`,
					loader: 'js',
					watchFiles: [ join( dir, 'en.json' ) ]
				};
			} );
		}
	};
}

/** The raw URL of the gadget's script page on the local test wiki. */
export function defaultScriptUrl( gadget ) {
	const scriptPage = `MediaWiki:Gadget-${ gadget.name }.js`;
	return process.env.UPLOAD_DIALOG_SCRIPT_URL ||
		`http://127.0.0.1:${ process.env.WIKI_PORT || 8080 }/index.php?title=${ encodeURIComponent( scriptPage ) }&action=raw&ctype=text/javascript`;
}

/** esbuild's options for the one script; `write: false`, the output goes through finishBuild(). */
export function esbuildOptions( { pkg, gadget, css, notice, workerSource } ) {
	if ( typeof workerSource !== 'string' ) {
		throw new Error( 'esbuildOptions: inputs need workerSource (readInputs() builds it)' );
	}
	// The banner names the version and where it came from; <nowiki> keeps the wiki's pre-save
	// transform (~~~~, {{subst:}}) and link tables away from the code when it is saved as a page.
	const banner = `// <nowiki>\n/*! ${ gadget.name } ${ pkg.version } — ${ pkg.description } Built from source: do not edit here. */`;
	return {
		entryPoints: [ join( root, 'src/index.ts' ) ],
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
			__DEPENDENCIES__: JSON.stringify( gadget.dependencies ),
			// The styles, which the script adds itself in every install (gadget, common.js,
			// bookmarklet): one copy of them is shipped, not a .css page besides.
			__STYLES__: JSON.stringify( css ),
			// The SHA-1 worker's code: see buildWorkerSource().
			__SHA1_WORKER_SOURCE__: JSON.stringify( workerSource )
		},
		plugins: [ compactMessages() ],
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

/**
 * Checks the bundle as ES2016 and writes it, the install snippets and
 * build.json (name, version, commit and definition line: what scripts/deploy.mjs writes and names
 * in its edit summaries) into outDir.
 * Returns the files written, by name.
 */
export async function finishBuild( js, { pkg, gadget, workerSource }, { scriptUrl, outDir = dist, commit = sourceCommit() } ) {
	// Prove the promise above instead of trusting it: a parse as ES2016, like the wiki's. The
	// worker's code is only a string to that parse, so it gets one of its own: the wiki does not
	// check it, but it runs in the same browsers.
	try {
		Parser.parse( js, { ecmaVersion: 2016, sourceType: 'script' } );
	} catch ( e ) {
		throw new Error( `dist script is not valid ES2016 (MediaWiki would refuse it): ${ e.message }` );
	}
	if ( workerSource !== undefined ) {
		try {
			Parser.parse( workerSource, { ecmaVersion: 2016, sourceType: 'script' } );
		} catch ( e ) {
			throw new Error( `the SHA-1 worker's code is not valid ES2016: ${ e.message }` );
		}
	}

	const files = new Map();
	files.set( `${ gadget.name }.js`, js );

	// The two ways to load the same file without installing a gadget. Both load only from the
	// URL they were built for.
	const loadCall = `mw.loader.load(${ JSON.stringify( scriptUrl ) });`;
	files.set( 'common.js.txt', `// ${ gadget.name } ${ pkg.version }: add this line to your User:…/common.js\n${ loadCall }\n` );
	const bookmarklet = `javascript:(function(){if(window.mw&&mw.loader){${ loadCall }}else{alert('${ gadget.name }: open a page of a MediaWiki wiki first.');}})();`;
	files.set( 'bookmarklet.txt', bookmarklet + '\n' );
	files.set( 'install.html', installPage( gadget.name, pkg.version, bookmarklet, loadCall ) );
	files.set( 'build.json', JSON.stringify( { name: gadget.name, version: pkg.version, commit, definition: gadget.line, scriptUrl }, null, '\t' ) + '\n' );

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
	const result = await build( esbuildOptions( inputs ) );
	const js = result.outputFiles[ 0 ].text;
	await finishBuild( js, inputs, { scriptUrl } );
	console.log( `built dist/${ gadget.name }.js (${ js.length } bytes, ES2016 checked, styles inside), common.js.txt, bookmarklet.txt, install.html, build.json; loads from ${ scriptUrl }` );
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
