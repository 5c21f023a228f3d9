/**
 * One file's resume record across page loads (never the bytes): written when its chunked upload
 * gets a new stash key, kept up to date with the offset, and forgotten when it is of no more use.
 */
import type { UploadItem } from './model';
import { fingerprint, type ResumeStore } from './resume';

/** How often a running upload's resume record is written at most (see remember()). */
export const RESUME_SAVE_INTERVAL_MS = 1000;

export class ResumeKeeper {
	private readonly id: string;
	private readonly records: ResumeStore;
	private readonly current: () => UploadItem | undefined;
	private readonly now: () => number;
	/** When the record was last written, and for which stash key. */
	private saved: { filekey: string; at: number } | null = null;
	private timer: ReturnType<typeof setTimeout> | null = null;

	constructor( id: string, records: ResumeStore, current: () => UploadItem | undefined, now: () => number ) {
		this.id = id;
		this.records = records;
		this.current = current;
		this.now = now;
	}

	/**
	 * Keeps the item's resume point. A new stash key is written at once; later offsets of the
	 * same key at most every RESUME_SAVE_INTERVAL_MS, the last one always: the record is one
	 * localStorage write of every upload's record, and a chunk's gap is no place for it. An offset
	 * a little behind costs nothing on resuming: the server names its own, and the upload goes on
	 * from there.
	 */
	remember( due = false ): void {
		const item = this.current();
		if ( !item || item.source.kind !== 'file' || !item.resume ) {
			return;
		}
		const now = this.now();
		const saved = this.saved;
		if ( !due && saved && saved.filekey === item.resume.filekey && now - saved.at < RESUME_SAVE_INTERVAL_MS ) {
			if ( this.timer === null ) {
				this.timer = setTimeout( () => {
					this.timer = null;
					this.remember( true );
				}, RESUME_SAVE_INTERVAL_MS - ( now - saved.at ) );
			}
			return;
		}
		this.saved = { filekey: item.resume.filekey, at: now };
		const file = item.source.file;
		const resume = item.resume;
		void fingerprint( file ).then( ( print ) => {
			// Only while the upload still has this resume point (it may be done by now).
			const latest = this.current();
			if ( latest?.resume?.filekey === resume.filekey ) {
				this.records.save( {
					id: this.id,
					name: file.name,
					size: file.size,
					lastModified: file.lastModified,
					fingerprint: print,
					fields: latest.fields,
					resume: latest.resume
				} );
			}
		}, () => undefined );
	}

	/** The record is of no more use: off the storage, and no save pending. */
	forget(): void {
		this.records.remove( this.id );
		this.saved = null;
		if ( this.timer !== null ) {
			clearTimeout( this.timer );
			this.timer = null;
		}
	}
}
