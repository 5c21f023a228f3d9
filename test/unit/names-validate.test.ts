/**
 * validateName, the queue's own check of a name before the file is sent: it measures the name as
 * the wiki receives it (NFC), not as typed.
 */
import { describe, expect, it } from 'vitest';
import { validateName } from '../../src/upload/names';

describe( 'validateName', () => {
	it( 'counts the bytes of the NFC form: an NFD name the wiki takes is not refused', () => {
		const nfd = `${ '한'.repeat( 35 ) }.jpg`.normalize( 'NFD' );
		expect( new TextEncoder().encode( nfd ).length ).toBeGreaterThan( 240 );
		expect( validateName( nfd ) ).toBeNull();
	} );

	it( 'still refuses what is over 240 bytes in NFC, and empty names', () => {
		expect( validateName( `${ '한'.repeat( 79 ) }.jpg` ) ).toBe( 'filename-toolong' );
		expect( validateName( `${ '한'.repeat( 78 ) }.jpg` ) ).toBeNull();
		expect( validateName( '  ' ) ).toBe( 'name-empty' );
	} );
} );
