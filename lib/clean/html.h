/*
 * html: a news page's HTML to its article text and metadata.
 *
 * nt_html_extract parses a page with libxml2's HTML parser (through its
 * SAX interface, network and entity loading off, errors recovered) into
 * a flat tree, and turns every visible block of the page into one line
 * of text: paragraphs, list items, headings, table rows (cells joined by
 * " | "), each on its own line.  It then decides, line by line, what is
 * the article: furniture by tag (nav, aside, footer, header), by role,
 * by what class and id words say (data/nclean/dom.yaml: comments, share
 * bars, related stories, cookie and newsletter prompts, ...), and the
 * block that holds the article, found by scoring blocks on their text,
 * link density and structure; JSON-LD articleBody, where the page has
 * one, checks and corrects the choice.  Every line that is not the
 * article carries the reason ("dom:nav", "dom:comments",
 * "dom:low-text-density", ...), so the line rules of clean.h can run on
 * the result and --explain can say why each line went.
 * Metadata come from meta tags, Open Graph, JSON-LD, <time> and
 * <html lang>: the title, the date (ISO 8601), the author, the
 * language (ISO 639-1) and the canonical URL.
 *
 * Hostile pages stay cheap: a pre-pass caps the attributes of a tag,
 * drops the bodies of scripts (but JSON-LD), styles and comments, and
 * NUL bytes, and replaces invalid UTF-8; elements nested deeper than
 * NT_HTML_DEPTH end the parse (the text up to there is kept, and
 * truncated says so); no walk over the tree recurses.  Time is linear in the page, memory a
 * small multiple of it.
 *
 * A struct nt_hints is read-only once loaded and may be shared by every
 * thread.  A struct nt_html borrows its hints and owns its results and
 * scratch, reused from page to page; one thread at a time.  Call
 * nt_html_global_init once, before any thread uses the parser.
 */
#ifndef NT_HTML_H
#define NT_HTML_H

#include <stddef.h>

#include "core/buf.h"

/* Elements nested deeper than this end the parse. */
#define NT_HTML_DEPTH	256
/* Attributes of one tag beyond this many are dropped. */
#define NT_HTML_ATTRS	64

/* Why a line is not the article. */
enum nt_hreason {
	NT_HR_NONE,
	NT_HR_NAV, NT_HR_HEADER, NT_HR_FOOTER, NT_HR_ASIDE, NT_HR_COMMENTS,
	NT_HR_SHARE, NT_HR_RELATED, NT_HR_COOKIE, NT_HR_NEWSLETTER, NT_HR_AD,
	NT_HR_POPUP, NT_HR_HIDDEN, NT_HR_TAGS, NT_HR_BYLINE, NT_HR_CAPTION,
	NT_HR_FURNITURE,	/* other class words of page furniture */
	NT_HR_TITLE,		/* the headline, which is the title field */
	NT_HR_LINKS,		/* a line that is mostly links */
	NT_HR_LOWTEXT,		/* a block with too little text */
	NT_HR_OUTSIDE,		/* outside the block that holds the article */
	NT_HR_JSONLD,		/* not in the page's JSON-LD articleBody */
	NT_HR_COUNT
};

/* What a line is. */
enum nt_hkind {
	NT_HK_PARA, NT_HK_HEADING, NT_HK_ITEM, NT_HK_QUOTE, NT_HK_PRE,
	NT_HK_ROW, NT_HK_CAPTION
};

struct nt_hints;
struct nt_hdoc;

struct nt_html {
	const struct nt_hints *hints;

	/* The results of the last nt_html_extract. */
	struct nt_buf	 text;		/* every line of the page, '\n' between */
	const char	**reason;	/* line i: NULL (article) or "dom:..." */
	unsigned char	*kind;		/* line i: enum nt_hkind */
	size_t		 nline;
	struct nt_buf	 title, date, author, lang, url;	/* "" if none */
	int		 truncated;	/* too deep: not all of it was read */
	int		 jsonld;	/* articleBody decided the text */

	/* Scratch. */
	struct nt_hdoc	*d;
	size_t		 linecap;
};

/* "dom:nav" and the like, for a reason (NULL for NT_HR_NONE). */
const char	*nt_hreason_name(enum nt_hreason);
/* The reason called name without its "dom:" ("nav"), or -1. */
int		 nt_hreason_find(const char *name);

/*
 * Load the class and id words (dom.yaml).  NULL with "path:line:col:
 * message" in err.
 */
struct nt_hints	*nt_hints_load(const char *path, struct nt_buf *err);
void		 nt_hints_free(struct nt_hints *);

void	nt_html_global_init(void);
void	nt_html_init(struct nt_html *, const struct nt_hints *);
/*
 * Extract html[0..n) (any bytes; UTF-8 expected, invalid sequences
 * become U+FFFD, NUL bytes go).  url[0..urllen) is where the page came from, or NULL;
 * a relative canonical URL is resolved against it.  Returns 0, or -1
 * when the page is too large to parse (more than INT_MAX bytes).
 */
int	nt_html_extract(struct nt_html *, const char *html, size_t n,
	    const char *url, size_t urllen);
void	nt_html_free(struct nt_html *);

#endif
