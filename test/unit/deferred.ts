/**
 * A tiny stand-in for jQuery's Deferred/Promise as mw.Api returns them (jQuery is not a
 * dependency): `done`/`fail` (synchronous), `then( done, fail )` with several arguments per settlement and a new promise
 * (adopting a returned thenable, a fail handler's plain return value resolving it, as jQuery 3
 * does), `progress`, `notify`, and, on requests, an `abort` that rejects like jqXHR#abort does:
 * ( 'http', { textStatus: 'abort', … } ).
 */
import { vi } from 'vitest';

type Callback = ( ...args: unknown[] ) => unknown;

export class FakeDeferred {
	state: 'pending' | 'resolved' | 'rejected' = 'pending';
	abort?: () => void;
	private args: unknown[] = [];
	private readonly onDone: Callback[] = [];
	private readonly onFail: Callback[] = [];
	private readonly onProgress: Callback[] = [];
	private readonly direct: { state: 'resolved' | 'rejected'; cb: Callback }[] = [];

	resolve( ...args: unknown[] ): this {
		return this.settle( 'resolved', args );
	}

	reject( ...args: unknown[] ): this {
		return this.settle( 'rejected', args );
	}

	notify( ...args: unknown[] ): this {
		if ( this.state === 'pending' ) {
			this.onProgress.slice().forEach( ( cb ) => cb( ...args ) );
		}
		return this;
	}

	progress( cb: Callback ): this {
		this.onProgress.push( cb );
		return this;
	}

	/** jQuery's `done`: called as the promise resolves (synchronously, unlike `then`). */
	done( cb: Callback ): this {
		return this.listen( 'resolved', cb );
	}

	/** jQuery's `fail`: called as the promise is rejected (synchronously, unlike `then`). */
	fail( cb: Callback ): this {
		return this.listen( 'rejected', cb );
	}

	private listen( state: 'resolved' | 'rejected', cb: Callback ): this {
		if ( this.state === 'pending' ) {
			this.direct.push( { state, cb } );
		} else if ( this.state === state ) {
			cb( ...this.args );
		}
		return this;
	}

	then( done?: Callback | null, fail?: Callback | null ): FakeDeferred {
		const next = new FakeDeferred();
		const chain = ( handler: Callback | null | undefined, passOn: ( ...a: unknown[] ) => void ) => ( ...args: unknown[] ) => {
			if ( !handler ) {
				passOn( ...args );
				return;
			}
			let out: unknown;
			try {
				out = handler( ...args );
			} catch ( e ) {
				next.reject( e );
				return;
			}
			if ( out && typeof ( out as { then?: unknown } ).then === 'function' ) {
				// (Braces: handlers returning `next` itself would be adopted again, forever.)
				( out as FakeDeferred ).then( ( ...a: unknown[] ) => {
					next.resolve( ...a );
				}, ( ...a: unknown[] ) => {
					next.reject( ...a );
				} );
			} else {
				next.resolve( out );
			}
		};
		this.subscribe(
			chain( done, ( ...a ) => next.resolve( ...a ) ),
			chain( fail, ( ...a ) => next.reject( ...a ) )
		);
		this.progress( ( ...a ) => next.notify( ...a ) );
		return next;
	}

	private subscribe( done: Callback, fail: Callback ): void {
		if ( this.state === 'pending' ) {
			this.onDone.push( done );
			this.onFail.push( fail );
		} else {
			const cb = this.state === 'resolved' ? done : fail;
			const args = this.args;
			queueMicrotask( () => cb( ...args ) );
		}
	}

	private settle( state: 'resolved' | 'rejected', args: unknown[] ): this {
		if ( this.state !== 'pending' ) {
			return this;
		}
		this.state = state;
		this.args = args;
		this.direct.filter( ( d ) => d.state === state ).forEach( ( d ) => d.cb( ...args ) );
		const callbacks = state === 'resolved' ? this.onDone : this.onFail;
		// jQuery 3 runs `then` callbacks asynchronously.
		callbacks.forEach( ( cb ) => queueMicrotask( () => cb( ...args ) ) );
		return this;
	}
}

/** A pending request with a spy `abort` that rejects it as jqXHR#abort does. */
export function request(): FakeDeferred & { abort: ReturnType<typeof vi.fn> } {
	const d = new FakeDeferred();
	const abort = vi.fn( () => {
		d.reject( 'http', { xhr: { status: 0, readyState: 0 }, textStatus: 'abort', exception: 'abort' } );
	} );
	d.abort = abort;
	return d as FakeDeferred & { abort: typeof abort };
}

export function resolved( ...args: unknown[] ): FakeDeferred {
	return new FakeDeferred().resolve( ...args );
}

export function rejected( ...args: unknown[] ): FakeDeferred {
	return new FakeDeferred().reject( ...args );
}
