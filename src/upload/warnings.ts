/**
 * The API's upload warnings in one shape the panel can show: which warning, the files it is
 * about (for links) and what the user may do about it. Unknown warnings are kept, shown raw.
 */
import type { RawWarnings } from '../api/types';

/** Warnings this project explains in the user's language; any other is shown raw. */
export const KNOWN_WARNINGS = [
	'exists',
	'nochange',
	'duplicateversions',
	'was-deleted',
	'duplicate',
	'duplicate-archive',
	/** Not the API's: the same content earlier in the dialog's own list (preflight.ts). */
	'duplicate-in-batch',
	/** Not the API's: a file earlier in the dialog's own list has the same target name (queue.ts). */
	'duplicate-target',
	/** Not the API's: a shared repository (Commons) has a file of this name (prechecks.ts). */
	'exists-shared',
	'badfilename',
	'page-exists',
	'exists-normalized',
	'thumb',
	'thumb-name',
	'bad-prefix',
	'empty-file',
	/** Not the API's: the user wanted the photo's location removed, and it could not be (photos.ts). */
	'location-not-removed'
] as const;

export type KnownWarningKey = typeof KNOWN_WARNINGS[ number ];

export interface UploadWarning {
	key: string;
	known: boolean;
	/** Names of existing files the warning is about (without the namespace), for links. */
	files: string[];
	/** Timestamps of versions (nochange, duplicateversions). */
	timestamps: string[];
	/** The name the wiki would use instead (badfilename). */
	suggestedName?: string;
	/** The warning's value as text, for unknown warnings. */
	raw: string;
}

function strings( value: unknown ): string[] {
	if ( typeof value === 'string' ) {
		return [ value ];
	}
	if ( Array.isArray( value ) ) {
		return value.filter( ( v ): v is string => typeof v === 'string' );
	}
	return [];
}

function timestamps( value: unknown ): string[] {
	const list = Array.isArray( value ) ? value : [ value ];
	return list
		.map( ( v ) => ( v && typeof v === 'object' ? ( v as { timestamp?: unknown } ).timestamp : undefined ) )
		.filter( ( t ): t is string => typeof t === 'string' );
}

function isKnown( key: string ): key is KnownWarningKey {
	return ( KNOWN_WARNINGS as readonly string[] ).indexOf( key ) !== -1;
}

/** Every warning of an answer, known ones first in a stable order. */
export function parseWarnings( raw: RawWarnings | undefined | null ): UploadWarning[] {
	if ( !raw || typeof raw !== 'object' ) {
		return [];
	}
	const list = Object.keys( raw ).map( ( key ): UploadWarning => {
		const value = raw[ key ];
		const known = isKnown( key );
		const warning: UploadWarning = {
			key,
			known,
			files: [],
			timestamps: [],
			raw: typeof value === 'string' ? value : JSON.stringify( value )
		};
		switch ( key ) {
			case 'nochange':
			case 'duplicateversions':
				warning.timestamps = timestamps( value );
				break;
			case 'badfilename':
				warning.suggestedName = strings( value )[ 0 ];
				break;
			case 'empty-file':
			// The API names the uploaded file itself for these (ApiUpload::transformWarnings
			// reports the warning's `file`, which is the asked-for name): a link would lead to a
			// page that does not exist. They are about the name, so they name no file.
			case 'thumb-name':
			case 'bad-prefix':
				break;
			case 'thumb':
				// Also the asked-for name ("180px-Foo.png"), but the warning means that Foo.png
				// exists (UploadBase::isThumbName: 2 or 3 digits, then "px-"): name that one,
				// as MediaWiki's own upload form does.
				warning.files = strings( value ).map( ( name ) => name.replace( /^\d{2,3}px-/, '' ) );
				break;
			default:
				warning.files = strings( value );
		}
		return warning;
	} );
	const rank = ( w: UploadWarning ) => ( w.known ? ( KNOWN_WARNINGS as readonly string[] ).indexOf( w.key ) : KNOWN_WARNINGS.length );
	return list.sort( ( a, b ) => rank( a ) - rank( b ) );
}

/**
 * Whether "upload anyway" can work: the server refuses to publish identical content over the
 * current version (fileexists-no-change) and an empty file, whatever the client says.
 */
export function canIgnore( warnings: UploadWarning[] ): boolean {
	return !warnings.some( ( w ) => w.key === 'nochange' || w.key === 'empty-file' );
}

/** Whether ignoring the warnings replaces a file that is already on the wiki. */
export function ignoringOverwrites( warnings: UploadWarning[] ): boolean {
	return warnings.some( ( w ) => w.key === 'exists' );
}

/**
 * Warnings about what the file holds, not about its name: another name answers none of them.
 * `location-not-removed`: the photo would go with the location the user wanted out of it.
 */
const ABOUT_CONTENT: readonly string[] = [ 'location-not-removed' ];

/** The ways out the warnings panel offers (cancelling is always one). */
export interface WarningChoices {
	/** Another name can answer the warnings: not when each of them is about the content. */
	rename: boolean;
	/** Go on despite them: replacing the wiki's file, sending the file as it is, or "anyway"; null where the wiki would refuse. */
	ignore: 'overwrite' | 'as-is' | 'anyway' | null;
	/** Take the file off the list: the way out of a file the user does not want sent as it is. */
	remove: boolean;
}

export function warningChoices( warnings: UploadWarning[] ): WarningChoices {
	const aboutContent = ( w: UploadWarning ) => ABOUT_CONTENT.indexOf( w.key ) !== -1;
	const onlyContent = warnings.length > 0 && warnings.every( aboutContent );
	let ignore: WarningChoices[ 'ignore' ] = null;
	if ( canIgnore( warnings ) ) {
		ignore = ignoringOverwrites( warnings ) ? 'overwrite' : onlyContent ? 'as-is' : 'anyway';
	}
	return { rename: !onlyContent, ignore, remove: warnings.some( aboutContent ) };
}
