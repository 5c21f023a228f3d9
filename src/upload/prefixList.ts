/**
 * The camera prefixes of the `bad-prefix` warning (MediaWiki:Filename-prefix-blacklist), loaded
 * once per checker, beside its first batch of titles. Without the list (the wiki would not give
 * it), no bad-prefix warnings before sending: the upload still gives them.
 */
import { parsePrefixBlacklist } from './nameRules';

export class PrefixList {
	private readonly fetch: () => Promise<string | null>;
	private list: string[] | null = null;
	private loading: Promise<void> | null = null;

	constructor( fetch: () => Promise<string | null> ) {
		this.fetch = fetch;
	}

	/** The prefixes; null until they are loaded (or known not to come). */
	get value(): string[] | null {
		return this.list;
	}

	/** Starts the load the first time; settles when value is no longer null. */
	load(): Promise<void> {
		if ( !this.loading ) {
			this.loading = this.fetch()
				.then( ( text ) => parsePrefixBlacklist( text ), () => [] )
				.then( ( list ) => {
					this.list = list;
				} );
		}
		return this.loading;
	}
}
