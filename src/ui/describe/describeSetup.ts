/**
 * What the describing form knows of the wiki: its licence list, its $wgUploadDialog format, the
 * tags it allows, loaded once when the dialog opens (useDescribeSetup), and handed to the engine
 * as the page text's setup (DialogState.describe) so the commit builds the page in the wiki's
 * shape. The UI reaches the wiki only through `DescribeService` (src/api/describeApi.ts's
 * DescribeApi, or a fake in tests).
 */
import { useEffect, useState } from 'preact/hooks';
import type { DescribeApi, UploadDialogConfig, WikiLicences } from '../../api/describeApi';
import { isStructuredFormat } from '../../describe/pageText';
import type { PageTextSetup } from '../../upload/describedText';
import type { UploadQueue } from '../../upload/queue';

export type DescribeService = Pick<DescribeApi, 'licences' | 'uploadDialogConfig' | 'licencePreview' | 'suggestCategories' | 'categoryFacts' | 'allowedTags'>;

/** The wiki's describing setup, as the form shows it. */
export interface DescribeSetup {
	service: DescribeService;
	licences: WikiLicences;
	/** $wgUploadDialog's `fields` where the format is structured; null: Special:Upload's shape. */
	structured: UploadDialogConfig[ 'fields' ] | null;
	/** The change tags the wiki allows on uploads: the only ones offered. */
	allowedTags: string[];
	page: PageTextSetup;
}

/**
 * Loads the setup once the user is known, and gives it to the engine. A part that fails to load
 * leaves that part out (no list, the default format, no tags) rather than blocking uploads.
 */
export function useDescribeSetup( service: DescribeService | undefined, queue: UploadQueue, userName: string | null ): DescribeSetup | null {
	const [ setup, setSetup ] = useState<DescribeSetup | null>( null );
	useEffect( () => {
		if ( !service || !userName ) {
			return undefined;
		}
		// The answers are asked once per page (DescribeApi remembers them): a closed dialog only stops listening.
		const controller = new AbortController();
		const language = ( key: string ) => String( mw.config.get( key ) || 'en' );
		const noList: WikiLicences = { choices: [], hasList: false, headings: { filedesc: 'Summary', licenseHeader: 'Licensing' } };
		void Promise.all( [
			service.licences( language( 'wgContentLanguage' ) ).catch( () => noList ),
			service.uploadDialogConfig().catch( () => null ),
			service.allowedTags().catch( () => null )
		] ).then( ( [ licences, config, allowedTags ] ) => {
			if ( controller.signal.aborted ) {
				return;
			}
			const structured = config && isStructuredFormat( config.format ) ? config : null;
			const page: PageTextSetup = {
				hasLicenceList: licences.hasList,
				headings: licences.headings,
				format: structured ? structured.format : null,
				language: language( 'wgUserLanguage' ),
				userName,
				// Unknown (the question failed): the tags go as typed, and the wiki judges them.
				allowedTags: allowedTags || undefined
			};
			queue.setDescribeSetup( page );
			setSetup( { service, licences, structured: structured ? structured.fields : null, allowedTags: allowedTags || [], page } );
		} );
		return () => controller.abort();
	}, [ service, queue, userName ] );
	return setup;
}
