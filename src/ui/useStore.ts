/** Preact's view of the engine's store: re-render when the state changes. */
import { useLayoutEffect, useState } from 'preact/hooks';
import type { Store } from '../upload/store';

export function useStore<S>( store: Store<S> ): S {
	const [ state, setState ] = useState( store.getState() );
	// Subscribed right after the render, not a frame later (useEffect): a change made in
	// between, such as site info already at hand when the dialog opens, shows before the first paint.
	useLayoutEffect( () => {
		setState( store.getState() );
		return store.subscribe( () => setState( store.getState() ) );
	}, [ store ] );
	return state;
}
