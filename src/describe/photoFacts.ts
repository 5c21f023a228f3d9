/**
 * What a photo's metadata says about when and where it was taken, read in the browser before
 * a byte is sent: `readPhotoFacts(blob)`. This module is the only one that imports exifr, so a
 * later wiring can load it on demand (`import('./describe/photoFacts')` when the first image
 * is added) and page views never pay for it.
 *
 * exifr (MIT, the maintained EXIF reader for the browser) does the reading of JPEG, HEIC and
 * TIFF: it reads a Blob in chunks (only the metadata, not a 5 GB file) and knows their
 * containers. It is put together from its own modules rather than taken as a prebuilt bundle:
 * no tag dictionaries (tags by number, 30 KB less) and no PNG parser (it loads Node's zlib with
 * a dynamic `import()`, which ES2016 cannot parse). PNG and WebP (which exifr 7 does not read)
 * are found by metadataBlocks.ts, and their EXIF block is given to exifr as a TIFF.
 *
 * Dates stay as the camera wrote them, turned into ISO 8601 without a zone unless the file
 * names one (OffsetTime*): EXIF dates are the camera clock's local time, and inventing a zone
 * would move them.
 */
import * as exifr from 'exifr/src/core.mjs';
import 'exifr/src/file-readers/BlobReader.mjs';
import 'exifr/src/file-parsers/jpeg.mjs';
import 'exifr/src/file-parsers/heif.mjs';
import 'exifr/src/file-parsers/tiff.mjs';
import 'exifr/src/segment-parsers/tiff-exif.mjs';
import 'exifr/src/segment-parsers/xmp.mjs';
import type { RawOutput } from 'exifr/src/core.mjs';
import { containerOf, metadataBlocks } from './metadataBlocks';
import { bytesToBinary, xmpPosition } from './xmpGps';
import type { DateSource, PhotoDate, PhotoFacts } from './photoDates';

export { isFutureDate, lastModifiedDate, type DateSource, type PhotoDate, type PhotoFacts, type PhotoPosition } from './photoDates';

/** EXIF tags by number (exifr's output without dictionaries). */
const TAG = {
	DateTime: 0x0132,
	DateTimeOriginal: 0x9003,
	DateTimeDigitized: 0x9004,
	OffsetTime: 0x9010,
	OffsetTimeOriginal: 0x9011,
	OffsetTimeDigitized: 0x9012
};

const OPTIONS = {
	tiff: true,
	ifd0: true,
	exif: true,
	gps: true,
	ifd1: false,
	interop: false,
	makerNote: false,
	userComment: false,
	xmp: { parse: false },
	translateKeys: false,
	translateValues: false,
	reviveValues: false,
	mergeOutput: false,
	silentErrors: true
};

/** PNG and WebP keep metadata before the image data as a rule; more than this is not read. */
const PNG_WEBP_READ_LIMIT = 16 * 1024 * 1024;

/** The date taken and the position of a photo; no facts (not a failure) for anything unreadable. */
export async function readPhotoFacts( blob: Blob ): Promise<PhotoFacts> {
	try {
		const head = new Uint8Array( await blob.slice( 0, 16 ).arrayBuffer() );
		const raw = containerOf( head ) === 'png' || containerOf( head ) === 'webp' ?
			await readPngOrWebp( blob ) :
			await exifr.parse( blob, OPTIONS );
		return factsOf( raw || {} );
	} catch ( error ) {
		return {};
	}
}

async function readPngOrWebp( blob: Blob ): Promise<RawOutput> {
	const bytes = new Uint8Array( await blob.slice( 0, PNG_WEBP_READ_LIMIT ).arrayBuffer() );
	const out: RawOutput = {};
	for ( const block of metadataBlocks( bytes, blob.size > bytes.length ) ) {
		const data = bytes.subarray( block.start, block.start + block.length );
		if ( block.kind === 'exif' && !out.ifd0 ) {
			Object.assign( out, await exifr.parse( data, OPTIONS ) );
		} else if ( block.kind === 'xmp' && !out.xmp ) {
			out.xmp = bytesToBinary( data );
		}
	}
	return out;
}

function factsOf( raw: RawOutput ): PhotoFacts {
	const facts: PhotoFacts = {};
	const taken = exifDate( raw.exif?.[ TAG.DateTimeOriginal ], raw.exif?.[ TAG.OffsetTimeOriginal ], 'DateTimeOriginal' ) ||
		exifDate( raw.exif?.[ TAG.DateTimeDigitized ], raw.exif?.[ TAG.OffsetTimeDigitized ], 'DateTimeDigitized' ) ||
		exifDate( raw.ifd0?.[ TAG.DateTime ], raw.exif?.[ TAG.OffsetTime ], 'DateTime' );
	if ( taken ) {
		facts.taken = taken;
	}
	const { latitude, longitude } = raw.gps || {};
	if ( isCoordinate( latitude, 90 ) && isCoordinate( longitude, 180 ) ) {
		facts.position = { latitude, longitude, source: 'exif' };
	} else if ( typeof raw.xmp === 'string' ) {
		const position = xmpPosition( raw.xmp );
		if ( position && isCoordinate( position.latitude, 90 ) && isCoordinate( position.longitude, 180 ) ) {
			facts.position = { ...position, source: 'xmp' };
		}
	}
	return facts;
}

function isCoordinate( value: unknown, limit: number ): value is number {
	return typeof value === 'number' && isFinite( value ) && Math.abs( value ) <= limit;
}

/**
 * An EXIF date (`YYYY:MM:DD HH:MM:SS`, the form EXIF 2.3 prescribes) as ISO 8601; undefined for
 * the blanks and zeros cameras write when their clock was never set.
 */
export function exifDate( value: unknown, offset: unknown, source: DateSource ): PhotoDate | undefined {
	const match = /^\s*(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec( typeof value === 'string' ? value : '' );
	if ( !match ) {
		return undefined;
	}
	const [ year, month, day, hour, minute, second ] = match.slice( 1 ).map( Number );
	if ( year < 1800 || month < 1 || month > 12 || day < 1 || day > daysIn( year, month ) || hour > 23 || minute > 59 || second > 60 ) {
		return undefined;
	}
	const zone = typeof offset === 'string' && /^[+-](?:0\d|1[0-4]):[0-5]\d$/.test( offset.trim() ) ? offset.trim() : '';
	return { iso: `${ match[ 1 ] }-${ match[ 2 ] }-${ match[ 3 ] }T${ match[ 4 ] }:${ match[ 5 ] }:${ match[ 6 ] }${ zone }`, source };
}

function daysIn( year: number, month: number ): number {
	return new Date( Date.UTC( year, month, 0 ) ).getUTCDate();
}
