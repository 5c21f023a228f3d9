import { describe, expect, it } from 'vitest';
import { ApiError, HttpError } from '../../src/api/errors';
import {
	ADAPTIVE_TUNING,
	EMPTY_HISTORY,
	MAX_ADAPTIVE_CHUNK,
	ceilingOf,
	isSizeRefusal,
	nextChunkSize,
	recordAccepted,
	recordFailed,
	recordRefused,
	type AdaptiveHistory
} from '../../src/upload/adaptive';
import { MiB } from '../../src/upload/chunks';

const bounds = ( remaining = 1000 * MiB ) => ( { min: 1024, max: MAX_ADAPTIVE_CHUNK, initial: MiB, remaining } );

/** A history of chunks of these sizes, each taking `ms( bytes )`. */
function historyOf( sizes: number[], ms: ( bytes: number ) => number ): AdaptiveHistory {
	return sizes.reduce( ( h, bytes ) => recordAccepted( h, { bytes, ms: ms( bytes ) } ), EMPTY_HISTORY );
}

/**
 * Uploads `size` bytes over a link that takes `overheadMs` per request plus the bytes at
 * `bytesPerMs`, asking nextChunkSize before each chunk as the engine would.
 */
function simulate( size: number, overheadMs: number, bytesPerMs: number ) {
	let history = EMPTY_HISTORY;
	let offset = 0;
	let ms = 0;
	const sizes: number[] = [];
	while ( offset < size ) {
		const bytes = nextChunkSize( history, bounds( size - offset ) );
		const took = overheadMs + bytes / bytesPerMs;
		history = recordAccepted( history, { bytes, ms: took } );
		sizes.push( bytes );
		offset += bytes;
		ms += took;
	}
	return { sizes, ms, bytes: sizes.reduce( ( a, b ) => a + b, 0 ) };
}

describe( 'nextChunkSize', () => {
	it( 'starts with the initial size', () => {
		expect( nextChunkSize( EMPTY_HISTORY, bounds() ) ).toBe( MiB );
	} );

	it( 'never starts below the wiki minimum', () => {
		expect( nextChunkSize( EMPTY_HISTORY, { ...bounds(), min: 2 * MiB } ) ).toBe( 2 * MiB );
	} );

	it( 'grows at most by the growth factor after a fast chunk', () => {
		const fast = historyOf( [ MiB ], () => 1 );
		expect( nextChunkSize( fast, bounds() ) ).toBe( ADAPTIVE_TUNING.growth * MiB );
	} );

	it( 'settles where a chunk takes about the target time', () => {
		// 2 MB per second, no overhead: the size that takes the target time.
		const target = 2000 * ADAPTIVE_TUNING.targetMs;
		const steady = historyOf( [ target, target, target ], ( b ) => b / 2000 );
		const size = nextChunkSize( steady, bounds() );
		expect( size ).toBeLessThanOrEqual( target );
		expect( size ).toBeGreaterThan( target - ADAPTIVE_TUNING.align );
	} );

	it( 'shrinks at once when chunks become slow', () => {
		// 8 MiB chunks that now take 16 s each: 0.5 MiB/s, so half a MiB per second of target.
		const slow = historyOf( [ 8 * MiB, 8 * MiB, 8 * MiB ], () => 16000 );
		expect( nextChunkSize( slow, bounds() ) ).toBe( ( ADAPTIVE_TUNING.targetMs / 1000 ) * 0.5 * MiB );
	} );

	it( 'never goes below the minimum or above the maximum', () => {
		const crawling = historyOf( [ MiB ], () => 1e9 );
		expect( nextChunkSize( crawling, bounds() ) ).toBe( 1024 );
		const flying = historyOf( [ 64 * MiB, 64 * MiB ], () => 1 );
		expect( nextChunkSize( flying, bounds() ) ).toBe( MAX_ADAPTIVE_CHUNK );
		expect( nextChunkSize( flying, { ...bounds(), max: 10 * MiB } ) ).toBe( 10 * MiB );
	} );

	it( 'sizes are whole multiples of 64 KiB above the minimum', () => {
		const odd = historyOf( [ 1234567 ], ( b ) => b / 700 );
		expect( nextChunkSize( odd, bounds() ) % ( 64 * 1024 ) ).toBe( 0 );
	} );

	it( 'halves after a passing failure, and grows again after a success', () => {
		let h = recordFailed( historyOf( [ 8 * MiB ], () => 10 ), 16 * MiB );
		expect( nextChunkSize( h, bounds() ) ).toBe( 8 * MiB );
		h = recordFailed( h, 8 * MiB );
		expect( nextChunkSize( h, bounds() ) ).toBe( 4 * MiB );
		h = recordAccepted( h, { bytes: 4 * MiB, ms: 10 } );
		expect( nextChunkSize( h, bounds() ) ).toBe( 4 * ADAPTIVE_TUNING.growth * MiB );
	} );

	it( 'never again tries a size the server refused, nor more than half of it', () => {
		let h = recordRefused( historyOf( [ 16 * MiB ], () => 1 ), 32 * MiB );
		expect( ceilingOf( h, bounds() ) ).toBe( 16 * MiB );
		expect( nextChunkSize( h, bounds() ) ).toBe( 16 * MiB );
		h = recordRefused( h, 16 * MiB );
		expect( nextChunkSize( recordAccepted( h, { bytes: 8 * MiB, ms: 1 } ), bounds() ) ).toBe( 8 * MiB );
	} );

	it( 'a refusal below the minimum still leaves the minimum', () => {
		const h = recordRefused( EMPTY_HISTORY, 1500 );
		expect( nextChunkSize( h, bounds() ) ).toBe( 1024 );
	} );

	it( 'never asks for more than remains, and takes a small rest along', () => {
		const fast = historyOf( [ MiB ], () => 1 );
		const next = ADAPTIVE_TUNING.growth * MiB;
		expect( nextChunkSize( fast, bounds( 300000 ) ) ).toBe( 300000 );
		// The next chunk would leave a tenth, or 0.45, of a chunk: it goes with this one.
		expect( nextChunkSize( fast, bounds( next * 1.1 ) ) ).toBe( next * 1.1 );
		expect( nextChunkSize( fast, bounds( next * 1.45 ) ) ).toBe( next * 1.45 );
		// It would leave 0.55 of a chunk: that is a chunk of its own.
		expect( nextChunkSize( fast, bounds( next * 1.55 ) ) ).toBe( next );
	} );

	it( 'does not take the rest along beyond the ceiling', () => {
		const fast = historyOf( [ 64 * MiB ], () => 1 );
		expect( nextChunkSize( fast, bounds( 70 * MiB ) ) ).toBe( 64 * MiB );
	} );
} );

describe( 'whole uploads, simulated', () => {
	it( 'sends every byte once', () => {
		const run = simulate( 100 * MiB + 12345, 30, 30000 );
		expect( run.bytes ).toBe( 100 * MiB + 12345 );
	} );

	it( 'a fast link (30 ms per request, 30 MB/s) needs a handful of requests for 100 MiB, not 100', () => {
		const run = simulate( 100 * MiB, 30, 30000 );
		expect( run.sizes.length ).toBeLessThanOrEqual( 6 );
		// within 15 % of one request (30 ms + 100 MiB at 30 MB/s)
		expect( run.ms ).toBeLessThan( ( 30 + ( 100 * MiB ) / 30000 ) * 1.15 );
	} );

	it( 'an 80 ms, 50 Mbit/s link gets within 5 % of its limit for 100 MiB', () => {
		// 80 ms round trip + 30 ms of server work per request; 6.25 MB/s upstream.
		const run = simulate( 100 * MiB, 110, 6250 );
		const limit = ( 100 * MiB ) / 6250;
		expect( run.ms / limit ).toBeLessThan( 1.05 );
	} );

	it( 'with 230 ms of overhead per request (a loaded server) it stays within 9 %', () => {
		const run = simulate( 100 * MiB, 230, 6250 );
		expect( run.ms / ( ( 100 * MiB ) / 6250 ) ).toBeLessThan( 1.09 );
	} );

	it( 'a slow link (300 ms, 1 Mbit/s) keeps chunks near the target time', () => {
		const run = simulate( 20 * MiB, 300, 125 );
		const steady = run.sizes.slice( 3, -1 );
		steady.forEach( ( bytes ) => expect( 300 + bytes / 125 ).toBeLessThan( ADAPTIVE_TUNING.targetMs * 1.2 ) );
	} );
} );

describe( 'isSizeRefusal', () => {
	const h = historyOf( [ 4 * MiB ], () => 100 );
	it( 'HTTP 413 is a refusal', () => {
		expect( isSizeRefusal( new HttpError( 'status', 413, 'Payload Too Large' ), MiB, h ) ).toBe( true );
	} );
	it( 'PHP upload_max_filesize (badupload) is a refusal', () => {
		expect( isSizeRefusal( new ApiError( 'badupload', 'File exceeds upload_max_filesize' ), 8 * MiB, h ) ).toBe( true );
	} );
	it( 'a non-JSON answer is a refusal only for a chunk larger than any accepted', () => {
		const html = new HttpError( 'bad-response', 200, 'parsererror' );
		expect( isSizeRefusal( html, 8 * MiB, h ) ).toBe( true );
		expect( isSizeRefusal( html, 4 * MiB, h ) ).toBe( false );
	} );
	it( 'passing faults are not refusals', () => {
		expect( isSizeRefusal( new HttpError( 'network', 0, 'reset' ), 8 * MiB, h ) ).toBe( false );
		expect( isSizeRefusal( new HttpError( 'status', 503, '' ), 8 * MiB, h ) ).toBe( false );
		expect( isSizeRefusal( new ApiError( 'stashfailed', '' ), 8 * MiB, h ) ).toBe( false );
	} );
} );
