/**
 * One progress tick for all uploads: the progress of every upload under way is shown at most
 * every PROGRESS_INTERVAL_MS, all in one change of the store. Each change renders the whole
 * dialog (with a hundred files listed, layout and paint cost more than the script), so three
 * uploads at once must not make three renders; and a render in the gap between a chunk's answer
 * and the next chunk's request would delay every chunk.
 */
import type { Store } from './store';

/** How often the uploads' progress is shown at most. */
export const PROGRESS_INTERVAL_MS = 200;

export class ProgressTicker {
	private readonly due = new Map<string, () => void>();
	private timer: ReturnType<typeof setTimeout> | null = null;
	private readonly store: Store<unknown>;

	constructor( store: Store<unknown> ) {
		this.store = store;
	}

	/** Show this upload's progress with the next tick (replacing what it had due). */
	soon( id: string, show: () => void ): void {
		this.due.set( id, show );
		if ( this.timer !== null ) {
			return;
		}
		this.timer = setTimeout( () => {
			this.timer = null;
			const due = Array.from( this.due.values() );
			this.due.clear();
			this.store.batch( () => due.forEach( ( each ) => each() ) );
		}, PROGRESS_INTERVAL_MS );
	}

	/** Nothing of this upload is to be shown any more (it was shown now, or it stopped). */
	drop( id: string ): void {
		this.due.delete( id );
	}
}
