/**
 * How the checks before sending treat an error thrown by whoever they report to (a listener, a
 * result callback): thrown on its own, a moment later, as an EventTarget reports a listener's
 * error. The page's console shows it; the check that reported goes on, and so do the waits on it.
 */
export function throwLater( error: unknown ): void {
	setTimeout( () => {
		throw error;
	}, 0 );
}
