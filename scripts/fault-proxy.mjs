// A fault-injecting HTTP proxy of the project's own, on 127.0.0.1, between the browser and the
// local wiki. End-to-end tests use it to make the real network's failures happen on purpose
// (a reset connection, an answer lost after the wiki applied the request, 503, a 502 HTML page,
// a stall, a truncated JSON body); the benchmark uses its latency and bandwidth cap to play a
// real-world link. It only ever listens on and talks to loopback addresses.
//
//   import { startFaultProxy } from './scripts/fault-proxy.mjs';
//   const proxy = await startFaultProxy( { target: 'http://127.0.0.1:8080', faults: { reset: 0.05 } } );
//   … proxy.url, proxy.stats, proxy.setFaults( {…} ), await proxy.close()
import { createHash } from 'node:crypto';
import http from 'node:http';
import { Readable, Transform } from 'node:stream';

/** The kinds of fault, each with the share of matching requests it hits (0…1). */
export const FAULT_KINDS = [ 'reset', 'dropAnswer', 'status503', 'html502', 'stall', 'truncate', 'badToken' ];

/** A small deterministic random source, so a failing run can be replayed with its seed. */
function random( seed ) {
	let s = seed >>> 0 || 1;
	return () => {
		s ^= s << 13;
		s ^= s >>> 17;
		s ^= s << 5;
		return ( s >>> 0 ) / 4294967296;
	};
}

/** Only upload requests (multipart POSTs to api.php) are hit by default: page loads stay clean. */
export function isUploadRequest( req ) {
	return req.method === 'POST' && req.url.startsWith( '/api.php' ) &&
		/multipart\/form-data/.test( req.headers[ 'content-type' ] || '' );
}

/** A stream that lets at most `bytesPerSecond` through, for an upstream bandwidth cap. */
function throttle( bytesPerSecond ) {
	let allowedAt = Date.now();
	return new Transform( {
		transform( chunk, _enc, done ) {
			const wait = Math.max( 0, allowedAt - Date.now() );
			allowedAt = Math.max( allowedAt, Date.now() ) + ( chunk.length / bytesPerSecond ) * 1000;
			setTimeout( () => done( null, chunk ), wait );
		}
	} );
}

/**
 * Headers that describe one connection, not the message: a proxy does not pass them on
 * (RFC 9110, 7.6.1). Above all `Connection: close`, which `php -S` sends on every answer:
 * passed on, it would close every connection between the browser and the proxy, where a real
 * wiki's server keeps them open for the next request, and Chromium then behaves otherwise on a
 * lost answer (it sends a request again by itself on a connection that carried an earlier one).
 */
function withoutHopByHop( headers ) {
	const named = String( headers.connection || '' ).split( ',' ).map( ( h ) => h.trim().toLowerCase() );
	const kept = { ...headers };
	for ( const name of [ 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', ...named ] ) {
		delete kept[ name ];
	}
	return kept;
}

const delay = ( ms ) => new Promise( ( resolve ) => setTimeout( resolve, ms ) );

/**
 * @param {object} options
 * @param {string} options.target            the wiki's origin, e.g. http://127.0.0.1:8080
 * @param {number} [options.port]            0 (default) picks a free port
 * @param {Record<string, number>} [options.faults]  kind → share of matching requests
 * @param {(req: http.IncomingMessage) => boolean} [options.match]  which requests may be hit
 * @param {number} [options.latencyMs]       added before each request is forwarded (half the RTT) and before its answer (the other half)
 * @param {number} [options.upstreamBytesPerSecond]  cap on request bodies (the upload direction)
 * @param {number} [options.stallMs]         how long a stalled request is held before its connection is dropped
 * @param {number} [options.seed]
 */
export async function startFaultProxy( options ) {
	const target = new URL( options.target );
	if ( ![ '127.0.0.1', 'localhost', '[::1]' ].includes( target.hostname ) ) {
		throw new Error( 'the fault proxy only talks to loopback addresses' );
	}
	let faults = { ...( options.faults || {} ) };
	let bandwidth = options.upstreamBytesPerSecond;
	const match = options.match || isUploadRequest;
	const next = random( options.seed || 12345 );
	const stats = {
		requests: 0,
		matched: 0,
		faults: Object.fromEntries( FAULT_KINDS.map( ( k ) => [ k, 0 ] ) ),
		/**
		 * Requests that start a stash entry (a whole file, or a first chunk: no `filekey` in the
		 * body) which arrived again, byte for byte, after the answer to the first was dropped
		 * once the wiki had applied it. Only the browser sends the very same body again: the
		 * dialog's own retry is a new request with a new multipart boundary. Chromium does so by
		 * itself when a connection it had kept open closes before any answer, and the page hears
		 * of the second request only: the wiki then holds two entries and only the second key
		 * reaches the dialog. Each may leave one entry in the stash that no code in the page can
		 * know of.
		 */
		startsResentByBrowser: 0
	};
	const sockets = new Set();

	/** Faults forced on the next matching requests, before any chance is rolled. */
	const forced = [];
	/** How many answers to requests that start a stash entry on a reused connection are still to be dropped. */
	let reusedStartsToDrop = 0;
	/** The SHA-1s of the bodies of entry-starting requests whose answers were dropped after the wiki applied them. */
	const droppedStarts = new Set();

	function pickFault( req ) {
		if ( !match( req ) ) {
			return null;
		}
		stats.matched++;
		if ( forced.length ) {
			const kind = forced.shift();
			stats.faults[ kind ]++;
			return kind;
		}
		let roll = next();
		for ( const kind of FAULT_KINDS ) {
			const share = faults[ kind ] || 0;
			if ( roll < share ) {
				stats.faults[ kind ]++;
				return kind;
			}
			roll -= share;
		}
		return null;
	}

	function forward( req, onResponse, rewrite ) {
		const headers = { ...withoutHopByHop( req.headers ), host: target.host };
		const send = ( body ) => {
			const upstream = http.request( {
				host: target.hostname,
				port: target.port || 80,
				method: req.method,
				path: req.url,
				headers
			}, onResponse );
			upstream.on( 'error', () => req.socket.destroy() );
			( bandwidth ? body.pipe( throttle( bandwidth ) ) : body ).pipe( upstream );
		};
		if ( !rewrite ) {
			send( req );
			return;
		}
		const parts = [];
		req.on( 'data', ( c ) => parts.push( c ) );
		req.on( 'end', () => {
			const body = rewrite( Buffer.concat( parts ) );
			headers[ 'content-length' ] = String( body.length );
			delete headers[ 'transfer-encoding' ];
			send( Readable.from( [ body ] ) );
		} );
	}

	/** A multipart body whose CSRF token no longer matches the session: the wiki answers badtoken. */
	function spoilToken( body ) {
		const field = Buffer.from( 'name="token"\r\n\r\n' );
		const at = body.indexOf( field );
		if ( at === -1 ) {
			return body;
		}
		const start = at + field.length;
		const end = body.indexOf( '\r\n', start );
		return Buffer.concat( [ body.subarray( 0, start ), Buffer.from( 'spoiled+\\' ), body.subarray( end ) ] );
	}

	/**
	 * Watches a forwarded request's body: whether it starts a stash entry (it names no
	 * `filekey`: mw.Api appends that field after the chunk's bytes, just before the token, so
	 * the last 4 KiB tell), and its SHA-1 once it has all come. A body that is the very same as
	 * one whose answer was dropped is the browser's resend, and is counted as it ends.
	 */
	function watchBody( req ) {
		let tail = Buffer.alloc( 0 );
		const hash = createHash( 'sha1' );
		let digest = null;
		const startsEntry = () => !tail.includes( 'name="filekey"' );
		req.on( 'data', ( c ) => {
			hash.update( c );
			// Only a piece's last 4 KiB can end up in the tail: no copy of a whole 64 KiB piece.
			tail = Buffer.concat( [ tail, c.length > 4096 ? c.subarray( c.length - 4096 ) : c ] );
			tail = tail.subarray( Math.max( 0, tail.length - 4096 ) );
		} );
		req.on( 'end', () => {
			digest = hash.digest( 'hex' );
			if ( startsEntry() && droppedStarts.delete( digest ) ) {
				stats.startsResentByBrowser++;
			}
		} );
		return {
			startsEntry,
			/** Called once the wiki has answered, so the body has all come. */
			dropped() {
				if ( digest && startsEntry() ) {
					droppedStarts.add( digest );
				}
			}
		};
	}

	const server = http.createServer( async ( req, res ) => {
		stats.requests++;
		req.socket.requestsCarried = ( req.socket.requestsCarried || 0 ) + 1;
		const reused = req.socket.requestsCarried > 1;
		const fault = pickFault( req );
		if ( options.latencyMs ) {
			await delay( options.latencyMs / 2 );
		}
		switch ( fault ) {
			case 'reset':
				// The connection dies before the request reaches the wiki.
				req.socket.destroy();
				return;
			case 'status503':
				req.resume();
				res.writeHead( 503, { 'content-type': 'text/plain' } ).end( 'Service Unavailable (injected)' );
				return;
			case 'html502':
				req.resume();
				res.writeHead( 502, { 'content-type': 'text/html' } ).end( '<!doctype html><title>502 Bad Gateway</title><h1>Bad Gateway</h1>' );
				return;
			case 'stall':
				// Hold the request unanswered, then drop it: the client must time out or notice.
				req.resume();
				await delay( options.stallMs ?? 60000 );
				req.socket.destroy();
				return;
			default:
		}
		// Watched as it is forwarded (a listener added earlier would let bytes flow past the pipe).
		const waitingForReusedStart = !fault && reusedStartsToDrop > 0 && reused && match( req );
		const body = match( req ) ? watchBody( req ) : null;
		forward( req, async ( upstream ) => {
			const chunks = [];
			upstream.on( 'data', ( c ) => chunks.push( c ) );
			upstream.on( 'end', async () => {
				const answer = Buffer.concat( chunks );
				const forcedDrop = waitingForReusedStart && body !== null && body.startsEntry() && reusedStartsToDrop > 0;
				if ( forcedDrop ) {
					reusedStartsToDrop--;
					stats.faults.dropAnswer++;
				}
				if ( fault === 'dropAnswer' || forcedDrop ) {
					// The wiki has applied the request; its answer never arrives.
					body?.dropped();
					req.socket.destroy();
					return;
				}
				if ( options.latencyMs ) {
					await delay( options.latencyMs / 2 );
				}
				const headers = withoutHopByHop( upstream.headers );
				delete headers[ 'content-length' ];
				if ( fault === 'truncate' ) {
					// Half a JSON body, then the connection ends cleanly.
					res.writeHead( upstream.statusCode || 200, headers );
					res.end( answer.subarray( 0, Math.floor( answer.length / 2 ) ) );
					return;
				}
				headers[ 'content-length' ] = String( answer.length );
				res.writeHead( upstream.statusCode || 200, headers );
				res.end( answer );
			} );
		}, fault === 'badToken' ? spoilToken : null );
	} );
	server.on( 'connection', ( socket ) => {
		sockets.add( socket );
		socket.on( 'close', () => sockets.delete( socket ) );
	} );
	await new Promise( ( resolve ) => server.listen( options.port || 0, '127.0.0.1', resolve ) );
	const port = server.address().port;
	return {
		port,
		url: `http://127.0.0.1:${ port }`,
		stats,
		setFaults( next ) {
			faults = { ...next };
		},
		/** The next `count` matching requests get this fault, whatever the shares say. */
		failNext( kind, count = 1 ) {
			for ( let i = 0; i < count; i++ ) {
				forced.push( kind );
			}
		},
		/**
		 * The answer to the next matching request that starts a stash entry (no `filekey`) and
		 * comes on a connection that carried an earlier request is dropped after the wiki
		 * applied it: the case in which Chromium sends the request again by itself.
		 */
		dropNextStartOnReusedConnection() {
			reusedStartsToDrop++;
		},
		setBandwidth( bytesPerSecond ) {
			bandwidth = bytesPerSecond;
		},
		close() {
			sockets.forEach( ( s ) => s.destroy() );
			return new Promise( ( resolve ) => server.close( () => resolve() ) );
		}
	};
}
