// The benchmark's own build, wiki, files and machine facts. It never writes dist/ (other work on
// the same checkout uses it): the build goes to a directory of its own, through the same
// functions as `node build.mjs` (same esbuild options, same ES2016 check), and wiki.sh installs
// that build on the benchmark's own wiki (GADGET_DIST).
import { build, transform } from 'esbuild';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomFillSync } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { esbuildOptions, finishBuild, outputsByName, readInputs, root } from '../../build.mjs';

export { root };

export const MiB = 1024 * 1024;

/**
 * Builds the gadget into outDir; returns the paths and the sizes (raw, gzip, minified + gzip).
 * The build is one script with the styles inside (no .css page): `css` is 0, kept so that reports
 * of earlier builds, which had a stylesheet besides, still add up.
 */
export async function buildGadget( outDir, scriptUrl ) {
	const inputs = await readInputs();
	const scripts = outputsByName( await build( esbuildOptions( inputs ) ) );
	// The sizes are what opening the dialog costs: the loader and the dialog it loads (not the parts
	// the dialog fetches later: the SHA-1 worker's code, the photo reader, other languages).
	const js = scripts.get( inputs.gadget.script ) + scripts.get( inputs.dialog.script );
	const files = await finishBuild( scripts, inputs, { scriptUrl, outDir } );
	const name = inputs.gadget.name;
	const css = files.get( `${ name }.css` ) || '';
	const gz = ( text ) => gzipSync( Buffer.from( text ), { level: 9 } ).length;
	const minJs = ( await transform( js, { minify: true, target: 'es2016', legalComments: 'none' } ) ).code;
	const minCss = css ? ( await transform( css, { minify: true, loader: 'css', legalComments: 'none' } ) ).code : '';
	return {
		name,
		version: inputs.pkg.version,
		// The SHA-1 worker's code exactly as this build embeds it: the hashing part runs it alone.
		workerSource: inputs.workerSource,
		// Every part, as wiki.sh installs them (GADGET_DIST).
		dist: outDir,
		sizes: {
			js: Buffer.byteLength( js ),
			css: Buffer.byteLength( css ),
			jsGzip: gz( js ),
			cssGzip: css ? gz( css ) : 0,
			jsMinGzip: gz( minJs ),
			cssMinGzip: minCss ? gz( minCss ) : 0
		}
	};
}

function run( command, args, env ) {
	return new Promise( ( resolve, reject ) => {
		const child = spawn( command, args, { cwd: root, env: { ...process.env, ...env }, stdio: [ 'ignore', 'pipe', 'pipe' ] } );
		let output = '';
		child.stdout.on( 'data', ( d ) => {
			output += d;
		} );
		child.stderr.on( 'data', ( d ) => {
			output += d;
		} );
		child.on( 'close', ( code ) => ( code === 0 ? resolve( output ) : reject( new Error( `${ command } ${ args.join( ' ' ) } failed (${ code }):\n${ output }` ) ) ) );
	} );
}

/** `wiki.sh up` (or `create` with fresh) for the benchmark's own wiki dir and port. */
export async function wikiUp( { dir, port, gadget, fresh } ) {
	const env = { WIKI_DIR: dir, WIKI_PORT: String( port ), GADGET_DIST: gadget.dist };
	await run( 'bash', [ 'scripts/wiki/wiki.sh', fresh ? 'create' : 'up' ], env );
	return JSON.parse( readFileSync( join( dir, 'wiki.json' ), 'utf8' ) );
}

export function wikiStop( { dir, port } ) {
	return run( 'bash', [ 'scripts/wiki/wiki.sh', 'stop' ], { WIKI_DIR: dir, WIKI_PORT: String( port ) } );
}

const MARK_START = '# ---- UploadDialog benchmark: memory run (scripts/bench.mjs; removed when it ends) ----';
const MARK_END = '# ---- end of UploadDialog benchmark ----';

/**
 * The test wiki allows 200 MiB; the memory run uploads 1 GiB. This raises $wgMaxUploadSize in
 * the benchmark's own wiki only (its LocalSettings.php is read on every request) and returns the
 * function that puts it back.
 */
export function raiseMaxUploadSize( dir, bytesAllowed ) {
	const file = join( dir, 'LocalSettings.php' );
	const original = stripBlock( readFileSync( file, 'utf8' ) );
	writeFileSync( file, `${ original }\n${ MARK_START }\n$wgMaxUploadSize = ${ bytesAllowed };\n${ MARK_END }\n` );
	return () => writeFileSync( file, stripBlock( readFileSync( file, 'utf8' ) ) );
}

function stripBlock( text ) {
	const start = text.indexOf( `\n${ MARK_START }` );
	if ( start === -1 ) {
		return text;
	}
	const end = text.indexOf( MARK_END, start );
	return text.slice( 0, start ) + ( end === -1 ? '' : text.slice( end + MARK_END.length + 1 ) );
}

/** What ResourceLoader serves for the gadget (minified by the wiki), gzipped here at level 9. */
export async function servedSize( server, module ) {
	const get = ( only ) => new Promise( ( resolve, reject ) => {
		http.get( `${ server }/load.php?modules=${ encodeURIComponent( module ) }&only=${ only }&skin=vector-2022&lang=en&debug=false`, ( res ) => {
			const parts = [];
			res.on( 'data', ( c ) => parts.push( c ) );
			res.on( 'end', () => resolve( Buffer.concat( parts ) ) );
		} ).on( 'error', reject );
	} );
	const js = await get( 'scripts' );
	const css = await get( 'styles' );
	return { js: js.length, css: css.length, jsGzip: gzipSync( js, { level: 9 } ).length, cssGzip: gzipSync( css, { level: 9 } ).length };
}

/**
 * A PDF MediaWiki accepts: `%PDF-1.4\n`, random bytes, `\n%%EOF\n`. Every file gets a fresh
 * random body (so no upload is a `duplicate` of an earlier one), written in 16 MiB blocks.
 * `hash` (a node:crypto Hash), when given, is fed every byte written: the hashing part checks
 * the browser's SHA-1 against it without reading the file again.
 */
export function writePdf( path, size, hash = null ) {
	const write = ( fd, buffer, length = buffer.length ) => {
		writeSync( fd, buffer, 0, length );
		if ( hash ) {
			hash.update( length === buffer.length ? buffer : buffer.subarray( 0, length ) );
		}
	};
	const head = Buffer.from( '%PDF-1.4\n' );
	const tail = Buffer.from( '\n%%EOF\n' );
	const fd = openSync( path, 'w' );
	try {
		write( fd, head );
		let left = size - head.length - tail.length;
		const block = Buffer.allocUnsafe( Math.min( 16 * MiB, Math.max( left, 1 ) ) );
		while ( left > 0 ) {
			const n = Math.min( left, block.length );
			randomFillSync( block, 0, n );
			write( fd, block, n );
			left -= n;
		}
		write( fd, tail );
	} finally {
		closeSync( fd );
	}
	return path;
}

/**
 * `count` fresh PDFs of `size` bytes named `<prefix>-001.pdf` …: each its own random body (the
 * dialog compares contents, and identical files would stop to ask) and a name no other run used.
 */
export function writePdfs( dir, prefix, count, size ) {
	const digits = String( count ).length;
	return Array.from( { length: count }, ( _, i ) => {
		const name = `${ prefix }-${ String( i + 1 ).padStart( Math.max( 3, digits ), '0' ) }.pdf`;
		return { name, path: writePdf( join( dir, name ), size ) };
	} );
}

/** Deletes files written by writePdf(s); a file already gone is no error. */
export function removeFiles( files ) {
	for ( const f of files ) {
		try {
			unlinkSync( typeof f === 'string' ? f : f.path );
		} catch {}
	}
}

export function uniqueStamp() {
	return `${ Date.now().toString( 36 ) }${ randomBytes( 3 ).toString( 'hex' ) }`;
}

function quiet( command, args ) {
	try {
		return execFileSync( command, args, { encoding: 'utf8', stdio: [ 'ignore', 'pipe', 'ignore' ] } ).trim();
	} catch {
		return '';
	}
}

/** The facts about the machine and the software that the figures depend on. */
export function machine() {
	const cpus = os.cpus();
	const commit = quiet( 'git', [ '-C', root, 'rev-parse', '--short=12', 'HEAD' ] );
	const dirty = quiet( 'git', [ '-C', root, 'status', '--porcelain', '--', 'src', 'build.mjs', 'package.json' ] );
	let debian = '';
	try {
		debian = readFileSync( '/etc/debian_version', 'utf8' ).trim();
	} catch {}
	return {
		cpu: cpus[ 0 ] ? cpus[ 0 ].model.trim() : '?',
		cores: cpus.length,
		memoryGiB: Math.round( os.totalmem() / 2 ** 30 ),
		os: `${ os.type() } ${ os.release() }${ debian ? `, Debian ${ debian }` : '' }`,
		node: process.version,
		php: quiet( 'php', [ '-r', 'echo PHP_VERSION;' ] ),
		commit: commit ? `${ commit }${ dirty ? '+dirty' : '' }` : '?',
		loadAverage: os.loadavg().map( ( l ) => l.toFixed( 2 ) ).join( ' ' )
	};
}

export function ensureDir( dir ) {
	mkdirSync( dir, { recursive: true } );
	return dir;
}
