import { describe, expect, it } from 'vitest';
import { applyPattern, checkPattern } from '../../src/upload/pattern';

function files( ...names: string[] ) {
	return names.map( ( name ) => ( { name } ) );
}

function many( n: number, ext = 'jpg' ) {
	return Array.from( { length: n }, ( _v, i ) => ( { name: `IMG_${ 1000 + i }.${ ext }` } ) );
}

describe( 'applyPattern', () => {
	it( '$n is the position from 1, padded to the width of the list\'s size', () => {
		const fifty = applyPattern( 'Trip 2026 - $n', many( 50 ) );
		expect( fifty[ 0 ] ).toBe( 'Trip 2026 - 01.jpg' );
		expect( fifty[ 8 ] ).toBe( 'Trip 2026 - 09.jpg' );
		expect( fifty[ 49 ] ).toBe( 'Trip 2026 - 50.jpg' );
		expect( applyPattern( 'T$n', many( 9 ) ) ).toEqual( [ 1, 2, 3, 4, 5, 6, 7, 8, 9 ].map( ( i ) => `T${ i }.jpg` ) );
		const hundredTwenty = applyPattern( 'T$n', many( 120 ) );
		expect( [ hundredTwenty[ 0 ], hundredTwenty[ 99 ], hundredTwenty[ 119 ] ] ).toEqual( [ 'T001.jpg', 'T100.jpg', 'T120.jpg' ] );
		expect( applyPattern( 'T$n', many( 10 ) )[ 0 ] ).toBe( 'T01.jpg' );
	} );

	it( 'keeps each file\'s own extension exactly as it is', () => {
		expect( applyPattern( 'Trip $n', files( 'a.JPG', 'b.jpeg', 'c.Png', 'd.tar.gz' ) ) )
			.toEqual( [ 'Trip 1.JPG', 'Trip 2.jpeg', 'Trip 3.Png', 'Trip 4.gz' ] );
	} );

	it( 'adds no extension to a file without one (a leading dot is none)', () => {
		expect( applyPattern( 'Doc $n', files( 'README', '.htaccess' ) ) ).toEqual( [ 'Doc 1', 'Doc 2' ] );
	} );

	it( 'does not add the extension twice when the pattern ends with it', () => {
		expect( applyPattern( 'Trip $n.jpg', files( 'a.JPG', 'b.png' ) ) ).toEqual( [ 'Trip 1.jpg', 'Trip 2.jpg.png' ] );
	} );

	it( '$name is the file\'s own name without extension; $$ is a dollar sign', () => {
		expect( applyPattern( '$name (Trip $n)', files( 'IMG_0001.JPG', 'IMG_0002.JPG' ) ) )
			.toEqual( [ 'IMG_0001 (Trip 1).JPG', 'IMG_0002 (Trip 2).JPG' ] );
		expect( applyPattern( 'Price $$n - $names', files( 'a.jpg' ) ) ).toEqual( [ 'Price $n - as.jpg' ] );
		expect( applyPattern( 'Cost $5 $x', files( 'a.jpg' ) ) ).toEqual( [ 'Cost $5 $x.jpg' ] );
	} );

	it( 'drops spaces around the name', () => {
		expect( applyPattern( '  Trip $n  ', files( 'a.jpg' ) ) ).toEqual( [ 'Trip 1.jpg' ] );
	} );
} );

describe( 'checkPattern', () => {
	it( 'an empty pattern names nothing', () => {
		expect( checkPattern( '   ', files( 'a.jpg' ) ) ).toEqual( { code: 'pattern-empty' } );
	} );

	it( 'without $n, several files get one name: says which', () => {
		expect( checkPattern( 'Trip', files( 'a.jpg', 'b.jpg', 'c.png', 'd.jpg' ) ) )
			.toEqual( { code: 'pattern-duplicates', groups: [ [ 0, 1, 3 ] ] } );
	} );

	it( 'compares as the wiki does: "a b" and "A_b" are one name', () => {
		expect( checkPattern( '$name', files( 'a b.jpg', 'A_b.jpg' ) ) ).toEqual( { code: 'pattern-duplicates', groups: [ [ 0, 1 ] ] } );
	} );

	it( 'accepts what keeps the names apart: $n, own names, extensions, a single file', () => {
		expect( checkPattern( 'Trip $n', many( 120 ) ) ).toBeNull();
		expect( checkPattern( '$name', files( 'a.jpg', 'b.jpg' ) ) ).toBeNull();
		expect( checkPattern( 'Trip', files( 'a.jpg', 'a.png' ) ) ).toBeNull();
		expect( checkPattern( 'Trip', files( 'a.jpg' ) ) ).toBeNull();
	} );

	it( '$name alone repeats for two cameras\' DSC_0001.JPG', () => {
		expect( checkPattern( '$name', files( 'DSC_0001.JPG', 'DSC_0001.JPG' ) ) ).toEqual( { code: 'pattern-duplicates', groups: [ [ 0, 1 ] ] } );
	} );
} );
