/*
 * feedin: a feed file's items to article records, and --state's set of
 * the items emitted before.
 *
 * A record is {"id", "source", "feed", "path", "url", "title", "date",
 * "author", "summary", TEXT, "html"}, each field present when it is
 * not empty.  The id is the item's own (guid, Atom id, rdf:about),
 * else its link, else a hash of what it says (XXH3 of its title, date,
 * summary and text): an item without either is the same item as long
 * as it says the same.  The source is --source, else the host of the
 * feed's link (or of --url), else the feed's title.
 *
 * The key an item is remembered by in the set is its id when the id is
 * a URI (a scheme and a colon: "http:", "urn:", "tag:"), which is
 * unique wherever it appears; an id that is not ("1234") is unique only
 * in its feed, and is remembered together with the feed's id, link or
 * title.  A key goes into the set's open transaction once the record
 * is in the output buffer, and the set is committed only after the
 * output is flushed (nt_import_end, and after each input), so a run
 * killed at any point emits again what it had not committed.
 */
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/json.h"
#include "import/feedint.h"
#include "import/import.h"

struct run {
	struct nt_ctx	*ctx;
	struct nt_import *im;
	const char	*path;
};

static void
field(struct nt_buf *out, const char *name, const struct nt_buf *v)
{
	if (v->len == 0)
		return;
	nt_buf_addc(out, ',');
	nt_json_addstr(out, name, strlen(name));
	nt_buf_addc(out, ':');
	nt_json_addstr(out, v->p, v->len);
}

/* Does id start with a URI scheme ("http:", "urn:", "tag:")? */
static int
is_uri(const struct nt_buf *id)
{
	size_t i;

	for (i = 0; i < id->len; i++) {
		char c = id->p[i];

		if (c == ':')
			return i > 0;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (i > 0 && ((c >= '0' && c <= '9') || c == '+' ||
		    c == '-' || c == '.'))))
			return 0;
	}
	return 0;
}

/* The key the item is remembered by, into im->key. */
static void
item_key(struct nt_import *im, const struct nt_fitem *it,
    const struct nt_finfo *fi, const char *path)
{
	const struct nt_buf *scope = fi->id.len > 0 ? &fi->id :
	    fi->link.len > 0 ? &fi->link : &fi->title;

	nt_buf_reset(&im->key);
	if (!is_uri(&it->id)) {
		if (scope->len > 0)
			nt_buf_add(&im->key, scope->p, scope->len);
		else if (path != NULL)
			nt_buf_adds(&im->key, path);
		nt_buf_addc(&im->key, ' ');
	}
	nt_buf_add(&im->key, it->id.p, it->id.len);
}

/* The record's source into im->tmp: --source, the host of the feed's
 * link or of --url, or the feed's title. */
static void
source(struct nt_import *im, const struct nt_finfo *fi)
{
	const char *u = fi->link.p ? fi->link.p : "";
	size_t n = fi->link.len;

	if (im->source != NULL) {
		nt_buf_reset(&im->tmp);
		nt_buf_adds(&im->tmp, im->source);
		return;
	}
	if (fi->host.len == 0 && im->url != NULL) {
		u = im->url;
		n = strlen(u);
	}
	nt_feed_host(u, n, &im->tmp);
	if (im->tmp.len == 0)
		nt_buf_add(&im->tmp, fi->title.p ? fi->title.p : "",
		    fi->title.len);
}

static void
record(struct nt_import *im, const struct nt_fitem *it,
    const struct nt_finfo *fi, const char *path, struct nt_buf *out)
{
	nt_buf_adds(out, "{\"id\":");
	nt_json_addstr(out, it->id.p, it->id.len);
	source(im, fi);
	field(out, "source", &im->tmp);
	field(out, "feed", &fi->title);
	if (path != NULL) {
		nt_buf_adds(out, ",\"path\":");
		nt_json_addstr(out, path, strlen(path));
	}
	field(out, "url", &it->url);
	field(out, "title", &it->title);
	field(out, "date", &it->date);
	field(out, "author", &it->author);
	field(out, "summary", &it->summary);
	field(out, im->field, &it->text);
	field(out, "html", &it->html);
	nt_buf_adds(out, "}\n");
}

static void
item(void *arg, const struct nt_fitem *it, const struct nt_finfo *fi)
{
	struct run *r = arg;
	struct nt_import *im = r->im;

	if (r->ctx->stop)
		return;
	if (im->seen != NULL) {
		item_key(im, it, fi, r->path);
		if (nt_seen_has(im->seen, im->key.p, im->key.len)) {
			im->nold++;
			return;
		}
	}
	record(im, it, fi, r->path, &r->ctx->out.buf);
	if (im->seen != NULL)
		nt_seen_add(im->seen, im->key.p, im->key.len, im->now);
	im->nitems++;
	nt_out_commit(&r->ctx->out);
}

/* Report a document that is no feed, or not well-formed. */
static int
verdict(struct nt_ctx *ctx, const char *name, const char *data,
    const struct nt_fdoc *doc, struct nt_buf *why)
{
	nt_buf_reset(why);
	if (doc->kind == NT_FK_NONE) {
		nt_buf_adds(why, "not an RSS or Atom feed");
		if (doc->errors > 0)
			nt_buf_printf(why, " (%s)", doc->err.p);
	} else if (doc->errors > 0)
		nt_buf_printf(why, "not well-formed XML: %s; %zu item%s read",
		    doc->err.p, doc->items, doc->items == 1 ? "" : "s");
	else
		return 0;
	nt_cli_reject_at(ctx, name, doc->errors > 0 ? doc->errline :
	    doc->line, data + doc->start, doc->end - doc->start, why->p, 0);
	return 1;
}

int
nt_import_feed(struct nt_ctx *ctx, struct nt_import *im, const char *path,
    const struct nt_buf *data)
{
	struct run r = { ctx, im, path };
	struct nt_fdoc doc = { 0 };
	const char *p = data->p ? data->p : "";
	size_t off = 0;
	int bad = 0;

	while (!ctx->stop && nt_feed_next(im->feed, p, data->len, &off,
	    im->url, item, &r, &doc))
		bad |= verdict(ctx, path ? path : "stdin", p, &doc, &im->why);
	nt_fdoc_free(&doc);
	nt_import_end(ctx, im);
	return bad;
}

void
nt_import_end(struct nt_ctx *ctx, struct nt_import *im)
{
	if (im->seen == NULL)
		return;
	/* Only what is out may be remembered as out. */
	nt_out_flush(&ctx->out);
	nt_seen_commit(im->seen);
}

int
nt_import_state(struct nt_import *im, const char *path, int wait_ms,
    int64_t max_age, struct nt_buf *holder)
{
	im->now = (int64_t)time(NULL);
	if ((im->seen = nt_seen_open(path, "nimport", wait_ms, holder)) == NULL)
		return -1;
	if (max_age > 0)
		nt_seen_expire(im->seen, im->now - max_age);
	return 0;
}
