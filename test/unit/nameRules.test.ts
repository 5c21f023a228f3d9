/**
 * MediaWiki's name rules as the dialog mimics them. "Seen" cases are what a real MediaWiki
 * 1.43.12 answered to action=upload with these names (the warning or error in the comment).
 */
import { describe, expect, it } from 'vitest';
import {
	badPrefix,
	isBadFileName,
	isThumbName,
	normalizedVariant,
	parsePrefixBlacklist,
	prepareName,
	receivedName,
	thumbOriginal,
	titleError,
	titleKey
} from '../../src/upload/nameRules';
import { REAL } from './fakeQueryApi';

describe( 'prepareName (UploadBase::getTitle before the wiki is asked)', () => {
	it.each( [
		// badfilename "Pc-a-b--c--d.png"
		[ 'Pc-a[b]{c}|d.png', 'Pc-a-b--c--d.png' ],
		// badfilename "Pc_space-name-x.pdf"
		[ 'pc space:name#x.pdf', 'pc space-name-x.pdf' ],
		// badfilename "Pc-Q.png", "Pc-q2.png": the File namespace is taken off, whatever its case
		[ 'File:Pc-Q.png', 'Pc-Q.png' ],
		[ 'image:pc-q2.png', 'pc-q2.png' ],
		[ 'File : Pc-Q.png', 'Pc-Q.png' ],
		// another namespace is part of the name
		[ 'Talk:Foo.png', 'Talk-Foo.png' ],
		// badfilename "Pc-a-b.png" for a tab and for DEL
		[ 'Pc-a\tb.png', 'Pc-a-b.png' ],
		[ 'Pc-a\u007fb.png', 'Pc-a-b.png' ],
		[ 'a/b\\c.jpg', 'a-b-c.jpg' ],
		// letters of any script are kept
		[ 'Zürich ☃.jpg', 'Zürich ☃.jpg' ]
	] )( '%j → %j', ( desired, candidate ) => {
		expect( prepareName( desired ) ).toEqual( { desired, candidate, error: null } );
	} );

	it( 'a control character becomes U+FFFD as the wiki\'s input handling makes it (then: illegal-filename)', () => {
		// Seen: "Pc-\x01ctl.png" → error illegal-filename, "filename":"Pc-\ufffdctl.png".
		expect( prepareName( 'Pc-\u0001ctl.png' ).candidate ).toBe( 'Pc-\ufffdctl.png' );
	} );

	it( 'refuses empty names and names over 240 bytes before asking', () => {
		expect( prepareName( '  ' ).error ).toBe( 'name-empty' );
		expect( prepareName( `${ 'a'.repeat( 236 ) }.jpg` ).error ).toBeNull();
		expect( prepareName( `${ 'a'.repeat( 237 ) }.jpg` ).error ).toBe( 'filename-toolong' );
		// Bytes, not characters: "ä" is two.
		expect( prepareName( `${ 'ä'.repeat( 118 ) }.png` ).error ).toBeNull();
		expect( prepareName( `${ 'ä'.repeat( 119 ) }.png` ).error ).toBe( 'filename-toolong' );
		// Counted after the namespace is taken off.
		expect( prepareName( `File:${ 'a'.repeat( 236 ) }.jpg` ).error ).toBeNull();
	} );

	it( 'works on the name as the wiki receives it: NFC (an NFD name is measured and asked about in NFC)', () => {
		const nfc = `${ '한'.repeat( 35 ) }.jpg`;
		const nfd = nfc.normalize( 'NFD' );
		expect( new TextEncoder().encode( nfc ).length ).toBe( 109 );
		expect( new TextEncoder().encode( nfd ).length ).toBe( 319 );
		// The wiki takes it (109 bytes); the typed form stays what the dialog matches checks by.
		expect( prepareName( nfd ) ).toEqual( { desired: nfd, candidate: nfc, error: null } );
		expect( prepareName( `File:${ 'Été.jpg'.normalize( 'NFD' ) }` ).candidate ).toBe( 'Été.jpg' );
	} );

	it( 'takes the names of the File namespace the wiki has in its language', () => {
		expect( prepareName( 'Datei:Foo.png', [ 'File', 'Image', 'Datei', 'Bild' ] ).candidate ).toBe( 'Foo.png' );
		expect( prepareName( 'Datei:Foo.png' ).candidate ).toBe( 'Datei-Foo.png' );
	} );
} );

describe( 'titleError (UploadBase::getTitle once the wiki made a title)', () => {
	it.each( [
		// Seen: error filename-tooshort.
		[ '.png', 'filename-tooshort' ],
		// Seen: warning badfilename "Pmwv3p687-NoExt.pdf" (the wiki guessed the extension from
		// the content), so no refusal before sending.
		[ 'NoExt', null ],
		[ 'Scan_2024', null ],
		// An extension left empty is not guessed (UploadBase::getTitle guesses only for none).
		[ 'Foo.', 'filetype-missing' ],
		[ '.a.png', null ],
		[ 'Foo.tar.gz', null ]
	] )( '%s → %s', ( name, code ) => {
		expect( titleError( name )?.code ?? null ).toBe( code );
	} );

	it( 'checks the final extension against the wiki\'s list when it is given, in any case', () => {
		const list = [ 'png', 'gif', 'jpg', 'jpeg', 'webp', 'pdf', 'txt', 'svg' ];
		expect( titleError( 'Foo.JPG', list ) ).toBeNull();
		expect( titleError( 'Pc-x.zip', list ) ).toEqual( { code: 'filetype-banned', params: [ 'zip', list.join( ', ' ) ] } );
		expect( titleError( 'Pc-x.zip' ) ).toBeNull();
		// The extension the wiki will guess is not known here: the wiki checks it.
		expect( titleError( 'Scan_2024', list ) ).toBeNull();
	} );
} );

describe( 'isBadFileName (UploadBase::checkBadFileName)', () => {
	it.each( [
		// Seen: badfilename for each of these …
		[ 'pc space:name#x.pdf', 'Pc_space-name-x.pdf', true ],
		[ 'Pc-a  b_.png', 'Pc-a_b_.png', true ],
		[ '  pc-lead.png', 'Pc-lead.png', true ],
		[ 'File:Pc-Q.png', 'Pc-Q.png', true ],
		[ 'Pc-a\u200eb.png', 'Pc-ab.png', true ],
		// … and none for these: spaces for underscores and the first letter's case do not count.
		[ 'pc Space name.pdf', 'Pc_Space_name.pdf', false ],
		[ 'Pc-ü.PNG', 'Pc-ü.PNG', false ],
		[ 'foo.jpg', 'foo.jpg', false ]
	] )( '%j as %j: %s', ( desired, wikiName, bad ) => {
		expect( isBadFileName( desired, wikiName ) ).toBe( bad );
	} );

	it( 'compares the name as the wiki receives it: an NFD name is not a bad one', () => {
		expect( isBadFileName( 'Été photo.jpg'.normalize( 'NFD' ), 'Été_photo.jpg' ) ).toBe( false );
		expect( isBadFileName( 'été photo.jpg'.normalize( 'NFD' ), 'Été_photo.jpg' ) ).toBe( false );
		expect( isBadFileName( 'Ete photo.jpg', 'Été_photo.jpg' ) ).toBe( true );
	} );
} );

describe( 'receivedName (the wiki\'s input handling: UtfNormal cleanUp)', () => {
	it( 'puts the name in NFC and turns C0 controls other than tab, LF, CR into U+FFFD', () => {
		expect( receivedName( 'Cafe\u0301.jpg' ) ).toBe( 'Caf\u00e9.jpg' );
		expect( receivedName( 'a\u0001b\tc.png' ) ).toBe( 'a\ufffdb\tc.png' );
		expect( receivedName( 'Zürich.jpg' ) ).toBe( 'Zürich.jpg' );
	} );
} );

describe( 'names the existence warnings compare with', () => {
	it.each( [
		// Seen: exists-normalized "Pc-N.jpg" for "Pc-N.JPEG", "Pc-P.png" for "Pc-P.PNG".
		[ 'Pc-N.JPEG', 'Pc-N.jpg' ],
		[ 'Pc-P.PNG', 'Pc-P.png' ],
		[ 'Foo.jpeg', 'Foo.jpg' ],
		[ 'Foo.TIFF', 'Foo.tif' ],
		[ 'Foo.tar.GZ', 'Foo.tar.gz' ],
		[ 'Foo.jpg', null ],
		[ 'NoExt', null ],
		[ '.JPG', null ]
	] )( 'normalizedVariant( %j ) = %j', ( name, variant ) => {
		expect( normalizedVariant( name ) ).toBe( variant );
	} );

	it.each( [
		// Seen: thumb "50px-Pc_Space_name.pdf" (Pc Space name.pdf existed); thumb-name for "180px-…Nope.pdf".
		[ '50px-Pc_Space_name.pdf', 'Pc_Space_name.pdf' ],
		[ '180px-Pmwv3p687-Nope.pdf', 'Pmwv3p687-Nope.pdf' ],
		[ '1800px-Foo.jpg', null ],
		[ '5px-Foo.jpg', null ],
		// Two digits and any one byte, as MediaWiki's test has it.
		[ '12apx-Foo.png', 'Foo.png' ],
		[ '12üpx-Foo.png', null ],
		[ '180px-Foo', 'Foo.' ],
		[ 'Foo.png', null ]
	] )( 'thumbOriginal( %j ) = %j', ( name, original ) => {
		expect( thumbOriginal( name ) ).toBe( original );
		expect( isThumbName( name ) ).toBe( original !== null );
	} );

	it( 'reads MediaWiki:Filename-prefix-blacklist as MediaWiki does (the default text, captured)', () => {
		const text = ( REAL.prefixBlacklist.query.allmessages[ 0 ] as { content: string } ).content;
		expect( parsePrefixBlacklist( text ) ).toEqual( [ 'CIMG', 'DSC_', 'DSCF', 'DSCN', 'DUW', 'IMG', 'JD', 'MGP', 'PICT' ] );
		expect( parsePrefixBlacklist( null ) ).toEqual( [] );
		expect( parsePrefixBlacklist( '-' ) ).toEqual( [] );
		// MediaWiki cuts one character before the "#": so does the dialog.
		expect( parsePrefixBlacklist( 'ABC# x' ) ).toEqual( [ 'AB' ] );
	} );

	it( 'finds a camera prefix in the name as the wiki writes it (seen: bad-prefix "DSC_Pc.png")', () => {
		const prefixes = [ 'CIMG', 'DSC_', 'DSCF', 'DSCN', 'DUW', 'IMG', 'JD', 'MGP', 'PICT' ];
		expect( badPrefix( 'DSC_Pc.png', prefixes ) ).toBe( 'DSC_' );
		expect( badPrefix( 'IMG_1234.JPG', prefixes ) ).toBe( 'IMG' );
		expect( badPrefix( 'Trip_IMG.jpg', prefixes ) ).toBeNull();
		expect( badPrefix( 'DSC_1.jpg', [] ) ).toBeNull();
	} );
} );

describe( 'titleKey', () => {
	it( 'is the same for names the wiki stores under one title', () => {
		expect( titleKey( 'a b.jpg' ) ).toBe( titleKey( 'A_b.jpg' ) );
		expect( titleKey( 'a  b.jpg ' ) ).toBe( titleKey( 'A b.jpg' ) );
		expect( titleKey( 'File:a b.jpg' ) ).toBe( titleKey( 'a b.jpg' ) );
		expect( titleKey( 'a:b.jpg' ) ).toBe( titleKey( 'a-b.jpg' ) );
		expect( titleKey( 'a b.JPG' ) ).not.toBe( titleKey( 'a b.jpg' ) );
	} );

	it( 'is the same for the NFD and the NFC spelling of a name (the wiki receives both as NFC)', () => {
		expect( titleKey( 'été photo.jpg'.normalize( 'NFD' ) ) ).toBe( titleKey( 'Été photo.jpg' ) );
		expect( titleKey( 'été photo.jpg'.normalize( 'NFD' ) ) ).toBe( 'Été_photo.jpg' );
	} );
} );
