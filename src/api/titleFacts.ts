/**
 * What an answer of action=query means for the checks: each asked title's TitleFacts (its wiki
 * form, whether the page exists, the wiki's own file or a shared one, a redirect's file, deleted
 * revisions, the wiki's refusals), and the files a look-up by content found. Pure functions of
 * the answer; asking is nameChecks.ts's, carrying queryTransport.ts's.
 */
import { textOfHtml } from './errorFormat';
import type { FoundFile, QueryPage, Refusal, TitleFacts, ApiMessage } from './nameCheckTypes';
import type { MergedAnswer } from './queryTransport';
import type { FileVersion } from './types';

/** One entry of list=allimages or list=filearchive. */
export interface FileListEntry {
	name?: string;
	title?: string;
	timestamp?: string;
	user?: string;
	/** A number in list=allimages, a string in list=filearchive ("140"). */
	size?: number | string;
	sha1?: string;
}

function versionOf( info: { timestamp?: string; user?: string; size?: number | string; sha1?: string } ): FileVersion {
	return {
		user: String( info.user || '' ),
		size: Number( info.size ) || 0,
		timestamp: String( info.timestamp || '' ),
		sha1: String( info.sha1 || '' )
	};
}

/** The files of a list=allimages or list=filearchive answer. */
export function foundFiles( entries: FileListEntry[] | undefined ): FoundFile[] {
	return ( entries || [] ).map( ( e ) => ( {
		name: String( e.name || '' ),
		title: String( e.title || '' ),
		version: versionOf( e )
	} ) );
}

/**
 * What the answer says about each asked title, in the order asked. `askedDeleted`: the request
 * asked for prop=deletedrevisions (without it, "deleted" stays unknown).
 */
export function titleFactsOf( titles: string[], answer: MergedAnswer, askedDeleted: boolean ): TitleFacts[] {
	const { pages, steps, complete } = answer;
	return titles.map( ( asked ): TitleFacts => {
		const page = pages.get( wikiFormOf( asked, steps ) );
		if ( !page ) {
			// One title the answer cannot be matched with costs that title, not the batch.
			return unansweredFacts( asked );
		}
		if ( page.invalid ) {
			return {
				asked,
				title: null,
				invalidReason: String( page.invalidreason || '' ),
				pageExists: false,
				file: null,
				shared: null,
				deleted: null,
				refusals: null
			};
		}
		let deleted: boolean | null = null;
		if ( askedDeleted ) {
			deleted = page.deletedrevisions && page.deletedrevisions.length ? true : complete ? false : null;
		}
		return {
			asked,
			title: page.title,
			invalidReason: null,
			pageExists: !page.missing,
			...filesOf( page ),
			deleted,
			refusals: page.actions ? refusalsOf( page.actions ) : null
		};
	} );
}

/**
 * The wiki's form of an asked title: its steps followed until none applies. One title can take
 * two: ApiPageSet reports the NFC normalisation of the parameter (NFD → NFC, `fromencoded`) and
 * the title's own (NFC lower case → capitalised) as separate entries, and a variant conversion
 * as a third (`converted`). A step seen twice ends the walk: a loop would be the wiki's mistake.
 */
function wikiFormOf( asked: string, steps: Map<string, string> ): string {
	const seen = new Set<string>();
	let title = asked;
	for ( ;; ) {
		const next = steps.get( title );
		if ( next === undefined || seen.has( title ) ) {
			return title;
		}
		seen.add( title );
		title = next;
	}
}

/** What is known of a title the answer did not mention: nothing. */
function unansweredFacts( asked: string ): TitleFacts {
	return {
		asked,
		title: null,
		invalidReason: null,
		pageExists: false,
		file: null,
		shared: null,
		deleted: null,
		refusals: null,
		unanswered: true
	};
}

/**
 * The files prop=imageinfo names for a page. It follows file redirects: for File:Old.jpg, moved
 * to File:New.jpg, it gives New.jpg's file as "local". The upload does not: its LocalFile for
 * the title does not exist, so UploadBase::getExistsWarning warns `page-exists` (not `exists`,
 * and no `nochange`), and checkOverwrite asks no `reupload` right. It does follow the redirect
 * in one place: RepoGroup::findFile finds New.jpg, and a user without `reupload-shared` is
 * refused (`fileexists-shared-forbidden`). So a redirect's local file is kept apart. (A
 * redirect page with a file of its own, left by an upload over the redirect, is rare; it is
 * taken for one without: only iiprop=canonicaltitle would tell the two apart.)
 */
function filesOf( page: QueryPage ): Pick<TitleFacts, 'file' | 'shared' | 'redirectFile'> {
	const info = page.imageinfo && page.imageinfo[ 0 ];
	const version = info ? versionOf( info ) : null;
	const repository = page.imagerepository || '';
	if ( repository === 'local' ) {
		return page.redirect && version ? { file: null, shared: null, redirectFile: version } : { file: version, shared: null };
	}
	return { file: null, shared: repository && version ? { repository, version } : null };
}

function refusalsOf( actions: Record<string, ApiMessage[]> ): Refusal[] {
	const list: Refusal[] = [];
	Object.keys( actions ).forEach( ( action ) => {
		( actions[ action ] || [] ).forEach( ( m ) => {
			list.push( m.html ? { action, code: m.code, text: textOfHtml( m.html ), html: m.html } : { action, code: m.code, text: String( m.text || m.code ) } );
		} );
	} );
	return list;
}
