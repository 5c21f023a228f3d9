import { describe, expect, it } from 'vitest';
import { MiB, chunkAt, effectiveChunkSize, planChunks, sendsInOneRequest } from '../../src/upload/chunks';

describe( 'planChunks', () => {
	it.each( [
		[ 'an empty file has no chunk', 0, [] ],
		[ 'one byte is one chunk', 1, [ [ 0, 1 ] ] ],
		[ 'exactly 1 MiB is one chunk', MiB, [ [ 0, MiB ] ] ],
		[ '1 MiB + 1 byte is a full chunk and a 1-byte last chunk', MiB + 1, [ [ 0, MiB ], [ MiB, MiB + 1 ] ] ],
		[ '5 MiB is five full chunks', 5 * MiB, [ 0, 1, 2, 3, 4 ].map( ( i ) => [ i * MiB, ( i + 1 ) * MiB ] ) ]
	] )( '%s', ( _name, size, expected ) => {
		expect( planChunks( size as number, MiB ).map( ( c ) => [ c.start, c.end ] ) ).toEqual( expected );
	} );

	it( 'covers every byte once, in order, for odd sizes', () => {
		const size = 3 * MiB + 12345;
		const chunks = planChunks( size, 700000 );
		expect( chunks[ 0 ].start ).toBe( 0 );
		chunks.slice( 1 ).forEach( ( c, i ) => expect( c.start ).toBe( chunks[ i ].end ) );
		expect( chunks[ chunks.length - 1 ].end ).toBe( size );
	} );
} );

describe( 'chunkAt', () => {
	it( 'refuses an offset outside the file', () => {
		expect( () => chunkAt( MiB, MiB, MiB ) ).toThrow( RangeError );
		expect( () => chunkAt( -1, MiB, MiB ) ).toThrow( RangeError );
	} );
	it( 'continues from any offset the server names', () => {
		expect( chunkAt( 1000, 5000, 1024 ) ).toEqual( { start: 1000, end: 2024 } );
	} );
} );

describe( 'effectiveChunkSize', () => {
	it( 'never goes below the wiki minimum', () => {
		expect( effectiveChunkSize( 100, 1024 ) ).toBe( 1024 );
	} );
	it( 'falls back to 1 MiB for nonsense', () => {
		expect( effectiveChunkSize( NaN, 1024 ) ).toBe( MiB );
		expect( effectiveChunkSize( -5, 1024 ) ).toBe( MiB );
	} );
	it( 'rounds to whole bytes', () => {
		expect( effectiveChunkSize( 1.5 * MiB + 0.4, 1024 ) ).toBe( 1.5 * MiB );
	} );
} );

describe( 'sendsInOneRequest', () => {
	it( 'sends a file of exactly one chunk whole, and one byte more in chunks', () => {
		expect( sendsInOneRequest( MiB, MiB ) ).toBe( true );
		expect( sendsInOneRequest( MiB + 1, MiB ) ).toBe( false );
	} );
} );
