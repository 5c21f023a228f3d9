/** Preact's view of the engine's store: re-render when the state changes. */
import { useEffect, useState } from 'preact/hooks';
import type { Store } from '../upload/store';

export function useStore<S>( store: Store<S> ): S {
	const [ state, setState ] = useState( store.getState() );
	useEffect( () => {
		setState( store.getState() );
		return store.subscribe( () => setState( store.getState() ) );
	}, [ store ] );
	return state;
}
