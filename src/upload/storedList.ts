/**
 * A list of records kept as JSON under one key of the browser's storage (resume records, drafts):
 * read defensively (anything malformed is dropped, never thrown), written whole, and the key
 * removed when the list is empty. Storage that is full or forbidden (private mode) is not an
 * error: the dialog works on, without what would have been kept.
 */

/** The part of window.localStorage this needs; tests pass a Map-backed one. */
export interface KeyValueStorage {
	getItem( key: string ): string | null;
	setItem( key: string, value: string ): void;
	removeItem( key: string ): void;
}

export class StoredList<T> {
	constructor(
		private readonly storage: KeyValueStorage | null,
		private readonly key: string,
		private readonly isRecord: ( value: unknown ) => value is T
	) {}

	list(): T[] {
		if ( !this.storage ) {
			return [];
		}
		try {
			const parsed = JSON.parse( this.storage.getItem( this.key ) || '[]' ) as unknown;
			return Array.isArray( parsed ) ? parsed.filter( this.isRecord ) : [];
		} catch ( e ) {
			return [];
		}
	}

	/** Drops the records `drop` picks; writes only when one was dropped. */
	removeWhere( drop: ( record: T ) => boolean ): void {
		const records = this.list();
		const kept = records.filter( ( r ) => !drop( r ) );
		if ( kept.length !== records.length ) {
			this.write( kept );
		}
	}

	write( records: T[] ): void {
		if ( !this.storage ) {
			return;
		}
		try {
			if ( records.length ) {
				this.storage.setItem( this.key, JSON.stringify( records ) );
			} else {
				this.storage.removeItem( this.key );
			}
		} catch ( e ) {
			// Full or forbidden: nothing is kept, and nothing else changes.
		}
	}
}
