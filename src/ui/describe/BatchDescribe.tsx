/**
 * The describing fields a batch sets once for all its files: the licence (from the wiki's list),
 * "own work" where the wiki has a structured format, the categories as chips (each file may add
 * its own) and the tags the wiki allows. Files where the user set a field alone keep theirs.
 */
import { msg } from '../../i18n';
import { Checkbox } from '../codex';
import type { SharedFields } from '../../upload/model';
import { CategoryChips } from './CategoryChips';
import type { DescribeSetup } from './describeSetup';
import { LicenceField } from './LicenceField';
import { TagChoice } from './TagChoice';

interface BatchDescribeProps {
	fields: Partial<SharedFields>;
	setup: DescribeSetup;
	/** The first file's name, for the licence's rendering. */
	filename: string;
	choose( patch: Partial<SharedFields> ): void;
}

/** The licence and categories part (before the text box). */
export function BatchDescribe( { fields, setup, filename, choose }: BatchDescribeProps ) {
	const ownWork = fields.ownWork !== false;
	const licence = setup.licences.hasList && ( !setup.structured || !ownWork );
	return (
		<>
			{ setup.structured && (
				<Checkbox id="uploaddialog-batch-ownwork" checked={ ownWork } onChange={ ( on ) => choose( { ownWork: on } ) }>
					{ msg( 'uploaddialog-field-own-work' ) }
				</Checkbox>
			) }
			{ licence && (
				<LicenceField id="uploaddialog-batch-licence" choices={ setup.licences.choices } value={ fields.licence || '' } filename={ filename } service={ setup.service } onChange={ ( l ) => choose( { licence: l } ) } />
			) }
			<CategoryChips
				id="uploaddialog-batch-categories"
				label={ msg( 'uploaddialog-field-categories' ) }
				values={ fields.categories || [] }
				service={ setup.service }
				onChange={ ( categories ) => choose( { categories } ) }
			/>
		</>
	);
}

/** The tags part, where the batch panel had its text box. */
export function BatchTags( { fields, setup, choose }: BatchDescribeProps ) {
	return <TagChoice id="uploaddialog-batch-tags" allowed={ setup.allowedTags } value={ fields.tags || '' } onChange={ ( tags ) => choose( { tags } ) } />;
}
