/**
 * Where a photo keeps its EXIF (a TIFF structure) and its XMP packet, for the three containers
 * the location removal edits in place: JPEG (APP1 segments), PNG (eXIf and iTXt chunks) and WebP
 * (RIFF EXIF and XMP chunks). Only positions are found here; nothing is changed. What cannot be
 * edited without re-encoding or re-packing (compressed XMP, ImageMagick's hex "Raw profile"
 * text chunks, extended XMP split over JPEG segments) is reported as `opaque`, so the caller can
 * refuse instead of sending a location it did not remove.
 */

export type BlockKind = 'exif' | 'xmp' | 'opaque';

export interface MetadataBlock {
	kind: BlockKind;
	/** The block's first byte (for `exif`, the TIFF header). */
	start: number;
	length: number;
	/** `opaque` only: why it cannot be edited; extended XMP can at least be searched. */
	opaque?: 'compressed' | 'raw-profile' | 'extended-xmp';
	/** PNG only: the chunk around the block, whose CRC must be recomputed after an edit. */
	pngChunk?: { start: number; length: number };
}

export type Container = 'jpeg' | 'png' | 'webp';

const EXIF_HEADER = 'Exif\0\0';
const XMP_HEADER = 'http://ns.adobe.com/xap/1.0/\0';
const XMP_EXTENSION_HEADER = 'http://ns.adobe.com/xmp/extension/\0';
// Its bytes, not a string: as a string the minifier writes \x1a raw (it even folds
// String.fromCharCode), and a wiki page cannot keep a control character (MediaWiki replaces it
// on save; build.mjs refuses it).
const PNG_SIGNATURE = [ 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a ];

function ascii( bytes: Uint8Array, at: number, length: number ): string {
	let out = '';
	for ( let i = at; i < at + length && i < bytes.length; i++ ) {
		out += String.fromCharCode( bytes[ i ] );
	}
	return out;
}

/** The container, from the first bytes; null for anything else (HEIC, TIFF, GIF …). */
export function containerOf( bytes: Uint8Array ): Container | null {
	if ( bytes[ 0 ] === 0xff && bytes[ 1 ] === 0xd8 ) {
		return 'jpeg';
	}
	if ( PNG_SIGNATURE.every( ( byte, i ) => bytes[ i ] === byte ) ) {
		return 'png';
	}
	if ( ascii( bytes, 0, 4 ) === 'RIFF' && ascii( bytes, 8, 4 ) === 'WEBP' ) {
		return 'webp';
	}
	return null;
}

/**
 * Where a JPEG's first scan starts, when these bytes (maybe only the file's beginning) reach it:
 * every metadata segment is before it. -1 otherwise, and for other containers.
 */
export function jpegScanStart( bytes: Uint8Array ): number {
	try {
		return containerOf( bytes ) === 'jpeg' ? jpegBlocks( bytes, [] ) : -1;
	} catch ( error ) {
		return -1;
	}
}

/**
 * The metadata blocks of a JPEG, PNG or WebP file. A structure that runs past the end throws,
 * unless `partial` says the bytes are only the file's beginning: then the blocks found so far.
 */
export function metadataBlocks( bytes: Uint8Array, partial = false ): MetadataBlock[] {
	const blocks: MetadataBlock[] = [];
	try {
		switch ( containerOf( bytes ) ) {
			case 'jpeg':
				jpegBlocks( bytes, blocks );
				break;
			case 'png':
				pngBlocks( bytes, blocks );
				break;
			case 'webp':
				webpBlocks( bytes, blocks );
				break;
		}
	} catch ( error ) {
		if ( !partial ) {
			throw error;
		}
	}
	return blocks;
}

/** A TIFF block that may start with "Exif\0\0" (some writers put it in PNG and WebP too). */
function exifBlock( bytes: Uint8Array, start: number, length: number ): MetadataBlock {
	const skip = ascii( bytes, start, 6 ) === EXIF_HEADER ? 6 : 0;
	return { kind: 'exif', start: start + skip, length: length - skip };
}

/** Collects the blocks; returns where the scan starts (-1 when the bytes end before it). */
function jpegBlocks( bytes: Uint8Array, blocks: MetadataBlock[] ): number {
	let at = 2;
	while ( at + 4 <= bytes.length ) {
		if ( bytes[ at ] !== 0xff ) {
			throw new Error( `no JPEG marker at ${ at }` );
		}
		const marker = bytes[ at + 1 ];
		if ( marker === 0xff ) {
			at += 1; // fill byte
			continue;
		}
		if ( marker === 0xd9 || marker === 0xda ) {
			return at; // end of image, or start of scan: no metadata after it
		}
		if ( marker === 0x01 || ( marker >= 0xd0 && marker <= 0xd7 ) ) {
			at += 2; // markers without a length
			continue;
		}
		const length = ( bytes[ at + 2 ] << 8 ) | bytes[ at + 3 ];
		const body = at + 4;
		const size = length - 2;
		if ( length < 2 || body + size > bytes.length ) {
			throw new Error( `JPEG segment at ${ at } runs past the end` );
		}
		if ( marker === 0xe1 ) {
			if ( ascii( bytes, body, 6 ) === EXIF_HEADER ) {
				blocks.push( { kind: 'exif', start: body + 6, length: size - 6 } );
			} else if ( ascii( bytes, body, XMP_HEADER.length ) === XMP_HEADER ) {
				blocks.push( { kind: 'xmp', start: body + XMP_HEADER.length, length: size - XMP_HEADER.length } );
			} else if ( ascii( bytes, body, XMP_EXTENSION_HEADER.length ) === XMP_EXTENSION_HEADER ) {
				blocks.push( { kind: 'opaque', opaque: 'extended-xmp', start: body, length: size } );
			}
		}
		at = body + size;
	}
	return -1;
}

function pngBlocks( bytes: Uint8Array, blocks: MetadataBlock[] ): void {
	const view = new DataView( bytes.buffer, bytes.byteOffset, bytes.byteLength );
	let at = 8;
	while ( at + 12 <= bytes.length ) {
		const length = view.getUint32( at );
		const type = ascii( bytes, at + 4, 4 );
		const data = at + 8;
		if ( data + length + 4 > bytes.length ) {
			throw new Error( `PNG chunk ${ type } runs past the end` );
		}
		const pngChunk = { start: at, length: length + 12 };
		if ( type === 'eXIf' ) {
			blocks.push( { ...exifBlock( bytes, data, length ), pngChunk } );
		} else if ( type === 'iTXt' || type === 'tEXt' || type === 'zTXt' ) {
			const block = pngTextBlock( bytes, type, data, length );
			if ( block ) {
				blocks.push( { ...block, pngChunk } );
			}
		}
		if ( type === 'IEND' ) {
			break;
		}
		at = data + length + 4;
	}
}

/** XMP in an uncompressed iTXt; `opaque` for XMP or EXIF that cannot be edited in place. */
function pngTextBlock( bytes: Uint8Array, type: string, data: number, length: number ): MetadataBlock | null {
	const end = data + length;
	const keywordEnd = bytes.indexOf( 0, data );
	if ( keywordEnd === -1 || keywordEnd >= end ) {
		return null;
	}
	const keyword = ascii( bytes, data, keywordEnd - data );
	if ( /^Raw profile type (exif|app1|xmp)$/i.test( keyword ) ) {
		return { kind: 'opaque', opaque: 'raw-profile', start: data, length };
	}
	if ( type !== 'iTXt' || keyword !== 'XML:com.adobe.xmp' ) {
		return null;
	}
	if ( bytes[ keywordEnd + 1 ] !== 0 ) {
		return { kind: 'opaque', opaque: 'compressed', start: data, length };
	}
	const languageEnd = bytes.indexOf( 0, keywordEnd + 3 );
	const translatedEnd = languageEnd === -1 ? -1 : bytes.indexOf( 0, languageEnd + 1 );
	if ( translatedEnd === -1 || translatedEnd >= end ) {
		throw new Error( 'iTXt chunk without its header' );
	}
	return { kind: 'xmp', start: translatedEnd + 1, length: end - translatedEnd - 1 };
}

function webpBlocks( bytes: Uint8Array, blocks: MetadataBlock[] ): void {
	const view = new DataView( bytes.buffer, bytes.byteOffset, bytes.byteLength );
	let at = 12;
	while ( at + 8 <= bytes.length ) {
		const type = ascii( bytes, at, 4 );
		const length = view.getUint32( at + 4, true );
		const data = at + 8;
		if ( data + length > bytes.length ) {
			throw new Error( `RIFF chunk ${ type } runs past the end` );
		}
		if ( type === 'EXIF' ) {
			blocks.push( exifBlock( bytes, data, length ) );
		} else if ( type === 'XMP ' ) {
			blocks.push( { kind: 'xmp', start: data, length } );
		}
		at = data + length + ( length & 1 );
	}
}
