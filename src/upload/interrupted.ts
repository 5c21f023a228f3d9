/**
 * Uploads an earlier page left unfinished (a reload, a crash), back in the list from their resume
 * records: each waits for its file to be picked again, while the stash still keeps its chunks.
 */
import type { ItemStore } from './items';
import type { UploadItem } from './model';
import { STASH_MAX_AGE_MS, type ResumeStore } from './resume';

/** The interrupted uploads not yet in the list; records whose stash has expired are dropped. */
export function restoreInterrupted( records: ResumeStore, items: ItemStore, now: number ): UploadItem[] {
	const present = new Set( items.state.items.map( ( i ) => i.id ) );
	const restored: UploadItem[] = [];
	for ( const record of records.list() ) {
		if ( present.has( record.id ) ) {
			continue;
		}
		const item = items.create(
			{ kind: 'missing', name: record.name, size: record.size, lastModified: record.lastModified, fingerprint: record.fingerprint },
			record.name,
			record.size,
			record.fields
		);
		// Keep the record's id: the store and the item stay one.
		item.id = record.id;
		item.resume = record.resume;
		item.status = { state: 'interrupted', sent: record.resume.offset, expiresAt: record.resume.startedAt + STASH_MAX_AGE_MS, mismatch: false };
		if ( item.status.expiresAt > now ) {
			restored.push( item );
		} else {
			records.remove( record.id );
		}
	}
	return restored;
}
