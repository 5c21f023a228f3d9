/**
 * When and how the name checker asks the wiki (through the real API layer, over the fake wiki
 * of nameCheckerSetup.ts): few requests, answers that come too late, a wiki that cannot be asked,
 * and the waits on it (flush, whenAnswered). The verdicts themselves are prechecks.test.ts's.
 */
import { describe, expect, it } from 'vitest';
import { settled, setup } from './nameCheckerSetup';

describe( 'few requests', () => {
	it( '120 names: 3 batches of at most 50 titles (each batch 2 requests: 50 tested actions per request)', async () => {
		const { checker, fake, clock, heard } = setup();
		for ( let i = 1; i <= 120; i++ ) {
			checker.check( `f${ i }`, `Trip 2026 - ${ String( i ).padStart( 3, '0' ) }.jpg` );
		}
		await clock.advance( 300 );
		const queries = fake.titleQueries();
		const batches = queries.filter( ( q ) => q.incontinue === undefined );
		expect( batches.map( ( q ) => String( q.titles ).split( '|' ).length ) ).toEqual( [ 50, 50, 20 ] );
		// 100 tested actions for 50 titles: a second request each; 40 for 20 fit in one.
		expect( queries ).toHaveLength( 5 );
		expect( new Set( heard.map( ( h ) => h.id ) ).size ).toBe( 120 );
		expect( fake.requests.filter( ( r ) => r.params.meta === 'allmessages' ) ).toHaveLength( 1 );
	} );

	it( 'typing: 10 keystrokes, one request, for the last name only', async () => {
		const { checker, fake, clock, heard } = setup();
		const typed = 'Pc-New.pdf';
		for ( let i = 1; i <= typed.length; i++ ) {
			checker.check( 'f1', typed.slice( 0, i ) );
			await clock.advance( 100 );
		}
		expect( fake.titleQueries() ).toHaveLength( 0 );
		await clock.advance( 300 );
		expect( fake.titleQueries().map( ( q ) => q.titles ) ).toEqual( [ 'File:Pc-New.pdf' ] );
		expect( heard.map( ( h ) => h.check.name ) ).toEqual( [ 'Pc-New.pdf' ] );
	} );

	it( 'a name asked once is answered from what the checker keeps, for any file and spelling', async () => {
		const { checker, fake, clock, heard } = setup();
		checker.check( 'f1', 'Pc-N.jpg' );
		await clock.advance( 300 );
		expect( fake.titleQueries() ).toHaveLength( 1 );
		checker.check( 'f2', 'Pc-N.jpg' );
		checker.check( 'f3', 'Pc-N.jpg ' );
		expect( heard.map( ( h ) => h.id ) ).toEqual( [ 'f1', 'f2', 'f3' ] );
		await clock.advance( 300 );
		expect( fake.titleQueries() ).toHaveLength( 1 );
		// The same result for the same file is told once.
		checker.check( 'f1', 'Pc-N.jpg' );
		expect( heard ).toHaveLength( 3 );
	} );

	it( 'asks about a name\'s companions in the same batch: Foo.JPG with Foo.jpg, 180px-Foo.jpg with Foo.jpg', async () => {
		const { checker, fake, clock } = setup();
		checker.check( 'f1', 'Pc-N.JPEG' );
		checker.check( 'f2', '180px-Pc-P.png' );
		await clock.advance( 300 );
		expect( fake.titleQueries().map( ( q ) => q.titles ) ).toEqual( [ 'File:Pc-N.JPEG|File:Pc-N.jpg|File:180px-Pc-P.png|File:Pc-P.png' ] );
		expect( checker.resultFor( 'f2' )?.warnings.map( ( w ) => [ w.key, w.files ] ) ).toEqual( [ [ 'thumb', [ 'Pc-P.png' ] ] ] );
	} );
} );

describe( 'answers that come too late', () => {
	it( 'an answer about a name the file no longer has is not told; the new name is', async () => {
		const { checker, fake, clock, heard, wiki } = setup();
		let release: () => void = () => undefined;
		fake.answer = ( params ) => ( params.titles === 'File:Pc-N.jpg' ?
			new Promise( ( resolve ) => {
				release = () => resolve( wiki.answer( params ) );
			} ) :
			wiki.answer( params ) );
		checker.check( 'f1', 'Pc-N.jpg' );
		await clock.advance( 300 );
		checker.check( 'f1', 'Pc-New.pdf' );
		release();
		await settled();
		expect( heard ).toEqual( [] );
		expect( checker.resultFor( 'f1' ) ).toBeNull();
		await clock.advance( 300 );
		expect( heard.map( ( h ) => h.check.name ) ).toEqual( [ 'Pc-New.pdf' ] );
		// What was learnt about the old name is kept: going back costs no request.
		checker.check( 'f1', 'Pc-N.jpg' );
		expect( heard.map( ( h ) => h.check.name ) ).toEqual( [ 'Pc-New.pdf', 'Pc-N.jpg' ] );
		expect( fake.titleQueries() ).toHaveLength( 2 );
	} );

	it( 'after an upload lands, its name and the names that depend on it are asked again', async () => {
		const { checker, fake, clock, wiki } = setup();
		checker.check( 'f1', 'Pc-Fresh.jpg' );
		checker.check( 'f2', 'Pc-Fresh.JPG' );
		checker.check( 'f3', '120px-Pc-Fresh.jpg' );
		await clock.advance( 300 );
		expect( checker.resultFor( 'f1' )?.warnings ).toEqual( [] );
		expect( checker.resultFor( 'f3' )?.warnings.map( ( w ) => w.key ) ).toEqual( [ 'thumb-name' ] );
		wiki.addFile( 'Pc-Fresh.jpg' );
		// The name as the upload's answer gives it.
		checker.invalidate( [ 'Pc-Fresh.jpg' ] );
		await clock.advance( 300 );
		expect( fake.titleQueries().map( ( q ) => q.titles ) ).toEqual( [
			'File:Pc-Fresh.jpg|File:Pc-Fresh.JPG|File:120px-Pc-Fresh.jpg',
			'File:Pc-Fresh.jpg'
		] );
		expect( checker.resultFor( 'f1' )?.warnings.map( ( w ) => w.key ) ).toEqual( [ 'exists' ] );
		expect( checker.resultFor( 'f2' )?.warnings.map( ( w ) => [ w.key, w.files ] ) ).toEqual( [ [ 'exists-normalized', [ 'Pc-Fresh.jpg' ] ] ] );
		expect( checker.resultFor( 'f3' )?.warnings.map( ( w ) => [ w.key, w.files ] ) ).toEqual( [ [ 'thumb', [ 'Pc-Fresh.jpg' ] ] ] );
	} );

	it( 'invalidating finds the name in the wiki\'s spelling too ("pc fresh.jpg" is stored as "Pc_fresh.jpg")', async () => {
		const { checker, clock, wiki } = setup();
		checker.check( 'f1', 'pc fresh.jpg' );
		await clock.advance( 300 );
		wiki.addFile( 'Pc fresh.jpg' );
		checker.invalidate( [ 'Pc_fresh.jpg' ] );
		await clock.advance( 300 );
		expect( checker.resultFor( 'f1' )?.warnings.map( ( w ) => w.key ) ).toEqual( [ 'exists' ] );
	} );

	it( 'an answer that was on its way while its name was invalidated is not kept', async () => {
		const { checker, fake, clock, wiki, heard } = setup();
		let release: () => void = () => undefined;
		let held = true;
		fake.answer = ( params ) => ( held && params.titles ?
			new Promise( ( resolve ) => {
				const answer = wiki.answer( params );
				release = () => resolve( answer );
			} ) :
			wiki.answer( params ) );
		checker.check( 'f1', 'Pc-Fresh.jpg' );
		await clock.advance( 300 );
		// The upload lands while the question (answered before it) is on its way.
		wiki.addFile( 'Pc-Fresh.jpg' );
		checker.invalidate( [ 'Pc-Fresh.jpg' ] );
		held = false;
		release();
		await clock.advance( 300 );
		expect( heard.map( ( h ) => h.check.warnings.map( ( w ) => w.key ) ) ).toEqual( [ [ 'exists' ] ] );
		expect( fake.titleQueries() ).toHaveLength( 2 );
	} );

	it( 'invalidate() without names forgets everything', async () => {
		const { checker, fake, clock } = setup();
		checker.check( 'f1', 'Pc-N.jpg' );
		await clock.advance( 300 );
		checker.invalidate();
		expect( checker.resultFor( 'f1' ) ).toBeNull();
		await clock.advance( 300 );
		expect( fake.titleQueries() ).toHaveLength( 2 );
		expect( checker.resultFor( 'f1' )?.warnings[ 0 ].key ).toBe( 'exists' );
	} );
} );

describe( 'when the wiki cannot be asked', () => {
	it( 'says the name is unchecked, and asks again on the next change', async () => {
		const { checker, fake, clock, heard, wiki } = setup();
		fake.answer = ( params ) => {
			if ( params.titles ) {
				throw new Error( 'offline' );
			}
			return wiki.answer( params );
		};
		checker.check( 'f1', 'Pc-N.jpg' );
		await clock.advance( 300 );
		expect( heard ).toHaveLength( 1 );
		expect( heard[ 0 ].check ).toMatchObject( { name: 'Pc-N.jpg', error: null, warnings: [], failure: { code: 'network', transient: true } } );
		fake.answer = ( params ) => wiki.answer( params );
		checker.check( 'f1', 'Pc-N.jpg' );
		await clock.advance( 300 );
		expect( checker.resultFor( 'f1' )?.warnings[ 0 ].key ).toBe( 'exists' );
	} );

	it( 'a title the answer leaves out: that name is unchecked, the others of the batch are answered', async () => {
		const { checker, fake, heard, wiki } = setup();
		fake.answer = ( params ) => {
			const answer = wiki.answer( params ) as { query?: { pages?: Array<{ title: string }> } };
			if ( answer.query?.pages ) {
				answer.query.pages = answer.query.pages.filter( ( p ) => p.title !== 'File:Pc-New.pdf' );
			}
			return answer;
		};
		checker.check( 'f1', 'Pc-N.jpg' );
		checker.check( 'f2', 'Pc-New.pdf' );
		await checker.whenAnswered( 'f2' );
		expect( checker.resultFor( 'f1' )?.warnings.map( ( w ) => w.key ) ).toEqual( [ 'exists' ] );
		expect( checker.resultFor( 'f2' ) ).toBeNull();
		expect( heard.find( ( h ) => h.id === 'f2' )?.check ).toMatchObject( { name: 'Pc-New.pdf', failure: { code: 'bad-response', transient: true } } );
		// Not asked again before the next change.
		await checker.flush();
		expect( fake.titleQueries() ).toHaveLength( 1 );
	} );

	it( 'flush() asks at once and resolves when every name is answered', async () => {
		const { checker, fake } = setup();
		checker.check( 'f1', 'Pc-N.jpg' );
		checker.check( 'f2', 'Pc-New.pdf' );
		await checker.flush();
		expect( fake.titleQueries() ).toHaveLength( 1 );
		expect( checker.resultFor( 'f1' ) ).not.toBeNull();
		expect( checker.resultFor( 'f2' ) ).not.toBeNull();
	} );

	it( 'whenAnswered(id) settles after the batch with that file\'s name, not after every batch', async () => {
		const { checker, fake } = setup();
		const count = 120;
		for ( let n = 1; n <= count; n++ ) {
			checker.check( `f${ n }`, `Pc-Many ${ n }.pdf` );
		}
		await checker.whenAnswered( 'f1' );
		expect( checker.resultFor( 'f1' ) ).not.toBeNull();
		expect( checker.resultFor( `f${ count }` ) ).toBeNull();
		const early = fake.titleQueries().length;
		await checker.whenAnswered( `f${ count }` );
		expect( checker.resultFor( `f${ count }` ) ).not.toBeNull();
		expect( fake.titleQueries().length ).toBeGreaterThan( early );
		// Known already: at once, without a question.
		const asked = fake.titleQueries().length;
		await checker.whenAnswered( 'f1' );
		expect( fake.titleQueries() ).toHaveLength( asked );
	} );

	it( 'whenAnswered(id) settles when the question for that name fails, or the checker is disposed', async () => {
		const { checker, fake, wiki } = setup();
		fake.answer = ( params ) => {
			if ( params.titles ) {
				throw new Error( 'offline' );
			}
			return wiki.answer( params );
		};
		checker.check( 'f1', 'Pc-N.jpg' );
		await checker.whenAnswered( 'f1' );
		expect( checker.resultFor( 'f1' ) ).toBeNull();
		fake.answer = () => new Promise( () => undefined );
		checker.check( 'f2', 'Pc-Other.jpg' );
		const waiting = checker.whenAnswered( 'f2' );
		await settled();
		checker.dispose();
		await waiting;
	} );

	it( 'a forgotten or disposed checker tells nothing more', async () => {
		const { checker, clock, heard } = setup();
		checker.check( 'f1', 'Pc-N.jpg' );
		checker.forget( 'f1' );
		checker.check( 'f2', 'Pc-New.pdf' );
		checker.dispose();
		await clock.advance( 300 );
		expect( heard ).toEqual( [] );
	} );
} );
