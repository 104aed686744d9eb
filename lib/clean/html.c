/*
 * html: the extractor's public face (html.h): read, find the metadata,
 * find the article, check it against JSON-LD, hand out the lines.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "clean/htmlint.h"
#include "core/util.h"

void
nt_html_global_init(void)
{
	xmlInitParser();
}

void
nt_html_init(struct nt_html *h, const struct nt_hints *hints)
{
	memset(h, 0, sizeof(*h));
	h->hints = hints;
	h->d = nt_ecalloc(1, sizeof(*h->d));
}

static void
results(struct nt_html *h, const struct nt_hdoc *d)
{
	size_t i;

	nt_buf_reset(&h->text);
	nt_buf_add(&h->text, d->page.p ? d->page.p : "", d->page.len);
	if (h->linecap < d->nln) {
		h->linecap = d->nln;
		h->reason = nt_ereallocarray(h->reason, d->nln,
		    sizeof(*h->reason));
		h->kind = nt_ereallocarray(h->kind, d->nln, sizeof(*h->kind));
	}
	for (i = 0; i < d->nln; i++) {
		h->reason[i] = nt_hreason_name(d->ln[i].reason);
		h->kind[i] = d->ln[i].kind;
	}
	h->nline = d->nln;
}

int
nt_html_extract(struct nt_html *h, const char *html, size_t n,
    const char *url, size_t urllen)
{
	struct nt_hdoc *d = h->d;
	struct nt_buf body = NT_BUF_INIT;

	nt_buf_reset(&h->text);
	nt_buf_reset(&h->title);
	nt_buf_reset(&h->date);
	nt_buf_reset(&h->author);
	nt_buf_reset(&h->lang);
	nt_buf_reset(&h->url);
	h->nline = 0;
	h->truncated = h->jsonld = 0;
	d->hints = h->hints;
	if (nt_hdoc_read(d, html, n) < 0)
		return -1;
	h->truncated = d->stopped;
	nt_hmeta(d, h, url, urllen, &body);
	nt_hmain(d, &h->title);
	h->jsonld = nt_hld(d, body.p, body.len);
	results(h, d);
	nt_buf_free(&body);
	return 0;
}

void
nt_html_free(struct nt_html *h)
{
	if (h == NULL)
		return;
	nt_hdoc_free(h->d);
	free(h->d);
	free(h->reason);
	free(h->kind);
	nt_buf_free(&h->text);
	nt_buf_free(&h->title);
	nt_buf_free(&h->date);
	nt_buf_free(&h->author);
	nt_buf_free(&h->lang);
	nt_buf_free(&h->url);
	memset(h, 0, sizeof(*h));
}
