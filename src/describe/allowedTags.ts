/**
 * The change tags a user may put on an upload, from action=paraminfo&modules=upload: the
 * `tags` parameter's `type` is the list the API accepts there (1.43's TagsDef: the tags defined
 * on Special:Tags, ChangeTagsStore::listExplicitlyDefinedTags), so the dialog offers those as
 * choices and nothing else can be entered. A tag that was defined and then deactivated is still
 * in that list, and the upload refuses it (`tags-apply-not-allowed-one`); list=tags&tgprop=active
 * would tell them apart, if that ever matters.
 */

/** The part of paraminfo's answer read here (formatversion=2). */
export interface ParamInfoWithTypes {
	paraminfo?: {
		modules?: Array<{
			name?: string;
			parameters?: Array<{ name?: string; type?: unknown }>;
		}>;
	};
}

/** The allowed tags, in the wiki's order; none when the wiki has none (or the answer has no list). */
export function allowedTagsOf( answer: ParamInfoWithTypes ): string[] {
	const upload = ( answer.paraminfo?.modules || [] ).find( ( m ) => m.name === 'upload' );
	const tags = ( upload?.parameters || [] ).find( ( p ) => p.name === 'tags' );
	return Array.isArray( tags?.type ) ? tags!.type.filter( ( t ): t is string => typeof t === 'string' && t !== '' ) : [];
}
