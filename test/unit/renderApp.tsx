/**
 * What the component tests share: a fresh container per test with the English messages,
 * mounting into it, the App over a real UploadQueue and the fake wiki, and the few queries and
 * actions the tests use on what is rendered. Every test file that renders calls useContainer()
 * once, at its top level or in the describe whose tests render.
 */
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, vi, type Mock } from 'vitest';
import type { PreviewDescription } from '../../src/api/preview';
import { registerMessages } from '../../src/i18n';
import { UploadQueue } from '../../src/upload/queue';
import { App } from '../../src/ui/App';
import type { DescribeService } from '../../src/ui/describe/describeSetup';
import type { DraftStore } from '../../src/upload/draft';
import { FakeWiki, recordingSleep } from './fakeApi';
import { resetMessages } from './setup';
import { bundledPhotoTools } from './photoTools';

/** The running test's container, made anew for each test by useContainer(); a live binding. */
export let root: HTMLElement;

/**
 * For each test of the calling block: clean English messages and a container in the document;
 * after it, whatever was rendered unmounted (effects cleaned up) and the container removed.
 */
export function useContainer(): void {
	beforeEach( () => {
		resetMessages();
		registerMessages( 'en' );
		root = document.createElement( 'div' );
		document.body.appendChild( root );
	} );

	afterEach( async () => {
		await act( () => {
			render( null, root );
		} );
		root.remove();
	} );
}

/** Renders into the container, or renders again over what is there. */
export async function mount( vnode: ComponentChild ): Promise<void> {
	await act( () => {
		render( vnode, root );
	} );
}

/** Let the engine and Preact work (requests, store updates, re-renders, effects). */
export async function tick( ms = 0 ): Promise<void> {
	await act( async () => {
		await new Promise( ( r ) => setTimeout( r, ms ) );
	} );
}

/** Ticks until the condition holds; fails the test after 500 ticks. */
export async function until( condition: () => boolean, what: string ): Promise<void> {
	for ( let i = 0; i < 500; i++ ) {
		if ( condition() ) {
			return;
		}
		await tick();
	}
	throw new Error( `timed out waiting for ${ what }` );
}

export function text(): string {
	return root.textContent || '';
}

/** The button inside `within` whose visible text is the label. */
export function button( label: string, within: Element = root ): HTMLButtonElement | undefined {
	return Array.from( within.querySelectorAll( 'button' ) ).find( ( b ) => b.textContent?.trim() === label );
}

/** The button inside `within` named the label: by its aria-label if it has one (icon buttons), else by its text. */
export function buttonNamed( label: string, within: Element = root ): HTMLButtonElement | undefined {
	return Array.from( within.querySelectorAll( 'button' ) )
		.find( ( b ) => ( b.getAttribute( 'aria-label' ) || b.textContent?.trim() ) === label );
}

export async function click( element: Element | undefined ): Promise<void> {
	expect( element ).toBeTruthy();
	await act( () => {
		( element as HTMLElement ).click();
	} );
}

/** Types into a text field (one input event), as the browser reports it. */
export async function type( field: Element | null, value: string ): Promise<void> {
	expect( field ).toBeTruthy();
	await act( () => {
		( field as HTMLInputElement ).value = value;
		field?.dispatchEvent( new Event( 'input', { bubbles: true } ) );
	} );
}

/** Files chosen in the drop zone's file input, as the browser reports them. */
export async function choose( files: File[] ): Promise<void> {
	const input = root.querySelector<HTMLInputElement>( '.uploaddialog-dropzone input[type=file]' );
	expect( input ).toBeTruthy();
	Object.defineProperty( input, 'files', { value: files, configurable: true } );
	await act( () => {
		input?.dispatchEvent( new Event( 'change', { bubbles: true } ) );
	} );
}

/** The files' cards. */
export function groups(): HTMLElement[] {
	return Array.from( root.querySelectorAll<HTMLElement>( '[role=group]' ) );
}

export interface AppOptions {
	/** Sets the fake wiki up before the queue is made over it. */
	configure?: ( wiki: FakeWiki ) => void;
	/** The App's preview function; without it, no Preview buttons. */
	preview?: PreviewDescription;
	/** The describing form's wiki calls (issue 20); without it, no describing fields. */
	describeApi?: DescribeService;
	drafts?: DraftStore;
	/** As src/dialog.ts passes it for the gadget: the picker before the wiki's settings. */
	pickerFirst?: boolean;
}

export interface RenderedApp {
	wiki: FakeWiki;
	queue: UploadQueue;
	onClose: Mock<() => void>;
	container: HTMLElement;
}

/**
 * The App in the container over a real UploadQueue and a fresh FakeWiki: every file goes in
 * chunks (oneRequestUpTo 0), and retries do not wait. Returns as soon as it is rendered.
 */
export async function renderApp( { configure, preview, describeApi, drafts, pickerFirst }: AppOptions = {} ): Promise<RenderedApp> {
	const wiki = new FakeWiki();
	configure?.( wiki );
	// As the dialog makes it (src/dialog.ts), with the photo tools it fetches on demand.
	const queue = new UploadQueue( wiki, { oneRequestUpTo: 0, adaptiveChunks: false, sleep: recordingSleep().sleep, photoTools: bundledPhotoTools } );
	const onClose = vi.fn<() => void>();
	await mount( <App queue={ queue } version="test" onClose={ onClose } preview={ preview } describeApi={ describeApi } drafts={ drafts } pickerFirst={ pickerFirst } /> );
	return { wiki, queue, onClose, container: root };
}

/** renderApp(), then waits until the site info is loaded and rendered. */
export async function renderLoadedApp( options: AppOptions = {} ): Promise<RenderedApp> {
	const app = await renderApp( options );
	await until( () => app.queue.getState().site !== null, 'the site info' );
	await tick();
	return app;
}
