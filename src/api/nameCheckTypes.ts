/**
 * The shapes of what the wiki says about names and contents before a byte is sent: the answer of
 * action=query as the name checks read it (QueryPage, QueryAnswer, TitleStep, ApiMessage), and
 * what the checks make of it (TitleFacts, Refusal, FoundFile). Types only; nameChecks.ts asks,
 * titleFacts.ts interprets, queryTransport.ts carries the requests.
 */
import type { FileVersion } from './types';

/** An error or refusal in the API's "plaintext" error format (what intestactionsdetail=full gives). */
export interface ApiMessage {
	code: string;
	text?: string;
	/** The message as the wiki renders it (the queries ask with errorformat=html). */
	html?: string;
	data?: Record<string, unknown>;
}

/** One page of an action=query answer (formatversion=2) as the checks read it. */
export interface QueryPage {
	title: string;
	ns?: number;
	pageid?: number;
	missing?: boolean;
	/** A file of a shared repository makes a missing page "known". */
	known?: boolean;
	invalid?: boolean;
	invalidreason?: string;
	/** "local", a shared repository's name, or "" when there is no file. */
	imagerepository?: string;
	imageinfo?: Array<{ timestamp?: string; user?: string; size?: number; sha1?: string }>;
	deletedrevisions?: Array<{ timestamp?: string }>;
	/** intestactions: per action, the reasons the user may not (empty: may). */
	actions?: Record<string, ApiMessage[]>;
	/** prop=info: the page is a redirect. */
	redirect?: boolean;
}

export interface QueryAnswer {
	batchcomplete?: boolean;
	continue?: Record<string, string>;
	query?: {
		normalized?: TitleStep[];
		/** Only where a wiki with language variants converts titles (converttitles). */
		converted?: TitleStep[];
		pages?: QueryPage[];
	};
}

/** One step from an asked title to the wiki's form of it. */
export interface TitleStep {
	from: string;
	to: string;
	/** `from` is percent-encoded: the wiki had to clean or NFC-normalise it. */
	fromencoded?: boolean;
}

/** Why the wiki would refuse this user an upload to a title. */
export interface Refusal {
	/** The action tested: 'edit' or 'upload' (UploadBase::verifyTitlePermissions tests both). */
	action: string;
	/** `titleblacklist-forbidden`, `protectedpage`, `cascadeprotected`, `permissiondenied`, `blocked` … */
	code: string;
	/** The wiki's own words as text. */
	text: string;
	/** The same words as the wiki renders them (MediaWiki's parser: links work), where it gave them. */
	html?: string;
}

/** What the wiki says about one asked title. */
export interface TitleFacts {
	/** As asked ("File:Foo bar.jpg"). */
	asked: string;
	/** The wiki's form of it ("File:Foo bar.jpg", the namespace in the wiki's language); null when invalid. */
	title: string | null;
	/** The wiki's reason when the title is invalid ("The requested page title contains invalid characters: …"). */
	invalidReason: string | null;
	/** The description page exists (with or without a file). */
	pageExists: boolean;
	/** The current version of the wiki's own file of that name (never the file a redirect leads to). */
	file: FileVersion | null;
	/** A file of that name in a shared repository, when the wiki has none of its own. */
	shared: { repository: string; version: FileVersion } | null;
	/** Whether the page has deleted revisions ("was deleted"); null when the wiki did not say. */
	deleted: boolean | null;
	/** Why this user may not upload there ([] when they may); null when the wiki did not say. */
	refusals: Refusal[] | null;
	/**
	 * The page is a redirect to a file of the wiki's own: that file's current version. Absent
	 * otherwise. The upload takes the title for a page without a file (`page-exists`), but its
	 * overwrite check follows the redirect (see NameChecksApi.queryTitles).
	 */
	redirectFile?: FileVersion;
	/**
	 * The answer named no page for this title: nothing above is known about it (the other
	 * titles of the request are). Absent when it did.
	 */
	unanswered?: true;
}

/** A file found by its content. */
export interface FoundFile {
	/** The name as upload warnings give it ("Foo_bar.jpg"). */
	name: string;
	/** The page title ("File:Foo bar.jpg"). */
	title: string;
	version: FileVersion;
}
