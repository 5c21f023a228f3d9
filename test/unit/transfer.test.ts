/**
 * sendToStash over the fake wiki: whole files, chunks, lost answers, retries, async assembly.
 * The fake checks offsets like the real server, so a byte range sent twice into one upload or
 * a gap would fail the upload or show in `applied`.
 */
import { describe, expect, it, vi } from 'vitest';
import { AbortError, ApiError, HttpError } from '../../src/api/errors';
import { pollDelay, RETRY_DELAYS_MS } from '../../src/upload/retry';
import { pollUntilDone, sendToStash, withRetries, type TransferOptions } from '../../src/upload/transfer';
import { StashedSizeError } from '../../src/upload/failures';
import { FakeWiki, MiB, apiError, bytes, bytesOf, makeFile, recordingSleep, sameBytes, sha1OfBlob, steppingClock, waitFor } from './fakeApi';

function transfer( overrides: Partial<TransferOptions> = {} ) {
	const { sleep, delays } = recordingSleep();
	const progress: number[] = [];
	const retries: Array<number | null> = [];
	const stages: string[] = [];
	const options: TransferOptions = {
		chunkSize: MiB,
		asyncFrom: Infinity,
		signal: new AbortController().signal,
		onProgress: ( sent ) => progress.push( sent ),
		onRetry: ( at ) => retries.push( at ),
		onStage: ( stage ) => stages.push( stage ),
		sleep,
		now: () => 5000,
		...overrides
	};
	return { options, delays, progress, retries, stages };
}

/** The ranges written into one chunked upload: in order, without gap or overlap. */
function expectContiguous( wiki: FakeWiki, size: number ): void {
	const keys = new Set( wiki.applied.map( ( a ) => a.uploadKey ) );
	expect( keys.size ).toBe( 1 );
	let at = 0;
	wiki.applied.forEach( ( range ) => {
		expect( range.start ).toBe( at );
		at = range.end;
	} );
	expect( at ).toBe( size );
}

describe( 'a file that fits in one chunk', () => {
	it( 'goes to the stash in one request and comes back with the stash key', async () => {
		const wiki = new FakeWiki();
		const file = makeFile( 'Small.pdf', 4118 );
		const { options, progress } = transfer();
		const stashed = await sendToStash( wiki, { kind: 'file', file }, 'Small.pdf', options );
		expect( wiki.requests.map( ( r ) => r.kind ) ).toEqual( [ 'stashFile' ] );
		expect( wiki.requests[ 0 ] ).toMatchObject( { filename: 'Small.pdf', size: 4118 } );
		expect( stashed.warnings ).toEqual( [] );
		expect( sameBytes( wiki.stash.get( stashed.filekey )?.bytes as Uint8Array, bytes( 4118 ) ) ).toBe( true );
		expect( progress[ progress.length - 1 ] ).toBe( 4118 );
	} );

	it( 'exactly one chunk in size is still sent whole', async () => {
		const wiki = new FakeWiki();
		await sendToStash( wiki, { kind: 'file', file: makeFile( 'One.pdf', MiB ) }, 'One.pdf', transfer().options );
		expect( wiki.requests.map( ( r ) => r.kind ) ).toEqual( [ 'stashFile' ] );
	} );

	it( 'returns the warnings of the stash answer, with its key', async () => {
		const wiki = new FakeWiki();
		wiki.publish( 'A.pdf', bytes( 100, 9 ) );
		const stashed = await sendToStash( wiki, { kind: 'file', file: makeFile( 'A.pdf', 100, 1 ) }, 'A.pdf', transfer().options );
		expect( stashed.warnings.map( ( w ) => [ w.key, w.files ] ) ).toEqual( [ [ 'exists', [ 'A.pdf' ] ] ] );
		expect( wiki.stash.has( stashed.filekey ) ).toBe( true );
	} );

	it( 'is sent again after a transient failure', async () => {
		const wiki = new FakeWiki().failAt( 1, new HttpError( 'status', 503, 'Service Unavailable' ) );
		const { options, delays } = transfer();
		const stashed = await sendToStash( wiki, { kind: 'file', file: makeFile( 'S.pdf', 2000 ) }, 'S.pdf', options );
		expect( wiki.requests.map( ( r ) => r.outcome ) ).toEqual( [ 'failed', 'answered' ] );
		expect( delays ).toEqual( [ RETRY_DELAYS_MS[ 0 ] ] );
		expect( wiki.stash.has( stashed.filekey ) ).toBe( true );
	} );
} );

describe( 'a small file bigger than a chunk', () => {
	it( 'goes in one request up to oneRequestUpTo, whatever the chunk size', async () => {
		const wiki = new FakeWiki();
		const file = makeFile( 'Photo.jpg', 3 * MiB, 2 );
		const { options, progress } = transfer( { oneRequestUpTo: 4 * MiB } );
		const stashed = await sendToStash( wiki, { kind: 'file', file }, 'Photo.jpg', options );
		expect( wiki.requests.map( ( r ) => r.kind ) ).toEqual( [ 'stashFile' ] );
		expect( sameBytes( wiki.stash.get( stashed.filekey )?.bytes as Uint8Array, await bytesOf( file ) ) ).toBe( true );
		expect( progress[ progress.length - 1 ] ).toBe( 3 * MiB );
	} );

	it( 'a bigger file still goes in chunks', async () => {
		const wiki = new FakeWiki();
		const file = makeFile( 'Big.pdf', 4 * MiB + 1, 2 );
		await sendToStash( wiki, { kind: 'file', file }, 'Big.pdf', transfer( { oneRequestUpTo: 4 * MiB } ).options );
		expect( wiki.requests.map( ( r ) => r.kind ) ).toEqual( [ 'stashChunk', 'stashChunk', 'stashChunk', 'stashChunk', 'stashChunk' ] );
		expectContiguous( wiki, 4 * MiB + 1 );
	} );

	it( 'refused as too large for one request (HTTP 413), it goes again in chunks at once, and says so', async () => {
		const wiki = new FakeWiki().failAt( 1, new HttpError( 'status', 413, 'Payload Too Large' ) );
		const file = makeFile( 'Refused.pdf', 3 * MiB, 3 );
		const refused = vi.fn();
		const { options, delays, progress } = transfer( { oneRequestUpTo: 4 * MiB, onOneRequestRefused: refused } );
		const stashed = await sendToStash( wiki, { kind: 'file', file }, 'Refused.pdf', options );
		expect( wiki.requests.map( ( r ) => r.kind ) ).toEqual( [ 'stashFile', 'stashChunk', 'stashChunk', 'stashChunk' ] );
		expect( refused ).toHaveBeenCalledTimes( 1 );
		expect( delays, 'no wait before the chunks' ).toEqual( [] );
		expect( progress ).toContain( 0 );
		expectContiguous( wiki, 3 * MiB );
		expect( sameBytes( wiki.stash.get( stashed.filekey )?.bytes as Uint8Array, await bytesOf( file ) ) ).toBe( true );
	} );

	it( 'a file of one chunk refused as too large fails as it would have: there is nothing smaller to send', async () => {
		const wiki = new FakeWiki().failAt( 1, new HttpError( 'status', 413, 'Payload Too Large' ) );
		const refused = vi.fn();
		const { options } = transfer( { oneRequestUpTo: 4 * MiB, onOneRequestRefused: refused } );
		await expect( sendToStash( wiki, { kind: 'file', file: makeFile( 'Tiny.pdf', 1000 ) }, 'Tiny.pdf', options ) ).rejects.toBeInstanceOf( HttpError );
		expect( refused ).not.toHaveBeenCalled();
	} );
} );

describe( 'a file in chunks', () => {
	it( '5 MiB in 1 MiB chunks: five requests, offsets 0 … 4 MiB, the key from the 2nd on, the same bytes on the server', async () => {
		const wiki = new FakeWiki();
		const size = 5 * MiB;
		const file = makeFile( 'Five.pdf', size, 3 );
		const { options, progress } = transfer();
		const stashed = await sendToStash( wiki, { kind: 'file', file }, 'Five.pdf', options );

		const chunks = wiki.of( 'stashChunk' );
		expect( wiki.requests ).toHaveLength( 5 );
		expect( chunks.map( ( c ) => c.offset ) ).toEqual( [ 0, 1, 2, 3, 4 ].map( ( i ) => i * MiB ) );
		expect( chunks.map( ( c ) => c.size ) ).toEqual( [ MiB, MiB, MiB, MiB, MiB ] );
		expect( chunks.every( ( c ) => c.filesize === size && c.filename === 'Five.pdf' ) ).toBe( true );
		expect( chunks[ 0 ].filekey ).toBeUndefined();
		const uploadKey = ( chunks[ 0 ].answer as { filekey: string } ).filekey;
		expect( chunks.slice( 1 ).map( ( c ) => c.filekey ) ).toEqual( [ uploadKey, uploadKey, uploadKey, uploadKey ] );

		// The assembled file has a key of its own, and exactly the file's bytes.
		expect( stashed.filekey ).not.toBe( uploadKey );
		expect( sameBytes( wiki.stash.get( stashed.filekey )?.bytes as Uint8Array, await bytesOf( file ) ) ).toBe( true );
		expectContiguous( wiki, size );
		expect( progress[ progress.length - 1 ] ).toBe( size );
		// Progress never goes back.
		progress.slice( 1 ).forEach( ( p, i ) => expect( p ).toBeGreaterThanOrEqual( progress[ i ] ) );
	} );

	it( '1 MiB + 1 byte: a full chunk and a 1-byte chunk', async () => {
		const wiki = new FakeWiki();
		const file = makeFile( 'Odd.pdf', MiB + 1, 5 );
		const stashed = await sendToStash( wiki, { kind: 'file', file }, 'Odd.pdf', transfer().options );
		expect( wiki.of( 'stashChunk' ).map( ( c ) => [ c.offset, c.size ] ) ).toEqual( [ [ 0, MiB ], [ MiB, 1 ] ] );
		expect( sameBytes( wiki.stash.get( stashed.filekey )?.bytes as Uint8Array, bytes( MiB + 1, 5 ) ) ).toBe( true );
	} );

	it( 'a lost answer (the server applied the chunk): the retry meets "Invalid chunk offset", resyncs, never writes a range twice', async () => {
		const wiki = new FakeWiki();
		const size = 5 * MiB;
		const file = makeFile( 'Lost.pdf', size, 7 );
		// Request 3 (offset 2 MiB) reaches the server, which appends it; the answer never comes back.
		wiki.failAt( 3, new HttpError( 'network', 0, 'network error' ), { applied: true } );
		const { options, delays } = transfer();
		const stashed = await sendToStash( wiki, { kind: 'file', file }, 'Lost.pdf', options );

		const chunks = wiki.of( 'stashChunk' );
		expect( chunks.map( ( c ) => c.offset ) ).toEqual( [ 0, 1, 2, 2, 3, 4 ].map( ( i ) => i * MiB ) );
		// The server named the offset it wanted, and the engine went on from there.
		expect( chunks[ 3 ].error ).toBeInstanceOf( ApiError );
		expect( chunks[ 3 ].error ).toMatchObject( { code: 'stashfailed', info: 'Invalid chunk offset' } );
		expect( ( chunks[ 3 ].error as ApiError ).result?.error?.offset ).toBe( String( 3 * MiB ) );
		// Each range went into the file once, in order.
		expectContiguous( wiki, size );
		expect( wiki.applied ).toHaveLength( 5 );
		expect( sameBytes( wiki.stash.get( stashed.filekey )?.bytes as Uint8Array, await bytesOf( file ) ) ).toBe( true );
		// One wait before the retry of the lost chunk; the resync itself needs no waiting.
		expect( delays ).toEqual( [ RETRY_DELAYS_MS[ 0 ] ] );
	} );

	it( 'a transient 503 is retried with growing waits, and the retry is announced', async () => {
		const wiki = new FakeWiki();
		wiki.failAt( 2, new HttpError( 'status', 503, 'Service Unavailable' ) );
		wiki.failAt( 3, new HttpError( 'status', 503, 'Service Unavailable' ) );
		const { options, delays, retries } = transfer( { now: () => 10_000 } );
		const file = makeFile( 'Busy.pdf', 3 * MiB );
		const stashed = await sendToStash( wiki, { kind: 'file', file }, 'Busy.pdf', options );
		expect( delays ).toEqual( RETRY_DELAYS_MS.slice( 0, 2 ) );
		expect( retries ).toEqual( [ 10_000 + RETRY_DELAYS_MS[ 0 ], null, 10_000 + RETRY_DELAYS_MS[ 1 ], null ] );
		expect( wiki.of( 'stashChunk' ).map( ( c ) => c.offset ) ).toEqual( [ 0, MiB, MiB, MiB, 2 * MiB ] );
		expectContiguous( wiki, 3 * MiB );
		expect( wiki.stash.get( stashed.filekey )?.bytes.length ).toBe( 3 * MiB );
	} );

	it( 'the patience is reset by progress: separate faults each start from the first wait', async () => {
		const wiki = new FakeWiki();
		wiki.failAt( 2, new HttpError( 'network', 0, '' ) );
		wiki.failAt( 4, new HttpError( 'network', 0, '' ) );
		const { options, delays } = transfer();
		await sendToStash( wiki, { kind: 'file', file: makeFile( 'F.pdf', 3 * MiB ) }, 'F.pdf', options );
		expect( delays ).toEqual( [ RETRY_DELAYS_MS[ 0 ], RETRY_DELAYS_MS[ 0 ] ] );
	} );

	it( 'gives up after the last wait and reports the failure', async () => {
		const wiki = new FakeWiki();
		for ( let n = 2; n <= 20; n++ ) {
			wiki.failAt( n, new HttpError( 'status', 503, 'Service Unavailable' ) );
		}
		const { options, delays } = transfer();
		const error = await sendToStash( wiki, { kind: 'file', file: makeFile( 'F.pdf', 3 * MiB ) }, 'F.pdf', options ).catch( ( e: unknown ) => e );
		expect( error ).toBeInstanceOf( HttpError );
		expect( delays ).toEqual( RETRY_DELAYS_MS );
		expect( wiki.requests ).toHaveLength( 1 + 1 + RETRY_DELAYS_MS.length );
	} );

	it( 'a permanent error is not retried', async () => {
		const wiki = new FakeWiki();
		wiki.failAt( 1, apiError( 'permissiondenied', 'The action you have requested is limited to users in one of the groups: [[LocalWiki:Users|Users]], [[LocalWiki:Administrators|Administrators]].' ) );
		const { options, delays, retries } = transfer();
		const error = await sendToStash( wiki, { kind: 'file', file: makeFile( 'F.pdf', 3 * MiB ) }, 'F.pdf', options ).catch( ( e: unknown ) => e );
		expect( error ).toBeInstanceOf( ApiError );
		expect( error ).toMatchObject( { code: 'permissiondenied' } );
		expect( wiki.requests ).toHaveLength( 1 );
		expect( delays ).toEqual( [] );
		expect( retries ).toEqual( [] );
	} );

	it( 'the last chunk\'s warnings come back with the assembled file\'s key', async () => {
		const wiki = new FakeWiki();
		wiki.publish( 'C.pdf', bytes( 2 * MiB + 22, 4 ) );
		const stashed = await sendToStash( wiki, { kind: 'file', file: makeFile( 'C2.pdf', 2 * MiB + 22, 4 ) }, 'C2.pdf', transfer().options );
		expect( stashed.warnings.map( ( w ) => [ w.key, w.files ] ) ).toEqual( [ [ 'duplicate', [ 'C.pdf' ] ] ] );
		expect( wiki.stash.get( stashed.filekey )?.bytes.length ).toBe( 2 * MiB + 22 );
	} );

	it( 'never hands on a stash that the server ended early (as it does above $wgMaxUploadSize)', async () => {
		const wiki = new FakeWiki();
		// The server declares the upload complete at 2 MiB of 3 MiB (clamped filesize).
		const clamped: FakeWiki[ 'stashChunk' ] = wiki.stashChunk.bind( wiki );
		wiki.stashChunk = ( params, control ) => clamped( { ...params, filesize: Math.min( params.filesize, 2 * MiB ) }, control );
		const error = await sendToStash( wiki, { kind: 'file', file: makeFile( 'Huge2.pdf', 3 * MiB ) }, 'Huge2.pdf', transfer().options )
			.catch( ( e: unknown ) => e );
		expect( error ).toBeInstanceOf( StashedSizeError );
		expect( error ).toMatchObject( { stashed: 2 * MiB, size: 3 * MiB } );
		expect( wiki.requests ).toHaveLength( 2 );
	} );

	it( 'the wiki\'s file-too-large for a one-request upload is final: the file is never sent again in chunks', async () => {
		const wiki = new FakeWiki();
		wiki.stashFile = () => Promise.reject( new ApiError( 'file-too-large', 'The file you submitted was too large.', { error: { code: 'file-too-large', info: 'The file you submitted was too large.' } } ) );
		const refused = vi.fn();
		const error = await sendToStash( wiki, { kind: 'file', file: makeFile( 'Big.pdf', 3 * MiB ) }, 'Big.pdf',
			transfer( { oneRequestUpTo: 4 * MiB, onOneRequestRefused: refused } ).options ).catch( ( e: unknown ) => e );
		expect( error ).toMatchObject( { code: 'file-too-large' } );
		expect( refused ).not.toHaveBeenCalled();
		expect( wiki.of( 'stashChunk' ) ).toEqual( [] );
	} );

	it( 'stops at once when cancelled, with AbortError, sending nothing more', async () => {
		const wiki = new FakeWiki();
		const controller = new AbortController();
		wiki.holdAt( 2 );
		const { options } = transfer( { signal: controller.signal } );
		const sending = sendToStash( wiki, { kind: 'file', file: makeFile( 'F.pdf', 4 * MiB ) }, 'F.pdf', options );
		await vi.waitFor( () => expect( wiki.requests ).toHaveLength( 2 ) );
		controller.abort();
		await expect( sending ).rejects.toBeInstanceOf( AbortError );
		expect( wiki.requests[ 1 ].signal?.aborted ).toBe( true );
		expect( wiki.requests[ 1 ].outcome ).toBe( 'aborted' );
		await new Promise( ( r ) => setTimeout( r, 10 ) );
		expect( wiki.requests ).toHaveLength( 2 );
	} );
} );

describe( 'a chunk refused where the server names its own offset', () => {
	it( 'is not sent again at once as if the offsets differed: the refusal is the chunk\'s, and it fails', async () => {
		const wiki = new FakeWiki();
		const file = makeFile( 'Refused.pdf', 3 * MiB, 9 );
		wiki.failAt( 2, apiError( 'stashfailed', 'The chunk did not pass file verification.', { offset: String( MiB ) } ) );
		const upload = sendToStash( wiki, { kind: 'file', file }, 'Refused.pdf', transfer().options );
		await expect( upload ).rejects.toMatchObject( { code: 'stashfailed' } );
		expect( wiki.of( 'stashChunk' ).map( ( c ) => c.offset ) ).toEqual( [ 0, MiB ] );
	} );
} );

describe( 'an answer lost after the wiki applied the request', () => {
	const lostAnswer = () => new HttpError( 'bad-response', 200, 'Unexpected end of JSON input' );
	const hash = ( blob: Blob ) => sha1OfBlob( blob );

	it( 'the first chunk: its stash entry is found by size and SHA-1 and the upload goes on with its key, nothing re-sent', async () => {
		const wiki = new FakeWiki();
		const file = makeFile( 'First.pdf', 3 * MiB, 3 );
		wiki.failAt( 1, lostAnswer(), { applied: true } );
		const stashed = await sendToStash( wiki, { kind: 'file', file }, 'First.pdf', transfer( { hash } ).options );
		expect( wiki.of( 'stashChunk' ).map( ( c ) => c.offset ) ).toEqual( [ 0, MiB, 2 * MiB ] );
		expectContiguous( wiki, 3 * MiB );
		expect( sameBytes( wiki.stash.get( stashed.filekey )?.bytes as Uint8Array, await bytesOf( file ) ) ).toBe( true );
		expect( wiki.findStashedCalls ).toBe( 1 );
	} );

	it( 'the first chunk of another upload with the same bytes is not taken over', async () => {
		const wiki = new FakeWiki();
		const file = makeFile( 'Twin.pdf', 3 * MiB, 3 );
		wiki.failAt( 1, lostAnswer(), { applied: true } );
		const stashed = await sendToStash( wiki, { kind: 'file', file }, 'Twin.pdf', transfer( { hash, isClaimed: () => true } ).options );
		expect( wiki.of( 'stashChunk' ).map( ( c ) => c.offset ) ).toEqual( [ 0, 0, MiB, 2 * MiB ] );
		expect( sameBytes( wiki.stash.get( stashed.filekey )?.bytes as Uint8Array, await bytesOf( file ) ) ).toBe( true );
	} );

	it( 'the last chunk of a synchronous assembly: the assembled file is found, not sent again', async () => {
		const wiki = new FakeWiki();
		const file = makeFile( 'Last.pdf', 3 * MiB, 4 );
		wiki.failAt( 3, lostAnswer(), { applied: true } );
		const restarts = vi.fn();
		const stashed = await sendToStash( wiki, { kind: 'file', file }, 'Last.pdf', transfer( { hash, onRestart: restarts } ).options );
		// The last chunk once more (its key is gone: not found), then the look into the stash.
		expect( wiki.of( 'stashChunk' ).map( ( c ) => c.offset ) ).toEqual( [ 0, MiB, 2 * MiB, 2 * MiB ] );
		expect( wiki.of( 'stashChunk' )[ 3 ].error ).toMatchObject( { code: 'uploadstash-file-not-found' } );
		expect( restarts ).not.toHaveBeenCalled();
		expect( stashed.warnings ).toEqual( [] );
		expect( sameBytes( wiki.stash.get( stashed.filekey )?.bytes as Uint8Array, await bytesOf( file ) ) ).toBe( true );
		// Nothing left over in the stash but the one file.
		expect( wiki.stash.size ).toBe( 1 );
	} );

	it( 'the last chunk, without a way to hash: starts over, and may do so again when it happens again', async () => {
		const wiki = new FakeWiki();
		const file = makeFile( 'Again.pdf', 2 * MiB, 4 );
		wiki.failAt( 2, lostAnswer(), { applied: true } );
		wiki.failAt( 5, lostAnswer(), { applied: true } );
		const restarts = vi.fn();
		const stashed = await sendToStash( wiki, { kind: 'file', file }, 'Again.pdf', transfer( { onRestart: restarts } ).options );
		expect( restarts ).toHaveBeenCalledTimes( 2 );
		expect( sameBytes( wiki.stash.get( stashed.filekey )?.bytes as Uint8Array, await bytesOf( file ) ) ).toBe( true );
	} );

	it( 'the last chunk of an assembly in a job: "already completed" is asked about with checkstatus, nothing sent again', async () => {
		const wiki = new FakeWiki();
		const file = makeFile( 'Job.pdf', 3 * MiB, 6 );
		wiki.failAt( 3, lostAnswer(), { applied: true } );
		const restarts = vi.fn();
		const stashed = await sendToStash( wiki, { kind: 'file', file }, 'Job.pdf', transfer( { asyncFrom: 0, onRestart: restarts } ).options );
		expect( wiki.requests.map( ( r ) => r.kind ) ).toEqual( [ 'stashChunk', 'stashChunk', 'stashChunk', 'stashChunk', 'checkStatus', 'checkStatus', 'checkStatus' ] );
		expect( wiki.requests[ 3 ].error ).toMatchObject( { code: 'stashfailed', info: 'Chunked upload is already completed, check status for details.' } );
		expect( restarts ).not.toHaveBeenCalled();
		expect( wiki.applied ).toHaveLength( 3 );
		expect( sameBytes( wiki.stash.get( stashed.filekey )?.bytes as Uint8Array, await bytesOf( file ) ) ).toBe( true );
	} );

	it( 'paused while the last chunk was on its way, the job done by the resume: its outcome is found under the old key, without hashing', async () => {
		const wiki = new FakeWiki();
		wiki.pollsBeforeDone = 0;
		const file = makeFile( 'Paused.pdf', 3 * MiB, 7 );
		const release = wiki.holdAt( 3, { afterApply: true } );
		const pause = new AbortController();
		const first = sendToStash( wiki, { kind: 'file', file }, 'Paused.pdf', transfer( { asyncFrom: 0, signal: pause.signal } ).options );
		await waitFor( () => wiki.applied.length === 3, 'the last chunk applied, its answer on its way' );
		const chunksKey = wiki.requests[ 1 ].filekey as string;
		pause.abort();
		await expect( first ).rejects.toBeInstanceOf( AbortError );
		release();
		// The server went on: its job assembles the chunks (and drops their key) meanwhile.
		await wiki.checkStatus( chunksKey );
		const restarts = vi.fn();
		const stashed = await sendToStash( wiki, { kind: 'file', file }, 'Paused.pdf',
			transfer( { asyncFrom: 0, onRestart: restarts, resumeFrom: { filekey: chunksKey, offset: 2 * MiB } } ).options );
		expect( wiki.requests.slice( 4 ).map( ( r ) => r.kind ) ).toEqual( [ 'stashChunk', 'checkStatus' ] );
		expect( wiki.requests[ 4 ].error ).toMatchObject( { code: 'uploadstash-file-not-found' } );
		expect( restarts ).not.toHaveBeenCalled();
		expect( sameBytes( wiki.stash.get( stashed.filekey )?.bytes as Uint8Array, await bytesOf( file ) ) ).toBe( true );
	} );

	it( 'paused while the last chunk of a synchronous assembly was on its way: the assembled file is found by the resume, not sent again', async () => {
		const wiki = new FakeWiki();
		const file = makeFile( 'SyncPaused.pdf', 3 * MiB, 8 );
		const release = wiki.holdAt( 3, { afterApply: true } );
		const pause = new AbortController();
		const first = sendToStash( wiki, { kind: 'file', file }, 'SyncPaused.pdf', transfer( { signal: pause.signal } ).options );
		await waitFor( () => wiki.applied.length === 3, 'the last chunk applied, its answer on its way' );
		const chunksKey = wiki.requests[ 1 ].filekey as string;
		pause.abort();
		await expect( first ).rejects.toBeInstanceOf( AbortError );
		release();
		const restarts = vi.fn();
		const stashed = await sendToStash( wiki, { kind: 'file', file }, 'SyncPaused.pdf',
			transfer( { hash, onRestart: restarts, resumeFrom: { filekey: chunksKey, offset: 2 * MiB } } ).options );
		expect( wiki.of( 'stashChunk' ).map( ( c ) => c.offset ) ).toEqual( [ 0, MiB, 2 * MiB, 2 * MiB ] );
		expect( restarts ).not.toHaveBeenCalled();
		expect( wiki.stash.size ).toBe( 1 );
		expect( sameBytes( wiki.stash.get( stashed.filekey )?.bytes as Uint8Array, await bytesOf( file ) ) ).toBe( true );
	} );

	it( 'a whole file in one request: the stashed file is found instead of a second copy', async () => {
		const wiki = new FakeWiki();
		const file = makeFile( 'Whole.pdf', 300000, 5 );
		wiki.failAt( 1, lostAnswer(), { applied: true } );
		const stashed = await sendToStash( wiki, { kind: 'file', file }, 'Whole.pdf', transfer( { hash } ).options );
		expect( wiki.of( 'stashFile' ) ).toHaveLength( 1 );
		expect( wiki.stash.size ).toBe( 1 );
		expect( wiki.stash.has( stashed.filekey ) ).toBe( true );
	} );

	it( 'a whole file bigger than a chunk, its answer cut short: the stashed file is found, not sent again in chunks', async () => {
		// A body-size limit can look like this too (a 200 with no JSON), so the upload used to go
		// again in chunks at once, leaving the stashed file behind (the e2e soak found it).
		const wiki = new FakeWiki();
		const file = makeFile( 'Cut.pdf', 3 * MiB, 5 );
		wiki.failAt( 1, lostAnswer(), { applied: true } );
		const refused = vi.fn();
		const stashed = await sendToStash( wiki, { kind: 'file', file }, 'Cut.pdf', transfer( { hash, oneRequestUpTo: 4 * MiB, onOneRequestRefused: refused } ).options );
		expect( wiki.requests.map( ( r ) => r.kind ) ).toEqual( [ 'stashFile' ] );
		expect( wiki.stash.size ).toBe( 1 );
		expect( wiki.stash.has( stashed.filekey ) ).toBe( true );
		expect( refused ).not.toHaveBeenCalled();
	} );

	it( 'a whole file bigger than a chunk, refused by a body-size limit with a 200 and no JSON: nothing stashed, so it goes in chunks', async () => {
		const wiki = new FakeWiki();
		const file = makeFile( 'Limit.pdf', 3 * MiB, 5 );
		wiki.failAt( 1, lostAnswer() );
		const stashed = await sendToStash( wiki, { kind: 'file', file }, 'Limit.pdf', transfer( { hash, oneRequestUpTo: 4 * MiB } ).options );
		expect( wiki.requests.map( ( r ) => r.kind ) ).toEqual( [ 'stashFile', 'stashChunk', 'stashChunk', 'stashChunk' ] );
		expect( wiki.stash.size ).toBe( 1 );
		expect( sameBytes( wiki.stash.get( stashed.filekey )?.bytes as Uint8Array, await bytesOf( file ) ) ).toBe( true );
	} );

	it( 'a request that never reached the wiki is simply sent again', async () => {
		const wiki = new FakeWiki();
		const file = makeFile( 'Never.pdf', 300000, 5 );
		wiki.failAt( 1, new HttpError( 'network', 0, 'reset' ) );
		await sendToStash( wiki, { kind: 'file', file }, 'Never.pdf', transfer( { hash } ).options );
		expect( wiki.of( 'stashFile' ) ).toHaveLength( 2 );
		expect( wiki.stash.size ).toBe( 1 );
	} );
} );

/** Tens of MB of fake bytes, compared byte for byte: seconds on a busy machine. */
const BIG_FILE_TIMEOUT_MS = 30000;

describe( 'adaptive chunk size', () => {
	it( 'starts at the chunk size and grows while chunks are fast, keeping offsets contiguous', async () => {
		const wiki = new FakeWiki();
		const file = makeFile( 'Grow.pdf', 40 * MiB, 6 );
		const { options } = transfer( { adaptive: { min: 1024, max: 64 * MiB }, now: steppingClock( 0, 10 ) } );
		const stashed = await sendToStash( wiki, { kind: 'file', file }, 'Grow.pdf', options );
		const sizes = wiki.of( 'stashChunk' ).map( ( c ) => c.size as number );
		expect( sizes[ 0 ] ).toBe( MiB );
		expect( sizes[ 1 ] ).toBeGreaterThan( MiB );
		expect( sizes.length ).toBeLessThan( 6 );
		expectContiguous( wiki, 40 * MiB );
		expect( sameBytes( wiki.stash.get( stashed.filekey )?.bytes as Uint8Array, await bytesOf( file ) ) ).toBe( true );
	}, BIG_FILE_TIMEOUT_MS );

	it( 'a chunk refused as too large (HTTP 413) is sent again smaller at once, and that size is not tried again', async () => {
		const wiki = new FakeWiki();
		const file = makeFile( 'Shrink.pdf', 30 * MiB, 6 );
		wiki.failAt( 2, new HttpError( 'status', 413, 'Payload Too Large' ) );
		const { options, delays } = transfer( { adaptive: { min: 1024, max: 64 * MiB }, now: steppingClock( 0, 10 ) } );
		await sendToStash( wiki, { kind: 'file', file }, 'Shrink.pdf', options );
		const sizes = wiki.of( 'stashChunk' ).map( ( c ) => c.size as number );
		expect( sizes[ 2 ] ).toBeLessThanOrEqual( sizes[ 1 ] / 2 );
		expect( Math.max( ...sizes.slice( 2 ) ) ).toBeLessThan( sizes[ 1 ] );
		expect( delays ).toEqual( [] );
		expectContiguous( wiki, 30 * MiB );
	}, BIG_FILE_TIMEOUT_MS );

	it( 'never goes below the wiki\'s minimum after failures', async () => {
		const wiki = new FakeWiki();
		const file = makeFile( 'Min.pdf', 3 * MiB, 6 );
		for ( let n = 1; n <= 4; n++ ) {
			wiki.failAt( n, new HttpError( 'status', 503, 'Service Unavailable' ) );
		}
		const { options } = transfer( { adaptive: { min: 512 * 1024, max: 64 * MiB } } );
		await sendToStash( wiki, { kind: 'file', file }, 'Min.pdf', options );
		const sizes = wiki.of( 'stashChunk' ).map( ( c ) => c.size as number );
		expect( sizes.slice( 0, -1 ).every( ( size ) => size >= 512 * 1024 ) ).toBe( true );
		expectContiguous( wiki, 3 * MiB );
	} );
} );

describe( 'asynchronous assembly', () => {
	it( 'sends async on every chunk; the last answers Poll; checkstatus is polled until Success with the assembled key', async () => {
		const wiki = new FakeWiki();
		wiki.pollsBeforeDone = 3;
		const size = 3 * MiB;
		const file = makeFile( 'Chunk20async.pdf', size, 11 );
		const { options, delays, stages } = transfer( { asyncFrom: 2 * MiB, now: steppingClock() } );
		const stashed = await sendToStash( wiki, { kind: 'file', file }, 'Chunk20async.pdf', options );

		const chunks = wiki.of( 'stashChunk' );
		expect( chunks.every( ( c ) => c.async ) ).toBe( true );
		expect( chunks[ 2 ].answer ).toMatchObject( { result: 'Poll', stage: 'queued' } );
		const uploadKey = chunks[ 2 ].answer?.filekey;
		const polls = wiki.of( 'checkStatus' );
		expect( polls ).toHaveLength( 4 );
		expect( polls.every( ( p ) => p.filekey === uploadKey ) ).toBe( true );
		expect( polls.map( ( p ) => p.answer?.result ) ).toEqual( [ 'Poll', 'Poll', 'Poll', 'Success' ] );
		expect( stages ).toEqual( [ 'queued', 'queued', 'queued' ] );
		expect( delays ).toEqual( [ 0, 1, 2, 3 ].map( pollDelay ) );
		// The assembled file has its own key, and it holds the file.
		expect( stashed.filekey ).toBe( polls[ 3 ].answer?.filekey );
		expect( stashed.filekey ).not.toBe( uploadKey );
		expect( sameBytes( wiki.stash.get( stashed.filekey )?.bytes as Uint8Array, await bytesOf( file ) ) ).toBe( true );
	} );

	it( 'below asyncFrom nothing is async', async () => {
		const wiki = new FakeWiki();
		await sendToStash( wiki, { kind: 'file', file: makeFile( 'F.pdf', 3 * MiB ) }, 'F.pdf', transfer( { asyncFrom: 4 * MiB } ).options );
		expect( wiki.of( 'stashChunk' ).some( ( c ) => c.async ) ).toBe( false );
		expect( wiki.of( 'checkStatus' ) ).toHaveLength( 0 );
	} );

	it( 'a Poll without a filekey cannot be followed', async () => {
		const wiki = new FakeWiki();
		await expect( pollUntilDone( wiki, undefined, transfer().options ) ).rejects.toMatchObject( { code: 'missing-filekey' } );
		expect( wiki.requests ).toHaveLength( 0 );
	} );

	it( 'polling gives up after the ceiling', async () => {
		const wiki = new FakeWiki();
		wiki.pollsBeforeDone = 1000;
		const file = makeFile( 'Slow.pdf', 2 * MiB );
		// Ten minutes pass with every reading of the clock.
		const { options } = transfer( { asyncFrom: 0, now: steppingClock( 0, 10 * 60 * 1000 ) } );
		const error = await sendToStash( wiki, { kind: 'file', file }, 'Slow.pdf', options ).catch( ( e: unknown ) => e );
		expect( error ).toMatchObject( { code: 'poll-timeout' } );
		expect( wiki.of( 'checkStatus' ).length ).toBeLessThan( 10 );
	} );
} );

describe( 'upload by URL', () => {
	it( 'lets the wiki fetch the file into the stash', async () => {
		const wiki = new FakeWiki();
		wiki.urls.set( 'https://example.org/a.png', bytes( 280 ) );
		const stashed = await sendToStash( wiki, { kind: 'url', url: 'https://example.org/a.png' }, 'A.png', transfer().options );
		expect( wiki.requests.map( ( r ) => [ r.kind, r.filename ] ) ).toEqual( [ [ 'stashUrl', 'A.png' ] ] );
		expect( wiki.stash.get( stashed.filekey )?.bytes.length ).toBe( 280 );
	} );

	it( 'does not retry the wiki\'s refusal of the URL', async () => {
		const wiki = new FakeWiki();
		const error = await sendToStash( wiki, { kind: 'url', url: 'https://example.org/nope.png' }, 'Nope.png', transfer().options ).catch( ( e: unknown ) => e );
		expect( error ).toMatchObject( { code: 'http-bad-status' } );
		expect( wiki.requests ).toHaveLength( 1 );
	} );
} );

describe( 'withRetries', () => {
	it( 'does not retry an abort', async () => {
		const { options, delays } = transfer();
		let calls = 0;
		await expect( withRetries( options, () => {
			calls++;
			return Promise.reject( new AbortError() );
		} ) ).rejects.toBeInstanceOf( AbortError );
		expect( calls ).toBe( 1 );
		expect( delays ).toEqual( [] );
	} );
	it( 'retries a transient API error (badtoken) and returns the later answer', async () => {
		const { options, delays } = transfer();
		let calls = 0;
		await expect( withRetries( options, () => ( ++calls < 3 ? Promise.reject( apiError( 'badtoken', 'Invalid CSRF token.' ) ) : Promise.resolve( 'ok' ) ) ) )
			.resolves.toBe( 'ok' );
		expect( delays ).toEqual( RETRY_DELAYS_MS.slice( 0, 2 ) );
	} );
} );
