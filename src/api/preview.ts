/**
 * The description page as the wiki will render it, before anything is uploaded: action=parse
 * of the text the user typed, under the file's title. Like wikiApi.ts it is the only code here
 * that touches mw.Api, through the same boundary (`settle`): failures are ApiError, HttpError
 * or AbortError.
 *
 * The parameters, all of ApiParse in MediaWiki 1.43 (includes/api/ApiParse.php,
 * getAllowedParams):
 * - `title=File:<name>` with `text`: {{PAGENAME}}, self-links and the like see the page the text
 *   will be on.
 * - `pst=1`: the pre-save transform that saving makes (~~~~ becomes the user's signature,
 *   {{subst:…}} is expanded), so the preview shows what the page will hold.
 * - `prop=text|categories`: the HTML, and the categories, which are not in that HTML (the skin
 *   shows them below the page).
 * - `disablelimitreport=1`, `disableeditsection=1`: no parser report comment, no [edit] links
 *   that would lead away from the dialog.
 * - `contentmodel=wikitext`: a description page is wikitext whatever the title's default model.
 * Sent by POST: a description page can be longer than a URL may be. action=parse needs no token.
 */
import { HttpError } from './errors';
import type { RequestControl } from './types';
import { settle } from './wikiApi';

/** What the preview shows. */
export interface DescriptionPreview {
	/** The parser's HTML: MediaWiki made it, so it may be shown as HTML. */
	html: string;
	/** The page's categories, as their names read (spaces, not underscores), hidden ones too. */
	categories: string[];
}

/** How the UI asks for a preview (App receives it as a prop; src/ui never sees mw.Api). */
export type PreviewDescription = ( text: string, filename: string, control?: RequestControl ) => Promise<DescriptionPreview>;

/** action=parse's answer with prop=text|categories, formatversion=2. */
interface ParseAnswer {
	parse?: {
		title?: string;
		text?: string;
		categories?: Array<{ category?: string; sortkey?: string; hidden?: boolean; missing?: boolean }>;
	};
}

type JqPromise = Parameters<typeof settle>[ 0 ];

export class PreviewApi {
	private readonly api: mw.Api;

	constructor( api?: mw.Api ) {
		this.api = api || new mw.Api( { parameters: { action: 'query', format: 'json', formatversion: 2 } } );
	}

	/** The description page File:<filename> would have with this text. */
	async describe( text: string, filename: string, control: RequestControl = {} ): Promise<DescriptionPreview> {
		const jq = this.api.post( {
			action: 'parse',
			title: `File:${ filename }`,
			text,
			prop: 'text|categories',
			pst: 1,
			disablelimitreport: 1,
			disableeditsection: 1,
			contentmodel: 'wikitext',
			formatversion: 2
		} ) as unknown as JqPromise;
		const answer = await settle<ParseAnswer>( jq, control );
		const parse = answer.parse;
		if ( !parse || typeof parse.text !== 'string' ) {
			throw new HttpError( 'bad-response', 200, 'The answer had no "parse.text".' );
		}
		return {
			html: parse.text,
			// The API gives database keys ("Photos_of_2026"); people read them with spaces.
			categories: ( parse.categories || [] ).map( ( c ) => String( c.category || '' ).replace( /_/g, ' ' ) ).filter( Boolean )
		};
	}
}

let shared: PreviewApi | null = null;

/** The preview through one PreviewApi for the page, made on first use (mw.Api is ready by then). */
export const previewDescription: PreviewDescription = ( text, filename, control ) => {
	shared = shared || new PreviewApi();
	return shared.describe( text, filename, control );
};
