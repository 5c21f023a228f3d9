/**
 * The describing part of a file's card (issue 20), in the wiki's shape: on a wiki with a
 * structured $wgUploadDialog format, the structured form (StructuredForm.tsx); on a wiki with a
 * licence list, its licence field; then the file's own categories as chips (the batch's are shown
 * as a note: they apply too). The raw text box stays in the card itself.
 */
import { msg } from '../../i18n';
import { allCategories } from '../../upload/describedText';
import type { UploadFields } from '../../upload/model';
import { CategoryChips } from './CategoryChips';
import type { DescribeSetup } from './describeSetup';
import { FileLicence } from './LicenceField';
import { StructuredForm } from './StructuredForm';

export interface DescribeFieldsProps {
	/** The card's id, the prefix of every control's id. */
	id: string;
	fields: UploadFields;
	setup: DescribeSetup;
	editable: boolean;
	/** Whether the card is part of a batch (its categories add to the batch's). */
	batch: boolean;
	own( key: keyof UploadFields ): boolean;
	set( patch: Partial<UploadFields> ): void;
	/** The date has a field of its own on this card (a photo's, PhotoDate): not asked again. */
	dateElsewhere?: boolean;
}

export function DescribeFields( props: DescribeFieldsProps ) {
	const { id, fields, setup, editable, set } = props;
	const shared = props.batch ? fields.categories || [] : [];
	return (
		<div class="uploaddialog-describe">
			{ setup.structured ?
				<StructuredForm { ...props } /> :
				setup.licences.hasList && (
					<FileLicence { ...props } />
				) }
			<CategoryChips
				id={ `${ id }-categories` }
				label={ props.batch ? msg( 'uploaddialog-field-more-categories' ) : msg( 'uploaddialog-field-categories' ) }
				note={ shared.length ? msg( 'uploaddialog-categories-shared', shared.join( ', ' ) ) : undefined }
				values={ props.batch ? fields.moreCategories || [] : allCategories( fields ) }
				service={ setup.service }
				disabled={ !editable }
				onChange={ ( values ) => set( props.batch ? { moreCategories: values } : { categories: [], moreCategories: values } ) }
			/>
		</div>
	);
}
