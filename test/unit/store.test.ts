/** The store the engine and the UI share: a change tells every listener, a batch tells them once. */
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/upload/store';

describe( 'Store', () => {
	it( 'tells its listeners of each change, and of none when nothing changed', () => {
		const store = new Store( { n: 0 } );
		let told = 0;
		store.subscribe( () => told++ );
		store.setState( ( s ) => ( { n: s.n + 1 } ) );
		store.setState( ( s ) => s );
		expect( told ).toBe( 1 );
		expect( store.getState().n ).toBe( 1 );
	} );

	it( 'batch: several changes, one telling at the end, with the last state; none without a change', () => {
		const store = new Store( { n: 0 } );
		const seen: number[] = [];
		store.subscribe( () => seen.push( store.getState().n ) );
		store.batch( () => {
			store.setState( ( s ) => ( { n: s.n + 1 } ) );
			store.batch( () => store.setState( ( s ) => ( { n: s.n + 1 } ) ) );
			store.setState( ( s ) => ( { n: s.n + 1 } ) );
		} );
		expect( seen ).toEqual( [ 3 ] );
		store.batch( () => store.setState( ( s ) => s ) );
		expect( seen ).toEqual( [ 3 ] );
	} );

	it( 'batch: a change before a throw is still told', () => {
		const store = new Store( { n: 0 } );
		let told = 0;
		store.subscribe( () => told++ );
		expect( () => store.batch( () => {
			store.setState( () => ( { n: 1 } ) );
			throw new Error( 'boom' );
		} ) ).toThrow( 'boom' );
		expect( told ).toBe( 1 );
	} );
} );
