/**
 * Who hears the name checks' verdicts, and what each file was last told: a verdict is reported
 * once, not again while it stays the same (every batch re-evaluates many names).
 */
import type { NameCheck } from './nameVerdict';

export type NameCheckListener = ( id: string, check: NameCheck ) => void;

export class NameReports {
	private readonly listeners = new Set<NameCheckListener>();
	/** File id → the last result reported, as JSON. */
	private readonly reported = new Map<string, string>();

	subscribe( listener: NameCheckListener ): () => void {
		this.listeners.add( listener );
		return () => {
			this.listeners.delete( listener );
		};
	}

	/** Tells the listeners about file `id`, unless they were told the same last time. */
	emit( id: string, check: NameCheck ): void {
		const signature = JSON.stringify( check );
		if ( this.reported.get( id ) === signature ) {
			return;
		}
		this.reported.set( id, signature );
		this.listeners.forEach( ( listener ) => listener( id, check ) );
	}

	/** File `id` is gone: a file of the same id later is told everything anew. */
	forget( id: string ): void {
		this.reported.delete( id );
	}

	/** No more listeners. */
	clear(): void {
		this.listeners.clear();
	}
}
