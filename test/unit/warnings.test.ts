/**
 * parseWarnings over every warning answer captured from a real MediaWiki (api-responses.md,
 * "Warnings" and "Chunked upload"): the `upload` objects below are verbatim.
 */
import { describe, expect, it } from 'vitest';
import type { UploadResponse } from '../../src/api/types';
import { KNOWN_WARNINGS, canIgnore, ignoringOverwrites, parseWarnings, warningChoices, type UploadWarning } from '../../src/upload/warnings';

/** Verbatim `upload` parts of the captured answers. */
const ANSWERS: Record<string, UploadResponse> = {
	exists: JSON.parse( '{"result":"Warning","warnings":{"exists":"Pmwv3p687-A.pdf"},"filekey":"1d3ywslx9gu0.rbznh.3.pdf","sessionkey":"1d3ywslx9gu0.rbznh.3.pdf"}' ),
	nochange: JSON.parse( '{"result":"Warning","warnings":{"exists":"Pmwv3p687-A.pdf","nochange":{"timestamp":"2026-11-24T19:41:50Z"}},"filekey":"1d3ywsly89uc.7ou1no.3.pdf","sessionkey":"1d3ywsly89uc.7ou1no.3.pdf"}' ),
	duplicateversions: JSON.parse( '{"result":"Warning","warnings":{"exists":"Pmwv3p687-A.pdf","duplicateversions":[{"timestamp":"2026-11-24T19:41:50Z"}]},"filekey":"1d3ywsnw674w.mpsa09.3.pdf","sessionkey":"1d3ywsnw674w.mpsa09.3.pdf"}' ),
	'was-deleted': JSON.parse( '{"result":"Warning","warnings":{"was-deleted":"Pmwv3p687-D.pdf"},"filekey":"1d3ywso2eg4o.lkruhd.3.pdf","sessionkey":"1d3ywso2eg4o.lkruhd.3.pdf"}' ),
	'duplicate-archive': JSON.parse( '{"result":"Warning","warnings":{"duplicate-archive":"Pmwv3p687-D.pdf"},"filekey":"1d3ywso3e2ro.78p90d.3.pdf","sessionkey":"1d3ywso3e2ro.78p90d.3.pdf"}' ),
	duplicate: JSON.parse( '{"result":"Warning","warnings":{"duplicate":["Pmwv3p687-F.pdf"]},"filekey":"1d3ywso84nw8.ujxk1s.3.pdf","sessionkey":"1d3ywso84nw8.ujxk1s.3.pdf"}' ),
	badfilename: JSON.parse( '{"result":"Warning","warnings":{"badfilename":"Pmwv3p687-Bad-name-x.pdf"},"filekey":"1d3ywso94tz8.2v8e2l.3.pdf","sessionkey":"1d3ywso94tz8.2v8e2l.3.pdf"}' ),
	'badfilename-chars': JSON.parse( '{"result":"Warning","warnings":{"badfilename":"Pmwv3p687-a-b-c-.pdf"},"filekey":"1d3ywsoa32go.a2nb3h.3.pdf","sessionkey":"1d3ywsoa32go.a2nb3h.3.pdf"}' ),
	'page-exists': JSON.parse( '{"result":"Warning","warnings":{"page-exists":"Pmwv3p687-PE.pdf"},"filekey":"1d3ywsodtz3k.rp6a9d.3.pdf","sessionkey":"1d3ywsodtz3k.rp6a9d.3.pdf"}' ),
	'exists-normalized': JSON.parse( '{"result":"Warning","warnings":{"exists-normalized":"Pmwv3p687-N.jpg"},"filekey":"1d3ywsohwrtk.xoncyf.3.jpg","sessionkey":"1d3ywsohwrtk.xoncyf.3.jpg"}' ),
	thumb: JSON.parse( '{"result":"Warning","warnings":{"thumb":"180px-Pmwv3p687-A.pdf"},"filekey":"1d3ywsoioup8.7iqfcj.3.pdf","sessionkey":"1d3ywsoioup8.7iqfcj.3.pdf"}' ),
	'thumb-name': JSON.parse( '{"result":"Warning","warnings":{"thumb-name":"180px-Pmwv3p687-Nope.pdf"},"filekey":"1d3ywsojjlc4.c230uu.3.pdf","sessionkey":"1d3ywsojjlc4.c230uu.3.pdf"}' ),
	'bad-prefix': JSON.parse( '{"result":"Warning","warnings":{"bad-prefix":"DSC_Pmwv3p687.pdf"},"filekey":"1d3ywsokk12c.vbzfia.3.pdf","sessionkey":"1d3ywsokk12c.vbzfia.3.pdf"}' ),
	'empty-file': JSON.parse( '{"result":"Warning","warnings":{"empty-file":true},"stasherrors":[{"message":"uploadstash-exception","params":["UploadStashZeroLengthFileException","File is zero length."],"code":"uploadstash-exception","type":"error"}]}' ),
	'duplicate+exists': JSON.parse( '{"result":"Warning","warnings":{"duplicate":["Pmwv3p687-F.pdf"],"exists":"Pmwv3p687-A.pdf"},"filekey":"1d3ywsos5prk.owpbra.3.pdf","sessionkey":"1d3ywsos5prk.owpbra.3.pdf"}' ),
	'final-chunk-success-with-duplicate': JSON.parse( '{"warnings":{"duplicate":["Pmwv3p687-C.pdf"]},"result":"Success","filekey":"1d3ywsp1emhk.ehokeq.3.pdf","imageinfo":"{…13 keys, sha1=551f12d73afdde71f7b5121fdcefd4d86bd33141, size=2621462, mime=application/pdf…}"}' ),
	'commit-success-duplicates': JSON.parse( '{"result":"Success","filename":"Pmwv3p687-C2b.pdf","warnings":{"duplicate":["Pmwv3p687-C.pdf","Pmwv3p687-C2.pdf"]},"imageinfo":"{…19 keys, sha1=551f12d73afdde71f7b5121fdcefd4d86bd33141, size=2621462, mime=application/pdf…}"}' )
};

function parsed( name: string ): UploadWarning[] {
	return parseWarnings( ANSWERS[ name ].warnings );
}

function only( name: string ): UploadWarning {
	const list = parsed( name );
	expect( list ).toHaveLength( 1 );
	return list[ 0 ];
}

describe( 'parseWarnings on the real answers', () => {
	it.each( [
		[ 'exists', 'exists', [ 'Pmwv3p687-A.pdf' ] ],
		[ 'was-deleted', 'was-deleted', [ 'Pmwv3p687-D.pdf' ] ],
		[ 'duplicate-archive', 'duplicate-archive', [ 'Pmwv3p687-D.pdf' ] ],
		[ 'duplicate', 'duplicate', [ 'Pmwv3p687-F.pdf' ] ],
		[ 'page-exists', 'page-exists', [ 'Pmwv3p687-PE.pdf' ] ],
		[ 'exists-normalized', 'exists-normalized', [ 'Pmwv3p687-N.jpg' ] ],
		// thumb: the existing file the name is a thumbnail of, not the asked-for name.
		[ 'thumb', 'thumb', [ 'Pmwv3p687-A.pdf' ] ],
		// These are about the asked-for name itself: no existing file to link.
		[ 'thumb-name', 'thumb-name', [] ],
		[ 'bad-prefix', 'bad-prefix', [] ]
	] )( '%s names the file(s) it is about', ( answer, key, files ) => {
		const w = only( answer );
		expect( w.key ).toBe( key );
		expect( w.known ).toBe( true );
		expect( w.files ).toEqual( files );
		expect( w.timestamps ).toEqual( [] );
		expect( w.suggestedName ).toBeUndefined();
	} );

	it( 'nochange (+exists): the existing file and the timestamp of the identical version', () => {
		const list = parsed( 'nochange' );
		expect( list.map( ( w ) => w.key ) ).toEqual( [ 'exists', 'nochange' ] );
		expect( list[ 0 ].files ).toEqual( [ 'Pmwv3p687-A.pdf' ] );
		expect( list[ 1 ].timestamps ).toEqual( [ '2026-11-24T19:41:50Z' ] );
		// The value is an object: no file name may be made of it.
		expect( list[ 1 ].files ).toEqual( [] );
		expect( list[ 1 ].raw ).toBe( '{"timestamp":"2026-11-24T19:41:50Z"}' );
	} );

	it( 'duplicateversions (+exists): every timestamp of the list', () => {
		const list = parsed( 'duplicateversions' );
		expect( list.map( ( w ) => w.key ) ).toEqual( [ 'exists', 'duplicateversions' ] );
		expect( list[ 1 ].timestamps ).toEqual( [ '2026-11-24T19:41:50Z' ] );
		expect( list[ 1 ].files ).toEqual( [] );
	} );

	it.each( [
		[ 'badfilename', 'Pmwv3p687-Bad-name-x.pdf' ],
		[ 'badfilename-chars', 'Pmwv3p687-a-b-c-.pdf' ]
	] )( '%s: the sanitised name is a suggestion, not a file to link', ( answer, suggestion ) => {
		const w = only( answer );
		expect( w.key ).toBe( 'badfilename' );
		expect( w.suggestedName ).toBe( suggestion );
		expect( w.files ).toEqual( [] );
	} );

	it( 'empty-file: `true` is neither a file nor a name', () => {
		const w = only( 'empty-file' );
		expect( w ).toMatchObject( { key: 'empty-file', known: true, files: [], timestamps: [], raw: 'true' } );
		expect( w.suggestedName ).toBeUndefined();
	} );

	it( 'duplicate + exists together: both, in a stable order (exists first)', () => {
		const list = parsed( 'duplicate+exists' );
		expect( list.map( ( w ) => [ w.key, w.files ] ) ).toEqual( [
			[ 'exists', [ 'Pmwv3p687-A.pdf' ] ],
			[ 'duplicate', [ 'Pmwv3p687-F.pdf' ] ]
		] );
	} );

	it( 'reads the warnings of a Success too (last chunk, commit with ignorewarnings)', () => {
		expect( parsed( 'final-chunk-success-with-duplicate' ).map( ( w ) => w.files ) ).toEqual( [ [ 'Pmwv3p687-C.pdf' ] ] );
		expect( parsed( 'commit-success-duplicates' )[ 0 ].files ).toEqual( [ 'Pmwv3p687-C.pdf', 'Pmwv3p687-C2.pdf' ] );
	} );

	it( 'keeps an unknown warning, raw, after the known ones', () => {
		const list = parseWarnings( { 'some-new-warning': { reason: 'x', n: 2 }, exists: 'A.pdf', 'plain-unknown': 'text' } );
		expect( list.map( ( w ) => w.key ) ).toEqual( [ 'exists', 'some-new-warning', 'plain-unknown' ] );
		expect( list[ 1 ] ).toMatchObject( { known: false, raw: '{"reason":"x","n":2}' } );
		expect( list[ 2 ] ).toMatchObject( { known: false, raw: 'text' } );
	} );

	it( 'orders every known warning the same way, whatever order the wiki sends them in', () => {
		const raw: Record<string, unknown> = {};
		KNOWN_WARNINGS.slice().reverse().forEach( ( k ) => {
			raw[ k ] = 'X.pdf';
		} );
		expect( parseWarnings( raw ).map( ( w ) => w.key ) ).toEqual( [ ...KNOWN_WARNINGS ] );
	} );

	it( 'has nothing to say about an answer without warnings', () => {
		expect( parseWarnings( undefined ) ).toEqual( [] );
		expect( parseWarnings( null ) ).toEqual( [] );
		expect( parseWarnings( {} ) ).toEqual( [] );
		// `"warnings":[]`, as 1.43 answers an upload by URL with async=1
		expect( parseWarnings( [] as unknown as Record<string, unknown> ) ).toEqual( [] );
	} );
} );

describe( 'canIgnore', () => {
	it.each( [
		[ 'exists', true ],
		[ 'nochange', false ],
		[ 'duplicateversions', true ],
		[ 'was-deleted', true ],
		[ 'duplicate', true ],
		[ 'duplicate-archive', true ],
		[ 'badfilename', true ],
		[ 'page-exists', true ],
		[ 'exists-normalized', true ],
		[ 'thumb', true ],
		[ 'thumb-name', true ],
		[ 'bad-prefix', true ],
		[ 'empty-file', false ],
		[ 'duplicate+exists', true ]
	] )( '%s → %s', ( answer, expected ) => {
		expect( canIgnore( parsed( answer ) ) ).toBe( expected );
	} );
} );

describe( 'ignoringOverwrites', () => {
	it.each( [
		[ 'exists', true ],
		[ 'nochange', true ],
		[ 'duplicateversions', true ],
		[ 'duplicate+exists', true ],
		[ 'duplicate', false ],
		[ 'exists-normalized', false ],
		[ 'was-deleted', false ],
		[ 'page-exists', false ],
		[ 'badfilename', false ]
	] )( '%s → %s', ( answer, expected ) => {
		expect( ignoringOverwrites( parsed( answer ) ) ).toBe( expected );
	} );
} );

describe( 'warningChoices', () => {
	/** The warning photos.ts raises before sending, as PhotoDesk.hold gives it. */
	const locationKept: UploadWarning = { key: 'location-not-removed', known: true, files: [], timestamps: [], raw: '' };

	it( 'offers no new name for a location that stayed in the file: send it as it is, or take it off the list', () => {
		expect( warningChoices( [ locationKept ] ) ).toEqual( { rename: false, ignore: 'as-is', remove: true } );
	} );

	it( 'keeps renaming when a name warning comes with it, and still offers taking the file off the list', () => {
		const both = parsed( 'exists' ).concat( locationKept );
		expect( warningChoices( both ) ).toEqual( { rename: true, ignore: 'overwrite', remove: true } );
	} );

	it.each( [
		[ 'exists', { rename: true, ignore: 'overwrite', remove: false } ],
		[ 'duplicate', { rename: true, ignore: 'anyway', remove: false } ],
		[ 'nochange', { rename: true, ignore: null, remove: false } ],
		[ 'empty-file', { rename: true, ignore: null, remove: false } ]
	] )( 'the API\'s %s keeps the choices it had', ( answer, expected ) => {
		expect( warningChoices( parsed( answer ) ) ).toEqual( expected );
	} );
} );
