/**
 * The engine's shape: the transition table, the scheduler's slots, the wait for the wiki's limits,
 * the watchdog that fails a run quiet for too long, and the commit's warnings without a new key
 * (MediaWiki 1.45). Over the fake wiki, on vitest's fake clock where time matters.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UploadResponse } from '../../src/api/types';
import { UploadQueue } from '../../src/upload/queue';
import { IllegalTransitionError, TRANSITIONS, checkTransition, isAllowed, transitionPolicy } from '../../src/upload/transitions';
import { STALL_LIMIT_MS } from '../../src/upload/watchdog';
import { hashDeadline } from '../../src/upload/boundedWaits';
import { HttpError } from '../../src/api/errors';
import { FakeWiki, MiB, makeFile, recordingSleep, waitFor } from './fakeApi';

const states = ( queue: UploadQueue ) => queue.getState().items.map( ( i ) => i.status.state );

describe( 'the transition table', () => {
	it( 'knows every state, and nothing leaves done', () => {
		expect( Object.keys( TRANSITIONS ).sort() ).toEqual( [
			'cancelled', 'committing', 'done', 'failed', 'interrupted', 'needs-choice', 'paused', 'processing', 'queued', 'ready', 'sending'
		] );
		expect( TRANSITIONS.done ).toEqual( [] );
		// Every target is a state of the table.
		Object.values( TRANSITIONS ).flat().forEach( ( to ) => expect( TRANSITIONS ).toHaveProperty( to ) );
	} );

	it( 'a state may follow itself; a change not in the table throws when strict and is logged otherwise', () => {
		expect( isAllowed( 'sending', 'sending' ) ).toBe( true );
		expect( isAllowed( 'done', 'queued' ) ).toBe( false );
		expect( () => checkTransition( 'file-1', 'ready', 'done' ) ).toThrow( IllegalTransitionError );
		const error = vi.spyOn( console, 'error' ).mockImplementation( () => undefined );
		transitionPolicy.strict = false;
		try {
			expect( () => checkTransition( 'file-1', 'ready', 'done' ) ).not.toThrow();
			expect( error ).toHaveBeenCalledWith( expect.stringContaining( '"ready" to "done"' ) );
		} finally {
			transitionPolicy.strict = true;
			error.mockRestore();
		}
	} );
} );

describe( 'the wiki\'s limits before the first byte', () => {
	it( 'Upload clicked before the site info arrives: nothing is sent until it is there, then a file over the limit is refused unsent', async () => {
		const wiki = new FakeWiki();
		wiki.site = { ...wiki.site, maxUploadSize: 2 * MiB };
		const releaseSite = wiki.holdSiteInfo();
		const queue = new UploadQueue( wiki, { sleep: recordingSleep().sleep } );
		const loading = queue.loadSite();
		queue.addFiles( [ makeFile( 'Big.pdf', 3 * MiB ), makeFile( 'Small.pdf', 1000 ) ] );
		queue.start();
		await new Promise( ( resolve ) => setTimeout( resolve, 20 ) );
		expect( wiki.requests, 'nothing sent before the limits are known' ).toEqual( [] );
		expect( states( queue ) ).toEqual( [ 'queued', 'queued' ] );
		releaseSite();
		await loading;
		await waitFor( () => !queue.isBusy(), 'the queue to settle' );
		expect( queue.getState().items[ 0 ].status ).toMatchObject( { state: 'failed', failure: { code: 'file-too-large-local' } } );
		expect( wiki.requests.map( ( r ) => `${ r.kind } ${ r.filename }` ) ).toEqual( [ 'stashFile Small.pdf', 'commit Small.pdf' ] );
	} );
} );

describe( 'slots', () => {
	it( 'a file that fails, waits for a choice or is cancelled gives its slot to the next at once', async () => {
		const wiki = new FakeWiki();
		wiki.publish( 'Exists.pdf', new Uint8Array( [ 1, 2, 3 ] ) );
		const queue = new UploadQueue( wiki, { oneRequestUpTo: 0, adaptiveChunks: false, sleep: recordingSleep().sleep } );
		await queue.loadSite();
		queue.setParallel( 1 );
		const hold = wiki.holdAt( 3 );
		queue.addFiles( [ makeFile( 'Exists.pdf', 100, 1 ), makeFile( 'Held.pdf', 100, 2 ), makeFile( 'Next.pdf', 100, 3 ) ] );
		queue.start();
		// Exists.pdf is stashed with a warning and waits for a choice: its slot goes to Held.pdf.
		await waitFor( () => wiki.requests.length === 3, 'the third file\'s turn' );
		expect( states( queue ) ).toEqual( [ 'needs-choice', 'committing', 'queued' ] );
		expect( queue.slots() ).toEqual( [ { id: queue.getState().items[ 1 ].id, running: true } ] );
		queue.cancel( queue.getState().items[ 1 ].id );
		// Committing cannot be cancelled (it may publish): the slot stays until the answer.
		hold();
		await waitFor( () => !queue.isBusy(), 'the queue to settle' );
		expect( states( queue ) ).toEqual( [ 'needs-choice', 'done', 'done' ] );
		expect( queue.slots() ).toEqual( [] );
		expect( queue.getState().running ).toBe( false );
	} );
} );

describe( 'the watchdog', () => {
	afterEach( () => {
		vi.useRealTimers();
	} );

	it( 'a request that never answers fails its file after the stall limit, with a retry, and the next file goes', async () => {
		vi.useFakeTimers();
		const wiki = new FakeWiki();
		const queue = new UploadQueue( wiki, { oneRequestUpTo: 0, adaptiveChunks: false } );
		await queue.loadSite();
		queue.setParallel( 1 );
		// The first stash request of the first file never answers, and nothing aborts it but its run's signal.
		const stash = wiki.stashFile.bind( wiki );
		let hung = 0;
		wiki.stashFile = ( file, filename, control ) => ( filename === 'Hangs.pdf' && hung++ === 0 ?
			new Promise<UploadResponse>( () => undefined ) : stash( file, filename, control ) );
		queue.addFiles( [ makeFile( 'Hangs.pdf', 100, 1 ), makeFile( 'Then.pdf', 100, 2 ) ] );
		queue.start();
		await vi.advanceTimersByTimeAsync( 1000 );
		expect( states( queue ) ).toEqual( [ 'sending', 'queued' ] );
		await vi.advanceTimersByTimeAsync( STALL_LIMIT_MS );
		expect( queue.getState().items[ 0 ].status ).toMatchObject( { state: 'failed', failure: { code: 'stalled', remedy: 'retry', transient: true } } );
		await vi.advanceTimersByTimeAsync( 1000 );
		expect( states( queue ) ).toEqual( [ 'failed', 'done' ] );
		queue.retry( queue.getState().items[ 0 ].id );
		await vi.advanceTimersByTimeAsync( 1000 );
		expect( states( queue ) ).toEqual( [ 'done', 'done' ] );
		expect( queue.slots() ).toEqual( [] );
	} );

	it( 'a commit that goes silent is asked again once by itself (it may have published), and a second silence looks for the file before failing', async () => {
		vi.useFakeTimers();
		const wiki = new FakeWiki();
		const queue = new UploadQueue( wiki, { oneRequestUpTo: 0, adaptiveChunks: false } );
		await queue.loadSite();
		const commit = wiki.commit.bind( wiki );
		let commits = 0;
		// The first commit publishes, and its answer never comes; so does the second's (the key is consumed).
		wiki.commit = ( params, control ) => {
			commits++;
			return commits <= 2 ? commit( params, control ).then( () => new Promise<UploadResponse>( () => undefined ), () => new Promise<UploadResponse>( () => undefined ) ) :
				commit( params, control );
		};
		queue.addFiles( [ makeFile( 'Silent.pdf', 100, 5 ) ] );
		queue.start();
		await vi.advanceTimersByTimeAsync( 1000 );
		expect( states( queue ) ).toEqual( [ 'committing' ] );
		await vi.advanceTimersByTimeAsync( STALL_LIMIT_MS );
		expect( commits, 'asked again once' ).toBe( 2 );
		expect( states( queue ) ).toEqual( [ 'committing' ] );
		await vi.advanceTimersByTimeAsync( STALL_LIMIT_MS + 1000 );
		expect( commits, 'not a third time: the file was looked for' ).toBe( 2 );
		expect( states( queue ) ).toEqual( [ 'done' ] );
		expect( wiki.published.has( 'Silent.pdf' ) ).toBe( true );
		expect( queue.slots() ).toEqual( [] );
	} );

	it( 'a hash that never ends, while a lost answer is looked for in the stash, costs a re-send, not the batch', async () => {
		vi.useFakeTimers();
		const wiki = new FakeWiki();
		// The issue-18 soak's lead: a wait on the hasher that never settles, not even on abort.
		const hasher = { hash: () => new Promise<string>( () => undefined ) };
		const queue = new UploadQueue( wiki, { oneRequestUpTo: 0, adaptiveChunks: false, hasher } );
		await queue.loadSite();
		wiki.failAt( 1, new HttpError( 'network', 0, 'reset' ), { applied: true } );
		queue.addFiles( [ makeFile( 'Lost.pdf', 3 * MiB, 4 ) ] );
		queue.start();
		await vi.advanceTimersByTimeAsync( 5000 );
		expect( wiki.findStashedCalls, 'the lost first chunk is looked for' ).toBe( 1 );
		expect( states( queue ) ).toEqual( [ 'sending' ] );
		await vi.advanceTimersByTimeAsync( hashDeadline( MiB ) + 5000 );
		expect( states( queue ) ).toEqual( [ 'done' ] );
		expect( queue.slots() ).toEqual( [] );
	} );

	it( 'a run that keeps showing progress is never failed, however long it takes', async () => {
		vi.useFakeTimers();
		const wiki = new FakeWiki();
		const queue = new UploadQueue( wiki, { oneRequestUpTo: 0, adaptiveChunks: false } );
		await queue.loadSite();
		// Each chunk takes two minutes: slow, but alive.
		const chunk = wiki.stashChunk.bind( wiki );
		wiki.stashChunk = ( params, control ) => new Promise<UploadResponse>( ( resolve, reject ) => {
			setTimeout( () => chunk( params, control ).then( resolve, reject ), 2 * 60 * 1000 );
		} );
		queue.addFiles( [ makeFile( 'Slow.pdf', 4 * MiB ) ] );
		queue.start();
		await vi.advanceTimersByTimeAsync( 4 * 2 * 60 * 1000 + 5000 );
		expect( states( queue ) ).toEqual( [ 'done' ] );
	} );
} );

describe( 'warnings at commit', () => {
	it( 'without a new filekey (MediaWiki 1.45 does not stash again): the key the file has is kept and published after the choice', async () => {
		const wiki = new FakeWiki();
		const queue = new UploadQueue( wiki, { oneRequestUpTo: 0, adaptiveChunks: false, sleep: recordingSleep().sleep } );
		await queue.loadSite();
		const commit = wiki.commit.bind( wiki );
		wiki.commit = async ( params, control ) => {
			const answer = await commit( params, control );
			return answer.result === 'Warning' ? { ...answer, filekey: undefined } : answer;
		};
		wiki.extraWarnings = ( name ) => ( name === 'Other.pdf' ? { 'was-deleted': 'Other.pdf' } : undefined );
		queue.addFiles( [ makeFile( 'First.pdf', 100 ) ] );
		const id = queue.getState().items[ 0 ].id;
		wiki.publish( 'First.pdf', new Uint8Array( [ 9 ] ) );
		queue.start();
		await waitFor( () => states( queue )[ 0 ] === 'needs-choice', 'the stash\'s warnings' );
		const key = queue.getState().items[ 0 ].filekey;
		queue.resolve( id, { kind: 'rename', filename: 'Other.pdf' } );
		await waitFor( () => states( queue )[ 0 ] === 'needs-choice' && wiki.of( 'commit' ).length === 1, 'the commit\'s warnings' );
		expect( queue.getState().items[ 0 ].filekey ).toBe( key );
		queue.resolve( id, { kind: 'ignore' } );
		await waitFor( () => states( queue )[ 0 ] === 'done', 'the publish' );
		expect( wiki.commits().map( ( c ) => c.filekey ) ).toEqual( [ key, key ] );
	} );
} );
