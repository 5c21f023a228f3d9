/**
 * Whose turn it is: up to `parallel` files hold a slot at once, taken in list order from the
 * queued ones; *Pause all* lets no new one start; and none starts before the wiki's limits are
 * known (a file must never be sent before its size has been checked against them). A slot is
 * given back the moment its file leaves the states that need one (UploadQueue tells release()
 * on every such change), whether its job's promise has settled or not: a job that failed, was
 * cancelled, paused or waits for a choice never holds up the others.
 */
import type { ItemStore } from './items';
import { isActive, type ItemStatus } from './model';

/** The states in which a file may hold a slot (checked, sent, processed or committed): the active ones. */
export const holdsSlot: ( status: ItemStatus ) => boolean = isActive;

export class Scheduler {
	private readonly items: ItemStore;
	private readonly startJob: ( id: string ) => void;
	private readonly slots = new Set<string>();
	private pumping = false;
	private again = false;
	private pumpDue = false;

	/** `startJob` runs a file's turn (it may end it at once: a re-entrant pump() is folded in). */
	constructor( items: ItemStore, startJob: ( id: string ) => void ) {
		this.items = items;
		this.startJob = startJob;
	}

	/** Whether a file holds a slot. */
	has( id: string ): boolean {
		return this.slots.has( id );
	}

	/** How many slots are taken. */
	get taken(): number {
		return this.slots.size;
	}

	/** The ids of the files holding a slot. */
	holders(): string[] {
		return Array.from( this.slots );
	}

	/**
	 * Start queued files, in list order, until the slots are full. Re-entrant calls (a job that
	 * ends at once and gives its slot back) are folded into the running one.
	 */
	pump(): void {
		if ( this.pumping ) {
			this.again = true;
			return;
		}
		this.pumping = true;
		try {
			do {
				this.again = false;
				this.fill();
			} while ( this.again );
		} finally {
			this.pumping = false;
		}
		this.showRunning();
	}

	/**
	 * The file's turn is over (or it left the states that hold one): its slot goes to the next,
	 * a moment later. Not at once: an intent that stops several files (Cancel all) must stop them
	 * all before the next one starts, or it would start one it is about to cancel.
	 */
	release( id: string ): void {
		if ( this.slots.delete( id ) && !this.pumpDue ) {
			this.pumpDue = true;
			void Promise.resolve().then( () => {
				this.pumpDue = false;
				this.pump();
			} );
		}
	}

	private fill(): void {
		const { held, site, settings } = this.items.state;
		const limit = held || !site ? 0 : settings.parallel;
		while ( this.slots.size < limit ) {
			const next = this.items.state.items.find( ( i ) => i.status.state === 'queued' && !this.slots.has( i.id ) );
			if ( !next ) {
				return;
			}
			this.slots.add( next.id );
			this.startJob( next.id );
		}
	}

	private showRunning(): void {
		const running = this.slots.size > 0;
		if ( this.items.state.running !== running ) {
			this.items.store.setState( ( s ) => ( { ...s, running } ) );
		}
	}
}
