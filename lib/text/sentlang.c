/*
 * The languages of sent.h: each language's words, loaded the first time
 * a text in it is split and kept in the conf after.
 *
 * A language is its abbreviations (data/nsplit/abbrev-<code>.yaml, the
 * format of abbrev.yaml) and its entry of data/nsplit/ordinals.yaml: how
 * it writes ordinal numbers ("dot"), how many digits one may have, and
 * the words before ("am") and after ("Oktober") which a number and a
 * full stop are an ordinal.  Those words go into a table of their own
 * (struct nt_abbrev, flagged NT_AB_ORDBEFORE and NT_AB_ORDAFTER), so
 * that they never count as abbreviations.  ordinals.yaml is parsed once,
 * when the first language is asked for, and its tree kept; a language
 * without either file is remembered as having nothing (the default
 * words serve alone).
 *
 * Threads that split with one conf may ask for languages at once (nsplit
 * --jobs): nt_sent_conf_lang looks up and loads under one lock, so the
 * list grows on one thread at a time and a language, once in it, is
 * never moved or changed.  Everything else about a conf is read-only
 * once it is set up.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "text/sent.h"
#include "core/conf.h"
#include "core/util.h"

static const char *const ordkeys[] = { "dot", "digits", "before", "after",
    "marks", NULL };

/* A list of words into t with flag; -1 with the message in err. */
static int
ordwords(struct nt_abbrev *t, const char *name, const struct nt_ynode *v,
    unsigned flag, struct nt_buf *err)
{
	size_t j;

	if (v->type == NT_YSCALAR && v->len == 0)
		return 0;
	if (v->type != NT_YSEQ) {
		nt_yerr(err, name, v, "expected a list of words");
		return -1;
	}
	for (j = 0; j < v->n; j++) {
		if (v->kid[j]->type != NT_YSCALAR || v->kid[j]->len == 0) {
			nt_yerr(err, name, v->kid[j], "expected a word");
			return -1;
		}
		if (nt_abbrev_add(t, v->kid[j]->s, v->kid[j]->len, flag) < 0) {
			nt_yerr(err, name, v->kid[j], "word longer than %d "
			    "bytes", NT_AB_MAXWORD - 1);
			return -1;
		}
	}
	return 0;
}

/* "dot": true, false or rare. */
static int
orddot(struct nt_sent_lang *l, const char *name, const struct nt_ynode *v,
    struct nt_buf *err)
{
	if (v->type == NT_YSCALAR && strcmp(v->s, "rare") == 0)
		l->dot = NT_ORD_RARE;
	else if (v->type == NT_YSCALAR && nt_ybool(v) >= 0)
		l->dot = nt_ybool(v) ? NT_ORD_YES : NT_ORD_NO;
	else {
		nt_yerr(err, name, v, "dot must be true, false or rare");
		return -1;
	}
	return 0;
}

static int
orddigits(struct nt_sent_lang *l, const char *name, const struct nt_ynode *v,
    struct nt_buf *err)
{
	if (v->type != NT_YSCALAR || v->len != 1 || v->s[0] < '1' ||
	    v->s[0] > '9') {
		nt_yerr(err, name, v, "digits must be a number from 1 to 9");
		return -1;
	}
	l->digits = (unsigned)(v->s[0] - '0');
	return 0;
}

/* The language's entry of ordinals.yaml (a mapping) into l. */
static int
ordentry(struct nt_sent_lang *l, const char *name, const struct nt_ynode *e,
    struct nt_buf *err)
{
	const struct nt_ynode *k, *v;
	size_t i, c;

	if (e->type != NT_YMAP) {
		nt_yerr(err, name, e, "expected a mapping (dot, digits, "
		    "before, after, marks)");
		return -1;
	}
	l->digits = 3;
	for (i = 0; i + 1 < e->n; i += 2) {
		k = e->kid[i];
		v = e->kid[i + 1];
		for (c = 0; ordkeys[c] != NULL; c++)
			if (strcmp(k->s, ordkeys[c]) == 0)
				break;
		if (ordkeys[c] == NULL) {
			nt_yerr(err, name, k, "unknown key '%s' (known: dot, "
			    "digits, before, after, marks)", k->s);
			return -1;
		}
		if ((c == 0 && orddot(l, name, v, err) < 0) ||
		    (c == 1 && orddigits(l, name, v, err) < 0) ||
		    (c == 2 && ordwords(&l->ord, name, v, NT_AB_ORDBEFORE,
		    err) < 0) ||
		    (c == 3 && ordwords(&l->ord, name, v, NT_AB_ORDAFTER,
		    err) < 0))
			return -1;
	}
	l->some = 1;
	return 0;
}

/* ordinals.yaml into c->ordinals, once; its absence is no error. */
static int
ordload(struct nt_sent_conf *c, struct nt_buf *path, struct nt_buf *err)
{
	if (c->ordinals != NULL || c->noord)
		return 0;
	if (nt_datapath("nsplit/ordinals.yaml", path) < 0) {
		c->noord = 1;
		return 0;
	}
	nt_buf_reset(&c->ordpath);
	nt_buf_add(&c->ordpath, path->p, path->len);
	if ((c->ordinals = nt_yaml_load(path->p, err)) == NULL)
		return -1;
	if (c->ordinals->type != NT_YMAP) {
		nt_yerr(err, path->p, c->ordinals, "expected a mapping of "
		    "language codes");
		nt_ynode_free(c->ordinals);
		c->ordinals = NULL;
		return -1;
	}
	return 0;
}

/* Fill l, language l->code, from its files. */
static int
langload(struct nt_sent_conf *c, struct nt_sent_lang *l, struct nt_buf *err)
{
	struct nt_buf path = NT_BUF_INIT, name = NT_BUF_INIT;
	const struct nt_ynode *e;
	int rv = -1;

	nt_buf_adds(&name, "nsplit/abbrev-");
	nt_buf_adds(&name, l->code);
	nt_buf_adds(&name, ".yaml");
	if (nt_datapath(name.p, &path) == 0) {
		if (nt_abbrev_load(&l->ab, path.p, err) < 0)
			goto out;
		l->some = 1;
	}
	if (ordload(c, &path, err) < 0)
		goto out;
	if (c->ordinals != NULL &&
	    (e = nt_ymap_get(c->ordinals, l->code)) != NULL &&
	    ordentry(l, c->ordpath.p, e, err) < 0)
		goto out;
	rv = 0;
out:
	nt_buf_free(&path);
	nt_buf_free(&name);
	return rv;
}

/* The language part of code: "de" of "de-AT", lower case; 0 if none. */
static size_t
langcode(const char *code, size_t len, char out[4])
{
	size_t n;

	for (n = 0; n < len && n < 4 && ((code[n] >= 'a' && code[n] <= 'z') ||
	    (code[n] >= 'A' && code[n] <= 'Z')); n++)
		out[n] = (char)(code[n] | 0x20);
	if (n < 2 || n > 3 || (n < len && code[n] != '-' && code[n] != '_'))
		return 0;
	out[n] = '\0';
	return n;
}

static pthread_mutex_t langlock = PTHREAD_MUTEX_INITIALIZER;

/* Language cc, from the list or loaded into it; the caller locks. */
static struct nt_sent_lang *
langget(struct nt_sent_conf *c, const char cc[4], struct nt_buf *err)
{
	struct nt_sent_lang *l;
	size_t i;

	for (i = 0; i < c->nlang; i++)
		if (strcmp(c->lang[i]->code, cc) == 0)
			return c->lang[i];
	l = nt_ecalloc(1, sizeof(*l));
	memcpy(l->code, cc, 4);
	if (langload(c, l, err) < 0) {
		nt_abbrev_free(&l->ab);
		nt_abbrev_free(&l->ord);
		free(l);
		return NULL;
	}
	c->lang = nt_ereallocarray(c->lang, c->nlang + 1, sizeof(*c->lang));
	c->lang[c->nlang++] = l;
	return l;
}

const struct nt_sent_lang *
nt_sent_conf_lang(struct nt_sent_conf *c, const char *code, size_t len,
    struct nt_buf *err)
{
	struct nt_sent_lang *l;
	char cc[4];

	nt_buf_reset(err);
	if (langcode(code, len, cc) == 0 || strcmp(cc, "und") == 0)
		return NULL;
	pthread_mutex_lock(&langlock);
	l = langget(c, cc, err);
	pthread_mutex_unlock(&langlock);
	return l != NULL && l->some ? l : NULL;
}

/*
 * Language l's words that it gives flags the default words do not, into
 * c->extra.  Comparing an entry with the default flags of its own
 * spelling is enough: a capitalised word the default table knows in
 * lower case gets those flags too, so nothing that changes a lookup is
 * left out.
 */
static void
addextra(struct nt_sent_conf *c, const struct nt_sent_lang *l)
{
	const struct nt_abent *e;
	unsigned f;
	size_t i;

	for (i = 0; i < l->ab.cap; i++) {
		e = &l->ab.tab[i];
		if (e->len == 0)
			continue;
		f = e->flags & ~(unsigned)NT_AB_ANYCASE &
		    ~nt_abbrev_get(&c->ab, e->w, e->len);
		if (f != 0)
			(void)nt_abbrev_add(&c->extra, e->w, e->len, f);
	}
	if (l->dot != NT_ORD_NO && l->digits > c->maxdigits)
		c->maxdigits = l->digits;
}

int
nt_sent_conf_all(struct nt_sent_conf *c, struct nt_buf *err)
{
	struct nt_buf path = NT_BUF_INIT;
	const struct nt_sent_lang *l;
	const struct nt_ynode *k;
	size_t i;

	if (ordload(c, &path, err) < 0) {
		nt_buf_free(&path);
		return -1;
	}
	nt_buf_free(&path);
	for (i = 0; c->ordinals != NULL && i + 1 < c->ordinals->n; i += 2) {
		k = c->ordinals->kid[i];
		l = nt_sent_conf_lang(c, k->s, k->len, err);
		if (l == NULL && err->len > 0)
			return -1;
		if (l != NULL)
			addextra(c, l);
	}
	c->all = 1;
	return 0;
}

/* The languages' part of nt_sent_conf_free. */
void
nt_sent_conf_langfree(struct nt_sent_conf *c)
{
	size_t i;

	for (i = 0; i < c->nlang; i++) {
		nt_abbrev_free(&c->lang[i]->ab);
		nt_abbrev_free(&c->lang[i]->ord);
		free(c->lang[i]);
	}
	free(c->lang);
	c->lang = NULL;
	c->nlang = 0;
	nt_ynode_free(c->ordinals);
	c->ordinals = NULL;
	nt_buf_free(&c->ordpath);
	nt_abbrev_free(&c->extra);
	c->maxdigits = 0;
	c->all = 0;
	c->noord = 0;
}
