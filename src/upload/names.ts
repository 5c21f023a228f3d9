/** Target names, tags and the fields a new file starts with. */
import type { UploadFields } from './model';
import { receivedName } from './nameRules';

/** The fields a freshly picked file starts with: its own name, nothing else filled in. */
export function defaultFields( filename: string ): UploadFields {
	return {
		filename: filename.trim(),
		text: '',
		comment: '',
		tags: '',
		watchlist: 'preferences',
		watchlistExpiry: 'infinite'
	};
}

/** Tags as typed ("a, b") → the API's list; empty entries dropped, duplicates once. */
export function parseTags( typed: string ): string[] {
	const tags: string[] = [];
	typed.split( /[,|\n]/ ).map( ( t ) => t.trim() ).filter( Boolean ).forEach( ( t ) => {
		if ( tags.indexOf( t ) === -1 ) {
			tags.push( t );
		}
	} );
	return tags;
}

/**
 * What the dialog can say about a name before asking the wiki (which has the last word, through
 * its warnings): an error code, or null when the name can be tried.
 */
export function validateName( name: string ): string | null {
	// Measured as the wiki receives the name (NFC): an NFD name counts up to three times the bytes.
	const trimmed = receivedName( name ).trim();
	if ( !trimmed ) {
		return 'name-empty';
	}
	// 240 bytes is MediaWiki's limit for file names.
	if ( new TextEncoder().encode( trimmed ).length > 240 ) {
		return 'filename-toolong';
	}
	return null;
}

/** The extension of a name, lower-cased, without the dot; '' when there is none. */
export function extensionOf( name: string ): string {
	const dot = name.lastIndexOf( '.' );
	return dot > 0 && dot < name.length - 1 ? name.slice( dot + 1 ).toLowerCase() : '';
}

/** A target name from a URL: its last path segment, decoded. */
export function nameFromUrl( url: string ): string {
	try {
		const path = new URL( url ).pathname;
		return decodeURIComponent( path.slice( path.lastIndexOf( '/' ) + 1 ) );
	} catch ( e ) {
		return '';
	}
}
