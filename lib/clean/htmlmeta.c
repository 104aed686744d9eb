/*
 * htmlmeta: what a page says about itself.
 *
 * Each field has its sources in order of trust, and the first that
 * gives a usable value wins.  JSON-LD comes first where the page has an
 * article object (NewsArticle, BlogPosting and the like, also inside
 * "@graph"): its editors fill it for search engines.  Then Open Graph
 * and the other meta tags, then microdata (itemprop), then the page
 * itself: <time datetime>, rel=author, <h1>, <title>, <html lang>.  A
 * title loses a site name after its last " | " or " - "; an author that
 * is a URL (a profile page) is no name; a date goes through nt_hdate; a
 * language is cut to its ISO 639-1 code; a relative canonical URL is
 * resolved against the page's own.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "clean/htmlint.h"
#include "core/json.h"
#include "text/norm.h"

#define TITLE_MAX	400	/* bytes: longer is no title */
#define AUTHOR_MAX	200
#define TEXT_MAX	4096	/* bytes of an element's text looked at */
#define LD_DEPTH	8	/* JSON-LD nesting looked into */
#define LD_STACK	64

struct ld {
	struct nt_buf	 title, date, author, lang, url;
	int		 rank;		/* of the object they came from */
};

/* The text inside node i, white space collapsed, at most TEXT_MAX. */
static void
node_text(const struct nt_hdoc *d, uint32_t i, struct nt_buf *out)
{
	uint32_t k, end = d->n[i].end;
	const struct hnode *x;

	nt_buf_reset(out);
	for (k = i + 1; k < end && out->len < TEXT_MAX; k++) {
		x = &d->n[k];
		if (x->tag != HT_TEXT) {
			if (nt_htags[x->tag].fl & TF_SKIP)
				k = x->end - 1;
			continue;
		}
		nt_buf_addc(out, ' ');
		nt_buf_add(out, d->text.p + x->off, x->len);
	}
}

/* The value of m, normalised, into out; 1 if it is not empty. */
static int
value(const struct nt_hdoc *d, const struct hmeta *m, struct nt_buf *tmp,
    struct nt_buf *out)
{
	nt_buf_reset(out);
	if (m->fromtext) {
		node_text(d, m->node, tmp);
		nt_norm_line(tmp->p ? tmp->p : "", tmp->len, 0, out);
	} else
		nt_norm_line(d->abuf.p + m->off, m->len, 0, out);
	return out->len > 0;
}

/* --- Checks and clean-ups of values. --- */

static int
is_url(const char *s)
{
	return strncasecmp(s, "http:", 5) == 0 ||
	    strncasecmp(s, "https:", 6) == 0 || strncmp(s, "//", 2) == 0 ||
	    strncasecmp(s, "www.", 4) == 0;
}

/* Cut " | Site" or " - Site" from a title, when what is cut is short. */
static void
strip_site(struct nt_buf *t)
{
	static const char *const seps[] = { " | ", " - ", " – ", " — ",
	    " :: ", " · ", " « ", " » " };
	const char *cut = NULL, *p;
	size_t i, words;

	for (i = 0; i < sizeof(seps) / sizeof(seps[0]); i++) {
		p = t->p;
		while ((p = strstr(p, seps[i])) != NULL) {
			if (cut == NULL || p > cut)
				cut = p;
			p++;
		}
	}
	if (cut == NULL || cut == t->p)
		return;
	for (p = cut + 3, words = 1; *p != '\0'; p++)
		words += *p == ' ';
	/* A site's name is short; a title's second half is not. */
	if (words <= 4 && (size_t)(cut - t->p) > t->len - (size_t)(cut - t->p))
		nt_buf_trunc(t, (size_t)(cut - t->p));
}

static int
good_author(struct nt_buf *a)
{
	if (a->len > 3 && strncasecmp(a->p, "by ", 3) == 0) {
		memmove(a->p, a->p + 3, a->len - 3);
		nt_buf_trunc(a, a->len - 3);
	}
	return a->len > 1 && a->len <= AUTHOR_MAX && !is_url(a->p);
}

/* "en-US", "en_us", "EN" to "en"; 0 if it is no language code. */
static int
lang_code(struct nt_buf *l)
{
	if (l->len < 2 || !isalpha((unsigned char)l->p[0]) ||
	    !isalpha((unsigned char)l->p[1]) || (l->len > 2 &&
	    isalpha((unsigned char)l->p[2])))
		return 0;
	l->p[0] = (char)tolower((unsigned char)l->p[0]);
	l->p[1] = (char)tolower((unsigned char)l->p[1]);
	nt_buf_trunc(l, 2);
	return 1;
}

/* An absolute http(s) URL for u, resolved against base if need be. */
static int
resolve(struct nt_buf *u, const char *base, size_t blen,
    struct nt_buf *tmp)
{
	const char *host;
	size_t k;

	if (strncasecmp(u->p, "http://", 7) == 0 ||
	    strncasecmp(u->p, "https://", 8) == 0)
		return 1;
	if (base == NULL || u->p[0] != '/' ||
	    (host = memmem(base, blen, "://", 3)) == NULL)
		return 0;
	nt_buf_reset(tmp);
	if (u->p[1] == '/') {
		nt_buf_add(tmp, base, (size_t)(host - base) + 1);
	} else {
		for (k = (size_t)(host - base) + 3; k < blen && base[k] != '/' &&
		    base[k] != '?' && base[k] != '#'; k++)
			;
		nt_buf_add(tmp, base, k);
	}
	nt_buf_add(tmp, u->p, u->len);
	nt_buf_reset(u);
	nt_buf_add(u, tmp->p, tmp->len);
	return 1;
}

/* --- JSON-LD. --- */

static int
jstr(const char *v, size_t n, struct nt_buf *out)
{
	if (nt_json_type(v, n) != NT_JSTR)
		return 0;
	nt_buf_reset(out);
	nt_json_unescape(v + 1, n - 2, out);
	return out->len > 0;
}

/* How much an object of this @type says about the article: 2 for an
 * article, 1 for a web page, 0 for anything else. */
static int
type_rank(const char *v, size_t n, struct nt_buf *tmp)
{
	struct nt_jiter it;
	const char *item;
	size_t ilen, len;
	int r = 0, k;

	if (nt_json_type(v, n) == NT_JARR) {
		nt_jiter_init(&it, v, n);
		while (nt_jiter_item(&it, &item, &ilen))
			if ((k = type_rank(item, ilen, tmp)) > r)
				r = k;
		return r;
	}
	if (!jstr(v, n, tmp))
		return 0;
	len = tmp->len;
	if ((len >= 7 && strcmp(tmp->p + len - 7, "Article") == 0) ||
	    (len >= 7 && strcmp(tmp->p + len - 7, "Posting") == 0) ||
	    strcmp(tmp->p, "Report") == 0)
		return 2;
	return len >= 7 && strcmp(tmp->p + len - 7, "WebPage") == 0;
}

/* Names of author values: a string, {"name"}, or a list of those. */
static void
ld_author(const char *v, size_t n, struct nt_buf *tmp, struct nt_buf *out,
    int depth)
{
	struct nt_jiter it;
	const char *item, *name;
	size_t ilen, nlen;

	if (depth > 2)
		return;
	if (nt_json_type(v, n) == NT_JARR) {
		nt_jiter_init(&it, v, n);
		while (nt_jiter_item(&it, &item, &ilen))
			ld_author(item, ilen, tmp, out, depth + 1);
		return;
	}
	if (nt_json_type(v, n) == NT_JOBJ &&
	    nt_json_get(v, n, "name", &name, &nlen)) {
		v = name;
		n = nlen;
	}
	if (!jstr(v, n, tmp) || is_url(tmp->p))
		return;
	if (out->len > 0)
		nt_buf_adds(out, ", ");
	nt_buf_add(out, tmp->p, tmp->len);
}

static void
ld_fields(const char *obj, size_t n, int rank, struct ld *ld,
    struct nt_buf *body, struct nt_buf *tmp)
{
	const char *v;
	size_t vn;

	ld->rank = rank;
	if ((nt_json_get(obj, n, "headline", &v, &vn) ||
	    (rank < 2 && nt_json_get(obj, n, "name", &v, &vn))) &&
	    jstr(v, vn, tmp)) {
		nt_buf_reset(&ld->title);
		nt_norm_line(tmp->p, tmp->len, 0, &ld->title);
	}
	if ((nt_json_get(obj, n, "datePublished", &v, &vn) ||
	    nt_json_get(obj, n, "dateCreated", &v, &vn)) && jstr(v, vn, tmp))
		nt_hdate(tmp->p, tmp->len, &ld->date);
	if (nt_json_get(obj, n, "author", &v, &vn)) {
		nt_buf_reset(&ld->author);
		ld_author(v, vn, tmp, &ld->author, 0);
	}
	if (nt_json_get(obj, n, "inLanguage", &v, &vn) && jstr(v, vn, tmp)) {
		nt_buf_reset(&ld->lang);
		nt_buf_add(&ld->lang, tmp->p, tmp->len);
	}
	if ((nt_json_get(obj, n, "url", &v, &vn) && jstr(v, vn, tmp)) ||
	    (nt_json_get(obj, n, "mainEntityOfPage", &v, &vn) &&
	    (jstr(v, vn, tmp) || (nt_json_type(v, vn) == NT_JOBJ &&
	    nt_json_get(v, vn, "@id", &v, &vn) && jstr(v, vn, tmp))))) {
		nt_buf_reset(&ld->url);
		nt_buf_add(&ld->url, tmp->p, tmp->len);
	}
	if (rank == 2 && nt_json_get(obj, n, "articleBody", &v, &vn))
		jstr(v, vn, body);
}

struct jv {
	const char	*p;
	size_t		 n;
	int		 depth;
};

/* The best article object in one JSON-LD text (validated). */
static void
ld_walk(const char *p, size_t n, struct ld *ld, struct nt_buf *body,
    struct nt_buf *tmp)
{
	struct jv st[LD_STACK], x;
	struct nt_jiter it;
	const char *k, *v;
	size_t ns = 0, kn, vn;
	int rank;

	st[ns++] = (struct jv){ p, n, 0 };
	while (ns > 0) {
		x = st[--ns];
		if (nt_jiter_init(&it, x.p, x.n) < 0)
			continue;
		if (nt_json_type(x.p, x.n) == NT_JARR) {
			while (nt_jiter_item(&it, &v, &vn))
				if (ns < LD_STACK && x.depth < LD_DEPTH)
					st[ns++] = (struct jv){ v, vn, x.depth + 1 };
			continue;
		}
		if (nt_json_get(x.p, x.n, "@type", &v, &vn) &&
		    (rank = type_rank(v, vn, tmp)) > ld->rank)
			ld_fields(x.p, x.n, rank, ld, body, tmp);
		while (nt_jiter_member(&it, &k, &kn, &v, &vn))
			if ((nt_json_streq(k, kn, 1, "@graph") ||
			    nt_json_streq(k, kn, 1, "mainEntity")) &&
			    ns < LD_STACK && x.depth < LD_DEPTH)
				st[ns++] = (struct jv){ v, vn, x.depth + 1 };
	}
}

/* Every JSON-LD script of the page, made valid where it is nearly. */
static void
jsonld(struct nt_hdoc *d, struct ld *ld, struct nt_buf *body,
    struct nt_buf *tmp)
{
	struct nt_buf js = NT_BUF_INIT;
	struct nt_jerr err;
	const struct hnode *t;
	size_t i, a, b, k;

	for (i = 1; i < d->nn; i++) {
		if (!(d->n[i].fl & HF_JSONLD) || d->n[i].end <= i + 1)
			continue;
		t = &d->n[i + 1];
		if (t->tag != HT_TEXT)
			continue;
		/* Raw newlines in strings, comment or CDATA wrappers. */
		nt_buf_reset(&js);
		nt_buf_add(&js, d->text.p + t->off, t->len);
		for (k = 0; k < js.len; k++)
			if ((unsigned char)js.p[k] < 0x20)
				js.p[k] = ' ';
		a = strcspn(js.p, "{[");
		for (b = js.len; b > a && js.p[b - 1] != '}' &&
		    js.p[b - 1] != ']'; b--)
			;
		if (b <= a || nt_json_valid(&d->jp, js.p + a, b - a,
		    &err) < 0)
			continue;
		ld_walk(js.p + a, b - a, ld, body, tmp);
	}
	nt_buf_free(&js);
}

/* --- Choosing. --- */

/* The first value of the keys given, in that order of preference. */
static int
pick(const struct nt_hdoc *d, const enum hmkey *keys, struct nt_buf *tmp,
    struct nt_buf *out, int (*ok)(struct nt_buf *))
{
	size_t i, k;

	for (k = 0; keys[k] != HM_NONE; k++)
		for (i = 0; i < d->nm; i++)
			if (d->m[i].key == keys[k] &&
			    value(d, &d->m[i], tmp, out) && (ok == NULL ||
			    ok(out)))
				return 1;
	nt_buf_reset(out);
	return 0;
}

static int
good_title(struct nt_buf *t)
{
	strip_site(t);
	return t->len > 0 && t->len <= TITLE_MAX;
}

static int
good_date(struct nt_buf *t)
{
	struct nt_buf iso = NT_BUF_INIT;
	int ok = nt_hdate(t->p, t->len, &iso);

	if (ok) {
		nt_buf_reset(t);
		nt_buf_add(t, iso.p, iso.len);
	}
	nt_buf_free(&iso);
	return ok;
}

static void
first_h1(const struct nt_hdoc *d, struct nt_buf *tmp, struct nt_buf *out)
{
	size_t i;

	for (i = 1; i < d->nn; i++)
		if (d->n[i].tag == HT_H1) {
			node_text(d, (uint32_t)i, tmp);
			nt_buf_reset(out);
			nt_norm_line(tmp->p ? tmp->p : "", tmp->len, 0, out);
			if (out->len > 0 && out->len <= TITLE_MAX)
				return;
		}
	nt_buf_reset(out);
}

/* A date in the URL: /2019/11/19/. */
static int
url_date(const char *u, size_t n, struct nt_buf *out)
{
	size_t i;
	char buf[11];

	for (i = 0; i + 12 <= n; i++) {
		if (u[i] != '/' || u[i + 5] != '/' || u[i + 8] != '/' ||
		    (i + 11 < n && u[i + 11] != '/'))
			continue;
		memcpy(buf, u + i + 1, 4);
		buf[4] = '-';
		memcpy(buf + 5, u + i + 6, 2);
		buf[7] = '-';
		memcpy(buf + 8, u + i + 9, 2);
		buf[10] = '\0';
		if (nt_hdate(buf, 10, out))
			return 1;
	}
	return 0;
}

static const enum hmkey title_keys[] = { HM_OGTITLE, HM_TWTITLE,
    HM_PROPHEADLINE, HM_NONE };
static const enum hmkey date_keys[] = { HM_OGDATE, HM_PROPDATE, HM_DATE,
    HM_TIME, HM_NONE };
static const enum hmkey author_keys[] = { HM_AUTHOR, HM_OGAUTHOR,
    HM_PROPAUTHOR, HM_RELAUTHOR, HM_NONE };
static const enum hmkey lang_keys[] = { HM_LANG, HM_CONTENTLANG,
    HM_OGLOCALE, HM_NONE };
static const enum hmkey url_keys[] = { HM_CANONICAL, HM_OGURL, HM_NONE };
static const enum hmkey doc_title[] = { HM_TITLE, HM_NONE };

static void
take(struct nt_buf *to, const struct nt_buf *from)
{
	nt_buf_reset(to);
	nt_buf_add(to, from->p, from->len);
}

void
nt_hmeta(struct nt_hdoc *d, struct nt_html *h, const char *url,
    size_t urllen, struct nt_buf *body)
{
	struct ld ld;
	struct nt_buf tmp = NT_BUF_INIT, u = NT_BUF_INIT;

	memset(&ld, 0, sizeof(ld));
	nt_buf_reset(body);
	jsonld(d, &ld, body, &tmp);
	if (ld.title.len > 0 && ld.title.len <= TITLE_MAX)
		take(&h->title, &ld.title);
	else if (!pick(d, title_keys, &tmp, &h->title, good_title)) {
		first_h1(d, &tmp, &h->title);
		if (h->title.len == 0)
			pick(d, doc_title, &tmp, &h->title, good_title);
	}
	if (ld.date.len > 0)
		take(&h->date, &ld.date);
	else
		pick(d, date_keys, &tmp, &h->date, good_date);
	if (ld.author.len > 0 && good_author(&ld.author))
		take(&h->author, &ld.author);
	else
		pick(d, author_keys, &tmp, &h->author, good_author);
	if (!pick(d, lang_keys, &tmp, &h->lang, lang_code) &&
	    lang_code(&ld.lang))
		take(&h->lang, &ld.lang);
	if (!pick(d, url_keys, &u, &h->url, NULL) && ld.url.len > 0)
		take(&h->url, &ld.url);
	if (h->url.len > 0 && !resolve(&h->url, url, urllen, &tmp))
		nt_buf_reset(&h->url);
	if (h->date.len == 0 && !(h->url.len > 0 && url_date(h->url.p,
	    h->url.len, &h->date)) && url != NULL)
		url_date(url, urllen, &h->date);
	nt_buf_free(&ld.title);
	nt_buf_free(&ld.date);
	nt_buf_free(&ld.author);
	nt_buf_free(&ld.lang);
	nt_buf_free(&ld.url);
	nt_buf_free(&tmp);
	nt_buf_free(&u);
}

/* The next word of s[*i..n): letters and digits, and any non-ASCII. */
static int
next_word(const char *s, size_t n, size_t *i, size_t *ws)
{
	while (*i < n && !isalnum((unsigned char)s[*i]) &&
	    (unsigned char)s[*i] < 0x80)
		(*i)++;
	*ws = *i;
	while (*i < n && (isalnum((unsigned char)s[*i]) ||
	    (unsigned char)s[*i] >= 0x80))
		(*i)++;
	return *i > *ws;
}

int
nt_hsame(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0, as, bs;
	int ma, mb;

	if (an == 0 || bn == 0)
		return 0;
	for (;;) {
		ma = next_word(a, an, &i, &as);
		mb = next_word(b, bn, &j, &bs);
		if (!ma || !mb)
			return ma == mb;
		if (i - as != j - bs || strncasecmp(a + as, b + bs, i - as))
			return 0;
	}
}
