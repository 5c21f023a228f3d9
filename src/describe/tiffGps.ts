/**
 * The GPS IFD of a TIFF structure (the body of a JPEG's APP1 Exif segment, of a PNG eXIf chunk,
 * of a WebP EXIF chunk), found and removed in place, moving nothing else:
 *
 * - IFD0's GPSInfo entry (tag 0x8825) is taken out: the entries after it move up one place
 *   (12 bytes), the count drops by one, the next-IFD offset follows the last entry, and the 12
 *   bytes freed at the end are zeroed. Entries are sorted by tag, and no offset in TIFF points at
 *   an entry, so every value, every other IFD (Exif, Interop, IFD1 and its thumbnail) and the
 *   MakerNotes stay where they are, byte for byte.
 * - The GPS IFD itself (count, entries, next offset) and every value it keeps outside its
 *   entries are overwritten with zeros: the coordinates are gone from the bytes, not only
 *   unreachable.
 * Malformed structures (offsets outside the block, an IFD0 without room) throw: the caller then
 * refuses to touch the file rather than send it half-cleaned.
 */

const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };

const GPS_INFO = 0x8825;

class Tiff {
	readonly little: boolean;
	readonly view: DataView;

	/** `bytes[start, start + length)` is the TIFF block: offsets inside it count from `start`. */
	constructor( readonly bytes: Uint8Array, readonly start: number, readonly length: number ) {
		this.view = new DataView( bytes.buffer, bytes.byteOffset + start, length );
		const order = this.u16( 0 );
		if ( order !== 0x4949 && order !== 0x4d4d ) {
			throw new Error( 'not a TIFF byte order' );
		}
		this.little = order === 0x4949;
		if ( this.u16( 2 ) !== 42 ) {
			throw new Error( 'not TIFF' );
		}
	}

	u16( at: number ): number {
		this.check( at, 2 );
		return this.view.getUint16( at, this.little );
	}

	u32( at: number ): number {
		this.check( at, 4 );
		return this.view.getUint32( at, this.little );
	}

	check( at: number, size: number ): void {
		if ( at < 0 || at + size > this.length ) {
			throw new Error( `offset ${ at } outside the TIFF block` );
		}
	}

	zero( at: number, size: number ): void {
		this.check( at, size );
		this.bytes.fill( 0, this.start + at, this.start + at + size );
	}

	/** IFD0's offset, its entry count and the index of the GPSInfo entry (-1 if none). */
	ifd0(): { at: number; count: number; gpsIndex: number } {
		const at = this.u32( 4 );
		const count = this.u16( at );
		this.check( at + 2, count * 12 + 4 );
		let gpsIndex = -1;
		for ( let i = 0; i < count; i++ ) {
			if ( this.u16( at + 2 + i * 12 ) === GPS_INFO ) {
				gpsIndex = i;
			}
		}
		return { at, count, gpsIndex };
	}
}

/** Whether the block has a GPSInfo entry in IFD0. Throws on what is not TIFF. */
export function tiffHasGps( bytes: Uint8Array, start = 0, length = bytes.length - start ): boolean {
	return new Tiff( bytes, start, length ).ifd0().gpsIndex !== -1;
}

/**
 * Removes the GPS IFD in place (see the file comment). Returns whether there was one. Throws on
 * a malformed block, having changed nothing.
 */
export function removeTiffGps( bytes: Uint8Array, start = 0, length = bytes.length - start ): boolean {
	const tiff = new Tiff( bytes, start, length );
	const { at, count, gpsIndex } = tiff.ifd0();
	if ( gpsIndex === -1 ) {
		return false;
	}
	const gpsAt = tiff.u32( at + 2 + gpsIndex * 12 + 8 );
	// Everything to zero is found first, so a malformed GPS IFD changes nothing.
	const ranges = gpsRanges( tiff, gpsAt );

	const entries = at + 2;
	const end = entries + count * 12 + 4;
	const base = start;
	// Entries after GPSInfo, and the next-IFD offset, one place up.
	bytes.copyWithin( base + entries + gpsIndex * 12, base + entries + ( gpsIndex + 1 ) * 12, base + end );
	tiff.zero( end - 12, 12 );
	tiff.view.setUint16( at, count - 1, tiff.little );
	ranges.forEach( ( [ from, size ] ) => tiff.zero( from, size ) );
	return true;
}

/** The GPS IFD and the values it keeps outside its entries, as [offset, size] pairs. */
function gpsRanges( tiff: Tiff, gpsAt: number ): Array<[ number, number ]> {
	const count = tiff.u16( gpsAt );
	const ranges: Array<[ number, number ]> = [ [ gpsAt, 2 + count * 12 + 4 ] ];
	tiff.check( gpsAt, 2 + count * 12 + 4 );
	for ( let i = 0; i < count; i++ ) {
		const entry = gpsAt + 2 + i * 12;
		const size = ( TYPE_SIZES[ tiff.u16( entry + 2 ) ] || 1 ) * tiff.u32( entry + 4 );
		if ( size > 4 ) {
			const valueAt = tiff.u32( entry + 8 );
			tiff.check( valueAt, size );
			ranges.push( [ valueAt, size ] );
		}
	}
	return ranges;
}
