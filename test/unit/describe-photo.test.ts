/**
 * Reading a photo's date and position (readPhotoFacts, over exifr) and removing the position
 * byte-exactly (removeLocation), on the tiny photos of test/fixtures/photos (made by its make.sh
 * with ImageMagick and exiftool). Where exiftool and ImageMagick are installed (Debian:
 * libimage-exiftool-perl, imagemagick) they check the result independently: no GPS tag left,
 * every other tag equal, the thumbnail and the pixels identical.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exifDate, isFutureDate, lastModifiedDate, readPhotoFacts } from '../../src/describe/photoFacts';
import { crc32, removeLocation, removeLocationFromBlob } from '../../src/describe/removeLocation';
import { blankXmpGps, parseXmpCoordinate, xmpHasGps, xmpPosition } from '../../src/describe/xmpGps';

const FIXTURES = join( __dirname, '..', 'fixtures', 'photos' );

/** A fixture's bytes, in a buffer of their own. */
function fixture( name: string ): Uint8Array<ArrayBuffer> {
	return Uint8Array.from( readFileSync( join( FIXTURES, name ) ) );
}

function blobOf( bytes: Uint8Array | ArrayBuffer ): Blob {
	return new Blob( [ bytes instanceof Uint8Array ? bytes.slice().buffer : bytes ] );
}

function hasTool( name: string ): boolean {
	try {
		execFileSync( name, [ name === 'exiftool' ? '-ver' : '-version' ], { stdio: 'ignore', timeout: 10000 } );
		return true;
	} catch ( error ) {
		return false;
	}
}
const EXIFTOOL = hasTool( 'exiftool' );
const IDENTIFY = hasTool( 'identify' );

const work = mkdtempSync( join( tmpdir(), 'describe-photo-' ) );
afterAll( () => rmSync( work, { recursive: true, force: true } ) );

function toFile( name: string, bytes: Uint8Array | ArrayBuffer ): string {
	const path = join( work, name );
	writeFileSync( path, bytes instanceof Uint8Array ? bytes : new Uint8Array( bytes ) );
	return path;
}

/** exiftool's tags of a file by group:name, without the file system's and exiftool's own. */
function exiftoolTags( path: string ): Record<string, unknown> {
	const [ tags ] = JSON.parse( execFileSync( 'exiftool', [ '-j', '-G1', '-a', '-n', path ], { timeout: 20000 } ).toString() );
	Object.keys( tags ).forEach( ( key ) => {
		if ( /^(System|ExifTool|SourceFile)\b|^SourceFile$/.test( key ) ) {
			delete tags[ key ];
		}
	} );
	return tags;
}

function pixels( path: string ): string {
	return execFileSync( 'identify', [ '-format', '%#', path ], { timeout: 20000 } ).toString();
}

function ascii( bytes: Uint8Array, text: string, from = 0 ): number {
	outer: for ( let i = from; i <= bytes.length - text.length; i++ ) {
		for ( let j = 0; j < text.length; j++ ) {
			if ( bytes[ i + j ] !== text.charCodeAt( j ) ) {
				continue outer;
			}
		}
		return i;
	}
	return -1;
}

function differingBytes( a: Uint8Array, b: Uint8Array ): number[] {
	expect( b.length ).toBe( a.length );
	const out: number[] = [];
	a.forEach( ( byte, i ) => byte !== b[ i ] && out.push( i ) );
	return out;
}

describe( 'readPhotoFacts', () => {
	it.each( [ 'gps.jpg', 'gps.heic', 'gps.png', 'gps.webp', 'gps.tif' ] )( '%s: DateTimeOriginal with its offset, and the EXIF position', async ( name ) => {
		const facts = await readPhotoFacts( blobOf( fixture( name ) ) );
		expect( facts.taken ).toEqual( { iso: '2026-07-14T18:03:22+02:00', source: 'DateTimeOriginal' } );
		expect( facts.position?.source ).toBe( 'exif' );
		expect( facts.position?.latitude ).toBeCloseTo( 48.8583, 4 );
		expect( facts.position?.longitude ).toBeCloseTo( 2.2945, 4 );
	} );

	it( 'falls back to DateTimeDigitized, then DateTime, and invents no zone', async () => {
		const bytes = fixture( 'gps.jpg' );
		const original = ascii( bytes, '2026:07:14 18:03:22' );
		bytes.set( Array.from( '    :  :     :  :  ', ( c ) => c.charCodeAt( 0 ) ), original );
		expect( ( await readPhotoFacts( blobOf( bytes ) ) ).taken ).toEqual( { iso: '2026-07-14T18:03:23', source: 'DateTimeDigitized' } );
		expect( ( await readPhotoFacts( blobOf( fixture( 'datetime-only.jpg' ) ) ) ) ).toEqual( { taken: { iso: '2025-12-31T23:59:59', source: 'DateTime' } } );
	} );

	it( 'reads a position that only XMP gives (south and east)', async () => {
		const facts = await readPhotoFacts( blobOf( fixture( 'xmp-gps.jpg' ) ) );
		expect( facts.taken ).toBeUndefined();
		expect( facts.position?.source ).toBe( 'xmp' );
		expect( facts.position?.latitude ).toBeCloseTo( -33.8568, 4 );
		expect( facts.position?.longitude ).toBeCloseTo( 151.2153, 4 );
	} );

	it( 'gives no facts for what is not a photo, or a broken one', async () => {
		expect( await readPhotoFacts( blobOf( new TextEncoder().encode( 'just text, not an image' ) ) ) ).toEqual( {} );
		expect( await readPhotoFacts( blobOf( fixture( 'gps.jpg' ).slice( 0, 40 ) ) ) ).toEqual( {} );
	} );
} );

describe( 'dates', () => {
	it.each( [
		[ '2026:07:14 18:03:22', '', '2026-07-14T18:03:22' ],
		[ '2026:07:14 18:03:22', '-05:30', '2026-07-14T18:03:22-05:30' ],
		[ '2026-07-14T18:03:22', 'nonsense', '2026-07-14T18:03:22' ],
		[ '0000:00:00 00:00:00', '', undefined ],
		[ '    :  :     :  :  ', '', undefined ],
		[ '2026:02:30 10:00:00', '', undefined ],
		[ '2026:13:01 10:00:00', '', undefined ],
		[ 42, '', undefined ]
	] )( 'exifDate(%j, %j) → %j', ( value, offset, iso ) => {
		expect( exifDate( value, offset, 'DateTimeOriginal' )?.iso ).toBe( iso );
	} );

	it( 'the last-modified fallback is local time, marked as such', () => {
		const when = new Date( 2026, 6, 14, 8, 5, 9 );
		expect( lastModifiedDate( { lastModified: when.getTime() } ) ).toEqual( { iso: '2026-07-14T08:05:09', source: 'lastModified' } );
		expect( lastModifiedDate( { lastModified: 0 } ) ).toBeUndefined();
	} );

	it( 'a date after today is in the future, today is not', () => {
		const now = new Date( 2026, 11, 6, 15, 0, 0 );
		expect( isFutureDate( '2026-12-06T23:59:59', now ) ).toBe( false );
		expect( isFutureDate( '2026-12-07', now ) ).toBe( true );
		expect( isFutureDate( '2025-01-01', now ) ).toBe( false );
	} );
} );

describe( 'XMP GPS', () => {
	const ATTRIBUTES = '<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:tiff="http://ns.adobe.com/tiff/1.0/"\n' +
		' exif:GPSLatitude="51,30.5N" exif:GPSLongitude=\'0,7.5W\' exif:GPSAltitude="12/1" tiff:Make="X" exif:DateTimeOriginal="2026-01-01T00:00:00"/>';
	const ELEMENTS = '<rdf:Description rdf:about="" xmlns:e="http://ns.adobe.com/exif/1.0/">\n <e:GPSLatitude>51,30,30N</e:GPSLatitude>\n' +
		' <e:GPSLongitude>0,7,30W</e:GPSLongitude>\n <e:GPSVersionID/>\n <e:ExposureTime>1/60</e:ExposureTime>\n</rdf:Description>';

	it( 'reads both forms, with whatever prefix the packet binds', () => {
		expect( xmpPosition( ATTRIBUTES ) ).toEqual( { latitude: 51 + 30.5 / 60, longitude: -7.5 / 60 } );
		expect( xmpPosition( ELEMENTS ) ).toEqual( { latitude: 51.5 + 30 / 3600, longitude: -( 7 / 60 + 30 / 3600 ) } );
		expect( parseXmpCoordinate( '10,20.5' ) ).toBeUndefined();
	} );

	it( 'blanks every GPS property in both forms, keeping the length and everything else', () => {
		const attributes = blankXmpGps( ATTRIBUTES );
		expect( attributes.length ).toBe( ATTRIBUTES.length );
		expect( xmpHasGps( attributes ) ).toBe( false );
		expect( attributes.replace( /\s+/g, ' ' ) ).toBe( '<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Make="X" exif:DateTimeOriginal="2026-01-01T00:00:00"/>' );
		const elements = blankXmpGps( ELEMENTS );
		expect( elements.length ).toBe( ELEMENTS.length );
		expect( xmpHasGps( elements ) ).toBe( false );
		expect( elements ).toContain( '<e:ExposureTime>1/60</e:ExposureTime>' );
		expect( elements.split( '\n' ).length ).toBe( ELEMENTS.split( '\n' ).length );
	} );
} );

/**
 * Where a removal may write, read independently of the module: IFD0's directory (one entry
 * fewer), the GPS IFD and the values it points to, as [from, to) ranges of the file.
 */
function gpsLayout( bytes: Uint8Array, tiffStart: number ): Array<[ number, number ]> {
	const view = new DataView( bytes.buffer, bytes.byteOffset + tiffStart );
	const little = view.getUint16( 0 ) === 0x4949;
	const ifd0 = view.getUint32( 4, little );
	const count = view.getUint16( ifd0, little );
	const ranges: Array<[ number, number ]> = [ [ ifd0, ifd0 + 2 + count * 12 + 4 ] ];
	for ( let i = 0; i < count; i++ ) {
		if ( view.getUint16( ifd0 + 2 + i * 12, little ) === 0x8825 ) {
			const gps = view.getUint32( ifd0 + 2 + i * 12 + 8, little );
			const entries = view.getUint16( gps, little );
			ranges.push( [ gps, gps + 2 + entries * 12 + 4 ] );
			for ( let e = 0; e < entries; e++ ) {
				const entry = gps + 2 + e * 12;
				const size = ( [ 0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8 ][ view.getUint16( entry + 2, little ) ] || 1 ) * view.getUint32( entry + 4, little );
				if ( size > 4 ) {
					const at = view.getUint32( entry + 8, little );
					ranges.push( [ at, at + size ] );
				}
			}
		}
	}
	expect( ranges.length ).toBeGreaterThan( 2 );
	return ranges.map( ( [ from, to ] ) => [ tiffStart + from, tiffStart + to ] );
}

describe( 'removeLocation', () => {
	it.each( [
		[ 'gps.jpg', 'Exif\0\0', 6 ],
		[ 'gps.png', 'eXIf', 4 ],
		[ 'gps.webp', 'EXIF', 8 ]
	] )( '%s: no position is left, and only the GPS bytes, IFD0\'s directory, the XMP GPS and PNG CRCs change', async ( name, marker, skip ) => {
		const before = fixture( name );
		const result = removeLocation( before.slice().buffer );
		expect( result ).not.toBeNull();
		const after = new Uint8Array( result! );

		const facts = await readPhotoFacts( blobOf( after ) );
		expect( facts.position ).toBeUndefined();
		expect( facts.taken ).toEqual( { iso: '2026-07-14T18:03:22+02:00', source: 'DateTimeOriginal' } );

		const tiff = ascii( before, marker ) + skip;
		const allowed = gpsLayout( before, tiff );
		const xmpStart = ascii( before, '<x:xmpmeta' );
		const xmpEnd = ascii( before, '</x:xmpmeta>' );
		const unexpected = differingBytes( before, after ).filter( ( i ) =>
			!allowed.some( ( [ from, to ] ) => i >= from && i < to ) &&
			!( i > xmpStart && i < xmpEnd ) && // inside the XMP packet
			!( name === 'gps.png' && isPngCrc( before, i ) )
		);
		expect( unexpected ).toEqual( [] );
		// The GPS IFD and its values are zeroed, not only unreachable.
		allowed.slice( 1 ).forEach( ( [ from, to ] ) => expect( Array.from( after.subarray( from, to ) ).every( ( b ) => b === 0 ) ).toBe( true ) );
		// The XMP packet keeps its other properties, and no GPS one.
		const packet = Buffer.from( after.subarray( xmpStart, xmpEnd ) ).toString( 'latin1' );
		expect( packet ).toContain( 'A bay' );
		expect( packet ).not.toMatch( /GPS/ );
		// The image data: everything from the first scan / IDAT / VP8 chunk on is identical.
		const image = ascii( before, name === 'gps.jpg' ? '\xff\xda' : name === 'gps.png' ? 'IDAT' : 'VP8 ' );
		expect( Buffer.compare( Buffer.from( before.subarray( image, image + 40 ) ), Buffer.from( after.subarray( image, image + 40 ) ) ) ).toBe( 0 );
	} );

	it.skipIf( !EXIFTOOL || !IDENTIFY ).each( [ 'gps.jpg', 'gps.png', 'gps.webp' ] )( '%s: exiftool finds no GPS tag and every other tag equal; the pixels are identical', ( name ) => {
		const original = toFile( `orig-${ name }`, fixture( name ) );
		const cleaned = toFile( `clean-${ name }`, removeLocation( fixture( name ).slice().buffer )! );
		const before = exiftoolTags( original );
		const after = exiftoolTags( cleaned );
		const gpsKeys = Object.keys( before ).filter( ( key ) => /^GPS:|:GPS|^Composite:GPS/.test( key ) );
		expect( gpsKeys.length ).toBeGreaterThanOrEqual( 9 );
		expect( Object.keys( after ).filter( ( key ) => /GPS/.test( key ) ) ).toEqual( [] );
		gpsKeys.forEach( ( key ) => delete before[ key ] );
		delete before[ 'File:FileSize' ];
		delete after[ 'File:FileSize' ];
		expect( after ).toEqual( before );
		expect( pixels( cleaned ) ).toBe( pixels( original ) );
		if ( name === 'gps.jpg' ) {
			// The ICC profile and the camera's tags are among the tags compared above.
			expect( before ).toMatchObject( { 'ICC_Profile:ProfileDescription': 'c2', 'IFD0:Make': 'UploadDialog', 'IFD0:Orientation': 6 } );
			const thumbnail = ( path: string ) => execFileSync( 'exiftool', [ '-b', '-ThumbnailImage', path ], { timeout: 20000 } );
			expect( thumbnail( cleaned ).length ).toBeGreaterThan( 100 );
			expect( thumbnail( cleaned ).equals( thumbnail( original ) ) ).toBe( true );
		}
		// exiftool warns about structures it finds broken (a bad PNG CRC, a bad IFD).
		expect( execFileSync( 'exiftool', [ '-validate', '-warning', '-a', '-s', cleaned ], { timeout: 20000 } ).toString() )
			.toBe( execFileSync( 'exiftool', [ '-validate', '-warning', '-a', '-s', original ], { timeout: 20000 } ).toString() );
	}, 60000 );

	it( 'removes a position that only XMP carries', async () => {
		const after = removeLocation( fixture( 'xmp-gps.jpg' ).slice().buffer )!;
		expect( after.byteLength ).toBe( fixture( 'xmp-gps.jpg' ).length );
		expect( ( await readPhotoFacts( blobOf( after ) ) ).position ).toBeUndefined();
	} );

	it( 'gives the same bytes back for a photo without a position, and leaves its input alone', () => {
		const input = fixture( 'datetime-only.jpg' );
		const copy = input.slice();
		expect( new Uint8Array( removeLocation( input.buffer )! ) ).toEqual( copy );
		const gps = fixture( 'gps.jpg' );
		removeLocation( gps.buffer );
		expect( gps ).toEqual( fixture( 'gps.jpg' ) );
	} );

	it( 'refuses what it cannot clean in place: other formats, broken files, compressed or raw-profile PNG text', () => {
		expect( removeLocation( fixture( 'gps.tif' ).slice().buffer ) ).toBeNull();
		expect( removeLocation( fixture( 'gps.heic' ).slice().buffer ) ).toBeNull();
		expect( removeLocation( new TextEncoder().encode( 'GIF89a......' ).buffer ) ).toBeNull();
		expect( removeLocation( fixture( 'gps.jpg' ).slice( 0, 300 ).buffer ) ).toBeNull();
		const png = fixture( 'gps.png' );
		const compressedXmp = pngChunk( 'iTXt', [ ...asciiBytes( 'XML:com.adobe.xmp\0' ), 1, 0, 0, 0, 0x78, 0x9c, 1, 2, 3 ] );
		expect( removeLocation( insertAfterIhdr( png, compressedXmp ).buffer ) ).toBeNull();
		const rawProfile = pngChunk( 'zTXt', [ ...asciiBytes( 'Raw profile type exif\0' ), 0, 0x78, 0x9c, 1, 2, 3 ] );
		expect( removeLocation( insertAfterIhdr( png, rawProfile ).buffer ) ).toBeNull();
		// A text chunk of another kind is no obstacle.
		const comment = pngChunk( 'tEXt', asciiBytes( 'Comment\0hello' ) );
		expect( removeLocation( insertAfterIhdr( png, comment ).buffer ) ).not.toBeNull();
	} );

	it( 'from a Blob: reads a JPEG only up to its image data, and gives the same bytes as from the whole file', async () => {
		const same = async ( blob: Blob | null, bytes: ArrayBuffer ) =>
			expect( Buffer.compare( Buffer.from( await blob!.arrayBuffer() ), Buffer.from( bytes ) ) ).toBe( 0 );
		const jpg = fixture( 'gps.jpg' );
		const padded = concat( jpg, new Uint8Array( 400 * 1024 ).fill( 7 ) );
		const cleaned = await removeLocationFromBlob( new Blob( [ padded ], { type: 'image/jpeg' } ) );
		expect( cleaned!.type ).toBe( 'image/jpeg' );
		await same( cleaned, removeLocation( padded.slice().buffer )! );

		// 325 KB of comments before the Exif segment: a bigger head is read.
		const comment = new Uint8Array( 4 + 65000 ).fill( 0x20 );
		comment.set( [ 0xff, 0xfe, 65002 >> 8, 65002 & 0xff ] );
		const late = concat( jpg.subarray( 0, 2 ), comment, comment, comment, comment, comment, jpg.subarray( 2 ) );
		const lateCleaned = await removeLocationFromBlob( new Blob( [ late ] ) );
		await same( lateCleaned, removeLocation( late.slice().buffer )! );
		expect( ( await readPhotoFacts( lateCleaned! ) ).position ).toBeUndefined();

		await same( await removeLocationFromBlob( new Blob( [ fixture( 'gps.png' ) ] ) ), removeLocation( fixture( 'gps.png' ).buffer )! );
		expect( await removeLocationFromBlob( new Blob( [ 'not an image' ] ) ) ).toBeNull();
		expect( await removeLocationFromBlob( new Blob( [ fixture( 'gps.heic' ) ] ) ) ).toBeNull();
	}, 30000 );

	it( 'computes PNG\'s CRC-32', () => {
		expect( crc32( asciiBytes( 'IEND' ) ) ).toBe( 0xae426082 );
		expect( crc32( asciiBytes( '123456789' ) ) ).toBe( 0xcbf43926 );
	} );
} );

function concat( ...parts: Uint8Array[] ): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array( parts.reduce( ( n, p ) => n + p.length, 0 ) );
	parts.reduce( ( at, p ) => ( out.set( p, at ), at + p.length ), 0 );
	return out;
}

function asciiBytes( text: string ): Uint8Array<ArrayBuffer> {
	return Uint8Array.from( text, ( c ) => c.charCodeAt( 0 ) );
}

function pngChunk( type: string, data: ArrayLike<number> ): Uint8Array {
	const chunk = new Uint8Array( 12 + data.length );
	const view = new DataView( chunk.buffer );
	view.setUint32( 0, data.length );
	chunk.set( asciiBytes( type ), 4 );
	chunk.set( data, 8 );
	view.setUint32( 8 + data.length, crc32( chunk.subarray( 4, 8 + data.length ) ) );
	return chunk;
}

function insertAfterIhdr( png: Uint8Array, chunk: Uint8Array ): Uint8Array<ArrayBuffer> {
	const at = 8 + 25; // signature, IHDR (13 bytes of data)
	const out = new Uint8Array( png.length + chunk.length );
	out.set( png.subarray( 0, at ) );
	out.set( chunk, at );
	out.set( png.subarray( at ), at + chunk.length );
	return out;
}

/** Whether byte i of a PNG is part of a chunk's CRC. */
function isPngCrc( png: Uint8Array, i: number ): boolean {
	const view = new DataView( png.buffer, png.byteOffset );
	for ( let at = 8; at + 12 <= png.length; at += view.getUint32( at ) + 12 ) {
		const crcAt = at + 8 + view.getUint32( at );
		if ( i >= crcAt && i < crcAt + 4 ) {
			return true;
		}
	}
	return false;
}
