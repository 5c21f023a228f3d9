/**
 * What describing a file asks of the wiki (issue 20): its licence list and the messages it
 * names, its $wgUploadDialog format, a licence's rendering, category suggestions and facts, the
 * tags it allows on uploads, and the user's own remembered choices. Like wikiApi.ts it is the
 * only code here that touches mw.Api, through the same boundary (`settle`): native promises,
 * failures as ApiError, HttpError or AbortError. The answers' shapes were checked on a local
 * MediaWiki 1.43 (scripts/wiki/wiki.sh); test/unit/describe-api.test.ts keeps them.
 *
 * Languages, as Special:Upload uses them: the list itself (`licenses`) and the page's headings
 * (`filedesc`, `license-header`) in the wiki's CONTENT language (Licenses::getMessageFromParams,
 * SpecialUpload::getInitialPageText); the labels that name messages in the USER's language (the
 * form's own msg(), Licenses::outputOption), which is what allmessages gives without amlang.
 * On a wiki that lists `licenses` in $wgForceUIMsgAsContentMsg (Commons), Special:Upload reads
 * MediaWiki:Licenses/<user language> first: pass the user's language as the list's language there.
 */
import { allowedTagsOf, type ParamInfoWithTypes } from '../describe/allowedTags';
import { licenceChoices, licenceMessageNames, type LicenceNode } from '../describe/licences';
import { DEFAULT_FORMAT, type SpecialUploadHeadings, type UploadDialogFormat } from '../describe/pageText';
import { PreviewApi, type DescriptionPreview } from './preview';
import type { RequestControl } from './types';
import { settle } from './wikiApi';

type JqPromise = Parameters<typeof settle>[ 0 ];

/** allmessages takes 50 names per request from a user without apihighlimits. */
const MAX_NAMES = 50;

/** The wiki's licence list, ready to show, and the headings of Special:Upload's page text. */
export interface WikiLicences {
	/** "None selected" first, then the wiki's list; only "None selected" on a wiki without a list. */
	choices: LicenceNode[];
	/** Whether the wiki has a list (`licenses` is not `-` or empty): else no licence field. */
	hasList: boolean;
	headings: SpecialUploadHeadings;
}

/** $wgUploadDialog as meta=siteinfo&siprop=uploaddialog gives it (formatversion=2). */
export interface UploadDialogConfig {
	fields: { description: boolean; date: boolean; categories: boolean };
	licensemessages: { local: string; foreign: string };
	comment: string | { local: string; foreign: string };
	format: UploadDialogFormat;
}

/** A category the user may pick while typing. */
export interface CategorySuggestion {
	/** Without the namespace: `Bays`. */
	name: string;
	/** Hidden categories are shown as such (__HIDDENCAT__). */
	hidden: boolean;
	/** The name is a redirect: the category it leads to (pick that one, or say so). */
	redirectTo?: string;
}

/** What the wiki says about a category name the user typed or picked. */
export interface CategoryFacts {
	/** The name as the wiki writes it (first letter case, underscores). */
	name: string;
	exists: boolean;
	hidden: boolean;
	redirectTo?: string;
	/** Not a valid category title (`[`, `|`, `#` …): it would not make a category. */
	invalid?: boolean;
}

interface QueryPage {
	ns?: number;
	title?: string;
	missing?: boolean;
	invalid?: boolean;
	index?: number;
	pageprops?: { hiddencat?: string };
}

interface QueryAnswer {
	query?: {
		allmessages?: Array<{ name: string; content?: string; missing?: boolean }>;
		pages?: QueryPage[];
		redirects?: Array<{ from: string; to: string; index?: number }>;
		normalized?: Array<{ from: string; to: string }>;
		uploaddialog?: Partial<UploadDialogConfig>;
		userinfo?: { options?: Record<string, unknown> };
	};
}

const CATEGORY_PREFIX = /^\s*category\s*:\s*/i;

export class DescribeApi {
	private readonly api: mw.Api;
	private readonly preview: PreviewApi;
	/** The wiki's describing setup, asked once per page (remembered()). */
	private readonly answers = new Map<string, Promise<unknown>>();

	constructor( api?: mw.Api ) {
		this.api = api || new mw.Api( { parameters: { action: 'query', format: 'json', formatversion: 2 } } );
		this.preview = new PreviewApi( this.api );
	}

	/**
	 * An answer about the wiki's setup that does not change while the page is open, asked once:
	 * the dialog asks again each time it is opened. Asked without the caller's signal (a dialog
	 * closed while it loads must not fail the next one's answer); a failure is asked again.
	 */
	private remembered<T>( key: string, ask: () => Promise<T> ): Promise<T> {
		let answer = this.answers.get( key ) as Promise<T> | undefined;
		if ( !answer ) {
			answer = ask();
			this.answers.set( key, answer );
			answer.catch( () => this.answers.delete( key ) );
		}
		return answer;
	}

	/** The licence list as Special:Upload shows it, and its page-text headings (asked once per page). */
	licences( contentLanguage: string ): Promise<WikiLicences> {
		return this.remembered( `licences|${ contentLanguage }`, () => this.askLicences( contentLanguage ) );
	}

	private async askLicences( contentLanguage: string, control: RequestControl = {} ): Promise<WikiLicences> {
		const [ list, headings ] = await Promise.all( [
			// ->plain(): the list is read as written, no template expanded.
			this.messages( [ 'licenses' ], { amlang: contentLanguage }, control ),
			this.messages( [ 'filedesc', 'license-header' ], { amlang: contentLanguage, amenableparser: 1 }, control )
		] );
		const message = list.get( 'licenses' ) || '';
		const labels = await this.messages( licenceMessageNames( message ), { amenableparser: 1 }, control );
		const choices = licenceChoices( message, ( name ) => labels.get( name ) );
		return {
			choices,
			hasList: choices.length > 1,
			headings: {
				filedesc: headings.get( 'filedesc' ) || 'Summary',
				licenseHeader: headings.get( 'license-header' ) || 'Licensing'
			}
		};
	}

	/** Messages by name: the text of each that exists (missing ones are left out). */
	async messages( names: string[], params: Record<string, unknown> = {}, control: RequestControl = {} ): Promise<Map<string, string>> {
		const texts = new Map<string, string>();
		for ( let i = 0; i < names.length; i += MAX_NAMES ) {
			const answer = await this.get( {
				action: 'query',
				meta: 'allmessages',
				ammessages: names.slice( i, i + MAX_NAMES ).join( '|' ),
				...params
			}, control );
			( answer.query?.allmessages || [] ).forEach( ( m ) => {
				if ( !m.missing && typeof m.content === 'string' ) {
					texts.set( m.name, m.content );
				}
			} );
		}
		return texts;
	}

	/** $wgUploadDialog, its format completed with core's defaults where a key is missing (asked once per page). */
	uploadDialogConfig(): Promise<UploadDialogConfig> {
		return this.remembered( 'uploaddialog', () => this.askUploadDialogConfig() );
	}

	private async askUploadDialogConfig( control: RequestControl = {} ): Promise<UploadDialogConfig> {
		const answer = await this.get( { action: 'query', meta: 'siteinfo', siprop: 'uploaddialog' }, control );
		const config = answer.query?.uploaddialog || {};
		return {
			fields: { description: true, date: false, categories: false, ...config.fields },
			licensemessages: { local: 'generic-local', foreign: 'generic-foreign', ...config.licensemessages },
			comment: config.comment !== undefined ? config.comment : '',
			format: { ...DEFAULT_FORMAT, ...config.format }
		};
	}

	/**
	 * A licence's rendering, as Special:Upload's preview (mediawiki.special.upload's
	 * getPreview: action=parse of `{{template}}` with pst, in the user's language). Core gives
	 * the bare name as the title (a main-namespace page); here it is File:<name>, the page the
	 * template will be on. Through PreviewApi, the same request as the description's preview.
	 */
	licencePreview( template: string, filename: string, control: RequestControl = {} ): Promise<DescriptionPreview> {
		if ( template === '' ) {
			return Promise.resolve( { html: '', categories: [] } );
		}
		return this.preview.describe( `{{${ template }}}`, filename || 'Sample.jpg', control );
	}

	/** Categories whose names start with what the user typed, in the wiki's search order. */
	async suggestCategories( prefix: string, limit = 10, control: RequestControl = {} ): Promise<CategorySuggestion[]> {
		if ( prefix.trim() === '' ) {
			return [];
		}
		const answer = await this.get( {
			action: 'query',
			generator: 'prefixsearch',
			gpssearch: prefix,
			gpsnamespace: 14,
			gpslimit: limit,
			prop: 'info|pageprops',
			ppprop: 'hiddencat',
			redirects: 1
		}, control );
		const pages = answer.query?.pages || [];
		const byTitle = new Map( pages.map( ( p ) => [ String( p.title ), p ] ) );
		const ranked: Array<{ index: number; suggestion: CategorySuggestion }> = pages
			.filter( ( p ) => !p.missing && p.ns === 14 )
			.map( ( p ) => ( { index: p.index || 0, suggestion: { name: categoryName( p.title ), hidden: isHidden( p ) } } ) );
		// With redirects=1 a redirect's own entry is replaced by its target: keep it as a suggestion.
		( answer.query?.redirects || [] ).forEach( ( r ) => {
			ranked.push( {
				index: r.index || 0,
				suggestion: { name: categoryName( r.from ), hidden: isHidden( byTitle.get( r.to ) ), redirectTo: categoryName( r.to ) }
			} );
		} );
		return ranked.sort( ( a, b ) => a.index - b.index ).map( ( r ) => r.suggestion );
	}

	/** Whether each name is an existing category, hidden or a redirect; in the order given. */
	async categoryFacts( names: string[], control: RequestControl = {} ): Promise<CategoryFacts[]> {
		const facts = new Map<string, CategoryFacts>();
		const valid = names.filter( ( name ) => !/[[\]{}|#<>\n]/.test( name ) && name.trim() !== '' );
		for ( let i = 0; i < valid.length; i += MAX_NAMES ) {
			const batch = valid.slice( i, i + MAX_NAMES );
			const answer = await this.get( {
				action: 'query',
				titles: batch.map( ( n ) => `Category:${ n.replace( CATEGORY_PREFIX, '' ) }` ).join( '|' ),
				prop: 'info|pageprops',
				ppprop: 'hiddencat',
				redirects: 1
			}, control );
			const query = answer.query || {};
			const pages = new Map( ( query.pages || [] ).map( ( p ) => [ String( p.title ), p ] ) );
			batch.forEach( ( name ) => {
				let title = `Category:${ name.replace( CATEGORY_PREFIX, '' ) }`;
				title = ( query.normalized || [] ).find( ( n ) => n.from === title )?.to || title;
				const redirect = ( query.redirects || [] ).find( ( r ) => r.from === title );
				const page = pages.get( redirect ? redirect.to : title );
				facts.set( name, {
					name: categoryName( title ),
					exists: !!page && !page.missing && !page.invalid,
					hidden: isHidden( page ),
					...( redirect ? { redirectTo: categoryName( redirect.to ) } : {} ),
					...( !page || page.invalid || page.ns !== 14 ? { invalid: true } : {} )
				} );
			} );
		}
		return names.map( ( name ) => facts.get( name ) || { name, exists: false, hidden: false, invalid: true } );
	}

	/** The change tags the wiki lets users put on an upload (paraminfo of action=upload; asked once per page). */
	allowedTags(): Promise<string[]> {
		return this.remembered( 'tags', async () => allowedTagsOf( await this.get( { action: 'paraminfo', modules: 'upload' }, {} ) as ParamInfoWithTypes ) );
	}

	/** A `userjs-` option of the user, as stored (a string), or null when not set. */
	async userOption( name: string, control: RequestControl = {} ): Promise<string | null> {
		const option = checkedOptionName( name );
		const answer = await this.get( { action: 'query', meta: 'userinfo', uiprop: 'options' }, control );
		const value = answer.query?.userinfo?.options?.[ option ];
		return value === undefined || value === null ? null : String( value );
	}

	/** Saves a `userjs-` option for the user (it follows them to other devices); null resets it. */
	async saveUserOption( name: string, value: string | null, control: RequestControl = {} ): Promise<void> {
		// optionname/optionvalue rather than `change`: a value may hold `|` and `=`.
		const params: Record<string, unknown> = { action: 'options', optionname: checkedOptionName( name ) };
		if ( value !== null ) {
			params.optionvalue = value;
		}
		await settle<unknown>( this.api.postWithToken( 'csrf', params as never ) as unknown as JqPromise, control );
	}

	private get( params: Record<string, unknown>, control: RequestControl ): Promise<QueryAnswer> {
		return settle<QueryAnswer>( this.api.get( { formatversion: 2, ...params } as never ) as unknown as JqPromise, control );
	}
}

/** Only the gadget's own options may be written: `userjs-uploaddialog-…`. */
function checkedOptionName( name: string ): string {
	if ( !/^userjs-uploaddialog-[\w-]+$/.test( name ) ) {
		throw new Error( `not an UploadDialog user option: ${ name }` );
	}
	return name;
}

/**
 * A category's name from its title as the API gives it: always with the namespace's prefix, in
 * the wiki's own language ("Kategorie:Berlin" on a German wiki, even when asked as "Category:").
 */
function categoryName( title: unknown ): string {
	const text = String( title || '' );
	return text.slice( text.indexOf( ':' ) + 1 );
}

function isHidden( page: QueryPage | undefined ): boolean {
	return !!page && !!page.pageprops && page.pageprops.hiddencat !== undefined;
}
