/**
 * Who hears the name checks' verdicts, and what each file was last told: a verdict is reported
 * once, not again while it stays the same (every batch re-evaluates many names). A listener that
 * throws is reported on its own (as an EventTarget does), never in the checker's run: it would
 * end that run, and with it the questions and the waits behind it.
 */
import type { NameCheck } from './nameVerdict';
import { throwLater } from './throwLater';

export type NameCheckListener = ( id: string, check: NameCheck ) => void;

export class NameReports {
	private readonly onListenerError: ( error: unknown ) => void;
	private readonly listeners = new Set<NameCheckListener>();
	/** File id → the last result reported, as JSON. */
	private readonly reported = new Map<string, string>();

	constructor( onListenerError: ( error: unknown ) => void = throwLater ) {
		this.onListenerError = onListenerError;
	}

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
		this.listeners.forEach( ( listener ) => {
			try {
				listener( id, check );
			} catch ( error ) {
				this.onListenerError( error );
			}
		} );
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
