/**
 * What a photo says about when and where it was taken, as the engine and the form keep it, and
 * the small date rules that need no metadata reader: the file's own date as the fallback, and
 * the refusal of a date in the future. Apart from photoFacts.ts (the reader, with exifr) so that
 * the dialog has these without the `photo` part (src/parts/photo.ts), which brings the reader
 * only when the first image is added.
 */
export type DateSource = 'DateTimeOriginal' | 'DateTimeDigitized' | 'DateTime' | 'lastModified';

export interface PhotoDate {
	/** `2026-07-14T18:03:22`, or `2026-07-14T18:03:22+02:00` where the file gives the offset. */
	iso: string;
	/** Where it came from; `lastModified` is the file's date, not the photo's (say so). */
	source: DateSource;
}

export interface PhotoPosition {
	/** Signed decimal degrees (south and west negative). */
	latitude: number;
	longitude: number;
	/** The EXIF GPS IFD, or an XMP packet's exif:GPSLatitude/GPSLongitude. */
	source: 'exif' | 'xmp';
}

export interface PhotoFacts {
	taken?: PhotoDate;
	position?: PhotoPosition;
}

function pad( n: number ): string {
	return ( n < 10 ? '0' : '' ) + n;
}

/**
 * The fallback when a photo says nothing: the file's last-modified time, in the browser's local
 * time (what the user's own clock showed), marked as such.
 */
export function lastModifiedDate( file: { lastModified: number } ): PhotoDate | undefined {
	if ( !file.lastModified ) {
		return undefined;
	}
	const d = new Date( file.lastModified );
	return {
		iso: `${ d.getFullYear() }-${ pad( d.getMonth() + 1 ) }-${ pad( d.getDate() ) }T${ pad( d.getHours() ) }:${ pad( d.getMinutes() ) }:${ pad( d.getSeconds() ) }`,
		source: 'lastModified'
	};
}

/** Whether a date (`YYYY-MM-DD…`) is after today in the user's local time: the form refuses it. */
export function isFutureDate( iso: string, now: Date = new Date() ): boolean {
	const today = `${ now.getFullYear() }-${ pad( now.getMonth() + 1 ) }-${ pad( now.getDate() ) }`;
	return iso.slice( 0, 10 ) > today;
}
