/** Sizes, durations and dates in the user's language. */
import { msg } from '../i18n';

const KB = 1024;

/** Formatters by language and digits: building one costs more than a render's other work. */
const formats = new Map<string, Intl.NumberFormat | null>();

function number( value: number, digits: number ): string {
	const language = String( mw.config.get( 'wgUserLanguage' ) || 'en' );
	const key = `${ language }|${ digits }`;
	let format = formats.get( key );
	if ( format === undefined ) {
		try {
			format = new Intl.NumberFormat( language, { maximumFractionDigits: digits } );
		} catch ( e ) {
			// A language code the browser does not know.
			format = null;
		}
		formats.set( key, format );
	}
	return format ? format.format( value ) : value.toFixed( digits );
}

/** 1024-based, with MediaWiki's own unit names (KB, MB, GB). */
export function formatSize( bytes: number ): string {
	if ( bytes < KB ) {
		return msg( 'uploaddialog-size-b', bytes );
	}
	if ( bytes < KB * KB ) {
		return msg( 'uploaddialog-size-kb', number( bytes / KB, 1 ) );
	}
	if ( bytes < KB * KB * KB ) {
		return msg( 'uploaddialog-size-mb', number( bytes / KB / KB, 1 ) );
	}
	return msg( 'uploaddialog-size-gb', number( bytes / KB / KB / KB, 2 ) );
}

export function formatTimeLeft( seconds: number ): string {
	if ( seconds < 60 ) {
		return msg( 'uploaddialog-time-left-s', Math.ceil( seconds ) );
	}
	if ( seconds < 3600 ) {
		return msg( 'uploaddialog-time-left-min', Math.round( seconds / 60 ) );
	}
	return msg( 'uploaddialog-time-left-h', Math.round( seconds / 3600 ) );
}

/** An API timestamp (ISO 8601) as the user's local date and time. */
export function formatTimestamp( iso: string ): string {
	const date = new Date( iso );
	if ( isNaN( date.getTime() ) ) {
		return iso;
	}
	try {
		return date.toLocaleString( String( mw.config.get( 'wgUserLanguage' ) || 'en' ) );
	} catch ( e ) {
		return date.toISOString();
	}
}
