/**
 * The entry: loads MediaWiki's modules, registers messages and styles, adds the portlet link
 * for users who may upload, and opens the dialog from the link or from `?uploaddialog=1`.
 * The one place that wires the API, the engine and the UI together.
 */
import { h, render } from 'preact';
import { WikiApi } from './api/wikiApi';
import { NameChecksApi } from './api/nameChecks';
import { previewDescription } from './api/preview';
import { Sha1Hasher } from './hash/hasher';
import type { SiteInfo } from './api/types';
import { registerMessages, msg } from './i18n';
import type { UploadApi } from './upload/ports';
import { UploadQueue } from './upload/queue';
import { ResumeStore, type KeyValueStorage } from './upload/resume';
import { App } from './ui/App';
import { DescribeApi } from './api/describeApi';
import { DraftStore } from './upload/draft';

declare const __VERSION__: string;
declare const __GADGET_NAME__: string;
declare const __DEPENDENCIES__: string[];
declare const __STYLES__: string;

/** `?uploaddialog=1` on any page opens the dialog, so a link can point at it. */
export const URL_PARAMETER = 'uploaddialog';
const LINK_ID = 't-uploaddialog';
const ROOT_ID = 'uploaddialog-root';
/** The tools menu where skins have one; Minerva has none, so its main menu's sections. */
const PORTLETS = [ 'p-tb', 'p-interaction', 'p-navigation', 'p-personal' ];

let queue: UploadQueue | null = null;

/** How long a tab reuses the wiki's upload settings and the user's rights without asking again. */
export const SITE_INFO_MAX_AGE = 10 * 60 * 1000;

/**
 * The API with the dialog's first question asked ahead: the wiki's upload settings and the
 * user's rights (siteinfo, userinfo, paraminfo and, for users who may upload by URL, a probe: up to
 * four requests, two of them in a row), without which the dialog cannot show its form. Asked at
 * idle time after the page loaded, so the click opens a ready dialog instead of waiting for them;
 * kept for the tab (sessionStorage) for a few minutes, so that reading page after page does not
 * ask again on each.
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
			return site;
		} );
	}
}

let sharedApi: PrefetchingApi | null = null;
function api(): PrefetchingApi {
	sharedApi = sharedApi || new PrefetchingApi();
	return sharedApi;
}

function tabStorage(): Storage | null {
	try {
		return window.sessionStorage;
	} catch ( e ) {
		return null;
	}
}

function siteInfoKey(): string {
	return `uploaddialog-site|${ resumeScope() }`;
}

function readStoredSiteInfo(): SiteInfo | null {
	try {
		const stored = JSON.parse( tabStorage()?.getItem( siteInfoKey() ) || 'null' ) as { at: number; site: SiteInfo } | null;
		const age = stored ? Date.now() - stored.at : Infinity;
		return age >= 0 && age < SITE_INFO_MAX_AGE ? stored!.site : null;
	} catch ( e ) {
		return null;
	}
}

function storeSiteInfo( site: SiteInfo ): void {
	try {
		tabStorage()?.setItem( siteInfoKey(), JSON.stringify( { at: Date.now(), site } ) );
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

/** localStorage where the browser allows it (not in some private modes). */
function browserStorage(): KeyValueStorage | null {
	try {
		return window.localStorage;
	} catch ( e ) {
		return null;
	}
}

/** Every name of the File namespace on this wiki ("File", "Image", and the language's, e.g. "Datei"). */
function fileNamespaceNames(): string[] {
	const ids = ( mw.config.get( 'wgNamespaceIds' ) || {} ) as Record<string, number>;
	const names = Object.keys( ids ).filter( ( name ) => ids[ name ] === 6 ).map( ( name ) => name.replace( /_/g, ' ' ) );
	return names.length ? names : [ 'File', 'Image' ];
}

/** Interrupted uploads belong to one wiki and one user. */
function resumeScope(): string {
	return `${ String( mw.config.get( 'wgServer' ) ) }|${ String( mw.config.get( 'wgDBname' ) ) }|${ String( mw.config.get( 'wgUserName' ) ) }`;
}

function openDialog(): void {
	if ( document.getElementById( ROOT_ID ) ) {
		return;
	}
	// One queue for the page: closing and opening the dialog again keeps the list and the fields.
	const uploads: UploadApi = api();
	const lookups = new NameChecksApi( undefined, { contentLanguage: String( mw.config.get( 'wgContentLanguage' ) || '' ) } );
	queue = queue || new UploadQueue( uploads, {
		resumeStore: new ResumeStore( browserStorage(), resumeScope() ),
		// Started on first use, in a worker where the page allows one.
		hasher: new Sha1Hasher(),
		preflight: { names: lookups, content: lookups, fileNamespaces: fileNamespaceNames() }
	} );
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
	// Issue 20 (branch form): the describing form's wiki calls and the drafts' storage.
	const describing = { describeApi: new DescribeApi(), drafts: new DraftStore( browserStorage(), resumeScope() ) };
	render( h( App, { queue, version: __VERSION__, onClose: close, preview: previewDescription, ...describing } ), root );
}

function addPortletLink(): void {
	if ( document.getElementById( LINK_ID ) ) {
		return;
	}
	for ( const portlet of PORTLETS ) {
		const link = mw.util.addPortletLink( portlet, '#', msg( 'uploaddialog-portlet-link' ), LINK_ID, msg( 'uploaddialog-portlet-tooltip' ) );
		if ( link ) {
			link.addEventListener( 'click', ( event ) => {
				event.preventDefault();
				openDialog();
			} );
			return;
		}
	}
}

function start(): void {
	registerMessages( String( mw.config.get( 'wgUserLanguage' ) || 'en' ) );
	if ( !mw.user.isAnon() ) {
		mw.user.getRights().then( ( rights: string[] ) => {
			if ( rights.indexOf( 'upload' ) !== -1 ) {
				addPortletLink();
				// What the dialog needs first, got now that the page is idle, so the click opens it at
				// once: the wiki's settings, and its styles parsed.
				mw.requestIdleCallback( () => {
					api().prefetchSiteInfo();
					ensureStyles();
				} );
			}
		} );
	}
	// Anyone may open it by URL; without the right they get an explanation, not a dialog that fails.
	if ( mw.util.getParamValue( URL_PARAMETER ) ) {
		openDialog();
	} else if ( new ResumeStore( browserStorage(), resumeScope() ).list().length ) {
		// An upload of an earlier page can go on: say so, and let a click open the dialog.
		const notice = document.createElement( 'span' );
		notice.textContent = msg( 'uploaddialog-interrupted-notify' );
		notice.style.cursor = 'pointer';
		notice.addEventListener( 'click', openDialog );
		mw.notify( notice, { tag: 'uploaddialog-interrupted', autoHide: false } );
	}
}

// Installed twice (gadget and common.js, say), the second copy does nothing.
const flag = '__uploadDialogLoaded';
const globals = window as unknown as Record<string, unknown>;
if ( !globals[ flag ] ) {
	globals[ flag ] = __VERSION__;
	mw.loader.using( __DEPENDENCIES__ ).then( start, ( error: unknown ) => {
		mw.log.error( `${ __GADGET_NAME__ }: could not load its MediaWiki modules`, error );
	} );
}
