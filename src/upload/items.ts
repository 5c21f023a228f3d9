/**
 * The list of files in the dialog's store, read and changed one item at a time. Every change of
 * a file's state passes the transition table here (setStatus), whoever makes it: a job, an
 * intent of the user, or a check's answer.
 */
import type { DialogState, ItemStatus, Source, UploadFields, UploadItem } from './model';
import { Store } from './store';
import { checkTransition } from './transitions';

/** Warnings about a file's content: still true under another name. All others are its name's. */
const CONTENT_WARNINGS = [ 'duplicate', 'duplicate-archive', 'duplicate-in-batch' ];

/**
 * The item under another name. Choices made about the old name's warnings (publish despite
 * `exists`, go on despite `was-deleted`) do not carry over: the new name may be another file
 * that exists, which must never be overwritten without asking.
 */
export function withFilename( item: UploadItem, filename: string ): UploadItem {
	if ( filename === item.fields.filename ) {
		return item;
	}
	return {
		...item,
		fields: { ...item.fields, filename },
		ignoreWarnings: false,
		acknowledged: item.acknowledged.filter( ( key ) => CONTENT_WARNINGS.indexOf( key ) !== -1 )
	};
}

/** Told after every change of an item's status, once the store holds it. */
export type StatusListener = ( id: string, before: ItemStatus, after: ItemStatus ) => void;

export class ItemStore {
	readonly store: Store<DialogState>;
	private nextId = 1;
	private readonly now: () => number;
	private readonly onStatus: StatusListener;

	constructor( store: Store<DialogState>, now: () => number, onStatus: StatusListener = () => undefined ) {
		this.store = store;
		this.now = now;
		this.onStatus = onStatus;
	}

	get state(): DialogState {
		return this.store.getState();
	}

	find( id: string ): UploadItem | undefined {
		return this.state.items.find( ( i ) => i.id === id );
	}

	update( id: string, change: ( item: UploadItem ) => UploadItem ): void {
		let moved: [ ItemStatus, ItemStatus ] | null = null;
		this.store.setState( ( s ) => {
			let changed = false;
			const items = s.items.map( ( i ) => {
				if ( i.id !== id ) {
					return i;
				}
				const next = change( i );
				if ( next !== i && next.status !== i.status ) {
					checkTransition( id, i.status.state, next.status.state );
					moved = [ i.status, next.status ];
				}
				changed = changed || next !== i;
				return next;
			} );
			return changed ? { ...s, items } : s;
		} );
		// After the store holds the change: the listener may change the store itself.
		if ( moved ) {
			this.onStatus( id, moved[ 0 ], moved[ 1 ] );
		}
	}

	setStatus( id: string, status: ItemStatus ): void {
		this.update( id, ( i ) => ( { ...i, status } ) );
	}

	append( items: UploadItem[] ): void {
		if ( items.length ) {
			this.store.setState( ( s ) => ( { ...s, items: s.items.concat( items ) } ) );
		}
	}

	remove( id: string ): void {
		this.store.setState( ( s ) => ( { ...s, items: s.items.filter( ( i ) => i.id !== id ) } ) );
	}

	create( source: Source, label: string, size: number | null, fields: UploadFields ): UploadItem {
		return {
			// Unique across page loads too: resume records are keyed by it.
			id: `file-${ this.now().toString( 36 ) }-${ this.nextId++ }`,
			source,
			label,
			size,
			fields,
			status: { state: 'ready' },
			filekey: null,
			resume: null,
			notice: null,
			ignoreWarnings: false,
			overrides: [],
			precheck: { name: null, content: null },
			acknowledged: []
		};
	}
}
