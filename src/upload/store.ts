/** The smallest store that keeps the UI and the engine apart: read, replace, listen. */
export type Listener = () => void;

export class Store<S> {
	private state: S;
	private readonly listeners = new Set<Listener>();
	private batching = 0;
	private changedInBatch = false;

	constructor( initial: S ) {
		this.state = initial;
	}

	getState(): S {
		return this.state;
	}

	setState( update: ( state: S ) => S ): void {
		const next = update( this.state );
		if ( next === this.state ) {
			return;
		}
		this.state = next;
		if ( this.batching ) {
			this.changedInBatch = true;
			return;
		}
		this.listeners.forEach( ( listener ) => listener() );
	}

	/** Several changes, and the listeners told once, at the end (each telling is a render). */
	batch( changes: () => void ): void {
		this.batching++;
		try {
			changes();
		} finally {
			this.batching--;
			if ( !this.batching && this.changedInBatch ) {
				this.changedInBatch = false;
				this.listeners.forEach( ( listener ) => listener() );
			}
		}
	}

	/** @return a function that stops listening */
	subscribe( listener: Listener ): () => void {
		this.listeners.add( listener );
		return () => {
			this.listeners.delete( listener );
		};
	}
}
