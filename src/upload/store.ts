/** The smallest store that keeps the UI and the engine apart: read, replace, listen. */
export type Listener = () => void;

export class Store<S> {
	private state: S;
	private readonly listeners = new Set<Listener>();

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
		this.listeners.forEach( ( listener ) => listener() );
	}

	/** @return a function that stops listening */
	subscribe( listener: Listener ): () => void {
		this.listeners.add( listener );
		return () => {
			this.listeners.delete( listener );
		};
	}
}
