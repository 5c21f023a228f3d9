/**
 * The loader: all that a page view runs (the gadget's `UploadDialog.js`, the common.js line and the
 * bookmarklet all load this). It adds the tools link, opens the dialog from `?uploaddialog=1`, and
 * says when an upload waits to be resumed (from localStorage alone), and does nothing else: no API
 * request, no stylesheet, no DOM but the link until the user shows intent. On intent (pointer over
 * the link, focus, touch) it fetches the dialog part, a second module; a click opens it as soon as
 * it is there. See issue 19 for the budgets (≤ 1.5 KB gzipped, ≤ 1 ms per view).
 */
import texts from 'uploaddialog:messages/portlet-link,portlet-tooltip,interrupted-notify,loading-dialog,load-failed';
import { besideLoader, publishedDialog, type DialogPart } from './contract';
import { hasInterruptedUploads, knownNotToUpload, userScope, webStorage } from './scope';

declare const __VERSION__: string;
/** From gadget-definition.txt: the two gadgets' module names, page files and the loader's dependencies. */
declare const __LOADER_MODULE__: string;
declare const __DIALOG_MODULE__: string;
declare const __LOADER_FILE__: string;
declare const __DIALOG_FILE__: string;
declare const __LOADER_DEPENDENCIES__: string[];

const LINK_ID = 't-uploaddialog';
/** The tools menu where skins have one; Minerva has none, so its main menu's sections. */
const PORTLETS = [ 'p-tb', 'p-interaction', 'p-navigation', 'p-personal' ];
/** A click that waits longer than this for the dialog shows that it is loading. */
const BUSY_AFTER_MS = 100;
/** One tag for the loader's notifications: each replaces the one before (resume, loading, failure). */
const NOTICE_TAG = 'uploaddialog';

// Read now, while this script runs: a <script> the common.js line or the bookmarklet added (the
// dialog is fetched from beside it), or null under ResourceLoader (the dialog is a module).
const ownScript = document.currentScript as HTMLScriptElement | null;
// ResourceLoader marks the gadget's module `executing` while it runs this: the gadget's line has
// `rights=upload`, so ResourceLoader only sent it to users who may upload.
const asGadget = mw.loader.getState( __LOADER_MODULE__ ) === 'executing';

let loading: Promise<DialogPart> | null = null;

/** The dialog part, fetched once (a failed fetch is tried again on the next intent). */
function dialog(): Promise<DialogPart> {
	if ( !loading ) {
		const from = ownScript && ownScript.src;
		const beside = from ? besideLoader( from, __LOADER_FILE__, __DIALOG_FILE__ ) : null;
		if ( beside ) {
			// The dialog fetches its later parts from beside the loader too (src/parts/load.ts).
			( mw.libs as Record<string, unknown> ).uploadDialogFrom = from;
		}
		const fetched: JQuery.Promise<unknown> = beside ? mw.loader.getScript( beside ) : mw.loader.using( __DIALOG_MODULE__ );
		// (Were the part not published, reading `ready` throws: a failed load like any other.)
		loading = Promise.resolve( fetched ).then( () => publishedDialog()!.ready );
		loading.catch( () => {
			loading = null;
		} );
	}
	return loading;
}

function preload(): void {
	dialog().then( ( part ) => part.prefetch(), () => undefined );
}

/** Opens the dialog once it is there; after BUSY_AFTER_MS a notification says it is loading. */
function open(): void {
	let busy: JQuery.Promise<{ close(): void }> | null = null;
	const timer = window.setTimeout( () => {
		busy = mw.notify( mw.msg( 'uploaddialog-loading-dialog' ), { tag: NOTICE_TAG } );
	}, BUSY_AFTER_MS );
	const done = () => {
		window.clearTimeout( timer );
		if ( busy ) {
			busy.then( ( notification ) => notification.close() );
		}
	};
	dialog().then( ( part ) => {
		done();
		part.open();
	}, ( error: unknown ) => {
		done();
		mw.log.error( error );
		mw.notify( mw.msg( 'uploaddialog-load-failed' ), { type: 'error', tag: NOTICE_TAG } );
	} );
}

function addPortletLink(): void {
	if ( document.getElementById( LINK_ID ) ) {
		return;
	}
	for ( const portlet of PORTLETS ) {
		const item = mw.util.addPortletLink( portlet, '#', mw.msg( 'uploaddialog-portlet-link' ), LINK_ID, mw.msg( 'uploaddialog-portlet-tooltip' ) );
		if ( item ) {
			// Intent: the dialog is fetched while the pointer moves to the link or the finger lands.
			item.addEventListener( 'mouseenter', preload );
			item.addEventListener( 'focusin', preload );
			item.addEventListener( 'touchstart', preload, { passive: true } );
			item.addEventListener( 'click', ( event ) => {
				event.preventDefault();
				open();
			} );
			return;
		}
	}
}

/** Whether to offer the link, from what the page already knows (no API request). */
function mayUpload( scope: string ): boolean {
	// common.js or bookmarklet: a logged-in user, unless the dialog found this session that they may not.
	return asGadget || ( mw.config.get( 'wgUserName' ) !== null && !knownNotToUpload( webStorage( 'sessionStorage' ), scope ) );
}

/**
 * The loader's few messages in the user's language (or its base language), English where neither
 * has one; a message the wiki already defines is kept. (The dialog registers all of its own, the
 * same way, with src/i18n/register.ts: that is more code than these five need.)
 */
function registerTexts(): void {
	// (MediaWiki always sets it, in lower case: `de-at`.)
	const language: string = mw.config.get( 'wgUserLanguage' );
	const chosen: Record<string, string> = Object.assign( {}, texts.en, texts[ language.split( '-' )[ 0 ] ], texts[ language ] );
	Object.keys( chosen ).forEach( ( key ) => mw.messages.exists( key ) || mw.messages.set( key, chosen[ key ] ) );
}

function start(): void {
	const scope = userScope();
	registerTexts();
	if ( mayUpload( scope ) ) {
		addPortletLink();
	}
	// Anyone may open it by URL; without the right the dialog explains, rather than failing.
	if ( mw.util.getParamValue( 'uploaddialog' ) ) {
		open();
	} else if ( hasInterruptedUploads( webStorage( 'localStorage' ), scope ) ) {
		// An upload of an earlier page can go on: say so, and let a click open the dialog.
		const notice = document.createElement( 'span' );
		notice.textContent = mw.msg( 'uploaddialog-interrupted-notify' );
		notice.style.cursor = 'pointer';
		notice.addEventListener( 'click', open );
		mw.notify( notice, { tag: NOTICE_TAG, autoHide: false } );
	}
}

// Installed twice (gadget and common.js, say), the second copy does nothing.
const flag = '__uploadDialogLoaded';
const globals = window as unknown as Record<string, unknown>;
if ( !globals[ flag ] ) {
	globals[ flag ] = __VERSION__;
	// (ResourceLoader itself logs a module that fails to load.)
	mw.loader.using( __LOADER_DEPENDENCIES__ ).then( start );
}
