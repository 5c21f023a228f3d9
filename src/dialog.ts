/**
 * The dialog part's entry (the second module: src/loader/ fetches it on intent): loads its
 * MediaWiki modules, registers its messages, and publishes `open` and `prefetch` for the loader
 * (src/loader/contract.ts). The one place that wires the API, the engine and the UI together.
 */
import { h, render } from 'preact';
import { WikiApi } from './api/wikiApi';
import { NameChecksApi } from './api/nameChecks';
import { previewDescription } from './api/preview';
import { DescribeApi } from './api/describeApi';
import { lazyBlobWorker, Sha1Hasher } from './hash/hasher';
import { loadLanguages, loadPart, loadedBesideLoader } from './parts/load';
import type { PhotoTools } from './upload/photos';
import type { SiteInfo } from './api/types';
import { registerMessages } from './i18n';
import type { UploadApi } from './upload/ports';
import { UploadQueue } from './upload/queue';
import { ResumeStore } from './upload/resume';
import { App } from './ui/App';
import { namespaceNames } from './ui/links';
import { publishDialog } from './loader/contract';
import { rememberMayUpload, userScope, webStorage } from './loader/scope';
import { DraftStore } from './upload/draft';

declare const __VERSION__: string;
declare const __GADGET_NAME__: string;
declare const __DEPENDENCIES__: string[];
declare const __STYLES__: string;

const ROOT_ID = 'uploaddialog-root';

let queue: UploadQueue | null = null;
let describeApi: DescribeApi | null = null;
const language = String( mw.config.get( 'wgUserLanguage' ) || 'en' );

/** How long a tab reuses the wiki's upload settings and the user's rights without asking again. */
export const SITE_INFO_MAX_AGE = 10 * 60 * 1000;

/**
 * The API with the dialog's first question asked ahead: the wiki's upload settings and the
 * user's rights (siteinfo, userinfo, paraminfo and, for users who may upload by URL, a probe: up to
 * four requests, two of them in a row), without which the dialog cannot show its form. Asked on
 * intent (the pointer over the link, focus, touch), so the click opens a ready dialog instead of
 * waiting for them; kept for the tab (sessionStorage) for a few minutes, so that opening it on
 * page after page does not ask again on each. What it says about the upload right is remembered
 * for the loader (src/loader/scope.ts).
 */
class PrefetchingApi extends WikiApi {
	private early: Promise<SiteInfo> | null = null;
	private asked = false;

	prefetchSiteInfo(): void {
		if ( !this.early && !this.asked ) {
			const stored = readStoredSiteInfo();
			this.early = stored ? Promise.resolve( stored ) : this.askAndStore();
			// A failed prefetch is asked again when the dialog opens (below), where it is shown.
			this.early.catch( () => undefined );
		}
	}

	/** The prefetched answer once (the dialog's first load); every later call asks the wiki. */
	siteInfo(): Promise<SiteInfo> {
		const early = this.early;
		this.early = null;
		this.asked = true;
		return early ? early.catch( () => this.askAndStore() ) : this.askAndStore();
	}

	/** The wiki's answer, kept for the next pages of the tab. */
	private askAndStore(): Promise<SiteInfo> {
		return super.siteInfo().then( ( site ) => {
			storeSiteInfo( site );
			rememberMayUpload( webStorage( 'sessionStorage' ), userScope(), site.rights.indexOf( 'upload' ) !== -1 );
			return site;
		} );
	}
}

/** The `photo` part's tools, fetched when the first image is read (src/parts/photo.ts). */
const photoTools: PhotoTools = {
	read: ( blob ) => loadPart( 'photo' ).then( ( tools ) => tools.read( blob ) ),
	strip: ( blob ) => loadPart( 'photo' ).then( ( tools ) => tools.strip( blob ) )
};

let sharedApi: PrefetchingApi | null = null;
function api(): PrefetchingApi {
	sharedApi = sharedApi || new PrefetchingApi();
	return sharedApi;
}

function siteInfoKey(): string {
	return `uploaddialog-site|${ userScope() }`;
}

function readStoredSiteInfo(): SiteInfo | null {
	try {
		const stored = JSON.parse( webStorage( 'sessionStorage' )?.getItem( siteInfoKey() ) || 'null' ) as { at: number; site: SiteInfo } | null;
		const age = stored ? Date.now() - stored.at : Infinity;
		return age >= 0 && age < SITE_INFO_MAX_AGE ? stored!.site : null;
	} catch ( e ) {
		return null;
	}
}

function storeSiteInfo( site: SiteInfo ): void {
	try {
		webStorage( 'sessionStorage' )?.setItem( siteInfoKey(), JSON.stringify( { at: Date.now(), site } ) );
	} catch ( e ) {
		// Full or refused: the next page asks the wiki again.
	}
}

/**
 * The styles come with the script in every install (gadget, common.js, bookmarklet): one copy
 * shipped, where a gadget stylesheet page would be a second one. Added once, when first needed.
 */
let styled = false;
function ensureStyles(): void {
	if ( !styled ) {
		styled = true;
		mw.util.addCSS( __STYLES__ );
	}
}

/** Every name of the File namespace on this wiki ("File", "Image", and the language's, e.g. "Datei"). */
function fileNamespaceNames(): string[] {
	const names = namespaceNames( 6 );
	return names.length ? names : [ 'File', 'Image' ];
}

function openDialog(): void {
	if ( document.getElementById( ROOT_ID ) ) {
		return;
	}
	// A click without a hover first (no prefetch yet) still takes the settings this tab already
	// has (sessionStorage, SITE_INFO_MAX_AGE) instead of asking the wiki before the form shows.
	api().prefetchSiteInfo();
	// One queue for the page: closing and opening the dialog again keeps the list and the fields.
	if ( !queue ) {
		const uploads: UploadApi = api();
		const lookups = new NameChecksApi( undefined, { contentLanguage: String( mw.config.get( 'wgContentLanguage' ) || '' ), language } );
		queue = new UploadQueue( uploads, {
			resumeStore: new ResumeStore( webStorage( 'localStorage' ), userScope() ),
			// Started on first use, in a worker where the page allows one, from the code of the `sha1` part.
			hasher: new Sha1Hasher( { startWorker: lazyBlobWorker( () => loadPart( 'sha1' ) ) } ),
			photoTools,
			preflight: { names: lookups, content: lookups, fileNamespaces: fileNamespaceNames() }
		} );
	}
	ensureStyles();
	const root = document.createElement( 'div' );
	root.id = ROOT_ID;
	// The dialog speaks the user's language, which may differ from the page content's.
	root.lang = document.documentElement.lang;
	root.dir = document.documentElement.dir || 'ltr';
	( document.getElementById( 'bodyContent' ) || document.body ).appendChild( root );
	const close = () => {
		render( null, root );
		root.remove();
	};
	// Issue 20: the describing form's wiki calls (one for the page: it remembers the wiki's setup
	// across openings), the user's remembered choices, and the drafts' storage.
	describeApi = describeApi || new DescribeApi();
	const describing = { describeApi, userOptions: describeApi, drafts: new DraftStore( webStorage( 'localStorage' ), userScope() ) };
	// Served by ResourceLoader as the gadget, whose `rights=upload` line vouches for the right: the
	// picker comes before the settings (the click's first paint is interactive).
	const pickerFirst = !loadedBesideLoader();
	render( h( App, { queue, version: __VERSION__, onClose: close, preview: previewDescription, pickerFirst, ...describing } ), root );
}

// Installed twice (gadget and common.js, say), the second copy does nothing: the first one published
// keeps serving the loader. The user's messages come with it, when they are not English.
publishDialog( {
	version: __VERSION__,
	ready: Promise.all( [ mw.loader.using( __DEPENDENCIES__ ), loadLanguages( language ) ] ).then( ( [ , languages ] ) => {
		registerMessages( language, languages );
		return { open: openDialog, prefetch: () => api().prefetchSiteInfo() };
	}, ( error: unknown ) => {
		mw.log.error( `${ __GADGET_NAME__ }: could not load its MediaWiki modules`, error );
		throw error;
	} )
} );
