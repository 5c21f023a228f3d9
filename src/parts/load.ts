/**
 * Fetching the dialog's later parts (src/parts/contract.ts) when they are first needed, the same
 * way the loader fetched the dialog: as ResourceLoader modules (the gadget's hidden gadgets), or
 * from beside the loader's own URL where the common.js line or the bookmarklet loaded it (the
 * loader leaves that URL at `mw.libs.uploadDialogFrom`, src/loader/index.ts). Each part is
 * fetched once; a failed fetch is asked again at the next need. Every fetch has a deadline, so
 * nothing that waits for a part waits for ever.
 */
import { besideLoader, libs } from '../loader/contract';
import type { Messages } from './contract';
import { publishedPart, type PartName, type PartValue } from './contract';
import { languageChain } from '../i18n/register';

/** From gadget-definition.txt (build.mjs): each later part's module and page file, by name. */
declare const __PARTS__: Record<string, { module: string; file: string }>;
declare const __LOADER_FILE__: string;

/** 60 s: as long as a look-up may take (src/upload/boundedWaits.ts); the parts are a few KB. */
export const PART_DEADLINE_MS = 60000;

const fetching = new Map<string, Promise<unknown>>();

/** Whether the build has this part (a language without translations has none). */
export function hasPart( name: PartName ): boolean {
	return Object.prototype.hasOwnProperty.call( __PARTS__, name );
}

/** Where the loader came from when it was not a gadget (common.js, bookmarklet); undefined under ResourceLoader. */
function loaderUrl(): string | undefined {
	const from = libs().uploadDialogFrom;
	return typeof from === 'string' ? from : undefined;
}

/** Whether the loader was loaded by URL (common.js, bookmarklet) rather than as the gadget. */
export function loadedBesideLoader(): boolean {
	return loaderUrl() !== undefined;
}

function fetchScript( name: PartName ): Promise<unknown> {
	const part = __PARTS__[ name ];
	const from = loaderUrl();
	const beside = from ? besideLoader( from, __LOADER_FILE__, part.file ) : null;
	return Promise.resolve( beside ? mw.loader.getScript( beside ) : mw.loader.using( part.module ) );
}

/** The part, fetched if it has not run yet; rejects when it cannot be had within PART_DEADLINE_MS. */
export function loadPart<N extends PartName>( name: N ): Promise<PartValue<N>> {
	const ready = publishedPart( name );
	if ( ready !== undefined ) {
		return Promise.resolve( ready );
	}
	if ( !hasPart( name ) ) {
		return Promise.reject( new Error( `this build has no part "${ name }"` ) );
	}
	let loading = fetching.get( name ) as Promise<PartValue<N>> | undefined;
	if ( !loading ) {
		loading = new Promise<PartValue<N>>( ( resolve, reject ) => {
			const timer = setTimeout( () => reject( new Error( `the part "${ name }" did not load within ${ PART_DEADLINE_MS / 1000 } s` ) ), PART_DEADLINE_MS );
			fetchScript( name ).then( () => {
				const value = publishedPart( name );
				if ( value === undefined ) {
					throw new Error( `the part "${ name }" loaded but did not publish itself` );
				}
				return value;
			} ).then( resolve, reject ).then( () => clearTimeout( timer ) );
		} );
		fetching.set( name, loading );
		loading.catch( () => fetching.delete( name ) );
	}
	return loading;
}

/**
 * The dialog's messages in the user's languages that the build has (`de-at` asks for `de-at` and
 * `de`), by language code. A language that cannot be fetched is left out: English shows instead,
 * and the dialog still opens.
 */
export function loadLanguages( language: string ): Promise<Record<string, Messages>> {
	const codes = languageChain( language ).filter( ( code ) => code !== 'en' && hasPart( `i18n-${ code }` ) );
	return Promise.all( codes.map( ( code ) => loadPart( `i18n-${ code }` ).then( ( messages ) => [ code, messages ] as const, ( error: unknown ) => {
		mw.log.warn( `UploadDialog: the messages in "${ code }" could not be loaded; English is shown`, error );
		return null;
	} ) ) ).then( ( loaded ) => {
		const byCode: Record<string, Messages> = {};
		loaded.forEach( ( entry ) => {
			if ( entry ) {
				byCode[ entry[ 0 ] ] = entry[ 1 ];
			}
		} );
		return byCode;
	} );
}
