/**
 * What the name checks have learnt per title, and when it stops being true: the wiki's facts by
 * title key, the invalidation epochs (an answer to a question sent before its title was
 * invalidated is not kept: it may predate the upload that changed it), and the titles whose
 * question failed (not asked again before the next change). Asking is nameChecker.ts's.
 */
import type { TitleFacts } from '../api/nameChecks';
import { dbKeyOfTitle } from './nameVerdict';

/** Normalised runs of spaces: "File:a  b.jpg" and "File:a_b.jpg" are one title. */
export function keyOf( title: string ): string {
	return title.replace( /[ _]+/g, ' ' );
}

export class TitleCache {
	/** Title key → what the wiki said about it. */
	private readonly known = new Map<string, TitleFacts>();
	/** Title key, and the wiki's name ("Foo_bar.jpg") → the epoch it was last invalidated in. */
	private readonly invalidatedKeys = new Map<string, number>();
	private readonly invalidatedNames = new Map<string, number>();
	private invalidatedAll = 0;
	/** Title keys whose question failed. */
	private readonly failed = new Set<string>();
	private current = 0;

	/** The epoch a question sent now belongs to (give it to store() with the answer). */
	get epoch(): number {
		return this.current;
	}

	/** What the wiki said about a title, if it is still true. */
	facts( title: string ): TitleFacts | undefined {
		return this.known.get( keyOf( title ) );
	}

	/** Whether a title is known or its question failed: either way, not to be asked now. */
	isSettled( title: string ): boolean {
		const key = keyOf( title );
		return this.known.has( key ) || this.failed.has( key );
	}

	hasFailed( title: string ): boolean {
		return this.failed.has( keyOf( title ) );
	}

	/**
	 * Keeps the answers to a question about `titles` sent in epoch `askedIn`: `fresh`, the titles
	 * now known; `unanswered`, those the answer did not mention (now failed). A title that is in
	 * neither was invalidated while the question was on its way: it is still unknown.
	 */
	record( titles: string[], answers: TitleFacts[], askedIn: number ): { fresh: string[]; unanswered: string[] } {
		// A title the answer says nothing about (not even `unanswered`) would stay unknown, and
		// be asked again at once, for ever: it is unanswered.
		const mentioned = new Set( answers.map( ( facts ) => keyOf( facts.asked ) ) );
		const unanswered = answers.filter( ( facts ) => facts.unanswered ).map( ( facts ) => facts.asked )
			.concat( titles.filter( ( title ) => !mentioned.has( keyOf( title ) ) ) );
		this.markFailed( unanswered );
		const fresh = answers.filter( ( facts ) => !facts.unanswered && this.store( facts, askedIn ) ).map( ( facts ) => facts.asked );
		return { fresh, unanswered };
	}

	/**
	 * Keeps an answer to a question sent in epoch `askedIn`; false (and nothing kept) when its
	 * title was invalidated while the question was on its way.
	 */
	private store( facts: TitleFacts, askedIn: number ): boolean {
		const key = keyOf( facts.asked );
		const since = Math.max(
			this.invalidatedAll,
			this.invalidatedKeys.get( key ) || 0,
			facts.title ? this.invalidatedNames.get( dbKeyOfTitle( facts.title ) ) || 0 : 0
		);
		if ( since > askedIn ) {
			return false;
		}
		this.known.set( key, facts );
		return true;
	}

	markFailed( titles: string[] ): void {
		titles.forEach( ( title ) => this.failed.add( keyOf( title ) ) );
	}

	/** Something changed: failed questions may be asked again. */
	clearFailures(): void {
		this.failed.clear();
	}

	/**
	 * Forget these titles (every title without an argument), and every title the wiki answered
	 * with the same name (Foo.JPG's answer for Foo.jpg, a thumbnail's for its original).
	 */
	invalidate( titles?: string[] ): void {
		const epoch = ++this.current;
		if ( !titles ) {
			this.known.clear();
			this.invalidatedAll = epoch;
		} else {
			titles.forEach( ( title ) => {
				const key = keyOf( title );
				const wikiName = dbKeyOfTitle( title );
				this.invalidatedKeys.set( key, epoch );
				this.invalidatedNames.set( wikiName, epoch );
				this.known.forEach( ( facts, k ) => {
					if ( k === key || ( facts.title && dbKeyOfTitle( facts.title ) === wikiName ) ) {
						this.known.delete( k );
					}
				} );
			} );
		}
		this.failed.clear();
	}
}
