/**
 * What the Upload click shows: the status of the first file it started. In a card with its
 * fields open, that status (progress, Pause, Cancel, a retry's countdown) sits below the fields,
 * often out of the dialog's view, so after the click nothing the user sees would move. The list
 * is scrolled only when that status is out of view, and only once per click: later progress
 * never takes the view away from where the user scrolled.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { UploadItem } from '../upload/model';

/** About what a sending file's status adds to a ready one's, in CSS pixels. */
const GROWTH = 64;

export function useStartShown( items: UploadItem[] ): { list: { current: HTMLUListElement | null }; willStart(): void } {
	const list = useRef<HTMLUListElement | null>( null );
	const [ first, setFirst ] = useState<number | null>( null );
	useEffect( () => {
		if ( first === null ) {
			return;
		}
		setFirst( null );
		const status = list.current?.children[ first ]?.querySelector( '.uploaddialog-status' );
		const view = status?.closest( '.uploaddialog-body' );
		if ( status && view && status.scrollIntoView ) {
			const shown = status.getBoundingClientRect();
			const room = view.getBoundingClientRect();
			// The status grows once the file is sending (the bar, its line, a retry's countdown):
			// one that is not in view with room below it goes to the middle of the view.
			if ( shown.top < room.top || shown.bottom + GROWTH > room.bottom ) {
				status.scrollIntoView( { block: 'center' } );
			}
		}
	}, [ first ] );
	return {
		list,
		/** Called just before the queue starts: the first file ready now is the one shown. */
		willStart() {
			const index = items.findIndex( ( item ) => item.status.state === 'ready' );
			if ( index !== -1 ) {
				setFirst( index );
			}
		}
	};
}
