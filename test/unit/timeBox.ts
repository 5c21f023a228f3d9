/**
 * Time-boxed waits for the tests of waits that must end: each gives up after a bound of real
 * time and says what it saw, so a wait that never ends fails its test instead of hanging it.
 */

/** `wait`, or a failure that says what `state` was when `ms` ran out. */
export function within<T>( wait: Promise<T>, ms: number, state: () => unknown ): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>( ( _resolve, reject ) => {
		timer = setTimeout( () => reject( new Error( `still waiting after ${ ms } ms: ${ JSON.stringify( state() ) }` ) ), ms );
	} );
	return Promise.race( [ wait, timeout ] ).finally( () => clearTimeout( timer ) );
}

/** Real event-loop turns until `condition` holds, at most `ms`. */
export async function until( condition: () => boolean, ms: number, state: () => unknown ): Promise<void> {
	const end = Date.now() + ms;
	while ( !condition() ) {
		if ( Date.now() > end ) {
			throw new Error( `condition not met after ${ ms } ms: ${ JSON.stringify( state() ) }` );
		}
		await new Promise( ( resolve ) => setTimeout( resolve, 5 ) );
	}
}
