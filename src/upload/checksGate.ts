/**
 * The checks before sending, as the queue uses them: it keeps the name checker and the content
 * checker told of every file and name, puts their answers on the items, and is the gate each
 * file passes before its first byte (gate()): a bounded wait for its own checks, then the
 * warnings the user has not chosen about yet. Every wait here has a limit: a check that never
 * answers costs a file at most a few seconds, never its turn.
 */
import type { SiteInfo } from '../api/types';
import type { FileHasher } from '../hash/hasher';
import { clientFailure, isUnreadable } from './failures';
import type { ItemStore } from './items';
import type { UploadFields, UploadItem } from './model';
import { titleKey } from './nameRules';
import { PhotoDesk, type PhotoTools } from './photos';
import { waitAtMost } from './deadline';
import { NameChecker, type NameCheckApi } from './prechecks';
import { ContentChecker, earlyWarnings, type ContentCheck, type ContentCheckApi } from './preflight';
import type { UploadWarning } from './warnings';

/** How long a file waits for its name's check before it is sent anyway (the user's time). */
export const NAME_CHECK_PATIENCE_MS = 10000;
/** How long a file that stops for its name waits for its content's check to join it. */
export const CONTENT_CHECK_PATIENCE_MS = 5000;

export interface ChecksOptions {
	names: NameCheckApi;
	content: ContentCheckApi;
	/** The wiki's names of the File namespace ("File", "Image", "Datei" …). */
	fileNamespaces?: string[];
	debounceMs?: number;
}

export interface ChecksGateOptions {
	items: ItemStore;
	checks?: ChecksOptions;
	hasher?: FileHasher;
	photoTools?: PhotoTools;
	nameCheckPatienceMs?: number;
	sleep?: ( ms: number ) => Promise<void>;
	/** A check found warnings about a file that is on its way: stop it and ask. */
	onWarningsWhileSending( id: string, warnings: UploadWarning[] ): void;
}

export class ChecksGate {
	private readonly options: ChecksGateOptions;
	private readonly items: ItemStore;
	private nameChecker: NameChecker | null = null;
	private readonly contentChecker: ContentChecker | null = null;
	/** Photos' dates and locations: a photo goes only once its location is as the user chose. */
	readonly photos: PhotoDesk;
	/** The name each file's check was asked for last. */
	private readonly checkedNames = new Map<string, string>();
	/** Title keys by fields object: see titleKeyOf(). */
	private readonly titleKeys = new WeakMap<UploadFields, string>();

	constructor( options: ChecksGateOptions ) {
		this.options = options;
		this.items = options.items;
		this.photos = new PhotoDesk( { items: this.items, tools: options.photoTools, contentReplaced: ( item ) => this.contentReplaced( item ) } );
		if ( options.checks && options.hasher ) {
			this.contentChecker = new ContentChecker( {
				api: options.checks.content,
				hasher: options.hasher,
				twinsOf: ( id, sha1 ) => this.twinsOf( id, sha1 ),
				onResult: ( id, content, error ) => this.onContentChecked( id, content, error )
			} );
		}
	}

	/** Whether any check runs before sending. */
	get active(): boolean {
		return !!this.nameChecker || !!this.contentChecker || this.photos.any;
	}

	/** The wiki's facts are known: names can be checked from now on. */
	siteLoaded( site: SiteInfo ): void {
		const checks = this.options.checks;
		if ( checks && !this.nameChecker ) {
			this.nameChecker = new NameChecker( {
				api: checks.names,
				debounceMs: checks.debounceMs,
				sleep: this.options.sleep,
				rights: site.rights,
				userName: site.userName,
				fileExtensions: site.fileExtensions,
				fileNamespaces: checks.fileNamespaces
			} );
			this.nameChecker.subscribe( ( id, check ) => {
				this.items.update( id, ( i ) => ( { ...i, precheck: { ...i.precheck, name: check } } ) );
			} );
		}
		this.checkNames();
	}

	/** A picked file joined the list: its content is checked beside everything else. */
	added( item: UploadItem ): void {
		if ( item.source.kind === 'file' ) {
			this.contentChecker?.check( item.id, item.source.file );
		}
		this.photos.added( [ item ] );
	}

	/** The file left the list. */
	forget( id: string ): void {
		this.photos.forget( id );
		this.nameChecker?.forget( id );
		this.contentChecker?.forget( id );
		this.checkedNames.delete( id );
	}

	/** The file was published under `filename`: names that depend on it are asked again. */
	published( id: string, filename: string ): void {
		// Not this file's own name: it is done (asking would cost a request per file).
		this.nameChecker?.forget( id );
		this.nameChecker?.invalidate( [ filename ] );
	}

	/** The file is to be renamed before sending: other files may have landed since its content was looked up. */
	renamedBeforeSending( item: UploadItem ): void {
		if ( item.source.kind === 'file' ) {
			this.contentChecker?.recheck( item.id, item.source.file );
		}
	}

	/** The file's bytes were replaced before sending (its location removed or put back): its content is checked anew. */
	contentReplaced( item: UploadItem ): void {
		if ( item.source.kind === 'file' && this.contentChecker ) {
			this.contentChecker.forget( item.id );
			this.contentChecker.check( item.id, item.source.file );
		}
	}

	/** Ask the name checker about every name that changed since it was asked. */
	checkNames(): void {
		const checker = this.nameChecker;
		if ( !checker ) {
			return;
		}
		this.items.state.items.forEach( ( i ) => {
			const name = i.fields.filename.trim();
			if ( i.source.kind !== 'missing' && i.status.state !== 'done' && this.checkedNames.get( i.id ) !== name ) {
				this.checkedNames.set( i.id, name );
				checker.check( i.id, name );
			}
		} );
	}

	/**
	 * Before the first byte: wait (a little) for the name's check, then stop for what it or the
	 * content check found and the user has not chosen about. `go` when nothing stands in the way;
	 * `stopped` when the item was given another state (a choice, a failure) or left its turn.
	 */
	async gate( id: string, stillQueued: () => boolean ): Promise<'go' | 'stopped'> {
		const checker = this.nameChecker;
		const start = this.items.find( id );
		if ( !start ) {
			return 'stopped';
		}
		const photos = this.photos.hold( id );
		const wanted = start.fields.filename.trim();
		const known = () => {
			const check = this.items.find( id )?.precheck.name;
			return !!check && check.name === wanted;
		};
		if ( checker && !known() ) {
			await waitAtMost( checker.whenAnswered( id ), this.options.nameCheckPatienceMs ?? NAME_CHECK_PATIENCE_MS );
		}
		let item = this.items.find( id );
		if ( !item || !stillQueued() ) {
			return 'stopped';
		}
		const name = known() ? item.precheck.name : null;
		if ( name && name.error ) {
			this.items.setStatus( id, { state: 'failed', failure: name.error } );
			return 'stopped';
		}
		const content = this.contentChecker;
		const lookingUp = !!content && content.isLookingUp( id );
		if ( content && ( lookingUp || ( name && this.unacknowledged( item, name.warnings ).length && !item.precheck.content ) ) ) {
			// The file stops for its name anyway: let its content's warnings join them (a short
			// wait; the bytes are not waiting for it), so the user chooses once.
			await waitAtMost( content.whenChecked( id ), CONTENT_CHECK_PATIENCE_MS );
			item = this.items.find( id );
			if ( !item || !stillQueued() ) {
				return 'stopped';
			}
		}
		const photoWarnings = await photos;
		item = this.items.find( id );
		if ( !item || !stillQueued() ) {
			return 'stopped';
		}
		const open = this.unacknowledged( item, earlyWarnings( name, item.precheck.content ).concat( this.sameTargetEarlier( item ), photoWarnings ) );
		if ( open.length ) {
			this.items.setStatus( id, { state: 'needs-choice', warnings: open, early: true } );
			return 'stopped';
		}
		return 'go';
	}

	/** The warnings the user has not yet chosen to go on despite. */
	unacknowledged( item: UploadItem, warnings: UploadWarning[] ): UploadWarning[] {
		const done = item.acknowledged;
		return warnings.filter( ( w ) => done.indexOf( w.key ) === -1 &&
			// The same content earlier in the list, once uploaded, is the wiki's `duplicate`;
			// the same name earlier in the list, once uploaded, is the wiki's `exists`.
			!( w.key === 'duplicate' && done.indexOf( 'duplicate-in-batch' ) !== -1 ) &&
			!( w.key === 'exists' && done.indexOf( 'duplicate-target' ) !== -1 ) );
	}

	/**
	 * `duplicate-target`: files earlier in the list that aim at the same name (as the wiki
	 * compares titles) and are not cancelled. The first of them goes; each later one asks before
	 * its bytes are sent, since it would become a new version of the earlier file. Named by the
	 * files' own names: they are not on the wiki yet.
	 */
	private sameTargetEarlier( item: UploadItem ): UploadWarning[] {
		if ( !item.fields.filename.trim() ) {
			return [];
		}
		const key = this.titleKeyOf( item.fields );
		const items = this.items.state.items;
		const earlier = items.slice( 0, items.findIndex( ( i ) => i.id === item.id ) ).filter( ( i ) =>
			i.status.state !== 'cancelled' && i.fields.filename.trim() !== '' && this.titleKeyOf( i.fields ) === key );
		if ( !earlier.length ) {
			return [];
		}
		const labels = earlier.map( ( i ) => i.label );
		return [ { key: 'duplicate-target', known: true, files: labels, timestamps: [], raw: labels.join( ', ' ) } ];
	}

	/**
	 * The title key of a file's name, worked out once per fields object (they are replaced, never
	 * changed): every file's turn compares its name with all files before it, and a list of 500
	 * would otherwise normalise the same names some 125,000 times.
	 */
	private titleKeyOf( fields: UploadFields ): string {
		let key = this.titleKeys.get( fields );
		if ( key === undefined ) {
			key = titleKey( fields.filename.trim(), this.options.checks?.fileNamespaces );
			this.titleKeys.set( fields, key );
		}
		return key;
	}

	/** The target names of files before `id` in the list with the same content. */
	private twinsOf( id: string, sha1: string ): string[] {
		const twins: string[] = [];
		for ( const item of this.items.state.items ) {
			if ( item.id === id ) {
				break;
			}
			if ( this.contentChecker?.sha1Of( item.id ) === sha1 && item.status.state !== 'cancelled' ) {
				twins.push( item.fields.filename.trim() );
			}
		}
		return twins;
	}

	/**
	 * A content check came back. A duplicate found while the file is on its way pauses it (its
	 * chunks stay in the stash) and asks; one found before its turn is asked when its turn comes.
	 */
	private onContentChecked( id: string, content: ContentCheck | null, error?: unknown ): void {
		this.items.update( id, ( i ) => ( { ...i, precheck: { ...i.precheck, content } } ) );
		const item = this.items.find( id );
		if ( !item ) {
			return;
		}
		if ( !content && isUnreadable( error ) ) {
			// The file went away or changed since it was picked: say so now, before its turn.
			if ( item.status.state === 'ready' || item.status.state === 'queued' ) {
				this.items.setStatus( id, { state: 'failed', failure: clientFailure( 'file-unreadable' ) } );
			}
			return;
		}
		if ( !content ) {
			return;
		}
		const name = item.precheck.name && item.precheck.name.name === item.fields.filename.trim() ? item.precheck.name : null;
		const open = this.unacknowledged( item, earlyWarnings( name, content ) );
		if ( open.length && item.status.state === 'sending' && item.status.chunked && !item.filekey ) {
			this.options.onWarningsWhileSending( id, open );
		}
	}
}
