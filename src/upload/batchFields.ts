/**
 * What the batch's shared settings do to the list, as pure functions over the items: fields set
 * once for all, and names given by a pattern. The queue applies them; files the user set a field
 * or a name for alone keep theirs.
 */
import { withFilename } from './items';
import type { SharedFields, UploadItem } from './model';
import { isEditable } from './model';
import { defaultFields } from './names';
import { applyPattern } from './pattern';

/**
 * The items with the shared fields of `patch`: every file that can still be edited takes them,
 * except where the user set that field for the file alone.
 */
export function withSharedFields( items: UploadItem[], patch: Partial<SharedFields> ): UploadItem[] {
	const keys = Object.keys( patch ) as Array<keyof SharedFields>;
	return items.map( ( i ) => {
		if ( !isEditable( i.status ) || i.status.state === 'interrupted' ) {
			return i;
		}
		const own = keys.filter( ( k ) => i.overrides.indexOf( k ) === -1 );
		if ( !own.length ) {
			return i;
		}
		const fields = { ...i.fields };
		own.forEach( ( k ) => {
			( fields as Record<string, unknown> )[ k ] = patch[ k ];
		} );
		return { ...i, fields };
	} );
}

/**
 * The items named by the pattern, in list order: positions count every file of the list, so a
 * name does not change when an earlier file is uploaded. '' gives each file its own name back.
 * Files named by hand keep their name.
 */
export function namedByPattern( items: UploadItem[], pattern: string ): UploadItem[] {
	const names = pattern.trim() ?
		applyPattern( pattern, items.map( ( i ) => ( { name: i.label } ) ) ) :
		items.map( ( i ) => defaultFields( i.label ).filename );
	return items.map( ( i, n ) => {
		// Not a file that waits for a choice about its warnings: they are its name's, and its
		// name field is locked until the choice is made.
		const editable = isEditable( i.status ) && i.status.state !== 'interrupted' && i.status.state !== 'needs-choice' && i.source.kind === 'file';
		if ( !editable || i.overrides.indexOf( 'filename' ) !== -1 || i.fields.filename === names[ n ] ) {
			return i;
		}
		return withFilename( i, names[ n ] );
	} );
}
