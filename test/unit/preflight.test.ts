/**
 * Checks before sending, in the queue: a name's warnings and a content's duplicates stop a file
 * before its bytes are sent (or pause it on its way), and the user's choice is kept up to the
 * commit. The wiki is the fake of fakeApi.ts; the name and content look-ups are small fakes here.
 */
import { describe, expect, it } from 'vitest';
import type { FoundFile, TitleFacts } from '../../src/api/nameChecks';
import type { FileVersion } from '../../src/api/types';
import type { FileHasher } from '../../src/hash/hasher';
import { ContentChecker, LOOKUP_SLOTS, contentWarnings, earlyWarnings, type ContentCheckApi } from '../../src/upload/preflight';
import type { NameCheckApi } from '../../src/upload/prechecks';
import { UploadQueue } from '../../src/upload/queue';
import { FakeWiki, MiB, apiError, bytes, makeFile, recordingSleep, sameBytes, sha1Of, sha1OfBlob, waitFor } from './fakeApi';

const VERSION: FileVersion = { user: 'Someone', size: 100, timestamp: '2026-11-20T10:00:00Z', sha1: 'x' };

/** Titles and contents as the fake wiki holds them. */
class Lookups implements NameCheckApi, ContentCheckApi {
	titleRequests = 0;
	constructor( private readonly wiki: FakeWiki, private readonly deleted = new Map<string, string>() ) {}

	async queryTitles( titles: string[] ): Promise<TitleFacts[]> {
		this.titleRequests++;
		return titles.map( ( asked ) => {
			const name = asked.slice( asked.indexOf( ':' ) + 1 );
			const exists = this.wiki.published.has( name );
			return {
				asked,
				title: asked,
				invalidReason: null,
				pageExists: exists,
				file: exists ? VERSION : null,
				shared: null,
				deleted: false,
				refusals: []
			};
		} );
	}

	async filenamePrefixBlacklist(): Promise<string | null> {
		return null;
	}

	async findContent( sha1: string ): Promise<{ files: FoundFile[]; deleted: FoundFile[] | 'unknown' }> {
		return { files: await this.findFilesBySha1( sha1 ), deleted: await this.findDeletedBySha1( sha1 ) };
	}

	async findFilesBySha1( sha1: string ): Promise<FoundFile[]> {
		return Array.from( this.wiki.published )
			.filter( ( [ , content ] ) => sha1Of( content ) === sha1 )
			.map( ( [ name ] ) => ( { name, title: `File:${ name }`, version: VERSION } ) );
	}

	async findDeletedBySha1( sha1: string ): Promise<FoundFile[] | 'unknown'> {
		const name = this.deleted.get( sha1 );
		return name ? [ { name, title: `File:${ name }`, version: VERSION }, { name, title: `File:${ name }`, version: VERSION } ] : [];
	}
}

/** A hasher that answers when told to (or at once). */
function gatedHasher( open = true ): FileHasher & { release(): void } {
	let release: () => void = () => undefined;
	const gate = open ? Promise.resolve() : new Promise<void>( ( resolve ) => {
		release = resolve;
	} );
	return {
		hash: async ( blob: Blob ) => {
			await gate;
			return sha1OfBlob( blob );
		},
		release: () => release()
	};
}

async function setup( configure: ( wiki: FakeWiki ) => void = () => undefined, hasher = gatedHasher(), deleted = new Map<string, string>() ) {
	const wiki = new FakeWiki();
	configure( wiki );
	const lookups = new Lookups( wiki, deleted );
	const queue = new UploadQueue( wiki, {
		oneRequestUpTo: 0,
		adaptiveChunks: false,
		sleep: recordingSleep().sleep,
		hasher,
		preflight: { names: lookups, content: lookups, debounceMs: 0 }
	} );
	await queue.loadSite();
	return { wiki, queue, lookups };
}

const states = ( queue: UploadQueue ) => queue.getState().items.map( ( i ) => i.status.state );
const settled = ( queue: UploadQueue ) => waitFor( () => !queue.getState().running, 'the queue to stop' );
const uploadsOf = ( wiki: FakeWiki, name: string ) => wiki.requests.filter( ( r ) => r.filename === name && r.kind !== 'commit' );

describe( 'contentWarnings', () => {
	it( 'names each duplicate once and keeps the list\'s own twins apart', () => {
		const found = ( name: string ): FoundFile => ( { name, title: `File:${ name }`, version: VERSION } );
		expect( contentWarnings( [ found( 'A.jpg' ) ], [ found( 'B.jpg' ), found( 'B.jpg' ) ], [ 'Trip 1.jpg' ] ).map( ( w ) => [ w.key, w.files ] ) ).toEqual( [
			[ 'duplicate', [ 'A.jpg' ] ], [ 'duplicate-archive', [ 'B.jpg' ] ], [ 'duplicate-in-batch', [ 'Trip 1.jpg' ] ]
		] );
		expect( contentWarnings( [], 'unknown', [] ) ).toEqual( [] );
	} );
} );

describe( 'earlyWarnings', () => {
	it( 'the same content under the same name is nochange, not a duplicate of itself; other duplicates stay', () => {
		const name = { name: 'My file.pdf', wikiName: 'My_file.pdf', warnings: [ { key: 'exists', known: true, files: [ 'My_file.pdf' ], timestamps: [], raw: 'My_file.pdf' } ], error: null, file: { ...VERSION, sha1: 'abc' } };
		const content = { sha1: 'abc', warnings: contentWarnings( [ 'My_file.pdf', 'Other.pdf' ].map( ( n ) => ( { name: n, title: `File:${ n }`, version: VERSION } ) ), [], [] ) };
		expect( earlyWarnings( name, content ).map( ( w ) => [ w.key, w.files ] ) ).toEqual( [
			[ 'exists', [ 'My_file.pdf' ] ], [ 'nochange', [] ], [ 'duplicate', [ 'Other.pdf' ] ]
		] );
		expect( earlyWarnings( { ...name, file: { ...VERSION, sha1: 'def' } }, content ).map( ( w ) => w.key ) ).toEqual( [ 'exists', 'duplicate' ] );
		expect( earlyWarnings( null, null ) ).toEqual( [] );
	} );
} );

describe( 'checks before sending', () => {
	it( 'a name that exists stops the file before a byte is sent; going on overwrites, without asking again', async () => {
		const { wiki, queue } = await setup( ( w ) => w.publish( 'Taken.pdf', bytes( 50, 3 ) ) );
		queue.addFiles( [ makeFile( 'Taken.pdf', 100, 1 ), makeFile( 'Free.pdf', 100, 2 ) ] );
		queue.start();
		await settled( queue );
		expect( states( queue ) ).toEqual( [ 'needs-choice', 'done' ] );
		expect( queue.getState().items[ 0 ].status ).toMatchObject( { early: true, warnings: [ { key: 'exists', files: [ 'Taken.pdf' ] } ] } );
		expect( uploadsOf( wiki, 'Taken.pdf' ) ).toHaveLength( 0 );

		queue.resolve( queue.getState().items[ 0 ].id, { kind: 'ignore' } );
		await settled( queue );
		expect( states( queue ) ).toEqual( [ 'done', 'done' ] );
		// The stash said `exists` again; the choice stood, and the commit overwrote.
		expect( wiki.commits().find( ( c ) => c.filename === 'Taken.pdf' ) ).toMatchObject( { ignorewarnings: true } );
		expect( wiki.published.get( 'Taken.pdf' )?.length ).toBe( 100 );
	} );

	it( 'two files of the list aiming at one name: the first goes, the later one asks before a byte is sent (duplicate-target)', async () => {
		const { wiki, queue } = await setup();
		queue.addFiles( [ makeFile( 'Trip a.pdf', 100, 1 ), makeFile( 'Trip b.pdf', 100, 2 ), makeFile( 'Trip c.pdf', 100, 3 ) ] );
		const [ a, b, c ] = queue.getState().items;
		queue.updateFields( a.id, { filename: 'Same name.pdf' } );
		queue.updateFields( c.id, { filename: 'Same name.pdf' } );
		queue.start();
		await settled( queue );
		expect( states( queue ) ).toEqual( [ 'done', 'done', 'needs-choice' ] );
		expect( queue.getState().items[ 2 ].status ).toMatchObject( { early: true, warnings: [ { key: 'duplicate-target', files: [ 'Trip a.pdf' ] } ] } );
		expect( uploadsOf( wiki, 'Same name.pdf' ), 'only the first file sent' ).toHaveLength( 1 );
		expect( b.fields.filename ).toBe( 'Trip b.pdf' );

		// Upload it anyway: it becomes a new version, and the wiki's `exists` is not asked again.
		queue.resolve( c.id, { kind: 'ignore' } );
		await settled( queue );
		expect( states( queue ) ).toEqual( [ 'done', 'done', 'done' ] );
		const commits = wiki.commits().filter( ( commit ) => commit.filename === 'Same name.pdf' );
		expect( commits.map( ( commit ) => !!commit.ignorewarnings ) ).toEqual( [ false, true ] );
		expect( sameBytes( wiki.published.get( 'Same name.pdf' ) as Uint8Array, bytes( 100, 3 ) ) ).toBe( true );
	} );

	it( 'a file that is done is not asked about again: a batch costs its name checks once, not once more per file', async () => {
		const { queue, lookups } = await setup();
		queue.addFiles( Array.from( { length: 6 }, ( _x, n ) => makeFile( `Batch ${ n }.pdf`, 100, n + 1 ) ) );
		queue.start();
		await settled( queue );
		expect( states( queue ) ).toEqual( [ 'done', 'done', 'done', 'done', 'done', 'done' ] );
		const asked = lookups.titleRequests;
		// Checks are debounced (0 ms here) and run on timers: give them the time to ask.
		await new Promise( ( resolve ) => setTimeout( resolve, 50 ) );
		expect( lookups.titleRequests, 'no question after the files landed' ).toBe( asked );
		expect( asked ).toBeLessThanOrEqual( 2 );
	} );

	it( 'a cancelled earlier file with the same name is no reason to ask', async () => {
		const { wiki, queue } = await setup();
		queue.addFiles( [ makeFile( 'One.pdf', 100, 1 ), makeFile( 'Two.pdf', 100, 2 ) ] );
		const [ one, two ] = queue.getState().items;
		queue.updateFields( two.id, { filename: 'One.pdf' } );
		queue.cancel( one.id );
		queue.remove( one.id );
		queue.start();
		await settled( queue );
		expect( states( queue ) ).toEqual( [ 'done' ] );
		expect( wiki.published.has( 'One.pdf' ) ).toBe( true );
	} );

	it( 'renaming from the early panel checks the new name and sends under it', async () => {
		const { wiki, queue } = await setup( ( w ) => w.publish( 'Taken.pdf', bytes( 50, 3 ) ) );
		queue.addFiles( [ makeFile( 'Taken.pdf', 100, 1 ) ] );
		queue.start();
		await settled( queue );
		queue.resolve( queue.getState().items[ 0 ].id, { kind: 'rename', filename: 'Another.pdf' } );
		await settled( queue );
		expect( states( queue ) ).toEqual( [ 'done' ] );
		expect( wiki.published.get( 'Taken.pdf' )?.length ).toBe( 50 );
		expect( wiki.published.has( 'Another.pdf' ) ).toBe( true );
	} );

	it( 'going on despite a name\'s warning is a choice about that name: a new name is asked about again', async () => {
		const { wiki, queue } = await setup( ( w ) => {
			w.publish( 'Taken.pdf', bytes( 50, 3 ) );
			w.publish( 'Taken2.pdf', bytes( 50, 4 ) );
			w.failAt( 1, apiError( 'blocked', 'You have been blocked from editing.' ) );
		} );
		queue.addFiles( [ makeFile( 'Taken.pdf', 100, 1 ) ] );
		const id = queue.getState().items[ 0 ].id;
		queue.start();
		await settled( queue );
		// Going on despite `exists`; the upload then fails; the user picks another name, which
		// exists too, and tries again.
		queue.resolve( id, { kind: 'ignore' } );
		await settled( queue );
		expect( states( queue ) ).toEqual( [ 'failed' ] );
		queue.updateFields( id, { filename: 'Taken2.pdf' } );
		queue.retry( id );
		await settled( queue );
		expect( queue.getState().items[ 0 ].status ).toMatchObject( { state: 'needs-choice', warnings: [ { key: 'exists', files: [ 'Taken2.pdf' ] } ] } );
		expect( wiki.published.get( 'Taken2.pdf' )?.length ).toBe( 50 );
	} );

	it( 'Pause all while a file waits for its checks: nothing is sent until Resume all', async () => {
		const wiki = new FakeWiki();
		const lookups = new Lookups( wiki );
		let answer: () => void = () => undefined;
		const answered = new Promise<void>( ( resolve ) => {
			answer = resolve;
		} );
		const slowNames: NameCheckApi = {
			queryTitles: async ( titles ) => {
				await answered;
				return lookups.queryTitles( titles );
			},
			filenamePrefixBlacklist: () => lookups.filenamePrefixBlacklist()
		};
		const queue = new UploadQueue( wiki, {
			oneRequestUpTo: 0,
			adaptiveChunks: false,
			sleep: recordingSleep().sleep,
			hasher: gatedHasher(),
			preflight: { names: slowNames, content: lookups, debounceMs: 0 }
		} );
		await queue.loadSite();
		queue.addFiles( [ makeFile( 'Held.pdf', 100, 1 ) ] );
		queue.start();
		await waitFor( () => queue.getState().running, 'the file\'s turn' );
		queue.pauseAll();
		answer();
		await new Promise( ( r ) => setTimeout( r, 20 ) );
		expect( uploadsOf( wiki, 'Held.pdf' ) ).toHaveLength( 0 );
		expect( states( queue ) ).toEqual( [ 'queued' ] );
		queue.resumeAll();
		await settled( queue );
		expect( states( queue ) ).toEqual( [ 'done' ] );
	} );

	it( 'the name pattern leaves a file that waits for a choice about its name\'s warnings', async () => {
		const { queue } = await setup( ( w ) => w.publish( 'Taken.pdf', bytes( 50, 3 ) ) );
		queue.addFiles( [ makeFile( 'Taken.pdf', 100, 1 ), makeFile( 'Free.pdf', 100, 2 ) ] );
		queue.start();
		await settled( queue );
		expect( states( queue ) ).toEqual( [ 'needs-choice', 'done' ] );
		queue.setPattern( 'Trip $n' );
		expect( queue.getState().items[ 0 ].fields.filename ).toBe( 'Taken.pdf' );
	} );

	it( 'content already on the wiki, deleted content, and twins within the list: each asked before its bytes are sent', async () => {
		const onWiki = bytes( 300, 7 );
		const gone = bytes( 400, 8 );
		const deleted = new Map( [ [ sha1Of( gone ), 'Gone.pdf' ] ] );
		const { wiki, queue } = await setup( ( w ) => w.publish( 'Existing.pdf', onWiki ), gatedHasher(), deleted );
		queue.addFiles( [
			new File( [ onWiki ], 'Copy.pdf' ),
			new File( [ gone ], 'Back.pdf' ),
			makeFile( 'Twin1.pdf', 500, 9 ),
			makeFile( 'Twin2.pdf', 500, 9 ),
			makeFile( 'Fine.pdf', 600, 10 )
		] );
		await waitFor( () => queue.getState().items.every( ( i ) => i.precheck.content !== null ), 'the content checks' );
		queue.start();
		await settled( queue );
		expect( states( queue ) ).toEqual( [ 'needs-choice', 'needs-choice', 'done', 'needs-choice', 'done' ] );
		const warningsOf = ( n: number ) => {
			const status = queue.getState().items[ n ].status;
			return status.state === 'needs-choice' ? status.warnings.map( ( w ) => [ w.key, w.files ] ) : [];
		};
		expect( warningsOf( 0 ) ).toEqual( [ [ 'duplicate', [ 'Existing.pdf' ] ] ] );
		expect( warningsOf( 1 ) ).toEqual( [ [ 'duplicate-archive', [ 'Gone.pdf' ] ] ] );
		expect( warningsOf( 3 ) ).toEqual( [ [ 'duplicate-in-batch', [ 'Twin1.pdf' ] ] ] );
		for ( const name of [ 'Copy.pdf', 'Back.pdf', 'Twin2.pdf' ] ) {
			expect( uploadsOf( wiki, name ), name ).toHaveLength( 0 );
		}

		// Cancel one, upload the twin anyway: the wiki's own `duplicate` is not asked again.
		queue.resolve( queue.getState().items[ 0 ].id, { kind: 'cancel' } );
		queue.resolve( queue.getState().items[ 3 ].id, { kind: 'ignore' } );
		await settled( queue );
		expect( states( queue ) ).toEqual( [ 'cancelled', 'needs-choice', 'done', 'done', 'done' ] );
		expect( uploadsOf( wiki, 'Copy.pdf' ) ).toHaveLength( 0 );
		expect( wiki.published.has( 'Twin2.pdf' ) ).toBe( true );
	} );

	it( 'a duplicate found while the file is on its way pauses it and asks; going on continues from the server\'s offset', async () => {
		const content = bytes( 3 * MiB, 4 );
		const hasher = gatedHasher( false );
		const { wiki, queue } = await setup( ( w ) => w.publish( 'Same.pdf', content ), hasher );
		const release = wiki.holdAt( 2 );
		queue.addFiles( [ new File( [ content ], 'Again.pdf' ) ] );
		queue.start();
		await waitFor( () => wiki.requests.length === 2, 'the second chunk' );
		hasher.release();
		await waitFor( () => states( queue )[ 0 ] === 'needs-choice', 'the question' );
		release();
		await settled( queue );
		expect( queue.getState().items[ 0 ].status ).toMatchObject( { early: true, warnings: [ { key: 'duplicate', files: [ 'Same.pdf' ] } ] } );
		expect( wiki.requests[ 1 ].outcome ).toBe( 'aborted' );

		queue.resolve( queue.getState().items[ 0 ].id, { kind: 'ignore' } );
		await settled( queue );
		expect( states( queue ) ).toEqual( [ 'done' ] );
		const offsets = wiki.of( 'stashChunk' ).filter( ( r ) => r.outcome === 'answered' ).map( ( r ) => r.offset );
		expect( offsets ).toEqual( [ 0, MiB, 2 * MiB ] );
	} );

	it( 'a file that cannot be read any more fails at once with that reason; its neighbours go on', async () => {
		const hasher: FileHasher = {
			hash: ( blob: Blob ) => ( ( blob as File ).name === 'Moved.pdf' ?
				Promise.reject( Object.assign( new Error( 'could not be read' ), { name: 'NotReadableError' } ) ) :
				sha1OfBlob( blob ) )
		};
		const { wiki, queue } = await setup( () => undefined, Object.assign( hasher, { release: () => undefined } ) );
		queue.addFiles( [ makeFile( 'Moved.pdf', 100, 1 ), makeFile( 'Here.pdf', 100, 2 ) ] );
		await waitFor( () => states( queue )[ 0 ] === 'failed', 'the read failure' );
		expect( queue.getState().items[ 0 ].status ).toMatchObject( { failure: { code: 'file-unreadable' } } );
		queue.start();
		await settled( queue );
		expect( states( queue ) ).toEqual( [ 'failed', 'done' ] );
		expect( uploadsOf( wiki, 'Moved.pdf' ) ).toHaveLength( 0 );
	} );

	it( 'names are asked about in few requests, not one per file', async () => {
		const { queue, lookups } = await setup();
		queue.addFiles( Array.from( { length: 120 }, ( _x, i ) => makeFile( `F${ i }.pdf`, 10 + i, i ) ) );
		await waitFor( () => queue.getState().items.every( ( i ) => i.precheck.name !== null ), 'the name checks' );
		expect( lookups.titleRequests ).toBeLessThanOrEqual( 3 );
	} );
} );

describe( 'ContentChecker', () => {
	it( 'looks up at most LOOKUP_SLOTS files at once, in order, however many are hashed', async () => {
		let open = 0;
		let most = 0;
		const order: string[] = [];
		const api: ContentCheckApi = {
			findContent: async ( sha1: string ) => {
				open++;
				most = Math.max( most, open );
				order.push( sha1 );
				await new Promise( ( resolve ) => setTimeout( resolve, 2 ) );
				open--;
				return { files: [], deleted: [] };
			}
		};
		const results: string[] = [];
		const checker = new ContentChecker( {
			api,
			hasher: { hash: ( blob: Blob ) => sha1OfBlob( blob ) },
			twinsOf: () => [],
			onResult: ( id ) => results.push( id )
		} );
		const files = Array.from( { length: 20 }, ( _x, i ) => makeFile( `C${ i }.pdf`, 50 + i, i ) );
		files.forEach( ( f, i ) => checker.check( `f${ i }`, f ) );
		await waitFor( () => results.length === 20, 'every result' );
		expect( most ).toBeLessThanOrEqual( LOOKUP_SLOTS );
		expect( new Set( order ).size ).toBe( 20 );
	} );
} );
