/**
 * Every wait on the content checks ends: whenChecked() settles and the look-up slots come free,
 * whatever the wiki does (never answers, ignores the abort) and whatever happens to the file
 * meanwhile (forgotten, checked again). Each wait here is time-boxed and says what it saw when
 * it gives up.
 */
import { describe, expect, it } from 'vitest';
import type { FoundFile } from '../../src/api/nameChecks';
import type { RequestControl } from '../../src/api/types';
import { ContentChecker, LOOKUP_SLOTS, type ContentCheck, type ContentCheckApi } from '../../src/upload/preflight';
import { makeFile, sha1OfBlob } from './fakeApi';
import { until, within } from './timeBox';

/** A wiki that never answers a look-up, and ignores the abort: it remembers each one. */
class SilentContent implements ContentCheckApi {
	readonly asked: Array<{ sha1: string; signal?: AbortSignal }> = [];

	findContent( sha1: string, control: RequestControl = {} ): Promise<{ files: FoundFile[]; deleted: FoundFile[] | 'unknown' }> {
		this.asked.push( { sha1, signal: control.signal } );
		return new Promise( () => undefined );
	}
}

function setup( lookupTimeoutMs: number ) {
	const api = new SilentContent();
	const results: Array<{ id: string; check: ContentCheck | null; error?: unknown }> = [];
	const checker = new ContentChecker( {
		api,
		hasher: { hash: ( blob: Blob ) => sha1OfBlob( blob ) },
		twinsOf: () => [],
		onResult: ( id, check, error ) => results.push( { id, check, error } ),
		lookupTimeoutMs
	} );
	const files = Array.from( { length: LOOKUP_SLOTS + 1 }, ( _x, i ) => makeFile( `W${ i }.pdf`, 60 + i, i + 1 ) );
	files.forEach( ( file, i ) => checker.check( `f${ i }`, file ) );
	return { api, checker, results, files };
}

describe( 'waits on the content checks end', () => {
	it( 'look-ups the wiki never answers are given up: their slots come free, and every file is told', async () => {
		const { api, checker, results } = setup( 50 );
		const last = `f${ LOOKUP_SLOTS }`;
		await until( () => api.asked.length === LOOKUP_SLOTS, 2000, () => api.asked.length );
		await within( checker.whenChecked( last ), 2000, () => ( { asked: api.asked.length, results } ) );
		expect( results.map( ( r ) => r.id ).sort() ).toEqual( Array.from( { length: LOOKUP_SLOTS + 1 }, ( _x, i ) => `f${ i }` ) );
		expect( results.every( ( r ) => r.check === null && ( r.error as { kind?: string } ).kind === 'timeout' ) ).toBe( true );
		expect( api.asked.every( ( a ) => a.signal?.aborted ) ).toBe( true );
	} );

	it( 'a file forgotten while its look-up waits for a slot: its wait ends at once, and the look-up is never sent', async () => {
		const { api, checker, results } = setup( 60000 );
		const waiting = `f${ LOOKUP_SLOTS }`;
		await until( () => api.asked.length === LOOKUP_SLOTS && checker.isLookingUp( waiting ), 2000, () => api.asked.length );
		const checked = checker.whenChecked( waiting );
		checker.forget( waiting );
		await within( checked, 500, () => ( { asked: api.asked.length, results } ) );
		await new Promise( ( resolve ) => setTimeout( resolve, 20 ) );
		expect( api.asked ).toHaveLength( LOOKUP_SLOTS );
		expect( results ).toEqual( [] );
	} );

	it( 'a file checked again while its look-up is on its way: the earlier wait ends at once, though the wiki ignores the abort', async () => {
		const { api, checker, files } = setup( 60000 );
		await until( () => api.asked.length === LOOKUP_SLOTS && checker.isLookingUp( 'f0' ), 2000, () => api.asked.length );
		const earlier = checker.whenChecked( 'f0' );
		checker.recheck( 'f0', files[ 0 ] );
		await within( earlier, 500, () => ( { asked: api.asked.length } ) );
		// Its slot came free with it: the recheck's look-up (or the waiting file's) is sent.
		await until( () => api.asked.length === LOOKUP_SLOTS + 1, 2000, () => api.asked.length );
		checker.forget( 'f0' );
		checker.forget( 'f1' );
		checker.forget( `f${ LOOKUP_SLOTS }` );
	} );
} );

describe( 'a result listener that throws', () => {
	it( 'does not leave its file "looking up" for ever: the check ends, and the file can be checked again', async () => {
		const errors: unknown[] = [];
		let calls = 0;
		const checker = new ContentChecker( {
			api: { findContent: async () => ( { files: [], deleted: [] } ) },
			hasher: { hash: ( blob: Blob ) => sha1OfBlob( blob ) },
			twinsOf: () => [],
			onResult: () => {
				calls++;
				if ( calls === 1 ) {
					throw new Error( 'a broken listener' );
				}
			},
			onResultError: ( error ) => errors.push( error )
		} );
		const file = makeFile( 'L.pdf', 80, 9 );
		checker.check( 'f0', file );
		await until( () => calls === 1, 2000, () => ( { calls } ) );
		await within( checker.whenChecked( 'f0' ), 500, () => ( { calls, lookingUp: checker.isLookingUp( 'f0' ) } ) );
		expect( checker.isLookingUp( 'f0' ) ).toBe( false );
		checker.check( 'f0', file );
		await until( () => calls === 2, 2000, () => ( { calls, lookingUp: checker.isLookingUp( 'f0' ) } ) );
		expect( errors ).toEqual( [ new Error( 'a broken listener' ) ] );
	} );
} );
