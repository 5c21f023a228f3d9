/**
 * Removes where a photo was taken from its bytes, and nothing else: the EXIF GPS IFD (see
 * tiffGps.ts) and the XMP GPS properties (see xmpGps.ts), edited in place in JPEG, PNG and WebP
 * files (see metadataBlocks.ts). No block changes its length, so the pixels, the orientation,
 * the camera's tags, the thumbnail, the MakerNotes and the ICC profile stay byte for byte where
 * they were; nothing is decoded or re-encoded. PNG chunks that were edited get their CRC
 * recomputed.
 *
 * Hand-written on purpose: the maintained readers (exifr among them) only read, and the writers
 * (piexifjs, exiftool's Perl) rebuild the whole EXIF block, moving offsets and MakerNotes.
 * Nothing maintained edits a GPS IFD out in place.
 */
import { containerOf, jpegScanStart, metadataBlocks, type MetadataBlock } from './metadataBlocks';
import { removeTiffGps, tiffHasGps } from './tiffGps';
import { blankXmpGps, bytesToBinary, xmpHasGps } from './xmpGps';

/**
 * The file without its location, as a new buffer (the input is not changed); the same bytes,
 * copied, when it has none. null when the file is not JPEG, PNG or WebP, is malformed, or keeps
 * its metadata where it cannot be edited in place (compressed or extended XMP, ImageMagick's
 * "Raw profile" chunks): then the caller must not claim the location is gone.
 */
export function removeLocation( bytes: ArrayBuffer ): ArrayBuffer | null {
	const copy = new Uint8Array( bytes.slice( 0 ) );
	if ( !containerOf( copy ) ) {
		return null;
	}
	try {
		const blocks = metadataBlocks( copy );
		if ( blocks.some( ( block ) => block.kind === 'opaque' && opaqueMayHoldGps( copy, block ) ) ) {
			return null;
		}
		blocks.forEach( ( block ) => {
			const changed = block.kind === 'exif' ?
				removeTiffGps( copy, block.start, block.length ) :
				block.kind === 'xmp' && blankXmp( copy, block );
			if ( changed && block.pngChunk ) {
				fixPngCrc( copy, block.pngChunk.start, block.pngChunk.length );
			}
		} );
		return hasLocationBlocks( copy ) ? null : copy.buffer;
	} catch ( error ) {
		return null;
	}
}

/** A JPEG's metadata is nearly always in its first 256 KB; a bigger head is read when it is not. */
const JPEG_HEAD = 256 * 1024;

/**
 * The same for a file the browser holds (the bytes to send, SHA-1 them from it): a JPEG's
 * segments before the image data are read and edited, and the rest of the file is sent from the
 * original Blob, unread (a 40 MB photo is not copied in memory). PNG and WebP may keep metadata
 * after the image data, so they are read whole. null as for removeLocation.
 */
export async function removeLocationFromBlob( blob: Blob ): Promise<Blob | null> {
	let headLength = Math.min( blob.size, JPEG_HEAD );
	for ( ;; ) {
		const head = new Uint8Array( await blob.slice( 0, headLength ).arrayBuffer() );
		const container = containerOf( head );
		if ( !container ) {
			return null;
		}
		const complete = headLength === blob.size;
		if ( complete || ( container === 'jpeg' && jpegScanStart( head ) !== -1 ) ) {
			const cleaned = removeLocation( head.buffer );
			return cleaned && new Blob( [ cleaned, blob.slice( headLength ) ], { type: blob.type } );
		}
		headLength = container === 'jpeg' ? Math.min( blob.size, headLength * 4 ) : blob.size;
	}
}

/** Whether a GPS IFD or XMP GPS property is (or, in data that cannot be read, may be) left. */
function hasLocationBlocks( bytes: Uint8Array ): boolean {
	return metadataBlocks( bytes ).some( ( block ) => {
		const text = block.kind === 'exif' ? '' : bytesToBinary( bytes.subarray( block.start, block.start + block.length ) );
		switch ( block.kind ) {
			case 'exif':
				return tiffHasGps( bytes, block.start, block.length );
			case 'xmp':
				return xmpHasGps( text );
			default:
				return opaqueMayHoldGps( bytes, block );
		}
	} );
}

/** Compressed or hex-coded data may hold anything; extended XMP is plain text, searched. */
function opaqueMayHoldGps( bytes: Uint8Array, block: MetadataBlock ): boolean {
	return block.opaque !== 'extended-xmp' || /GPS/.test( bytesToBinary( bytes.subarray( block.start, block.start + block.length ) ) );
}

function blankXmp( bytes: Uint8Array, block: MetadataBlock ): boolean {
	const before = bytesToBinary( bytes.subarray( block.start, block.start + block.length ) );
	const after = blankXmpGps( before );
	if ( after === before ) {
		return false;
	}
	for ( let i = 0; i < after.length; i++ ) {
		bytes[ block.start + i ] = after.charCodeAt( i );
	}
	return true;
}

let crcTable: Uint32Array | undefined;

/** PNG's CRC-32 (ISO 3309, the one zlib uses), over a chunk's type and data. */
export function crc32( bytes: Uint8Array ): number {
	if ( !crcTable ) {
		crcTable = new Uint32Array( 256 );
		for ( let n = 0; n < 256; n++ ) {
			let c = n;
			for ( let k = 0; k < 8; k++ ) {
				c = c & 1 ? 0xedb88320 ^ ( c >>> 1 ) : c >>> 1;
			}
			crcTable[ n ] = c >>> 0;
		}
	}
	let crc = 0xffffffff;
	for ( let i = 0; i < bytes.length; i++ ) {
		crc = crcTable[ ( crc ^ bytes[ i ] ) & 0xff ] ^ ( crc >>> 8 );
	}
	return ( crc ^ 0xffffffff ) >>> 0;
}

function fixPngCrc( bytes: Uint8Array, chunkStart: number, chunkLength: number ): void {
	const crcAt = chunkStart + chunkLength - 4;
	const crc = crc32( bytes.subarray( chunkStart + 4, crcAt ) );
	new DataView( bytes.buffer, bytes.byteOffset, bytes.byteLength ).setUint32( crcAt, crc );
}
