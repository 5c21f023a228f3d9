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
import { registerMessages, msg } from './i18n';
import type { UploadApi } from './upload/ports';
import { UploadQueue } from './upload/queue';
import { ResumeStore, type KeyValueStorage } from './upload/resume';
import { App } from './ui/App';

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
	const api: UploadApi = new WikiApi();
	const lookups = new NameChecksApi( undefined, { contentLanguage: String( mw.config.get( 'wgContentLanguage' ) || '' ) } );
	queue = queue || new UploadQueue( api, {
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
	render( h( App, { queue, version: __VERSION__, onClose: close, preview: previewDescription } ), root );
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
