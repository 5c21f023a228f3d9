/**
 * Which of the wiki's messages an error is, where one API code stands for several cases that
 * the engine must tell apart. The wiki words its errors in the user's language (see
 * errorFormat.ts), so the engine cannot match English text; and the API's HTML does not name
 * the message. So, only when such an error arrives, the wiki is asked once (per page and
 * language) for its own wording of the few candidate messages (meta=allmessages: the same
 * language and on-wiki customisations as the error), and the error's text is compared with them.
 */
import type { ApiError } from './errors';

/**
 * Code → the messages it may carry that change what the engine does (ApiUpload in 1.43):
 * - stashfailed: a chunk sent to an upload whose chunks are all there (the answer to the last
 *   one got lost); a session that is gone; a chunked file that failed verification at assembly.
 * - publishfailed: a publish of the same stashed file already runs on the server.
 */
export const TOLD_APART: Record<string, string[]> = {
	stashfailed: [ 'apierror-stashfailed-complete', 'apierror-stashfailed-nosession', 'verification-error' ],
	publishfailed: [ 'apierror-upload-inprogress', 'apierror-no-async-support' ]
};

interface AllMessagesAnswer {
	query?: { allmessages?: Array<{ name: string; content?: string; missing?: boolean }> };
}

/** Words only: whitespace runs as one space, no surrounding space. */
function words( text: string ): string {
	return text.replace( /\s+/g, ' ' ).trim();
}

export class MessageNames {
	private texts: Promise<Record<string, string>> | null = null;

	constructor( private readonly api: mw.Api, private readonly language: string ) {}

	/** The message key of the error, or null (not a code with several cases, or no match). */
	async keyOf( error: ApiError ): Promise<string | null> {
		const candidates = TOLD_APART[ error.code ];
		if ( !candidates || !error.result ) {
			return null;
		}
		const texts = await this.wording().catch( () => ( {} as Record<string, string> ) );
		const said = words( error.info );
		return candidates.find( ( key ) => texts[ key ] !== undefined && words( texts[ key ] ) === said ) || null;
	}

	/** The wiki's wording of every candidate message, asked once; a failed ask is asked again next time. */
	private wording(): Promise<Record<string, string>> {
		if ( !this.texts ) {
			const keys = Object.keys( TOLD_APART ).reduce<string[]>( ( all, code ) => all.concat( TOLD_APART[ code ] ), [] );
			const asked = Promise.resolve( this.api.get( {
				action: 'query',
				meta: 'allmessages',
				ammessages: keys.join( '|' ),
				amlang: this.language,
				amenableparser: 1
			} ) as unknown as PromiseLike<AllMessagesAnswer> ).then( ( answer ) => {
				const texts: Record<string, string> = {};
				( answer.query?.allmessages || [] ).forEach( ( m ) => {
					if ( !m.missing && typeof m.content === 'string' ) {
						texts[ m.name ] = m.content;
					}
				} );
				return texts;
			} );
			asked.catch( () => {
				this.texts = null;
			} );
			this.texts = asked;
		}
		return this.texts;
	}
}
