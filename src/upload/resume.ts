/**
 * Chunked uploads remembered across page loads, so a reload or a crash does not throw away what
 * was sent. Kept: the stash key, the offset, the file's name, size, last-modified time and a
 * fingerprint of its first and last bytes, and the user's fields. Never the file's bytes.
 */
import type { ResumePoint, UploadFields } from './model';
import { StoredList, type KeyValueStorage } from './storedList';

export type { KeyValueStorage } from './storedList';

export interface ResumeRecord {
	/** The item's id in the page that started it. */
	id: string;
	name: string;
	size: number;
	lastModified: number;
	fingerprint: string;
	fields: UploadFields;
	resume: ResumePoint;
}

/** How long MediaWiki keeps stashed files by default ($wgUploadStashMaxAge: 6 hours). */
export const STASH_MAX_AGE_MS = 6 * 60 * 60 * 1000;

/** Bytes read from each end of the file for the fingerprint. */
export const FINGERPRINT_BYTES = 64 * 1024;

export class ResumeStore {
	private readonly records: StoredList<ResumeRecord>;

	/** `scope` keeps wikis and users apart (e.g. the wiki's id and the user name). */
	constructor( storage: KeyValueStorage | null, scope: string ) {
		// Storage full or forbidden (private mode): the upload goes on, just not resumable.
		this.records = new StoredList( storage, `uploaddialog-resume:${ scope }`, isRecord );
	}

	list(): ResumeRecord[] {
		return this.records.list();
	}

	save( record: ResumeRecord ): void {
		this.records.write( this.list().filter( ( r ) => r.id !== record.id ).concat( [ record ] ) );
	}

	remove( id: string ): void {
		this.records.removeWhere( ( r ) => r.id === id );
	}
}

function isRecord( value: unknown ): value is ResumeRecord {
	const r = value as ResumeRecord;
	return Boolean( r && typeof r.id === 'string' && typeof r.size === 'number' && r.resume &&
		typeof r.resume.filekey === 'string' && typeof r.resume.offset === 'number' && r.fields );
}

/** 32-bit FNV-1a over some bytes, continuing from `hash`. */
export function fnv1a( bytes: Uint8Array, hash = 0x811c9dc5 ): number {
	let h = hash;
	for ( let i = 0; i < bytes.length; i++ ) {
		h ^= bytes[ i ];
		h = Math.imul( h, 0x01000193 ) >>> 0;
	}
	return h >>> 0;
}

/**
 * A fingerprint of a file's first and last bytes and its size: enough to tell "the same file
 * picked again" from another one, reading at most 128 KiB of it.
 */
export function fingerprint( file: Blob ): Promise<string> {
	// A File's bytes are fixed once picked (a changed file becomes unreadable instead), so one
	// reading per file is enough: the upload asks for it after every chunk.
	let print = fingerprints.get( file );
	if ( !print ) {
		print = readFingerprint( file );
		fingerprints.set( file, print );
		print.catch( () => fingerprints.delete( file ) );
	}
	return print;
}

const fingerprints = new WeakMap<Blob, Promise<string>>();

async function readFingerprint( file: Blob ): Promise<string> {
	const head = new Uint8Array( await file.slice( 0, FINGERPRINT_BYTES ).arrayBuffer() );
	const tail = new Uint8Array( await file.slice( Math.max( 0, file.size - FINGERPRINT_BYTES ) ).arrayBuffer() );
	return `${ file.size }:${ fnv1a( head ).toString( 16 ) }:${ fnv1a( tail ).toString( 16 ) }`;
}
