/**
 * The page fixture every end-to-end test uses: a browser context logged in as a role, and a
 * watch on the page's console so that a ResourceLoader parse error (how MediaWiki reports a
 * gadget it refused) or any uncaught error fails the test.
 */
import { test as base, expect, type Browser, type Page } from '@playwright/test';
import { storageStateFile, wikiInfo, type Role, type WikiInfo } from './wiki';

/** Console noise that is not ours: the wiki has no favicon. */
const HARMLESS = [ /favicon\.ico/, /Failed to load resource: the server responded with a status of 404/ ];

export interface OpenOptions {
	role?: Role | 'anon';
	/** Extra query parameters for the page, e.g. { useskin: 'monobook', uselang: 'de' }. */
	query?: Record<string, string>;
	title?: string;
	/** Another origin for the same wiki, e.g. a proxy on another port (cookies are per host). */
	origin?: string;
	/**
	 * The test breaks requests on purpose: the browser's own "Failed to load resource" lines
	 * are expected then (uncaught errors and parse errors still fail the test).
	 */
	faultsInjected?: boolean;
}

interface Fixtures {
	wiki: WikiInfo;
	/** Opens a wiki page as the role and waits until the gadget has run. */
	openWiki( options?: OpenOptions ): Promise<Page>;
}

export const test = base.extend<Fixtures>( {
	wiki: async ( {}, use ) => {
		await use( wikiInfo() );
	},
	openWiki: async ( { browser, wiki }, use ) => {
		const problems: string[] = [];
		const contexts: Array<{ close(): Promise<void> }> = [];
		await use( async ( options: OpenOptions = {} ) => {
			const page = await newPage( browser, options.role || 'uploader', contexts );
			page.on( 'pageerror', ( error ) => problems.push( `uncaught: ${ error.message }` ) );
			page.on( 'console', ( message ) => {
				const text = message.text();
				const injected = options.faultsInjected && /^Failed to load resource/.test( text );
				if ( message.type() === 'error' && !injected && !HARMLESS.some( ( re ) => re.test( text ) ) ) {
					problems.push( `console: ${ text }` );
				}
			} );
			const params = new URLSearchParams( { title: options.title || 'Main_Page', ...( options.query || {} ) } );
			const indexUrl = options.origin ? wiki.indexUrl.replace( wiki.server, options.origin ) : wiki.indexUrl;
			await page.goto( `${ indexUrl }?${ params.toString() }` );
			// The gadget's module has run (or failed) once ResourceLoader settles it.
			await page.waitForFunction( () => {
				const w = window as unknown as { mw?: { loader: { getState( m: string ): string | null } } };
				const state = w.mw && w.mw.loader.getState( 'ext.gadget.UploadDialog' );
				return state === 'ready' || state === 'error' || ( w as unknown as Record<string, unknown> ).__uploadDialogLoaded;
			} );
			return page;
		} );
		for ( const context of contexts ) {
			await context.close();
		}
		expect( problems, 'the page logged errors' ).toEqual( [] );
	}
} );

async function newPage( browser: Browser, role: Role | 'anon', contexts: Array<{ close(): Promise<void> }> ): Promise<Page> {
	const context = await browser.newContext( role === 'anon' ? {} : { storageState: storageStateFile( role ) } );
	contexts.push( context );
	return context.newPage();
}

export { expect };
