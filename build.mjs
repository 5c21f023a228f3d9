#!/usr/bin/env node
// Builds the one script that serves all three installs (gadget, common.js, bookmarklet)
// and its stylesheet into dist/, then writes the install snippets for it.
//
//   node build.mjs                       build once
//   node build.mjs --script-url URL      the URL the common.js line and the bookmarklet load
//                                        (default: the local test wiki's gadget page, raw)
//
// Each choice below says why it was made; see README.md for how the outputs are used.
import { build } from 'esbuild';
import { Parser } from 'acorn';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname( fileURLToPath( import.meta.url ) );
const dist = join( root, 'dist' );
const pkg = JSON.parse( await readFile( join( root, 'package.json' ), 'utf8' ) );

/**
 * The gadget definition is an input of the build: the modules it declares as dependencies are
 * the ones the script loads itself with mw.loader.using() when it runs outside the gadget
 * (common.js, bookmarklet), so the two lists can never drift apart.
 */
export function parseGadgetDefinition( text ) {
	const line = text.split( '\n' ).find( ( l ) => /^\*\s*\w/.test( l ) );
	const match = line && /^\*\s*([\w-]+)\s*\[([^\]]*)\]\s*\|(.+)$/.exec( line.trim() );
	if ( !match ) {
		throw new Error( 'gadget-definition.txt: expected a line like "* Name[ResourceLoader|dependencies=…]|Name.js|Name.css"' );
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

async function main() {
	const gadget = parseGadgetDefinition( await readFile( join( root, 'gadget-definition.txt' ), 'utf8' ) );
	const scriptPage = `MediaWiki:Gadget-${ gadget.name }.js`;
	const scriptUrl = option( '--script-url', process.env.UPLOAD_DIALOG_SCRIPT_URL ||
		`http://127.0.0.1:${ process.env.WIKI_PORT || 8080 }/index.php?title=${ encodeURIComponent( scriptPage ) }&action=raw&ctype=text/javascript` );

	const css = await readFile( join( root, 'src/ui/styles.css' ), 'utf8' );
	// The banner names the version and where it came from; <nowiki> keeps the wiki's pre-save
	// transform (~~~~, {{subst:}}) and link tables away from the code when it is saved as a page.
	const banner = `// <nowiki>\n/*! ${ gadget.name } ${ pkg.version } — ${ pkg.description } Built from source: do not edit here. */`;

	const result = await build( {
		entryPoints: [ join( root, 'src/index.ts' ) ],
		bundle: true,
		write: false,
		// An IIFE: nothing leaks into the page's globals, and the same file runs as a gadget
		// module, pasted into common.js, or loaded from a URL.
		format: 'iife',
		// MediaWiki 1.42+ validates gadget scripts as ES2016 and replaces anything newer with a
		// parse error; esbuild lowers async/await, ?. and object spread to ES2016 syntax.
		target: 'es2016',
		// Not minified: ResourceLoader minifies gadgets itself, and readable code on the wiki
		// page helps the interface administrators who review it.
		minify: false,
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
			// Outside the gadget (common.js, bookmarklet) the script adds its own styles.
			__STYLES__: JSON.stringify( css )
		},
		banner: { js: banner },
		footer: { js: '// </nowiki>' },
		logLevel: 'warning'
	} );
	const js = result.outputFiles[ 0 ].text;

	// Prove the promise above instead of trusting it: a parse as ES2016, like the wiki's.
	try {
		Parser.parse( js, { ecmaVersion: 2016, sourceType: 'script' } );
	} catch ( e ) {
		throw new Error( `dist script is not valid ES2016 (MediaWiki would refuse it): ${ e.message }` );
	}

	await mkdir( dist, { recursive: true } );
	await writeFile( join( dist, `${ gadget.name }.js` ), js );
	await writeFile( join( dist, `${ gadget.name }.css` ),
		`/* <nowiki> */\n/*! ${ gadget.name } ${ pkg.version }. Built from source: do not edit here. */\n${ css }/* </nowiki> */\n` );

	// The two ways to load the same file without installing a gadget. Both load only from the
	// URL they were built for.
	const loadCall = `mw.loader.load(${ JSON.stringify( scriptUrl ) });`;
	await writeFile( join( dist, 'common.js.txt' ),
		`// ${ gadget.name } ${ pkg.version }: add this line to your User:…/common.js\n${ loadCall }\n` );
	const bookmarklet = `javascript:(function(){if(window.mw&&mw.loader){${ loadCall }}else{alert('${ gadget.name }: open a page of a MediaWiki wiki first.');}})();`;
	await writeFile( join( dist, 'bookmarklet.txt' ), bookmarklet + '\n' );
	await writeFile( join( dist, 'install.html' ), installPage( gadget.name, pkg.version, bookmarklet, loadCall ) );

	console.log( `built dist/${ gadget.name }.js (${ js.length } bytes, ES2016 checked), dist/${ gadget.name }.css, common.js.txt, bookmarklet.txt, install.html; loads from ${ scriptUrl }` );
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
