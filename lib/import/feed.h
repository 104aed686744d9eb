/*
 * feed: RSS and Atom documents to their items (the feed half of
 * nimport).
 *
 * nt_feed_sniff tells a feed by its root element: <rss> (RSS 0.9x and
 * 2.0), <rdf:RDF> (RSS 0.90 and 1.0) or <feed> (Atom 0.3 and 1.0).
 * nt_feed_next reads one document of the input with libxml2's SAX
 * parser and calls the caller's function once per complete item, in
 * document order, with the item's fields as plain text: its id, its
 * alternate link resolved against xml:base and the feed's link, title,
 * date (ISO 8601, feeddate.c), author, summary, the fullest text
 * (content:encoded, Atom content, else the description) and that
 * text's HTML when it was HTML.  Text constructs are read as their
 * type says (Atom's type and mode; in RSS, HTML when it looks like
 * HTML, as feedparser guesses): plain text is unescaped once; escaped
 * HTML, CDATA and inline XHTML are turned into text by the HTML
 * extractor nclean uses (clean/html.h).
 *
 * The input is never trusted.  No DTD is loaded, no entity is ever
 * expanded (only the XML and HTML named and numeric references are
 * read), nothing is fetched (XML_PARSE_NONET, and no entity loader is
 * reached), and libxml2's own limits stay on (no XML_PARSE_HUGE).
 * What producers commonly get wrong is repaired before parsing (a bare
 * '&', an HTML entity, a character reference to no character, bytes
 * that are not the UTF-8 a document claims); what remains not
 * well-formed is read with libxml2's recovery, and only the items
 * that ended are given.  Standard input may hold several documents one
 * after another (cat a.xml b.xml): each ends where its root element
 * ends, or where a line starts with the next "<?xml".
 *
 * A struct nt_feed owns its parser state and scratch, reused from
 * document to document; it borrows the extractor's hints.  One thread
 * at a time; call nt_html_global_init first.
 */
#ifndef NT_FEED_H
#define NT_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "clean/html.h"

enum nt_fkind { NT_FK_NONE, NT_FK_RSS, NT_FK_RDF, NT_FK_ATOM10,
	NT_FK_ATOM03 };

/* One item, every field plain text in UTF-8, empty when absent. */
struct nt_fitem {
	struct nt_buf	 id;		/* guid, Atom id or rdf:about; else
					   the link; else 16 hex digits of a
					   hash of what the item says */
	struct nt_buf	 url;		/* its alternate link, absolute */
	struct nt_buf	 title, date, author, summary, text;
	struct nt_buf	 html;		/* the text's HTML, when it was */
};

/* The feed the items come from, as far as it was read. */
struct nt_finfo {
	enum nt_fkind	 kind;
	struct nt_buf	 title, link, id, host;	/* host: of the link */
};

/* What happened to one document. */
struct nt_fdoc {
	size_t		 start, end;	/* its bytes in the input */
	uint64_t	 line;		/* the line it starts on, from 1 */
	enum nt_fkind	 kind;		/* NONE: it is no feed */
	size_t		 items;		/* items given */
	unsigned	 errors;	/* not well-formed: how often */
	uint64_t	 errline;	/* the first error's line, in the input */
	struct nt_buf	 err;		/* and its message */
};

typedef void	(*nt_feed_fn)(void *arg, const struct nt_fitem *,
		    const struct nt_finfo *);

struct nt_feed;

struct nt_feed	*nt_feed_new(const struct nt_hints *);
void		 nt_feed_free(struct nt_feed *);
/* Does p[0..n) begin, after an XML declaration, comments, a doctype
 * or white space, with the root element of a feed? */
int		 nt_feed_sniff(const char *p, size_t n);
/*
 * Read the document of p[0..n) that starts at *off (leading white
 * space skipped), calling fn(arg, ...) for each of its items.  url,
 * when not NULL, is where the input came from: relative links resolve
 * against it when the feed names no base.  Fills doc, sets *off past
 * the document and returns 1; returns 0 when only white space is left.
 * Returns 1 with doc->kind NT_FK_NONE for a document that is not a
 * feed (or not XML at all).
 */
int		 nt_feed_next(struct nt_feed *, const char *p, size_t n,
		    size_t *off, const char *url, nt_feed_fn fn, void *arg,
		    struct nt_fdoc *doc);
void		 nt_fdoc_free(struct nt_fdoc *);

#endif
