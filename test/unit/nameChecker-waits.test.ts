/**
 * Every wait on the name checks ends: whenAnswered() and flush() settle, and no file stays
 * without a verdict, whatever the wiki does (never answers the titles or the prefix list, answers
 * about other titles than those asked), and whatever happens to the file meanwhile (forgotten,
 * renamed, the checker disposed, a listener that throws). Each wait here is time-boxed and says
 * what it saw when it gives up.
 */
import { describe, expect, it } from 'vitest';
import type { TitleFacts } from '../../src/api/nameChecks';
import type { RequestControl } from '../../src/api/types';
import { NameChecker, type NameCheck, type NameCheckApi, type NameCheckerOptions } from '../../src/upload/prechecks';
import { until, within } from './timeBox';

const never = <T>() => new Promise<T>( () => undefined );

/** Facts of a free title: no page, no file, nothing refused. */
function free( asked: string ): TitleFacts {
	return { asked, title: asked, invalidReason: null, pageExists: false, file: null, shared: null, deleted: false, refusals: [] };
}

/** A wiki port whose answers the test decides; it remembers every question and its signal. */
class ScriptedNames implements NameCheckApi {
	readonly asked: Array<{ titles: string[]; signal?: AbortSignal }> = [];
	titles: ( titles: string[] ) => Promise<TitleFacts[]> = async ( titles ) => titles.map( free );
	prefixes: () => Promise<string | null> = async () => null;

	queryTitles( titles: string[], control: RequestControl = {} ): Promise<TitleFacts[]> {
		this.asked.push( { titles, signal: control.signal } );
		return this.titles( titles );
	}

	filenamePrefixBlacklist(): Promise<string | null> {
		return this.prefixes();
	}
}

function setup( api: ScriptedNames, options: Partial<NameCheckerOptions> = {} ) {
	const checker = new NameChecker( { api, debounceMs: 0, ...options } );
	const heard: Array<{ id: string; check: NameCheck }> = [];
	checker.subscribe( ( id, check ) => heard.push( { id, check } ) );
	return { checker, heard };
}

/** A checker over `api`; file f1 aims at Foo.jpg, and the wait for its answer must end within 2 s. */
async function fooAnswered( api: ScriptedNames, options: Partial<NameCheckerOptions> = {} ) {
	const { checker, heard } = setup( api, options );
	checker.check( 'f1', 'Foo.jpg' );
	await within( checker.whenAnswered( 'f1' ), 2000, () => ( { questions: api.asked.length, last: api.asked[ api.asked.length - 1 ]?.titles, heard } ) );
	return { checker, heard };
}

describe( 'waits on the name checks end', () => {
	it( 'a prefix list that never comes: the names are judged without it after the bound', async () => {
		const api = new ScriptedNames();
		api.prefixes = never;
		const { checker, heard } = await fooAnswered( api, { questionTimeoutMs: 50 } );
		expect( checker.resultFor( 'f1' ) ).toMatchObject( { name: 'Foo.jpg', wikiName: 'Foo.jpg', error: null } );
		expect( heard.map( ( h ) => h.id ) ).toEqual( [ 'f1' ] );
	} );

	it( 'a question the wiki never answers: the file is told it could not be asked, and the next change asks again', async () => {
		const api = new ScriptedNames();
		api.titles = never;
		const { checker, heard } = await fooAnswered( api, { questionTimeoutMs: 50 } );
		expect( heard ).toEqual( [ { id: 'f1', check: expect.objectContaining( { name: 'Foo.jpg', failure: expect.objectContaining( { transient: true } ) } ) } ] );
		expect( api.asked[ 0 ].signal?.aborted ).toBe( true );

		api.titles = async ( titles ) => titles.map( free );
		checker.check( 'f1', 'Bar.jpg' );
		await within( checker.flush(), 2000, () => ( { asked: api.asked, heard } ) );
		expect( checker.resultFor( 'f1' ) ).toMatchObject( { name: 'Bar.jpg', error: null } );
	} );

	it( 'titles the answer leaves out are not asked again and again: the file is told, once', async () => {
		const api = new ScriptedNames();
		// Answers about other titles than those asked (a port that renames them, say).
		api.titles = async ( titles ) => {
			await new Promise( ( resolve ) => setTimeout( resolve, 0 ) );
			return titles.map( ( t ) => free( `${ t }.other` ) );
		};
		const { heard } = await fooAnswered( api );
		expect( api.asked ).toHaveLength( 1 );
		expect( heard ).toEqual( [ { id: 'f1', check: expect.objectContaining( { failure: expect.objectContaining( { code: expect.any( String ) } ) } ) } ] );
	} );

	it( 'a file forgotten or renamed while its question is on its way: its wait ends at once, not with the answer', async () => {
		const api = new ScriptedNames();
		api.titles = never;
		const { checker } = setup( api, { questionTimeoutMs: 60000 } );
		checker.check( 'f1', 'Foo.jpg' );
		checker.check( 'f2', 'Bar.jpg' );
		const first = checker.whenAnswered( 'f1' );
		const second = checker.whenAnswered( 'f2' );
		await until( () => api.asked.length === 1, 2000, () => api.asked );
		checker.forget( 'f1' );
		await within( first, 500, () => ( { asked: api.asked } ) );
		// A name the checker can judge without the wiki (it is refused as it is).
		checker.check( 'f2', '' );
		await within( second, 500, () => ( { asked: api.asked, f2: checker.resultFor( 'f2' ) } ) );
		checker.dispose();
	} );

	it( 'dispose() aborts the question on its way and ends every wait', async () => {
		const api = new ScriptedNames();
		api.titles = never;
		const { checker } = setup( api, { questionTimeoutMs: 60000 } );
		checker.check( 'f1', 'Foo.jpg' );
		const flushed = checker.flush();
		await until( () => api.asked.length === 1, 2000, () => api.asked );
		checker.dispose();
		await within( flushed, 500, () => ( { asked: api.asked } ) );
		expect( api.asked[ 0 ].signal?.aborted ).toBe( true );
	} );

	it( 'a listener that throws stops neither the other files\' checks nor the next run', async () => {
		const api = new ScriptedNames();
		let answerFirst: () => void = () => undefined;
		api.titles = ( titles ) => api.asked.length === 1 ?
			new Promise( ( resolve ) => {
				answerFirst = () => resolve( titles.map( free ) );
			} ) :
			Promise.resolve( titles.map( free ) );
		const errors: unknown[] = [];
		const { checker, heard } = setup( api, { onListenerError: ( error ) => errors.push( error ) } );
		checker.subscribe( ( id ) => {
			if ( id === 'f1' ) {
				throw new Error( 'a broken listener' );
			}
		} );
		checker.check( 'f1', 'Foo.jpg' );
		await until( () => api.asked.length === 1, 2000, () => api.asked );
		// Changed while the first question is on its way: its run comes after that one.
		checker.check( 'f2', 'Bar.jpg' );
		await new Promise( ( resolve ) => setTimeout( resolve, 20 ) );
		answerFirst();
		await until( () => heard.some( ( h ) => h.id === 'f2' ), 2000, () => ( { asked: api.asked, heard } ) );
		expect( heard.map( ( h ) => h.id ) ).toEqual( [ 'f1', 'f2' ] );
		expect( errors ).toEqual( [ new Error( 'a broken listener' ) ] );
	} );
} );
