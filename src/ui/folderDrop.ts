/**
 * The files of dropped folders. A drop's `dataTransfer.files` holds a folder as one useless
 * entry; the folder's files are reached through the File and Directory Entries API
 * (`DataTransferItem.webkitGetAsEntry()`, in every current browser). The traversal takes
 * entry-like objects, not the DOM's classes, so it can be tested with fakes.
 */

/** What the traversal needs of a FileSystemEntry. */
export interface EntryLike {
	readonly name: string;
	readonly isFile: boolean;
	readonly isDirectory: boolean;
}

/** A FileSystemFileEntry. */
export interface FileEntryLike extends EntryLike {
	file( success: ( file: File ) => void, failure?: ( error: unknown ) => void ): void;
}

/** A FileSystemDirectoryEntry. */
export interface DirectoryEntryLike extends EntryLike {
	createReader(): {
		readEntries( success: ( entries: EntryLike[] ) => void, failure?: ( error: unknown ) => void ): void;
	};
}

/** A DataTransferItem. */
export interface ItemLike {
	readonly kind: string;
	webkitGetAsEntry?(): EntryLike | null;
	getAsFile(): File | null;
}

export interface DroppedFiles {
	/** Every file, in path order. */
	files: File[];
	/** Files and folders that could not be read, and were left out. */
	unreadable: number;
}

/**
 * The drop's items as entries when at least one is a folder; null otherwise (only files, or a
 * browser without entries), and the drop's `files` are all there is. Call it during the drop
 * event: after it, the browser empties the list.
 */
export function folderEntries( transfer: { items?: ArrayLike<ItemLike> | null } ): EntryLike[] | null {
	const items = transfer.items;
	if ( !items ) {
		return null;
	}
	const roots: EntryLike[] = [];
	let folder = false;
	for ( let i = 0; i < items.length; i++ ) {
		const item = items[ i ];
		if ( item.kind !== 'file' ) {
			continue;
		}
		const entry = item.webkitGetAsEntry ? item.webkitGetAsEntry() : null;
		if ( entry ) {
			roots.push( entry );
			folder = folder || entry.isDirectory;
			continue;
		}
		// A file with no entry (dragged from a program rather than the file system): as it is.
		const file = item.getAsFile();
		if ( file ) {
			roots.push( entryOf( file ) );
		}
	}
	return folder ? roots : null;
}

/**
 * Every file of these entries and, recursively, of their folders, in path order: each folder's
 * entries sorted by name as file managers sort them ("IMG 9" before "IMG 10": the order is the
 * upload order and the pattern's `$n`), a folder's files and subfolders taken in that one order.
 * Hidden files and folders inside a folder (names starting with ".": .DS_Store, .git, ._* of
 * macOS) are left out; what the user dropped is kept whatever its name. An entry that cannot be
 * read is left out and counted. Never rejects.
 */
export async function readDropped( roots: EntryLike[] ): Promise<DroppedFiles> {
	const result: DroppedFiles = { files: [], unreadable: 0 };
	result.files = flat( await Promise.all( sorted( roots ).map( ( entry ) => read( entry, result ) ) ) );
	return result;
}

/** One entry's files, in order; failures counted in `tally`. */
async function read( entry: EntryLike, tally: DroppedFiles ): Promise<File[]> {
	if ( entry.isFile ) {
		const file = await fileOf( entry as FileEntryLike );
		if ( !file ) {
			tally.unreadable++;
		}
		return file ? [ file ] : [];
	}
	if ( !entry.isDirectory ) {
		return [];
	}
	const { entries, failed } = await listOf( entry as DirectoryEntryLike );
	if ( failed ) {
		tally.unreadable++;
	}
	const visible = sorted( entries.filter( ( e ) => e.name.charAt( 0 ) !== '.' ) );
	return flat( await Promise.all( visible.map( ( e ) => read( e, tally ) ) ) );
}

function fileOf( entry: FileEntryLike ): Promise<File | null> {
	return new Promise( ( resolve ) => {
		try {
			entry.file( resolve, () => resolve( null ) );
		} catch ( e ) {
			resolve( null );
		}
	} );
}

/**
 * A folder's entries. readEntries gives them in batches (Chromium: at most 100 per call) and
 * an empty batch at the end, so it is called until then. A failure keeps what came before it.
 */
function listOf( dir: DirectoryEntryLike ): Promise<{ entries: EntryLike[]; failed: boolean }> {
	return new Promise( ( resolve ) => {
		const entries: EntryLike[] = [];
		const fail = () => resolve( { entries, failed: true } );
		try {
			const reader = dir.createReader();
			const next = () => reader.readEntries( ( batch ) => {
				if ( !batch.length ) {
					resolve( { entries, failed: false } );
					return;
				}
				batch.forEach( ( e ) => entries.push( e ) );
				try {
					next();
				} catch ( e ) {
					fail();
				}
			}, fail );
			next();
		} catch ( e ) {
			fail();
		}
	} );
}

const collator = new Intl.Collator( undefined, { numeric: true } );

/** By name, as a file manager lists them; names the collator calls equal by their code units. */
function sorted( entries: EntryLike[] ): EntryLike[] {
	return entries.slice().sort( ( a, b ) => collator.compare( a.name, b.name ) || ( a.name < b.name ? -1 : a.name > b.name ? 1 : 0 ) );
}

/** Lists in one, without spreading them into a call (a folder may hold many thousand files). */
function flat( lists: File[][] ): File[] {
	const all: File[] = [];
	lists.forEach( ( list ) => list.forEach( ( file ) => all.push( file ) ) );
	return all;
}

/** A file with no entry, as one. */
function entryOf( file: File ): FileEntryLike {
	return { name: file.name, isFile: true, isDirectory: false, file: ( success ) => success( file ) };
}
