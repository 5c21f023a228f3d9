/**
 * The warnings a file's content gives before its bytes are sent, as the upload would give them:
 * the same content on the wiki (`duplicate`), among deleted files (`duplicate-archive`), earlier
 * in the same list (`duplicate-in-batch`), and what the name's and the content's checks tell
 * together (`nochange`). Pure functions; finding the content is contentChecker.ts's.
 */
import type { FoundFile } from '../api/nameChecks';
import { dbKey } from './nameRules';
import type { NameCheck } from './nameVerdict';
import type { UploadWarning } from './warnings';

/** A file's content check. */
export interface ContentCheck {
	sha1: string;
	/** Warnings from the content; empty when none. */
	warnings: UploadWarning[];
}

function warning( key: string, files: string[] ): UploadWarning {
	return { key, known: true, files, timestamps: [], raw: files.join( ', ' ) };
}

/**
 * The warnings the upload would give for this content, as UploadWarnings. `twins` are the target
 * names of files earlier in the list with the same SHA-1 (not yet on the wiki, so their names
 * are not links yet).
 */
export function contentWarnings( onWiki: FoundFile[], deleted: FoundFile[] | 'unknown', twins: string[] ): UploadWarning[] {
	const warnings: UploadWarning[] = [];
	if ( onWiki.length ) {
		warnings.push( warning( 'duplicate', onWiki.map( ( f ) => f.name ) ) );
	}
	if ( deleted !== 'unknown' && deleted.length ) {
		// One entry per deleted version: name each file once.
		const names: string[] = [];
		deleted.forEach( ( f ) => {
			if ( names.indexOf( f.name ) === -1 ) {
				names.push( f.name );
			}
		} );
		warnings.push( warning( 'duplicate-archive', names ) );
	}
	if ( twins.length ) {
		warnings.push( warning( 'duplicate-in-batch', twins ) );
	}
	return warnings;
}

/**
 * A file's warnings before sending, as the upload would give them: the name's, and the content's
 * with what the two tell together. The file of that name with the same content is `nochange`
 * (which cannot be ignored), not a `duplicate` of itself.
 */
export function earlyWarnings( name: NameCheck | null, content: ContentCheck | null ): UploadWarning[] {
	const warnings = name ? name.warnings.slice() : [];
	if ( !content ) {
		return warnings;
	}
	const own = name && name.wikiName ? dbKey( name.wikiName ) : null;
	const same = !!( name && name.file && name.file.sha1 === content.sha1 );
	if ( same && name && name.file && !warnings.some( ( w ) => w.key === 'nochange' ) ) {
		warnings.push( { key: 'nochange', known: true, files: [], timestamps: [ name.file.timestamp ], raw: name.file.timestamp } );
	}
	content.warnings.forEach( ( w ) => {
		if ( w.key !== 'duplicate' || !own ) {
			warnings.push( w );
			return;
		}
		const others = w.files.filter( ( f ) => dbKey( f ) !== own );
		if ( others.length ) {
			warnings.push( { ...w, files: others, raw: others.join( ', ' ) } );
		}
	} );
	return warnings;
}
