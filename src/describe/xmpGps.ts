/**
 * The position in an XMP packet: reading `exif:GPSLatitude`/`exif:GPSLongitude`, and blanking
 * every GPS property of the EXIF namespaces in place, so the packet keeps its length.
 *
 * The packet is handled as a "byte string" (one character per byte, see bytesToBinary), so an
 * edit is an edit of the same bytes: a removed property becomes spaces of the same length
 * (whitespace between XML elements or attributes is insignificant), and a JPEG segment, a PNG
 * chunk or a RIFF chunk around it keeps its size. Both ways RDF writes a simple property are
 * handled: the element form `<exif:GPSLatitude>48,51.498N</exif:GPSLatitude>` and the attribute
 * form `exif:GPSLatitude="48,51.498N"` on rdf:Description. The prefix is whatever the packet
 * binds to the EXIF namespaces (`exif` and `exifEX` by convention).
 */

const EXIF_NAMESPACES = [ 'http://ns.adobe.com/exif/1.0/', 'http://cipa.jp/exif/1.0/' ];

/** One character per byte: ASCII patterns then match at byte offsets, whatever the encoding. */
export function bytesToBinary( bytes: Uint8Array ): string {
	let out = '';
	for ( let i = 0; i < bytes.length; i += 8192 ) {
		out += String.fromCharCode.apply( null, Array.prototype.slice.call( bytes, i, i + 8192 ) as number[] );
	}
	return out;
}

/** The prefixes bound to the EXIF namespaces in the packet (`exif` if none is declared). */
function exifPrefixes( xmp: string ): string[] {
	const prefixes: string[] = [];
	const declaration = /xmlns:([\w.-]+)\s*=\s*(["'])(.*?)\2/g;
	let match: RegExpExecArray | null;
	while ( ( match = declaration.exec( xmp ) ) ) {
		if ( EXIF_NAMESPACES.indexOf( match[ 3 ] ) !== -1 && prefixes.indexOf( match[ 1 ] ) === -1 ) {
			prefixes.push( match[ 1 ] );
		}
	}
	return prefixes.length ? prefixes : [ 'exif' ];
}

function escapeRegExp( text: string ): string {
	return text.replace( /[.*+?^${}()|[\]\\]/g, '\\$&' );
}

/** Element and attribute forms of the GPS properties, for one prefix. */
function gpsPatterns( prefix: string ): RegExp[] {
	const name = `${ escapeRegExp( prefix ) }:GPS[\\w]*`;
	return [
		new RegExp( `<(${ name })\\b[^>]*?(?:/>|>[\\s\\S]*?</\\1\\s*>)`, 'g' ),
		new RegExp( `\\s${ name }\\s*=\\s*(?:"[^"]*"|'[^']*')`, 'g' )
	];
}

/** Whether the packet holds any GPS property. */
export function xmpHasGps( xmp: string ): boolean {
	return exifPrefixes( xmp ).some( ( prefix ) => gpsPatterns( prefix ).some( ( re ) => re.test( xmp ) ) );
}

/** The packet with every GPS property turned into spaces: the same length, byte for byte. */
export function blankXmpGps( xmp: string ): string {
	let out = xmp;
	exifPrefixes( xmp ).forEach( ( prefix ) => {
		gpsPatterns( prefix ).forEach( ( re ) => {
			out = out.replace( re, ( match ) => match.replace( /[^\n]/g, ' ' ) );
		} );
	} );
	return out;
}

/** A value of one property, in either form. */
function propertyValue( xmp: string, prefix: string, name: string ): string | undefined {
	const qualified = escapeRegExp( `${ prefix }:${ name }` );
	const match = new RegExp( `<${ qualified }(?:\\s[^>]*)?>([^<]*)</${ qualified }\\s*>` ).exec( xmp ) ||
		new RegExp( `\\s${ qualified }\\s*=\\s*(?:"([^"]*)"|'([^']*)')` ).exec( xmp );
	if ( !match ) {
		return undefined;
	}
	return match[ 1 ] !== undefined ? match[ 1 ] : match[ 2 ];
}

/**
 * An XMP GPS coordinate (`DDD,MM,SSk` or `DDD,MM.mmk`, k one of N S E W; XMP spec part 2,
 * "GPSCoordinate") in signed decimal degrees.
 */
export function parseXmpCoordinate( value: string ): number | undefined {
	const match = /^\s*(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?\s*([NSEW])\s*$/i.exec( value );
	if ( !match ) {
		return undefined;
	}
	const degrees = Number( match[ 1 ] ) + Number( match[ 2 ] ) / 60 + Number( match[ 3 ] || 0 ) / 3600;
	return /[SW]/i.test( match[ 4 ] ) ? -degrees : degrees;
}

/** The position an XMP packet gives, if it gives both coordinates. */
export function xmpPosition( xmp: string ): { latitude: number; longitude: number } | undefined {
	for ( const prefix of exifPrefixes( xmp ) ) {
		const latitude = parseXmpCoordinate( propertyValue( xmp, prefix, 'GPSLatitude' ) || '' );
		const longitude = parseXmpCoordinate( propertyValue( xmp, prefix, 'GPSLongitude' ) || '' );
		if ( latitude !== undefined && longitude !== undefined ) {
			return { latitude, longitude };
		}
	}
	return undefined;
}
