/**
 * Drafts in the dialog: what the user types is kept (src/upload/draft.ts) a moment after each
 * change and when the page goes away; when files are picked for which a draft was kept, the
 * dialog offers it back (Restore fills their fields, Discard forgets it). Until the user answers,
 * those files' drafts are not overwritten by their fresh, empty fields.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { msg } from '../../i18n';
import { identityOf, type DraftRecord, type DraftStore } from '../../upload/draft';
import type { UploadItem } from '../../upload/model';
import type { UploadQueue } from '../../upload/queue';
import { BUTTON, Message, PROGRESSIVE } from '../codex';

/** Quiet time after a change before the drafts are written. */
export const SAVE_AFTER_MS = 400;

interface Offer {
	id: string;
	draft: DraftRecord;
}

/** Keeps the drafts of the queue's files, and what is offered back now. */
export function useDrafts( drafts: DraftStore | undefined, queue: UploadQueue, items: UploadItem[] ): { offers: Offer[]; restore(): void; discard(): void } {
	/** Files whose draft was offered and answered, or that had none when added. */
	const seen = useRef( new Set<string>() );
	const [ offers, setOffers ] = useState<Offer[]>( [] );
	const offered = useRef<Offer[]>( [] );
	offered.current = offers;

	// New files: look for their drafts.
	useEffect( () => {
		if ( !drafts ) {
			return;
		}
		const found: Offer[] = [];
		items.forEach( ( item ) => {
			if ( seen.current.has( item.id ) ) {
				return;
			}
			seen.current.add( item.id );
			const file = identityOf( item );
			const draft = file && item.status.state === 'ready' ? drafts.find( file ) : undefined;
			// Not a file whose fields hold the draft already (the dialog closed and opened again).
			if ( draft && differs( draft, item ) ) {
				found.push( { id: item.id, draft } );
			}
		} );
		if ( found.length ) {
			setOffers( ( now ) => now.concat( found ) );
		}
	}, [ drafts, items ] );

	// Saving, a moment after a change of what the user typed (a file's fields, or the list), at once
	// when the page goes away, and at once when the dialog closes with a save pending. Only such a
	// change starts the wait: progress renders the list every 200 ms during an upload, and a wait
	// started again on each would never end.
	const pending = useRef<ReturnType<typeof setTimeout> | null>( null );
	const typed = useRef<UploadItem[ 'fields' ][]>( [] );
	const save = useRef<() => void>( () => undefined );
	save.current = () => {
		pending.current = null;
		drafts?.saveFrom( queue.getState().items, ( item ) => offered.current.some( ( o ) => o.id === item.id ) );
	};
	useEffect( () => {
		const fields = items.map( ( item ) => item.fields );
		const changed = fields.length !== typed.current.length || fields.some( ( f, i ) => f !== typed.current[ i ] );
		typed.current = fields;
		if ( drafts && changed && pending.current === null ) {
			pending.current = setTimeout( () => save.current(), SAVE_AFTER_MS );
		}
	}, [ drafts, items ] );
	useEffect( () => {
		const onPageHide = () => save.current();
		window.addEventListener( 'pagehide', onPageHide );
		return () => {
			window.removeEventListener( 'pagehide', onPageHide );
			if ( pending.current !== null ) {
				clearTimeout( pending.current );
				save.current();
			}
		};
	}, [] );

	return {
		offers,
		restore() {
			queue.store.batch( () => offers.forEach( ( o ) => queue.updateFields( o.id, o.draft.fields ) ) );
			setOffers( [] );
		},
		discard() {
			offers.forEach( ( o ) => drafts && drafts.forget( o.draft ) );
			setOffers( [] );
		}
	};
}

interface DraftOfferProps {
	count: number;
	onRestore(): void;
	onDiscard(): void;
}

export function DraftOffer( { count, onRestore, onDiscard }: DraftOfferProps ) {
	return (
		<Message type="notice" class="uploaddialog-draft" role="status">
			<p>{ msg( 'uploaddialog-draft-offer', count ) }</p>
			<button type="button" class={ PROGRESSIVE } onClick={ onRestore }>{ msg( 'uploaddialog-draft-restore' ) }</button>
			<button type="button" class={ BUTTON } onClick={ onDiscard }>{ msg( 'uploaddialog-draft-discard' ) }</button>
		</Message>
	);
}

/** Whether restoring the draft would change the item's fields. */
function differs( draft: DraftRecord, item: UploadItem ): boolean {
	const fields = item.fields as unknown as Record<string, unknown>;
	return Object.keys( draft.fields ).some( ( key ) => JSON.stringify( ( draft.fields as Record<string, unknown> )[ key ] ) !== JSON.stringify( fields[ key ] ) );
}
