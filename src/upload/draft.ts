/**
 * Drafts: what the user typed for files not yet published (names, descriptions, licences,
 * categories, choices), kept in the browser's storage per wiki and user (like the resume records
 * of resume.ts), so a reload, a crash or a closed dialog loses nothing. A draft is found again by
 * the file it was typed for: its name, size and last-modified time (the same file picked again).
 * Only fields that differ from a fresh file's are kept; a published file's draft is dropped.
 */
import { StoredList, type KeyValueStorage } from './storedList';
import type { UploadFields, UploadItem } from './model';
import { defaultFields } from './names';

/** A month: older drafts are dropped when the list is written. */
export const DRAFT_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** So the storage stays small whatever happens: the newest drafts are kept. */
export const MAX_DRAFTS = 500;

export interface FileIdentity {
	name: string;
	size: number;
	lastModified: number;
}

export interface DraftRecord extends FileIdentity {
	/** The fields that differ from a fresh file's. */
	fields: Partial<UploadFields>;
	savedAt: number;
}

export class DraftStore {
	private readonly drafts: StoredList<DraftRecord>;
	private readonly now: () => number;

	/** `scope` keeps wikis and users apart (the same scope as the resume records). */
	constructor( storage: KeyValueStorage | null, scope: string, now: () => number = Date.now ) {
		this.drafts = new StoredList( storage, `uploaddialog-drafts:${ scope }`, isDraft );
		this.now = now;
	}

	list(): DraftRecord[] {
		return this.drafts.list();
	}

	/** The draft typed for this file, if any. */
	find( file: FileIdentity ): DraftRecord | undefined {
		return this.list().find( ( d ) => sameFile( d, file ) );
	}

	/**
	 * Keeps the drafts of the listed files (replacing their earlier ones) and drops those of the
	 * published ones. Files not listed keep their drafts. `skip`: files whose earlier draft is
	 * still offered back, which must not be overwritten by their fresh fields.
	 */
	saveFrom( items: UploadItem[], skip: ( item: UploadItem ) => boolean = () => false ): void {
		let drafts = this.list();
		const before = JSON.stringify( drafts );
		items.forEach( ( item ) => {
			const file = identityOf( item );
			if ( !file || skip( item ) ) {
				return;
			}
			drafts = drafts.filter( ( d ) => !sameFile( d, file ) );
			const typed = typedFields( item.fields, file.name );
			if ( item.status.state !== 'done' && Object.keys( typed ).length ) {
				drafts.push( { ...file, fields: typed, savedAt: this.now() } );
			}
		} );
		const oldest = this.now() - DRAFT_MAX_AGE_MS;
		drafts = drafts.filter( ( d ) => d.savedAt >= oldest ).slice( -MAX_DRAFTS );
		if ( JSON.stringify( drafts ) !== before ) {
			this.drafts.write( drafts );
		}
	}

	forget( file: FileIdentity ): void {
		this.drafts.removeWhere( ( d ) => sameFile( d, file ) );
	}
}

/** The picked file an item was made from; null for URLs and remembered uploads. */
export function identityOf( item: UploadItem ): FileIdentity | null {
	if ( item.source.kind !== 'file' ) {
		return null;
	}
	const { name, size, lastModified } = item.source.file;
	return { name, size, lastModified };
}

/** The fields that differ from those a freshly picked file of that name starts with. */
export function typedFields( fields: UploadFields, name: string ): Partial<UploadFields> {
	const fresh = defaultFields( name ) as unknown as Record<string, unknown>;
	const typed: Record<string, unknown> = {};
	( Object.keys( fields ) as Array<keyof UploadFields> ).forEach( ( key ) => {
		const value = fields[ key ];
		const empty = value === undefined || value === '' || ( Array.isArray( value ) && value.length === 0 );
		if ( JSON.stringify( value ) !== JSON.stringify( fresh[ key ] ) && !( empty && fresh[ key ] === undefined ) ) {
			typed[ key ] = value;
		}
	} );
	return typed as Partial<UploadFields>;
}

function sameFile( a: FileIdentity, b: FileIdentity ): boolean {
	return a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;
}

function isDraft( value: unknown ): value is DraftRecord {
	const d = value as DraftRecord;
	return Boolean( d && typeof d.name === 'string' && typeof d.size === 'number' && typeof d.lastModified === 'number' &&
		typeof d.savedAt === 'number' && d.fields && typeof d.fields === 'object' );
}
