/*
 * htmlhint: what the words of class and id attributes say about a
 * block, from data/nclean/dom.yaml.
 *
 * An attribute's value is first put in one form: ASCII letters lower
 * case, words split at anything else and at a camelCase step, joined by
 * '-' within a class name and by ' ' between class names ("relatedBox
 * main_col" is "related-box main-col").  A word of the file matches
 * where a word of that form begins, as a prefix ("comment" matches
 * "comments" and "commentlist"), or whole when it ends in '$'; a word
 * with a '-' in it matches words that follow each other.  The words of
 * a class name after "tag-" or "category-" are a slug, not read.  The words are
 * kept in a hash table by their first two letters, so that a class
 * costs a lookup per word, however many words the file has.
 */
#include <stdlib.h>
#include <string.h>

#include "clean/htmlint.h"
#include "core/conf.h"
#include "core/util.h"

#define HASH_SIZE	1024
#define FORM_MAX	1024	/* bytes of normal form looked at */

enum { K_FURNITURE, K_ARTICLE, K_BYLINE, K_CAPTION };

struct hword {
	char		*w;
	size_t		 len;
	int		 whole;
	uint8_t		 reason;	/* K_FURNITURE */
	uint16_t	 fl;		/* HF_* it gives */
	int		 next;		/* same bucket, or -1 */
};

struct nt_hints {
	struct hword	*w;
	size_t		 nw;
	int		 head[HASH_SIZE];
};

static unsigned
bucket(const char *w)
{
	return ((unsigned char)w[0] * 31u + (unsigned char)w[1]) &
	    (HASH_SIZE - 1);
}

static int
wordch(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int
add_word(struct nt_hints *h, const char *path, const struct nt_ynode *y,
    uint16_t fl, uint8_t reason, struct nt_buf *err)
{
	struct hword *w;
	size_t i, len;
	unsigned b;

	if (y->type != NT_YSCALAR) {
		nt_yerr(err, path, y, "a word must be a string");
		return -1;
	}
	len = y->len;
	if (len > 0 && y->s[len - 1] == '$')
		len--;
	for (i = 0; i < len; i++)
		if (!wordch(y->s[i]) && !(y->s[i] == '-' && i > 0 &&
		    i + 1 < len && y->s[i - 1] != '-'))
			break;
	if (len < 2 || i < len) {
		nt_yerr(err, path, y, "'%s' is not a word of lower-case "
		    "letters, digits and single '-' (and perhaps a final "
		    "'$')", y->s);
		return -1;
	}
	h->w = nt_ereallocarray(h->w, h->nw + 1, sizeof(*h->w));
	w = &h->w[h->nw];
	w->w = nt_estrndup(y->s, len);
	w->len = len;
	w->whole = len < y->len;
	w->fl = fl;
	w->reason = reason;
	b = bucket(w->w);
	w->next = h->head[b];
	h->head[b] = (int)h->nw++;
	return 0;
}

static int
add_list(struct nt_hints *h, const char *path, const struct nt_ynode *y,
    uint16_t fl, uint8_t reason, struct nt_buf *err)
{
	size_t i;

	if (y->type != NT_YSEQ) {
		nt_yerr(err, path, y, "expected a list of words");
		return -1;
	}
	for (i = 0; i < y->n; i++)
		if (add_word(h, path, y->kid[i], fl, reason, err) < 0)
			return -1;
	return 0;
}

static int
load_furniture(struct nt_hints *h, const char *path,
    const struct nt_ynode *y, struct nt_buf *err)
{
	size_t i;
	int r;

	if (y->type != NT_YMAP) {
		nt_yerr(err, path, y, "furniture: expected a mapping of "
		    "reasons to words");
		return -1;
	}
	for (i = 0; i + 1 < y->n; i += 2) {
		if ((r = nt_hreason_find(y->kid[i]->s)) < 0 ||
		    r >= NT_HR_TITLE) {
			nt_yerr(err, path, y->kid[i], "unknown reason '%s'",
			    y->kid[i]->s);
			return -1;
		}
		if (add_list(h, path, y->kid[i + 1], HF_NEGATIVE, (uint8_t)r,
		    err) < 0)
			return -1;
	}
	return 0;
}

static int
load(struct nt_hints *h, const char *path, const struct nt_ynode *root,
    struct nt_buf *err)
{
	static const struct {
		const char	*key;
		uint16_t	 fl;
	} lists[] = {
		{ "article", HF_POSITIVE },
		{ "byline", HF_BYLINE },
		{ "caption", HF_CAPTION },
		{ "keep", HF_KEEP },
	};
	size_t i, k;
	int rc;

	if (root->type != NT_YMAP) {
		nt_yerr(err, path, root, "expected a mapping");
		return -1;
	}
	for (i = 0; i + 1 < root->n; i += 2) {
		const struct nt_ynode *key = root->kid[i], *val = root->kid[i + 1];

		if (strcmp(key->s, "furniture") == 0) {
			rc = load_furniture(h, path, val, err);
		} else {
			for (k = 0; k < sizeof(lists) / sizeof(lists[0]); k++)
				if (strcmp(key->s, lists[k].key) == 0)
					break;
			if (k == sizeof(lists) / sizeof(lists[0])) {
				nt_yerr(err, path, key, "unknown key '%s' "
				    "(furniture, keep, article, byline, caption)",
				    key->s);
				return -1;
			}
			rc = add_list(h, path, val, lists[k].fl, 0, err);
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

struct nt_hints *
nt_hints_load(const char *path, struct nt_buf *err)
{
	struct nt_hints *h;
	struct nt_ynode *root;
	size_t i;

	if ((root = nt_yaml_load(path, err)) == NULL)
		return NULL;
	h = nt_ecalloc(1, sizeof(*h));
	for (i = 0; i < HASH_SIZE; i++)
		h->head[i] = -1;
	if (load(h, path, root, err) < 0) {
		nt_hints_free(h);
		h = NULL;
	}
	nt_ynode_free(root);
	return h;
}

void
nt_hints_free(struct nt_hints *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < h->nw; i++)
		free(h->w[i].w);
	free(h->w);
	free(h);
}

/* The normal form of s[0..n) into out (at most FORM_MAX bytes). */
static size_t
normal_form(const char *s, size_t n, char *out)
{
	size_t i, k = 0;
	int c, prev = 0;	/* 0 start, 1 lower or digit, 2 upper */

	for (i = 0; i < n && k < FORM_MAX - 1; i++) {
		c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z') {
			if (prev == 1)
				out[k++] = '-';
			out[k++] = (char)(c + 32);
			prev = 2;
		} else if (wordch(c)) {
			out[k++] = (char)c;
			prev = 1;
		} else {
			if (k > 0 && out[k - 1] != ' ' && out[k - 1] != '-')
				out[k++] = c == ' ' || c == '\t' ||
				    c == '\n' ? ' ' : '-';
			else if (k > 0 && (c == ' ' || c == '\t' || c == '\n'))
				out[k - 1] = ' ';
			prev = 0;
		}
	}
	out[k] = '\0';
	return k;
}

/*
 * "tag-social-media", "category-advertising": what follows is the name
 * of a tag or a category the article was filed under (WordPress puts
 * them in the article's own class), not what the block is.
 */
static int
slug(const char *f, size_t n)
{
	return (n > 4 && memcmp(f, "tag-", 4) == 0) ||
	    (n > 9 && memcmp(f, "category-", 9) == 0);
}

unsigned
nt_hints_match(const struct nt_hints *h, const char *s, size_t n,
    uint8_t *reason)
{
	char f[FORM_MAX];
	size_t len, i, end;
	unsigned fl = 0;
	int k;
	const struct hword *w;

	*reason = 0;
	len = normal_form(s, n, f);
	for (i = 0; i + 1 < len; i++) {
		if (i > 0 && f[i - 1] != '-' && f[i - 1] != ' ')
			continue;
		if (f[i] == '-' || f[i] == ' ')
			continue;
		if (slug(f + i, len - i)) {
			while (i + 1 < len && f[i + 1] != ' ')
				i++;
			continue;
		}
		for (k = h->head[bucket(f + i)]; k >= 0; k = w->next) {
			w = &h->w[k];
			if (w->len > len - i || memcmp(f + i, w->w, w->len) != 0)
				continue;
			end = i + w->len;
			if (w->whole && end < len && f[end] != '-' &&
			    f[end] != ' ')
				continue;
			fl |= w->fl;
			if (w->reason != 0 && *reason == 0)
				*reason = w->reason;
		}
	}
	return fl;
}
