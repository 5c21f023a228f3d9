/**
 * The photo side of the files in the list (issue 20): each image's date taken and position,
 * read in the browser after its card is shown (a few files at a time, never holding up the
 * list), and the user's choice about the position. "Remove" replaces the item's source by the
 * same file without its location (removeLocationFromBlob: same name, type, date, length; nothing
 * re-encoded), so every later step, the content check, the stash, the lost-answer recovery,
 * hashes and sends the bytes that really go; "keep" puts the original back. The upload's gate
 * asks hold() before a file's first byte: a file the user wants without its location never goes
 * with it silently (a warning asks: send as it is, or cancel).
 *
 * The reading and the removal are PhotoTools, given by the dialog: they come with the `photo`
 * part (src/parts/photo.ts), fetched when the first image is added. A file whose tools cannot be
 * had is read as having no facts: it keeps its own date, and a wanted removal is `impossible`.
 */
import { isFutureDate, lastModifiedDate, type PhotoFacts, type PhotoPosition } from '../describe/photoDates';
import { waitAtMost } from './deadline';
import type { ItemStore } from './items';
import type { UploadItem } from './model';
import type { UploadWarning } from './warnings';

export type DateOrigin = 'exif' | 'file' | 'user';
export type LocationChoice = 'keep' | 'remove';

export interface PhotoInfo {
	/** The metadata is still being read. */
	reading: boolean;
	/** Where fields.date came from: the photo's EXIF, the file's last change, or the user. */
	dateOrigin?: DateOrigin;
	/** Where the photo says it was taken (shown on the card before sending). */
	position?: PhotoPosition;
	/** Keep the location (the default, as with every peer) or remove it from the bytes sent. */
	location: LocationChoice;
	/** Chosen for this file alone: the remembered choice for all files leaves it. */
	ownChoice: boolean;
	/** `removed`: the source is the file without its location; `impossible`: this file cannot lose it in place. */
	removal: 'none' | 'working' | 'removed' | 'impossible';
}

/** What reads a photo's metadata and removes its location (src/describe/, exifr). */
export interface PhotoTools {
	/** The date taken and the position; no facts for anything unreadable. */
	read( blob: Blob ): Promise<PhotoFacts>;
	/** The same bytes without the location, or null where that cannot be done in place. */
	strip( blob: Blob ): Promise<Blob | null>;
}

export interface PhotoDeskOptions {
	items: ItemStore;
	/** The item's bytes changed before sending: its content is checked again. */
	contentReplaced( item: UploadItem ): void;
	/** None: photos are not read (no date from EXIF, no location shown or removed). */
	tools?: PhotoTools;
	/** How many files are read at once (default 3). */
	parallel?: number;
	/** How long a file about to be sent waits for its reading and removal (default 15 s). */
	patienceMs?: number;
}

/** The warning a file meets when it would go with the location the user wanted removed. */
export const LOCATION_NOT_REMOVED = 'location-not-removed';

/** What browsers and the metadata reader know as photos; other files get no photo facts. */
const PHOTO_TYPE = /^image\/(jpeg|png|webp|tiff|heic|heif)$/;
const PHOTO_NAME = /\.(jpe?g|png|webp|tiff?|heic|heif)$/i;

export function isPhoto( file: File ): boolean {
	return PHOTO_TYPE.test( file.type ) || PHOTO_NAME.test( file.name );
}

/** A photo's date as the date field takes it: 'YYYY-MM-DDTHH:MM:SS' (a zone the file names is left out). */
export function fieldDate( iso: string ): string {
	return iso.slice( 0, 19 );
}

/** Whether the user may enter this date: a date, or a date and time, and not in the future. */
export function isValidPhotoDate( value: string, now: Date = new Date() ): boolean {
	const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec( value );
	if ( !match ) {
		return false;
	}
	const [ year, month, day ] = match.slice( 1, 4 ).map( Number );
	const date = new Date( Date.UTC( year, month - 1, day ) );
	return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && !isFutureDate( value, now );
}

export class PhotoDesk {
	private readonly options: PhotoDeskOptions;
	private readonly items: ItemStore;
	/** The file as picked, by item: "keep" after "remove" puts it back. */
	private readonly originals = new Map<string, File>();
	/** Each file's reading and removals, one after another (never two at once for a file). */
	private readonly work = new Map<string, Promise<void>>();
	/** Files waiting for their reading's turn, and how each is started. */
	private readonly waiting: string[] = [];
	private readonly turns = new Map<string, () => void>();
	private reading = 0;
	private remembered: LocationChoice = 'keep';

	constructor( options: PhotoDeskOptions ) {
		this.options = options;
		this.items = options.items;
	}

	/** Files joined the list: photos get their facts read, after their cards are shown. */
	added( items: UploadItem[] ): void {
		items.forEach( ( item ) => {
			if ( !this.options.tools || item.source.kind !== 'file' || !isPhoto( item.source.file ) ) {
				return;
			}
			this.originals.set( item.id, item.source.file );
			this.patch( item.id, { reading: true, location: this.remembered, ownChoice: false, removal: 'none' } );
			let started: () => void = () => undefined;
			const turn = new Promise<void>( ( resolve ) => {
				started = resolve;
			} );
			this.waiting.push( item.id );
			this.chain( item.id, () => turn.then( () => this.read( item.id ) ).then( () => this.done() ) );
			this.turns.set( item.id, started );
		} );
		this.next();
	}

	/** The file left the list. */
	forget( id: string ): void {
		this.originals.delete( id );
		this.work.delete( id );
		// A reading not started never starts (its chain is dropped with it).
		this.turns.delete( id );
		const waiting = this.waiting.indexOf( id );
		if ( waiting !== -1 ) {
			this.waiting.splice( waiting, 1 );
		}
	}

	/** The user's choice for one file. */
	choose( id: string, choice: LocationChoice ): Promise<void> {
		this.patchIf( id, ( photo ) => ( { ...photo, location: choice, ownChoice: true } ) );
		return this.chain( id, () => this.apply( id ) );
	}

	/** The choice for every file (the user's remembered one, or set for the batch): files chosen alone keep theirs unless `all`. */
	chooseForAll( choice: LocationChoice, all = false ): Promise<void> {
		this.remembered = choice;
		return Promise.all( this.items.state.items.map( ( item ) => {
			if ( !item.photo || ( item.photo.ownChoice && !all ) ) {
				return undefined;
			}
			this.patchIf( item.id, ( photo ) => ( { ...photo, location: choice, ownChoice: false } ) );
			return this.chain( item.id, () => this.apply( item.id ) );
		} ) ).then( () => undefined );
	}

	/** Whether any photo was added (the gate then holds files for hold()). */
	get any(): boolean {
		return this.originals.size > 0;
	}

	/** The choice files added from now on take. */
	get rememberedChoice(): LocationChoice {
		return this.remembered;
	}

	/** The user's date taken: refused (false) when it is no date or in the future. */
	setDate( id: string, typed: string ): boolean {
		if ( !isValidPhotoDate( typed ) ) {
			return false;
		}
		// A time input gives 'HH:MM' when the seconds are zero: the field keeps one shape.
		const value = /T\d{2}:\d{2}$/.test( typed ) ? `${ typed }:00` : typed;
		this.items.update( id, ( item ) => ( {
			...item,
			fields: { ...item.fields, date: value },
			overrides: item.overrides.indexOf( 'date' ) === -1 ? item.overrides.concat( 'date' ) : item.overrides,
			photo: item.photo && { ...item.photo, dateOrigin: 'user' }
		} ) );
		return true;
	}

	/**
	 * Before the file's first byte: waits (a bounded time) for its reading and removal, then
	 * says whether it would go with a location the user wanted removed.
	 */
	async hold( id: string ): Promise<UploadWarning[]> {
		// A file about to go is read next, before the files still being described.
		const waiting = this.waiting.indexOf( id );
		if ( waiting > 0 ) {
			this.waiting.splice( waiting, 1 );
			this.waiting.unshift( id );
		}
		const work = this.work.get( id );
		if ( work ) {
			await waitAtMost( work, this.options.patienceMs ?? 15000 );
		}
		const photo = this.items.find( id )?.photo;
		const unsure = !!photo && photo.location === 'remove' && ( photo.reading || ( !!photo.position && photo.removal !== 'removed' ) );
		return unsure ? [ { key: LOCATION_NOT_REMOVED, known: true, files: [], timestamps: [], raw: '' } ] : [];
	}

	/** Start the next readings, a few at a time. */
	private next(): void {
		while ( this.reading < ( this.options.parallel ?? 3 ) && this.waiting.length ) {
			const id = this.waiting.shift() as string;
			const start = this.turns.get( id );
			this.turns.delete( id );
			if ( start ) {
				this.reading++;
				start();
			}
		}
	}

	private done(): void {
		this.reading = Math.max( 0, this.reading - 1 );
		this.next();
	}

	private async read( id: string ): Promise<void> {
		const file = this.originals.get( id );
		if ( !file ) {
			return;
		}
		let facts: PhotoFacts = {};
		try {
			facts = await this.options.tools!.read( file );
		} catch ( error ) {
			// The reader could not be had (the part did not load): the file's own date, no position.
		}
		const fallback = facts.taken ? undefined : lastModifiedDate( file );
		this.items.update( id, ( item ) => {
			if ( !item.photo ) {
				return item;
			}
			const keepUsers = item.overrides.indexOf( 'date' ) !== -1;
			const taken = facts.taken || fallback;
			return {
				...item,
				fields: keepUsers || !taken ? item.fields : { ...item.fields, date: fieldDate( taken.iso ) },
				photo: {
					...item.photo,
					reading: false,
					position: facts.position,
					dateOrigin: keepUsers ? 'user' : taken && ( facts.taken ? 'exif' : 'file' )
				}
			};
		} );
		await this.apply( id );
	}

	/** Makes the source match the choice: the file without its location, or the original. */
	private async apply( id: string ): Promise<void> {
		const original = this.originals.get( id );
		const item = this.items.find( id );
		const photo = item?.photo;
		if ( !original || !item || !photo || photo.reading || !changeable( item ) ) {
			return;
		}
		if ( photo.location === 'keep' || !photo.position ) {
			if ( photo.removal === 'removed' ) {
				this.replace( id, original, 'none' );
			} else if ( photo.removal !== 'none' ) {
				this.patchIf( id, ( p ) => ( { ...p, removal: 'none' } ) );
			}
			return;
		}
		if ( photo.removal === 'removed' ) {
			return;
		}
		this.patchIf( id, ( p ) => ( { ...p, removal: 'working' } ) );
		let stripped: Blob | null = null;
		try {
			stripped = await this.options.tools!.strip( original );
		} catch ( error ) {
			stripped = null;
		}
		const now = this.items.find( id );
		if ( !now || !now.photo || !this.originals.has( id ) ) {
			return;
		}
		if ( !stripped || !changeable( now ) || now.photo.location !== 'remove' ) {
			// The location stays: say so when the user still wants it gone (hold() then asks).
			this.patchIf( id, ( p ) => ( { ...p, removal: !stripped && p.location === 'remove' ? 'impossible' : 'none' } ) );
			return;
		}
		const file = new File( [ stripped ], original.name, { type: original.type, lastModified: original.lastModified } );
		this.replace( id, file, 'removed' );
	}

	/** The source swapped before sending, and its content checked again. */
	private replace( id: string, file: File, removal: PhotoInfo[ 'removal' ] ): void {
		this.items.update( id, ( item ) => ( {
			...item,
			source: { kind: 'file', file },
			precheck: { ...item.precheck, content: null },
			photo: item.photo && { ...item.photo, removal }
		} ) );
		const item = this.items.find( id );
		if ( item ) {
			this.options.contentReplaced( item );
		}
	}

	private chain( id: string, step: () => Promise<void> ): Promise<void> {
		const next = ( this.work.get( id ) || Promise.resolve() ).then( step ).catch( () => undefined );
		this.work.set( id, next );
		return next;
	}

	private patch( id: string, photo: PhotoInfo ): void {
		this.items.update( id, ( item ) => ( { ...item, photo } ) );
	}

	private patchIf( id: string, change: ( photo: PhotoInfo ) => PhotoInfo ): void {
		this.items.update( id, ( item ) => ( item.photo ? { ...item, photo: change( item.photo ) } : item ) );
	}
}

/** Before its first byte only: a file in the stash, or partly sent, keeps the bytes it has. */
function changeable( item: UploadItem ): boolean {
	const state = item.status.state;
	return !item.filekey && !item.resume &&
		( state === 'ready' || state === 'queued' || state === 'failed' || state === 'cancelled' ||
			( state === 'needs-choice' && !!item.status.early ) );
}
