/**
 * The queue over the fake wiki: from picked to published, through warnings, failures, retries,
 * cancels and asynchronous publishing. Assertions are on what the wiki received and holds and
 * on the state the UI would render.
 */
import { RETRY_DELAYS_MS } from '../../src/upload/retry';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/api/errors';
import type { UploadFields, UploadItem } from '../../src/upload/model';
import { UploadQueue, type QueueOptions } from '../../src/upload/queue';
import { ResumeStore } from '../../src/upload/resume';
import { FakeWiki, MiB, apiError, bytes, bytesOf, makeFile, recordingSleep, sameBytes, sha1OfBlob, steppingClock, waitFor } from './fakeApi';
import { bundledPhotoTools } from './photoTools';

async function setup( configure: ( wiki: FakeWiki ) => void = () => undefined, options: QueueOptions = {} ) {
	const wiki = new FakeWiki();
	configure( wiki );
	const { sleep, delays } = recordingSleep();
	const queue = new UploadQueue( wiki, { oneRequestUpTo: 0, adaptiveChunks: false, sleep, now: steppingClock(), ...options } );
	await queue.loadSite();
	return { wiki, queue, delays };
}

function item( queue: UploadQueue, index = 0 ): UploadItem {
	return queue.getState().items[ index ];
}

/** Wait until nothing is on its way (no item queued, sending, processing or committing). */
function idle( queue: UploadQueue ): Promise<void> {
	return waitFor( () => !queue.getState().running && !queue.isBusy(), 'the queue to be idle' );
}

async function uploadOne( queue: UploadQueue, file: File, fields: Partial<UploadFields> = {} ): Promise<UploadItem> {
	queue.addFiles( [ file ] );
	const added = queue.getState().items[ queue.getState().items.length - 1 ];
	queue.updateFields( added.id, fields );
	queue.start();
	await idle( queue );
	return queue.getState().items.find( ( i ) => i.id === added.id ) as UploadItem;
}

describe( 'a file from picked to published', () => {
	it( 'a small file: one stash request, then a commit with every field', async () => {
		const { wiki, queue } = await setup();
		const file = makeFile( 'Small.pdf', 4118 );
		const done = await uploadOne( queue, file, {
			filename: 'Report 2026.pdf',
			comment: 'Upload summary',
			text: '== Summary ==\nThe report.',
			tags: 'a, b',
			watchlist: 'watch',
			watchlistExpiry: '1 week'
		} );
		expect( wiki.requests.map( ( r ) => r.kind ) ).toEqual( [ 'stashFile', 'commit' ] );
		const stashKey = wiki.requests[ 0 ].answer?.filekey;
		expect( wiki.commits() ).toEqual( [ {
			filekey: stashKey,
			filename: 'Report 2026.pdf',
			comment: 'Upload summary',
			text: '== Summary ==\nThe report.',
			tags: [ 'a', 'b' ],
			watchlist: 'watch',
			watchlistexpiry: '1 week',
			ignorewarnings: false,
			async: false
		} ] );
		expect( done.status ).toEqual( {
			state: 'done',
			filename: 'Report 2026.pdf',
			descriptionUrl: 'http://wiki.test/wiki/File:Report 2026.pdf'
		} );
		expect( done.filekey ).toBeNull();
		expect( sameBytes( wiki.published.get( 'Report 2026.pdf' ) as Uint8Array, await bytesOf( file ) ) ).toBe( true );
	} );

	it.each( [
		[ 'the wiki has no watchlist expiry', false, 'watch' ],
		[ 'the file is not watched', true, 'preferences' ],
		[ 'the watchlist is left as it is', true, 'nochange' ]
	] as const )( 'sends no watchlistexpiry when %s', async ( _name, enabled, watchlist ) => {
		const { wiki, queue } = await setup( ( w ) => {
			w.site.watchlistExpiryEnabled = enabled;
		} );
		await uploadOne( queue, makeFile( 'W.pdf', 100 ), { watchlist, watchlistExpiry: '1 month' } );
		expect( wiki.commits() ).toHaveLength( 1 );
		expect( wiki.commits()[ 0 ] ).not.toHaveProperty( 'watchlistexpiry' );
		expect( wiki.commits()[ 0 ].watchlist ).toBe( watchlist );
	} );

	it( 'a 5 MiB file in 1 MiB chunks is published with the assembled key and the same bytes', async () => {
		const { wiki, queue } = await setup();
		const file = makeFile( 'Big.pdf', 5 * MiB, 2 );
		const done = await uploadOne( queue, file );
		expect( wiki.requests.map( ( r ) => r.kind ) ).toEqual( [ 'stashChunk', 'stashChunk', 'stashChunk', 'stashChunk', 'stashChunk', 'commit' ] );
		expect( wiki.commits()[ 0 ].filekey ).toBe( wiki.requests[ 4 ].answer?.filekey );
		expect( done.status.state ).toBe( 'done' );
		expect( sameBytes( wiki.published.get( 'Big.pdf' ) as Uint8Array, await bytesOf( file ) ) ).toBe( true );
	} );

	it( 'shows the progress of the bytes, and the retry it waits for', async () => {
		const seen: Array<{ sent: number; retryAt: number | null }> = [];
		const { queue } = await setup( ( w ) => {
			w.failAt( 2, new HttpError( 'status', 503, 'Service Unavailable' ) );
		}, { now: () => 1000 } );
		queue.store.subscribe( () => {
			const status = queue.getState().items[ 0 ]?.status;
			if ( status?.state === 'sending' ) {
				seen.push( { sent: status.progress.sent, retryAt: status.retryAt } );
			}
		} );
		const done = await uploadOne( queue, makeFile( 'P.pdf', 3 * MiB ) );
		expect( done.status.state ).toBe( 'done' );
		expect( seen.some( ( s ) => s.retryAt === 1000 + RETRY_DELAYS_MS[ 0 ] ) ).toBe( true );
		expect( seen[ seen.length - 1 ] ).toEqual( { sent: 3 * MiB, retryAt: null } );
		expect( seen.every( ( s ) => s.sent <= 3 * MiB ) ).toBe( true );
	} );
} );

describe( 'small files', () => {
	it( 'up to 4 MiB go in one request by default; once the wiki refuses one for its size, the next files go in chunks', async () => {
		const { wiki, queue } = await setup( ( w ) => {
			// The 3rd request: the second file's.
			w.failAt( 3, new HttpError( 'status', 413, 'Payload Too Large' ) );
		}, { oneRequestUpTo: undefined } );
		queue.setParallel( 1 );
		const first = makeFile( 'First.pdf', 3 * MiB, 21 );
		const second = makeFile( 'Second.pdf', 2 * MiB, 22 );
		const third = makeFile( 'Third.pdf', 2 * MiB, 23 );
		await uploadOne( queue, first );
		expect( wiki.requests.map( ( r ) => r.kind ) ).toEqual( [ 'stashFile', 'commit' ] );
		await uploadOne( queue, second );
		await uploadOne( queue, third );
		expect( wiki.requests.slice( 2 ).map( ( r ) => r.kind ) ).toEqual( [
			'stashFile', 'stashChunk', 'stashChunk', 'commit',
			'stashChunk', 'stashChunk', 'commit'
		] );
		for ( const file of [ first, second, third ] ) {
			expect( sameBytes( wiki.published.get( file.name ) as Uint8Array, await bytesOf( file ) ), file.name ).toBe( true );
		}
	} );
} );

describe( 'warnings', () => {
	it( 'stops at needs-choice: nothing is committed', async () => {
		const { wiki, queue } = await setup( ( w ) => w.publish( 'A.pdf', bytes( 4118, 9 ) ) );
		const waiting = await uploadOne( queue, makeFile( 'A.pdf', 4118, 1 ) );
		expect( waiting.status.state ).toBe( 'needs-choice' );
		if ( waiting.status.state === 'needs-choice' ) {
			expect( waiting.status.warnings.map( ( w ) => [ w.key, w.files ] ) ).toEqual( [ [ 'exists', [ 'A.pdf' ] ] ] );
		}
		expect( waiting.filekey ).toBe( wiki.requests[ 0 ].answer?.filekey );
		expect( wiki.of( 'commit' ) ).toHaveLength( 0 );
		expect( sameBytes( wiki.published.get( 'A.pdf' ) as Uint8Array, bytes( 4118, 9 ) ) ).toBe( true );
	} );

	it( 'the warnings of a chunked upload\'s last chunk stop it too', async () => {
		const { wiki, queue } = await setup( ( w ) => w.publish( 'C.pdf', bytes( 2 * MiB + 22, 4 ) ) );
		const waiting = await uploadOne( queue, makeFile( 'C2.pdf', 2 * MiB + 22, 4 ) );
		expect( waiting.status.state ).toBe( 'needs-choice' );
		expect( wiki.of( 'commit' ) ).toHaveLength( 0 );
	} );

	it( 'rename: commits the same stashed bytes under the new name, without ignorewarnings', async () => {
		const { wiki, queue } = await setup( ( w ) => w.publish( 'A.pdf', bytes( 4118, 9 ) ) );
		const waiting = await uploadOne( queue, makeFile( 'A.pdf', 4118, 1 ) );
		queue.resolve( waiting.id, { kind: 'rename', filename: '  A (2).pdf ' } );
		await idle( queue );
		expect( wiki.of( 'stashFile' ) ).toHaveLength( 1 );
		expect( wiki.commits() ).toHaveLength( 1 );
		expect( wiki.commits()[ 0 ] ).toMatchObject( { filekey: waiting.filekey, filename: 'A (2).pdf', ignorewarnings: false } );
		expect( item( queue ).status ).toMatchObject( { state: 'done', filename: 'A (2).pdf' } );
		expect( item( queue ).fields.filename ).toBe( 'A (2).pdf' );
		// The existing file is untouched.
		expect( sameBytes( wiki.published.get( 'A.pdf' ) as Uint8Array, bytes( 4118, 9 ) ) ).toBe( true );
	} );

	it( 'a rename to an empty name is refused: nothing is sent', async () => {
		const { wiki, queue } = await setup( ( w ) => w.publish( 'A.pdf', bytes( 4118, 9 ) ) );
		const waiting = await uploadOne( queue, makeFile( 'A.pdf', 4118, 1 ) );
		queue.resolve( waiting.id, { kind: 'rename', filename: '   ' } );
		await idle( queue );
		expect( wiki.of( 'commit' ) ).toHaveLength( 0 );
		expect( item( queue ).status.state ).toBe( 'needs-choice' );
	} );

	it( 'ignore: commits with ignorewarnings and overwrites', async () => {
		const { wiki, queue } = await setup( ( w ) => w.publish( 'A.pdf', bytes( 4118, 9 ) ) );
		const waiting = await uploadOne( queue, makeFile( 'A.pdf', 4118, 1 ) );
		queue.resolve( waiting.id, { kind: 'ignore' } );
		await idle( queue );
		expect( wiki.commits() ).toHaveLength( 1 );
		expect( wiki.commits()[ 0 ] ).toMatchObject( { filekey: waiting.filekey, filename: 'A.pdf', ignorewarnings: true } );
		expect( item( queue ).status.state ).toBe( 'done' );
		expect( sameBytes( wiki.published.get( 'A.pdf' ) as Uint8Array, bytes( 4118, 1 ) ) ).toBe( true );
	} );

	it( 'ignore is refused where the wiki would refuse it (nochange)', async () => {
		const { wiki, queue } = await setup( ( w ) => w.publish( 'A.pdf', bytes( 4118, 1 ) ) );
		const waiting = await uploadOne( queue, makeFile( 'A.pdf', 4118, 1 ) );
		if ( waiting.status.state !== 'needs-choice' ) {
			throw new Error( 'expected needs-choice' );
		}
		expect( waiting.status.warnings.map( ( w ) => w.key ) ).toEqual( [ 'exists', 'nochange' ] );
		queue.resolve( waiting.id, { kind: 'ignore' } );
		await idle( queue );
		expect( wiki.of( 'commit' ) ).toHaveLength( 0 );
		expect( item( queue ).status.state ).toBe( 'needs-choice' );
	} );

	it( 'resolving twice quickly commits exactly once', async () => {
		const { wiki, queue } = await setup( ( w ) => w.publish( 'A.pdf', bytes( 4118, 9 ) ) );
		const waiting = await uploadOne( queue, makeFile( 'A.pdf', 4118, 1 ) );
		queue.resolve( waiting.id, { kind: 'ignore' } );
		queue.resolve( waiting.id, { kind: 'ignore' } );
		queue.resolve( waiting.id, { kind: 'rename', filename: 'B.pdf' } );
		await idle( queue );
		expect( wiki.of( 'commit' ) ).toHaveLength( 1 );
		expect( item( queue ).status.state ).toBe( 'done' );
	} );

	it( 'cancel at the choice: nothing is published', async () => {
		const { wiki, queue } = await setup( ( w ) => w.publish( 'A.pdf', bytes( 4118, 9 ) ) );
		const waiting = await uploadOne( queue, makeFile( 'A.pdf', 4118, 1 ) );
		queue.resolve( waiting.id, { kind: 'cancel' } );
		await idle( queue );
		expect( item( queue ).status.state ).toBe( 'cancelled' );
		expect( wiki.of( 'commit' ) ).toHaveLength( 0 );
	} );

	it( 'a commit answering Warning with a NEW filekey asks again, and the new key is committed next', async () => {
		const { wiki, queue } = await setup( ( w ) => {
			w.publish( 'A.pdf', bytes( 4118, 8 ) );
			w.publish( 'B.pdf', bytes( 4118, 9 ) );
		} );
		const waiting = await uploadOne( queue, makeFile( 'A.pdf', 4118, 1 ) );
		const firstKey = waiting.filekey;
		// B.pdf exists too: the commit answers Warning with a new key.
		queue.resolve( waiting.id, { kind: 'rename', filename: 'B.pdf' } );
		await idle( queue );
		const again = item( queue );
		expect( again.status.state ).toBe( 'needs-choice' );
		if ( again.status.state === 'needs-choice' ) {
			expect( again.status.warnings.map( ( w ) => [ w.key, w.files ] ) ).toEqual( [ [ 'exists', [ 'B.pdf' ] ] ] );
		}
		const newKey = wiki.of( 'commit' )[ 0 ].answer?.filekey;
		expect( newKey ).toBeTruthy();
		expect( newKey ).not.toBe( firstKey );
		expect( again.filekey ).toBe( newKey );

		queue.resolve( again.id, { kind: 'ignore' } );
		await idle( queue );
		expect( wiki.commits().map( ( c ) => [ c.filekey, c.filename, c.ignorewarnings ] ) ).toEqual( [
			[ firstKey, 'B.pdf', false ],
			[ newKey, 'B.pdf', true ]
		] );
		expect( item( queue ).status.state ).toBe( 'done' );
		expect( sameBytes( wiki.published.get( 'B.pdf' ) as Uint8Array, bytes( 4118, 1 ) ) ).toBe( true );
	} );
} );

describe( 'checks before sending', () => {
	it( 'a file larger than the wiki\'s maxuploadsize fails at once: no request', async () => {
		const { wiki, queue } = await setup( ( w ) => {
			w.site.maxUploadSize = MiB;
		} );
		const failed = await uploadOne( queue, makeFile( 'Huge.pdf', MiB + 1 ) );
		expect( failed.status ).toEqual( {
			state: 'failed',
			failure: { code: 'file-too-large-local', info: '', params: [ String( MiB + 1 ), String( MiB ) ], remedy: 'other-file', transient: false }
		} );
		expect( wiki.requests ).toHaveLength( 0 );
	} );

	it( 'an empty file fails at once: no request', async () => {
		const { wiki, queue } = await setup();
		const failed = await uploadOne( queue, new File( [], 'Empty.png' ) );
		expect( failed.status ).toMatchObject( { state: 'failed', failure: { code: 'empty-file' } } );
		expect( wiki.requests ).toHaveLength( 0 );
	} );

	it( 'an empty name fails at once: no request', async () => {
		const { wiki, queue } = await setup();
		const failed = await uploadOne( queue, makeFile( 'X.pdf', 10 ), { filename: '  ' } );
		expect( failed.status ).toMatchObject( { state: 'failed', failure: { code: 'name-empty', remedy: 'rename' } } );
		expect( wiki.requests ).toHaveLength( 0 );
	} );
} );

describe( 'failures and retries', () => {
	const fields: Partial<UploadFields> = {
		filename: 'Kept.png',
		comment: 'my summary',
		text: 'my description',
		tags: 'x, y',
		watchlist: 'watch',
		watchlistExpiry: '3 months'
	};

	it( 'a failure keeps every field the user typed, and the API\'s words', async () => {
		const info = 'File extension ".png" does not match the detected MIME type of the file (text/csv).';
		const { wiki, queue } = await setup( ( w ) => {
			w.failAt( 1, apiError( 'verification-error', info, { details: [ 'filetype-mime-mismatch', 'png', 'text/csv' ] } ) );
		}, { photoTools: bundledPhotoTools } );
		const failed = await uploadOne( queue, makeFile( 'TextAsPng.png', 290 ), fields );
		expect( failed.status ).toEqual( {
			state: 'failed',
			failure: { code: 'verification-error', info, params: [], remedy: 'other-file', transient: false }
		} );
		// Its date taken (photos.ts: a .png is a photo; this one has no EXIF, so its file's date) comes on top.
		expect( failed.fields ).toEqual( { ...fields, date: failed.fields.date } );
		expect( failed.fields.date ).toMatch( /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/ );
		expect( wiki.requests ).toHaveLength( 1 );
	} );

	it( 'the fields can be changed after a failure', async () => {
		const { queue } = await setup( ( w ) => {
			w.failAt( 1, apiError( 'permissiondenied', 'The action you have requested is limited to users in the group: [[LocalWiki:Users|Users]].' ) );
		} );
		const failed = await uploadOne( queue, makeFile( 'F.png', 10 ), fields );
		queue.updateFields( failed.id, { comment: 'changed' } );
		expect( item( queue ).fields.comment ).toBe( 'changed' );
	} );

	it( 'a commit that meets a passing failure (503) is retried by itself with the same filekey', async () => {
		const { wiki, queue } = await setup( ( w ) => {
			w.failAt( 2, new HttpError( 'status', 503, 'Service Unavailable' ) );
		} );
		const done = await uploadOne( queue, makeFile( 'R.pdf', 4118 ), fields );
		const stashKey = wiki.requests[ 0 ].answer?.filekey;
		expect( wiki.requests.map( ( r ) => r.kind ) ).toEqual( [ 'stashFile', 'commit', 'commit' ] );
		expect( wiki.commits()[ 1 ] ).toMatchObject( { filekey: stashKey, filename: 'Kept.png', comment: 'my summary', tags: [ 'x', 'y' ] } );
		expect( done.status.state ).toBe( 'done' );
	} );

	it( 'a retry after a refused commit commits the same filekey without sending the bytes again', async () => {
		const { wiki, queue } = await setup( ( w ) => {
			w.failAt( 2, apiError( 'blocked', 'You have been blocked from editing.' ) );
		} );
		const failed = await uploadOne( queue, makeFile( 'R.pdf', 4118 ), fields );
		expect( failed.status ).toMatchObject( { state: 'failed', failure: { code: 'blocked', transient: false } } );
		const stashKey = wiki.requests[ 0 ].answer?.filekey;
		expect( failed.filekey ).toBe( stashKey );
		expect( failed.fields ).toEqual( fields );

		queue.retry( failed.id );
		await idle( queue );
		expect( wiki.requests.map( ( r ) => r.kind ) ).toEqual( [ 'stashFile', 'commit', 'commit' ] );
		expect( wiki.commits()[ 1 ] ).toMatchObject( { filekey: stashKey, filename: 'Kept.png', comment: 'my summary', tags: [ 'x', 'y' ] } );
		expect( item( queue ).status.state ).toBe( 'done' );
	} );

	it( 'a commit whose answer was lost after the wiki published is recognised, not published twice', async () => {
		const { wiki, queue } = await setup( ( w ) => {
			w.failAt( 2, new HttpError( 'network', 0, 'network error' ), { applied: true } );
		} );
		const done = await uploadOne( queue, makeFile( 'Lost.pdf', 4118 ), fields );
		expect( wiki.requests.map( ( r ) => r.kind ) ).toEqual( [ 'stashFile', 'commit', 'commit' ] );
		expect( wiki.requests[ 2 ].error ).toMatchObject( { code: 'uploadstash-file-not-found' } );
		expect( done.status ).toMatchObject( { state: 'done', filename: 'Kept.png' } );
	} );

	it( 'a commit the browser sent twice by itself (the first published; the page hears the second\'s consumed key) is done, not failed', async () => {
		// Chromium sends a request again when a reused connection closes before any answer, and
		// tells the page nothing: no answer was lost as far as the engine can know.
		const { wiki, queue } = await setup( ( w ) => {
			w.failAt( 2, apiError( 'uploadstash-file-not-found', 'Key "x" not found in stash.' ), { applied: true } );
		} );
		const done = await uploadOne( queue, makeFile( 'Twice.pdf', 4118 ), fields );
		expect( done.status ).toMatchObject( { state: 'done', filename: 'Kept.png' } );
		expect( wiki.commits() ).toHaveLength( 1 );
		expect( wiki.published.has( 'Kept.png' ) ).toBe( true );
	} );

	it( 'a retried commit keeps the choice to ignore the warnings', async () => {
		const { wiki, queue } = await setup( ( w ) => {
			w.publish( 'Kept.png', new Uint8Array( [ 1, 2, 3 ] ) );
			w.failAt( 2, apiError( 'blocked', 'You have been blocked from editing.' ) );
		} );
		const warned = await uploadOne( queue, makeFile( 'I.pdf', 4118 ), fields );
		expect( warned.status.state ).toBe( 'needs-choice' );
		queue.resolve( warned.id, { kind: 'ignore' } );
		await idle( queue );
		expect( item( queue ).status.state ).toBe( 'failed' );
		queue.retry( warned.id );
		await idle( queue );
		expect( wiki.commits().map( ( c ) => c.ignorewarnings ) ).toEqual( [ true, true ] );
		expect( item( queue ).status.state ).toBe( 'done' );
	} );

	it( 'the choice to ignore the warnings does not carry over to a new name: another existing file is never overwritten unasked', async () => {
		const { wiki, queue } = await setup( ( w ) => {
			w.publish( 'Kept.png', new Uint8Array( [ 1, 2, 3 ] ) );
			w.publish( 'Other.png', new Uint8Array( [ 4, 5, 6 ] ) );
			w.failAt( 2, apiError( 'blocked', 'You have been blocked from editing.' ) );
		} );
		const warned = await uploadOne( queue, makeFile( 'I.pdf', 4118 ), fields );
		queue.resolve( warned.id, { kind: 'ignore' } );
		await idle( queue );
		expect( item( queue ).status.state ).toBe( 'failed' );
		queue.updateFields( warned.id, { filename: 'Other.png' } );
		queue.retry( warned.id );
		await idle( queue );
		expect( wiki.commits().map( ( c ) => [ c.filename, c.ignorewarnings ] ) ).toEqual( [ [ 'Kept.png', true ], [ 'Other.png', false ] ] );
		expect( item( queue ).status ).toMatchObject( { state: 'needs-choice', warnings: [ { key: 'exists' } ] } );
		expect( sameBytes( wiki.published.get( 'Other.png' ) as Uint8Array, new Uint8Array( [ 4, 5, 6 ] ) ) ).toBe( true );
	} );

	it( 'a retry after the stash lost the file sends the bytes again', async () => {
		const { wiki, queue } = await setup();
		const failedFirst = await ( async () => {
			wiki.failAt( 2, apiError( 'uploadstash-file-not-found', 'Key "x" not found in stash.' ) );
			return uploadOne( queue, makeFile( 'Gone.pdf', 4118 ) );
		} )();
		expect( failedFirst.status ).toMatchObject( { state: 'failed', failure: { code: 'uploadstash-file-not-found' } } );
		expect( failedFirst.filekey ).toBeNull();
		queue.retry( failedFirst.id );
		await idle( queue );
		expect( wiki.requests.map( ( r ) => r.kind ) ).toEqual( [ 'stashFile', 'commit', 'stashFile', 'commit' ] );
		expect( item( queue ).status.state ).toBe( 'done' );
	} );

	it( 'a permanent failure of a chunk is not retried', async () => {
		const { wiki, queue, delays } = await setup( ( w ) => {
			w.failAt( 1, apiError( 'mustbeloggedin', 'You must be logged in to upload this file.' ) );
		} );
		const failed = await uploadOne( queue, makeFile( 'F.pdf', 3 * MiB ) );
		expect( failed.status ).toMatchObject( { state: 'failed', failure: { code: 'mustbeloggedin', remedy: 'login' } } );
		expect( wiki.requests ).toHaveLength( 1 );
		expect( delays ).toEqual( [] );
	} );
} );

describe( 'cancel', () => {
	it( 'while sending: the request\'s signal fires, the state is cancelled, nothing is committed', async () => {
		const wiki = new FakeWiki();
		const { sleep } = recordingSleep();
		const queue = new UploadQueue( wiki, { oneRequestUpTo: 0, sleep } );
		await queue.loadSite();
		wiki.holdAt( 2 );
		queue.addFiles( [ makeFile( 'C.pdf', 4 * MiB ) ] );
		queue.start();
		await waitFor( () => wiki.requests.length === 2, 'the second chunk' );
		const id = item( queue ).id;
		expect( item( queue ).status.state ).toBe( 'sending' );
		queue.cancel( id );
		expect( item( queue ).status.state ).toBe( 'cancelled' );
		expect( wiki.requests[ 1 ].signal?.aborted ).toBe( true );
		await idle( queue );
		await new Promise( ( r ) => setTimeout( r, 10 ) );
		expect( wiki.requests ).toHaveLength( 2 );
		expect( wiki.requests[ 1 ].outcome ).toBe( 'aborted' );
		expect( wiki.of( 'commit' ) ).toHaveLength( 0 );
		expect( item( queue ).status.state ).toBe( 'cancelled' );
		expect( queue.isBusy() ).toBe( false );
	} );

	it( 'not once the commit is sent: the wiki publishes what it received, so the file is never called cancelled', async () => {
		const wiki = new FakeWiki();
		const queue = new UploadQueue( wiki, { oneRequestUpTo: 0, sleep: recordingSleep().sleep } );
		await queue.loadSite();
		const release = wiki.holdAt( 2 );
		queue.addFiles( [ makeFile( 'C.pdf', 100 ) ] );
		queue.start();
		await waitFor( () => wiki.requests.length === 2, 'the commit' );
		expect( item( queue ).status.state ).toBe( 'committing' );
		queue.cancel( item( queue ).id );
		queue.cancelAll();
		expect( item( queue ).status.state ).toBe( 'committing' );
		expect( wiki.requests[ 1 ].signal?.aborted ).toBe( false );
		release();
		await idle( queue );
		expect( item( queue ).status ).toMatchObject( { state: 'done', filename: 'C.pdf' } );
		expect( wiki.published.size ).toBe( 1 );
	} );

	it( 'cancel, retry, cancel again quickly: the second request is aborted too, nothing is published', async () => {
		const { wiki, queue } = await setup();
		wiki.holdAt( 1 );
		const releaseSecond = wiki.holdAt( 2 );
		queue.addFiles( [ makeFile( 'Q.pdf', 2 * MiB, 3 ) ] );
		queue.start();
		await waitFor( () => wiki.requests.length === 1, 'the first chunk' );
		const id = item( queue ).id;
		queue.cancel( id );
		queue.retry( id );
		await waitFor( () => wiki.requests.length === 2, 'the first chunk again' );
		// Let the first, aborted request finish unwinding.
		await new Promise( ( r ) => setTimeout( r, 10 ) );
		queue.cancel( id );
		releaseSecond();
		await idle( queue );
		expect( wiki.requests[ 1 ].signal?.aborted ).toBe( true );
		await new Promise( ( r ) => setTimeout( r, 10 ) );
		expect( item( queue ).status.state ).toBe( 'cancelled' );
		expect( wiki.published.size ).toBe( 0 );
		expect( wiki.of( 'commit' ) ).toHaveLength( 0 );
	} );

	it( 'a lost answer to the last chunk: the stash forgot the chunks, the upload starts over once and says so', async () => {
		const { wiki, queue } = await setup( ( w ) => {
			w.failAt( 2, new HttpError( 'network', 0, 'network error' ), { applied: true } );
		} );
		const file = makeFile( 'L.pdf', 2 * MiB, 4 );
		const done = await uploadOne( queue, file );
		expect( wiki.of( 'stashChunk' ).map( ( c ) => [ c.offset, c.outcome ] ) ).toEqual( [
			[ 0, 'answered' ], [ MiB, 'failed' ], [ MiB, 'failed' ], [ 0, 'answered' ], [ MiB, 'answered' ]
		] );
		expect( wiki.of( 'stashChunk' )[ 2 ].error ).toMatchObject( { code: 'uploadstash-file-not-found' } );
		expect( done.status.state ).toBe( 'done' );
		expect( done.notice ).toBe( 'restarted' );
		expect( sameBytes( wiki.published.get( 'L.pdf' ) as Uint8Array, await bytesOf( file ) ) ).toBe( true );
	} );

	it( 'an expired stash starts over only once: a second loss of the chunks is a failure, and a retry sends the file anew', async () => {
		const expired = () => apiError( 'uploadstash-file-not-found', 'Key "x" not found in stash.' );
		const { wiki, queue } = await setup( ( w ) => {
			w.failAt( 2, expired() );
			w.failAt( 4, expired() );
		} );
		const failed = await uploadOne( queue, makeFile( 'L.pdf', 3 * MiB ) );
		expect( failed.status ).toMatchObject( { state: 'failed', failure: { code: 'uploadstash-file-not-found' } } );
		expect( failed.filekey ).toBeNull();
		expect( wiki.requests ).toHaveLength( 4 );
		queue.retry( failed.id );
		await idle( queue );
		expect( item( queue ).status.state ).toBe( 'done' );
		expect( wiki.of( 'stashChunk' ).slice( 4 ).map( ( c ) => c.offset ) ).toEqual( [ 0, MiB, 2 * MiB ] );
	} );

	it( 'with a hasher, a lost answer to the last chunk finds the assembled file: published once, nothing sent again, nothing left in the stash', async () => {
		const { wiki, queue } = await setup( ( w ) => {
			w.failAt( 2, new HttpError( 'bad-response', 200, 'Unexpected end of JSON input' ), { applied: true } );
		}, { hasher: { hash: ( blob: Blob ) => sha1OfBlob( blob ) } } );
		const file = makeFile( 'H.pdf', 2 * MiB, 4 );
		const done = await uploadOne( queue, file );
		expect( done.status.state ).toBe( 'done' );
		expect( done.notice ).toBeNull();
		expect( wiki.of( 'stashChunk' ).map( ( c ) => c.offset ) ).toEqual( [ 0, MiB, MiB ] );
		expect( sameBytes( wiki.published.get( 'H.pdf' ) as Uint8Array, await bytesOf( file ) ) ).toBe( true );
		expect( wiki.stash.size ).toBe( 0 );
	} );

	it( 'cancelAll stops every file; the next ones are not started', async () => {
		const wiki = new FakeWiki();
		const queue = new UploadQueue( wiki, { oneRequestUpTo: 0, sleep: recordingSleep().sleep } );
		await queue.loadSite();
		queue.setParallel( 2 );
		wiki.holdAt( 1 );
		wiki.holdAt( 2 );
		queue.addFiles( [ makeFile( 'A.pdf', 100 ), makeFile( 'B.pdf', 100 ), makeFile( 'C.pdf', 100 ) ] );
		queue.start();
		await waitFor( () => wiki.requests.length === 2, 'the first two requests' );
		queue.cancelAll();
		await idle( queue );
		expect( queue.getState().items.map( ( i ) => i.status.state ) ).toEqual( [ 'cancelled', 'cancelled', 'cancelled' ] );
		expect( wiki.requests ).toHaveLength( 2 );
		expect( wiki.requests.map( ( r ) => r.outcome ) ).toEqual( [ 'aborted', 'aborted' ] );
	} );
} );

/** A 4 MiB file in 1 MiB chunks, paused while its third chunk is on its way (held: `release` lets it end). */
async function pausedAtThirdChunk( wiki: FakeWiki, queue: UploadQueue ): Promise<{ file: File; release: () => void }> {
	const file = makeFile( 'P.pdf', 4 * MiB, 12 );
	const release = wiki.holdAt( 3 );
	queue.addFiles( [ file ] );
	queue.start();
	await waitFor( () => wiki.requests.length === 3, 'the third chunk' );
	queue.pause( item( queue ).id );
	return { file, release };
}

describe( 'pause and resume', () => {
	it( 'pause aborts the chunk under way; resume goes on from the server\'s offset with the same upload', async () => {
		const { wiki, queue } = await setup();
		const { file, release } = await pausedAtThirdChunk( wiki, queue );
		expect( item( queue ).status ).toMatchObject( { state: 'paused', progress: { sent: 2 * MiB, total: 4 * MiB } } );
		expect( wiki.requests[ 2 ].signal?.aborted ).toBe( true );
		await idle( queue );
		release();
		expect( wiki.requests[ 2 ].outcome ).toBe( 'aborted' );
		expect( item( queue ).status.state ).toBe( 'paused' );

		queue.resume( item( queue ).id );
		await idle( queue );
		const chunks = wiki.of( 'stashChunk' );
		const uploadKey = chunks[ 0 ].answer?.filekey;
		expect( chunks.map( ( c ) => [ c.offset, c.filekey ] ) ).toEqual( [
			[ 0, undefined ], [ MiB, uploadKey ], [ 2 * MiB, uploadKey ], [ 2 * MiB, uploadKey ], [ 3 * MiB, uploadKey ]
		] );
		expect( item( queue ).status.state ).toBe( 'done' );
		expect( sameBytes( wiki.published.get( 'P.pdf' ) as Uint8Array, await bytesOf( file ) ) ).toBe( true );
	} );

	it( 'a chunk the server took just before the pause is not written twice: resume resyncs', async () => {
		const { wiki, queue } = await setup();
		const file = makeFile( 'P.pdf', 4 * MiB, 13 );
		// Request 3 reaches the server and is appended; the pause aborts it before its answer.
		wiki.holdAt( 3, { afterApply: true } );
		queue.addFiles( [ file ] );
		queue.start();
		await waitFor( () => wiki.applied.length === 3, 'the third chunk on the server' );
		queue.pause( item( queue ).id );
		await idle( queue );
		queue.resume( item( queue ).id );
		await idle( queue );
		const chunks = wiki.of( 'stashChunk' );
		expect( chunks.map( ( c ) => c.offset ) ).toEqual( [ 0, MiB, 2 * MiB, 2 * MiB, 3 * MiB ] );
		expect( chunks[ 3 ].error ).toMatchObject( { code: 'stashfailed', info: 'Invalid chunk offset' } );
		let at = 0;
		wiki.applied.forEach( ( range ) => {
			expect( range.start ).toBe( at );
			at = range.end;
		} );
		expect( at ).toBe( 4 * MiB );
		expect( item( queue ).status.state ).toBe( 'done' );
		expect( sameBytes( wiki.published.get( 'P.pdf' ) as Uint8Array, await bytesOf( file ) ) ).toBe( true );
	} );

	it( 'the resume record: a new stash key is written at once, later offsets at most every second, the exact point at a pause', async () => {
		const writes: string[] = [];
		const map = new Map<string, string>();
		const storage = {
			getItem: ( k: string ) => map.get( k ) ?? null,
			setItem: ( k: string, v: string ) => {
				writes.push( v );
				map.set( k, v );
			},
			removeItem: ( k: string ) => {
				map.delete( k );
			}
		};
		const resumeStore = new ResumeStore( storage, 'test' );
		// A clock that stands still: every chunk comes within the same second.
		const { wiki, queue } = await setup( () => undefined, { resumeStore, now: () => 5000 } );
		const file = makeFile( 'R.pdf', 6 * MiB, 14 );
		const release = wiki.holdAt( 5 );
		queue.addFiles( [ file ] );
		queue.start();
		await waitFor( () => wiki.requests.length === 5, 'the fifth chunk' );
		await waitFor( () => writes.length > 0, 'the first record' );
		expect( writes.map( ( w ) => JSON.parse( w )[ 0 ]?.resume.offset ), 'only the first point, so far' ).toEqual( [ MiB ] );
		expect( item( queue ).resume?.offset, 'the store is at most one progress step behind' ).toBeGreaterThanOrEqual( MiB );
		queue.pause( item( queue ).id );
		expect( item( queue ).resume?.offset, 'the pause finds the exact point' ).toBe( 4 * MiB );
		await waitFor( () => resumeStore.list()[ 0 ]?.resume.offset === 4 * MiB, 'the exact point in the record', 3000 );
		expect( writes.length ).toBe( 2 );
		release();
		queue.resume( item( queue ).id );
		await idle( queue );
		expect( item( queue ).status.state ).toBe( 'done' );
		expect( resumeStore.list() ).toEqual( [] );
		expect( wiki.of( 'stashChunk' ).map( ( c ) => c.offset ) ).toEqual( [ 0, MiB, 2 * MiB, 3 * MiB, 4 * MiB, 4 * MiB, 5 * MiB ] );
	} );

	it( 'renamed while paused: the stash\'s warnings about the first name are not shown as the new name\'s; the commit asks about the new one', async () => {
		const { wiki, queue } = await setup( ( w ) => {
			w.publish( 'P.pdf', bytes( 10, 1 ) );
			w.publish( 'Q.pdf', bytes( 10, 2 ) );
		} );
		const { release } = await pausedAtThirdChunk( wiki, queue );
		await idle( queue );
		release();
		queue.updateFields( item( queue ).id, { filename: 'Q.pdf' } );
		queue.resume( item( queue ).id );
		await idle( queue );
		// The chunks went on under P.pdf (the stash's `exists` was about P.pdf) …
		expect( wiki.of( 'stashChunk' ).every( ( c ) => c.filename === 'P.pdf' ) ).toBe( true );
		// … and the commit under Q.pdf was sent without ignorewarnings: the wiki's `exists` is Q.pdf's.
		expect( wiki.commits().map( ( c ) => [ c.filename, c.ignorewarnings ] ) ).toEqual( [ [ 'Q.pdf', false ] ] );
		expect( item( queue ).status ).toMatchObject( { state: 'needs-choice', warnings: [ { key: 'exists', files: [ 'Q.pdf' ] } ] } );
		expect( sameBytes( wiki.published.get( 'Q.pdf' ) as Uint8Array, bytes( 10, 2 ) ) ).toBe( true );
	} );

	it( 'a small file (one request) cannot be paused', async () => {
		const { wiki, queue } = await setup();
		wiki.holdAt( 1 );
		queue.addFiles( [ makeFile( 'S.pdf', 100 ) ] );
		queue.start();
		await waitFor( () => wiki.requests.length === 1, 'the request' );
		queue.pause( item( queue ).id );
		expect( item( queue ).status.state ).toBe( 'sending' );
		expect( wiki.requests[ 0 ].signal?.aborted ).toBe( false );
		queue.cancel( item( queue ).id );
		await idle( queue );
	} );
} );

describe( 'asynchronous publishing', () => {
	it( 'the last chunk answers Poll: checkstatus until assembled, then an async commit polled until published', async () => {
		const { wiki, queue } = await setup( ( w ) => {
			w.pollsBeforeDone = 2;
		}, { asyncFrom: 2 * MiB } );
		const stages: string[] = [];
		queue.store.subscribe( () => {
			const status = queue.getState().items[ 0 ]?.status;
			if ( status?.state === 'processing' && stages[ stages.length - 1 ] !== status.stage ) {
				stages.push( status.stage );
			}
		} );
		const file = makeFile( 'Chunk20async.pdf', 3 * MiB, 6 );
		const done = await uploadOne( queue, file );
		expect( wiki.requests.map( ( r ) => r.kind ) ).toEqual( [
			'stashChunk', 'stashChunk', 'stashChunk',
			'checkStatus', 'checkStatus', 'checkStatus',
			'commit',
			'checkStatus', 'checkStatus', 'checkStatus'
		] );
		const assembledKey = wiki.requests[ 5 ].answer?.filekey;
		expect( wiki.commits()[ 0 ] ).toMatchObject( { filekey: assembledKey, async: true } );
		expect( wiki.requests.slice( 7 ).every( ( r ) => r.filekey === assembledKey ) ).toBe( true );
		expect( stages ).toContain( 'queued' );
		expect( done.status ).toMatchObject( { state: 'done', filename: 'Chunk20async.pdf' } );
		expect( sameBytes( wiki.published.get( 'Chunk20async.pdf' ) as Uint8Array, await bytesOf( file ) ) ).toBe( true );
	} );

	it( 'a commit answering publishfailed "already in progress" is polled, not committed again', async () => {
		const { wiki, queue } = await setup( ( w ) => {
			w.pollsBeforeDone = 2;
			// The first (async) commit reaches the wiki, which queues the publish; its answer is lost.
			w.failAt( 2, new HttpError( 'network', 0, 'network error' ), { applied: true } );
		}, { asyncFrom: 0 } );
		await uploadOne( queue, makeFile( 'Pub.pdf', 4118 ) );
		expect( wiki.requests.map( ( r ) => r.kind ) ).toEqual( [ 'stashFile', 'commit', 'commit', 'checkStatus', 'checkStatus', 'checkStatus' ] );
		expect( wiki.requests[ 2 ].error ).toMatchObject( { code: 'publishfailed', info: 'Upload from stash already in progress.' } );
		expect( item( queue ).status ).toMatchObject( { state: 'done', filename: 'Pub.pdf' } );
		expect( wiki.published.has( 'Pub.pdf' ) ).toBe( true );
	} );
} );

describe( 'several files', () => {
	it( 'with one at a time, are uploaded one after another, never two at once', async () => {
		const { wiki, queue } = await setup();
		queue.setParallel( 1 );
		queue.addFiles( [ makeFile( 'One.pdf', 3000, 1 ), makeFile( 'Two.pdf', 2 * MiB + 5, 2 ), makeFile( 'Three.pdf', 700, 3 ) ] );
		queue.start();
		expect( queue.getState().items.map( ( i ) => i.status.state ) ).toEqual( [ 'sending', 'queued', 'queued' ] );
		await idle( queue );
		expect( wiki.maxInFlight ).toBe( 1 );
		expect( wiki.requests.map( ( r ) => `${ r.kind } ${ r.filename }` ) ).toEqual( [
			'stashFile One.pdf', 'commit One.pdf',
			'stashChunk Two.pdf', 'stashChunk Two.pdf', 'stashChunk Two.pdf', 'commit Two.pdf',
			'stashFile Three.pdf', 'commit Three.pdf'
		] );
		expect( queue.getState().items.map( ( i ) => i.status.state ) ).toEqual( [ 'done', 'done', 'done' ] );
		expect( [ ...wiki.published.keys() ] ).toEqual( [ 'One.pdf', 'Two.pdf', 'Three.pdf' ] );
		expect( queue.getState().running ).toBe( false );
	} );

	it( 'by default three at once, in list order; each file\'s chunks stay in order', async () => {
		const { wiki, queue } = await setup();
		const names = [ 'A', 'B', 'C', 'D', 'E' ].map( ( n ) => `${ n }.pdf` );
		queue.addFiles( names.map( ( n, i ) => makeFile( n, 3 * MiB + 1 + i, i + 1 ) ) );
		queue.start();
		expect( queue.getState().items.map( ( i ) => i.status.state ) ).toEqual( [ 'sending', 'sending', 'sending', 'queued', 'queued' ] );
		await idle( queue );
		expect( wiki.maxInFlight ).toBe( 3 );
		for ( const name of names ) {
			const offsets = wiki.of( 'stashChunk' ).filter( ( r ) => r.filename === name && r.outcome === 'answered' ).map( ( r ) => r.offset );
			expect( offsets, name ).toEqual( [ 0, MiB, 2 * MiB, 3 * MiB ] );
		}
		expect( [ ...wiki.published.keys() ].sort() ).toEqual( names );
		expect( queue.getState().running ).toBe( false );
	} );

	it( 'the number can be changed; a failing file frees its place and never stops the others', async () => {
		const { wiki, queue } = await setup( ( w ) => w.failAt( 1, apiError( 'filetype-banned', 'Banned.' ) ) );
		queue.setParallel( 2 );
		expect( queue.getState().settings.parallel ).toBe( 2 );
		queue.addFiles( [ makeFile( 'Bad.pdf', 100, 1 ), makeFile( 'Good1.pdf', 100, 2 ), makeFile( 'Good2.pdf', 100, 3 ) ] );
		queue.start();
		await idle( queue );
		expect( wiki.maxInFlight ).toBeLessThanOrEqual( 2 );
		expect( queue.getState().items.map( ( i ) => i.status.state ) ).toEqual( [ 'failed', 'done', 'done' ] );
		queue.setParallel( 0 );
		expect( queue.getState().settings.parallel ).toBe( 1 );
	} );

	it( 'one file\'s warnings do not stop the next', async () => {
		const { wiki, queue } = await setup( ( w ) => w.publish( 'A.pdf', bytes( 100, 9 ) ) );
		queue.addFiles( [ makeFile( 'A.pdf', 100, 1 ), makeFile( 'B.pdf', 100, 2 ) ] );
		queue.start();
		await idle( queue );
		expect( queue.getState().items.map( ( i ) => i.status.state ) ).toEqual( [ 'needs-choice', 'done' ] );
		expect( wiki.published.has( 'B.pdf' ) ).toBe( true );
	} );
} );

describe( 'a batch', () => {
	const files = ( n: number ) => Array.from( { length: n }, ( _x, i ) => makeFile( `IMG_${ 1000 + i }.JPG`, 100 + i, i + 1 ) );

	it( 'shared fields reach every file, also files added later, but not a field the user set for one file', async () => {
		const { queue } = await setup();
		queue.addFiles( files( 3 ) );
		const [ a, b ] = queue.getState().items;
		queue.updateFields( b.id, { comment: 'my own' } );
		queue.setSharedFields( { comment: 'From the trip', text: '{{Information}}', tags: 'uploaddialog-test' } );
		queue.addFiles( files( 1 ) );
		const fields = queue.getState().items.map( ( i ) => [ i.fields.comment, i.fields.text, i.fields.tags ] );
		expect( fields ).toEqual( [
			[ 'From the trip', '{{Information}}', 'uploaddialog-test' ],
			[ 'my own', '{{Information}}', 'uploaddialog-test' ],
			[ 'From the trip', '{{Information}}', 'uploaddialog-test' ],
			[ 'From the trip', '{{Information}}', 'uploaddialog-test' ]
		] );
		expect( queue.getState().items[ 0 ].id ).toBe( a.id );
	} );

	it( 'a name pattern names every file in list order with its own extension; a name typed by hand stays; moving renumbers', async () => {
		const { queue } = await setup();
		queue.addFiles( files( 3 ) );
		queue.setPattern( 'Trip 2026 - $n' );
		expect( queue.getState().items.map( ( i ) => i.fields.filename ) ).toEqual( [ 'Trip 2026 - 1.JPG', 'Trip 2026 - 2.JPG', 'Trip 2026 - 3.JPG' ] );
		const [ first, second ] = queue.getState().items;
		queue.updateFields( second.id, { filename: 'Chosen.JPG' } );
		queue.move( first.id, 2 );
		expect( queue.getState().items.map( ( i ) => i.fields.filename ) ).toEqual( [ 'Chosen.JPG', 'Trip 2026 - 2.JPG', 'Trip 2026 - 3.JPG' ] );
		expect( queue.getState().items[ 2 ].id ).toBe( first.id );
		queue.setPattern( '' );
		expect( queue.getState().items.map( ( i ) => i.fields.filename ) ).toEqual( [ 'Chosen.JPG', 'IMG_1002.JPG', 'IMG_1000.JPG' ] );
	} );

	it( 'pause all: nothing new starts, chunked uploads stop; resume all goes on', async () => {
		const { wiki, queue } = await setup();
		queue.setParallel( 1 );
		const release = wiki.holdAt( 3 );
		queue.addFiles( [ makeFile( 'Big.pdf', 3 * MiB, 1 ), makeFile( 'Small.pdf', 100, 2 ) ] );
		queue.start();
		await waitFor( () => wiki.requests.length === 3, 'the third request' );
		queue.pauseAll();
		release();
		await waitFor( () => !queue.getState().running, 'the running file to stop' );
		expect( queue.getState().items.map( ( i ) => i.status.state ) ).toEqual( [ 'paused', 'queued' ] );
		expect( wiki.requests ).toHaveLength( 3 );
		expect( queue.getState().held ).toBe( true );
		queue.resumeAll();
		await idle( queue );
		expect( queue.getState().items.map( ( i ) => i.status.state ) ).toEqual( [ 'done', 'done' ] );
	} );

	it( 'retry failed: only the failed files go again', async () => {
		const { wiki, queue } = await setup( ( w ) => w.failAt( 1, apiError( 'filetype-banned', 'Banned.' ) ) );
		queue.setParallel( 1 );
		queue.addFiles( [ makeFile( 'F.pdf', 100, 1 ), makeFile( 'G.pdf', 100, 2 ) ] );
		queue.start();
		await idle( queue );
		expect( queue.getState().items.map( ( i ) => i.status.state ) ).toEqual( [ 'failed', 'done' ] );
		queue.retryFailed();
		await idle( queue );
		expect( queue.getState().items.map( ( i ) => i.status.state ) ).toEqual( [ 'done', 'done' ] );
		expect( wiki.of( 'stashFile' ).map( ( r ) => r.filename ) ).toEqual( [ 'F.pdf', 'G.pdf', 'F.pdf' ] );
	} );
} );

describe( 'bad input', () => {
	it( 'more files than the list takes: the rest is refused with a count, never silently dropped', async () => {
		const { queue } = await setup();
		queue.setMaxFiles( 3 );
		queue.addFiles( [ 1, 2, 3, 4, 5 ].map( ( n ) => makeFile( `M${ n }.pdf`, 100, n ) ) );
		expect( queue.getState().items.map( ( i ) => i.label ) ).toEqual( [ 'M1.pdf', 'M2.pdf', 'M3.pdf' ] );
		expect( queue.getState().refused ).toEqual( { count: 2, max: 3 } );
		queue.remove( queue.getState().items[ 0 ].id );
		queue.addFiles( [ makeFile( 'M6.pdf', 100, 6 ) ] );
		expect( queue.getState().refused ).toBeNull();
		expect( queue.getState().items ).toHaveLength( 3 );
		queue.setMaxFiles( 0 );
		expect( queue.getState().settings.maxFiles ).toBe( 1 );
	} );

	it( 'a file that can no longer be read fails with that reason, not as a network error retried for minutes', async () => {
		const { wiki, queue, delays } = await setup( ( w ) => w.failAt( 1, new HttpError( 'network', 0, 'net::ERR_UPLOAD_FILE_CHANGED' ) ) );
		const file = makeFile( 'Gone.pdf', 3 * MiB, 1 );
		// What Chromium's Blob does once the file behind it changed on disk: every read fails.
		const unreadable = {
			size: MiB,
			slice: () => unreadable,
			arrayBuffer: () => Promise.reject( Object.assign( new Error( 'The file could not be read' ), { name: 'NotReadableError' } ) )
		};
		Object.defineProperty( file, 'slice', { value: () => unreadable } );
		const done = await uploadOne( queue, file );
		expect( done.status ).toMatchObject( { state: 'failed', failure: { code: 'file-unreadable', remedy: 'other-file', transient: false } } );
		expect( delays ).toEqual( [] );
		expect( wiki.requests ).toHaveLength( 1 );
	} );
} );
