#!/usr/bin/env node
// The live dev loop: rebuilds dist/ on every change of the sources and serves it on 127.0.0.1,
// and prints a bookmarklet and a common.js line that load that live build on any wiki.
//
//   npm run dev                    port 8787 (or $UPLOAD_DIALOG_DEV_PORT)
//   npm run dev -- --port 0        any free port (the URL is printed)
//
// The build is build.mjs's (same esbuild options, same ES2016 check, same files), in esbuild's
// watch mode for the TypeScript graph (src/**, the message files); the inputs read outside that
// graph (src/ui/styles/*.css, gadget-definition.txt, package.json, LICENSE) restart it when they
// change.
// The loader loaded this way fetches the dialog (and the dialog its later parts) from beside
// itself (this server); the dialog brings its own styles. ResourceLoader's ES2016 check does not
// apply to them, but the build's own check does.
import { context } from 'esbuild';
import { watch } from 'node:fs';
import { createServer } from 'node:http';
import { basename, join } from 'node:path';
import { STYLES, dist, esbuildOptions, finishBuild, outputsByName, readInputs, root } from '../build.mjs';

const TYPES = {
	js: 'text/javascript; charset=utf-8',
	html: 'text/html; charset=utf-8',
	txt: 'text/plain; charset=utf-8',
	json: 'application/json; charset=utf-8'
};

function option( name, fallback ) {
	const i = process.argv.indexOf( name );
	return i > 0 && process.argv[ i + 1 ] !== undefined ? process.argv[ i + 1 ] : fallback;
}

const time = () => new Date().toTimeString().slice( 0, 8 );

/** The files of the last good build, by name: what the server answers with. */
let files = new Map();

/**
 * Plain files from memory, with their type; CORS open to every origin, so any wiki's page may
 * load them, also with fetch(); no caching, so a reload always gets the last build. The
 * Private-Network header answers Chromium's preflight for a public page asking 127.0.0.1.
 */
function serve( request, response ) {
	const headers = {
		'Access-Control-Allow-Origin': '*',
		'Cache-Control': 'no-store',
		'X-Content-Type-Options': 'nosniff'
	};
	if ( request.method === 'OPTIONS' ) {
		response.writeHead( 204, {
			...headers,
			'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
			'Access-Control-Allow-Headers': request.headers[ 'access-control-request-headers' ] || '*',
			'Access-Control-Allow-Private-Network': 'true',
			'Access-Control-Max-Age': '600'
		} );
		response.end();
		return;
	}
	if ( request.method !== 'GET' && request.method !== 'HEAD' ) {
		response.writeHead( 405, { ...headers, Allow: 'GET, HEAD, OPTIONS' } );
		response.end();
		return;
	}
	let name;
	try {
		const path = new URL( request.url, 'http://127.0.0.1' ).pathname;
		name = path === '/' ? 'install.html' : decodeURIComponent( path.slice( 1 ) );
	} catch {
		name = '';
	}
	const body = files.get( name );
	if ( body === undefined ) {
		response.writeHead( 404, { ...headers, 'Content-Type': TYPES.txt } );
		response.end( files.size ? `not found: ${ name } (there are: ${ [ ...files.keys() ].join( ', ' ) })\n` : 'the first build is not ready yet\n' );
		return;
	}
	const buffer = Buffer.from( body );
	response.writeHead( 200, {
		...headers,
		'Content-Type': TYPES[ name.split( '.' ).pop() ] || 'application/octet-stream',
		'Content-Length': buffer.length
	} );
	response.end( request.method === 'HEAD' ? undefined : buffer );
}

async function listen( port ) {
	const server = createServer( serve );
	await new Promise( ( resolve, reject ) => {
		server.once( 'error', ( e ) => reject( e.code === 'EADDRINUSE' ?
			new Error( `port ${ port } on 127.0.0.1 is taken: npm run dev -- --port <another, or 0 for any>` ) : e ) );
		// Only this machine: the dev server is for your browser, not the network.
		server.listen( port, '127.0.0.1', resolve );
	} );
	return server;
}

async function main() {
	const port = Number( option( '--port', process.env.UPLOAD_DIALOG_DEV_PORT || 8787 ) );
	const server = await listen( port );
	const base = `http://127.0.0.1:${ server.address().port }`;
	let ctx = null;
	let first = true;

	const start = async () => {
		const inputs = await readInputs();
		const name = inputs.gadget.name;
		const scriptUrl = `${ base }/${ inputs.gadget.script }`;
		let began = Date.now();
		ctx = await context( {
			...esbuildOptions( inputs ),
			plugins: [ ...( esbuildOptions( inputs ).plugins || [] ), {
				name: 'finish',
				setup( build ) {
					build.onStart( () => {
						began = Date.now();
					} );
					build.onEnd( async ( result ) => {
						if ( result.errors.length ) {
							console.log( `[${ time() }] build failed (${ result.errors.length } error${ result.errors.length === 1 ? '' : 's' } above); still serving the last good build` );
							return;
						}
						try {
							const built = await finishBuild( outputsByName( result ), inputs, { scriptUrl, outDir: dist } );
							files = built;
						} catch ( e ) {
							console.log( `[${ time() }] build failed: ${ e.message }; still serving the last good build` );
							return;
						}
						const size = ( file ) => `${ Math.round( files.get( file ).length / 1024 ) } KB`;
						if ( first ) {
							first = false;
							console.log( [
								`${ name } ${ inputs.pkg.version } dev server: ${ base }/ (the build in dist/, rebuilt on every change; Ctrl-C stops)`,
								'',
								'bookmarklet (drag it from the page above, or make a bookmark with this as its URL; click it on any page of a wiki):',
								files.get( 'bookmarklet.txt' ).trim(),
								'',
								'or this line in User:<you>/common.js (every page you open then loads the live build):',
								files.get( 'common.js.txt' ).trim().split( '\n' ).pop(),
								''
							].join( '\n' ) );
						}
						console.log( `[${ time() }] built ${ inputs.all.map( ( part ) => `${ part.script } (${ size( part.script ) })` ).join( ', ' ) }, ES2016 checked, in ${ Date.now() - began } ms: reload the wiki page and click the bookmarklet again` );
					} );
				}
			} ]
		} );
		await ctx.watch();
	};

	// Inputs outside esbuild's graph: a change restarts the build with them read again.
	let timer = null;
	const restart = ( file ) => {
		clearTimeout( timer );
		timer = setTimeout( async () => {
			console.log( `[${ time() }] ${ file } changed` );
			const old = ctx;
			ctx = null;
			await old?.dispose();
			await start().catch( ( e ) => console.log( `[${ time() }] build failed: ${ e.message }` ) );
		}, 100 );
	};
	const watched = [ [ root, [ 'gadget-definition.txt', 'package.json', 'LICENSE' ] ], [ join( root, 'src/ui/styles' ), STYLES.map( ( file ) => basename( file ) ) ] ];
	const watchers = watched.map( ( [ dir, names ] ) => watch( dir, ( _event, file ) => {
		if ( names.includes( String( file ) ) ) {
			restart( file );
		}
	} ) );

	const stopAll = async () => {
		watchers.forEach( ( w ) => w.close() );
		server.close();
		await ctx?.dispose();
		process.exit( 0 );
	};
	process.on( 'SIGINT', stopAll );
	process.on( 'SIGTERM', stopAll );

	await start();
}

main().catch( ( e ) => {
	console.error( `dev: ${ e.message }` );
	process.exit( 1 );
} );
