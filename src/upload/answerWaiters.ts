/**
 * The waits on the name checks (NameChecker.whenAnswered): each ends when its condition holds,
 * looked at again whenever something it depends on may have changed (wake), or when the work
 * that drives the answers settles, however it settles. Nothing else ends them, so every change
 * that can end one must wake them: an answer or a failed question, a file forgotten or renamed,
 * the checker disposed.
 */
export class AnswerWaiters {
	private readonly waiting = new Set<() => void>();

	/** Settles at once when `isOver()` holds, else at the first wake() it holds, or when `drive()` settles. */
	wait( isOver: () => boolean, drive: () => Promise<unknown> ): Promise<void> {
		if ( isOver() ) {
			return Promise.resolve();
		}
		return new Promise<void>( ( resolve ) => {
			const done = () => {
				this.waiting.delete( look );
				resolve();
			};
			const look = () => {
				if ( isOver() ) {
					done();
				}
			};
			this.waiting.add( look );
			drive().then( done, done );
		} );
	}

	/** Something a wait depends on may have changed: each looks at its condition again. */
	wake(): void {
		this.waiting.forEach( ( look ) => look() );
	}
}
