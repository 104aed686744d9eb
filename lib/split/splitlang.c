#include <string.h>

#include "core/json.h"
#include "core/util.h"
#include "split/splitlang.h"

/* The detector's model, on first use; its absence is no error. */
static int
model(struct nt_splitlang *sl, struct nt_buf *err)
{
	struct nt_buf path = NT_BUF_INIT;
	int rv = 0;

	if (sl->loaded != 0)
		return 0;
	sl->loaded = -1;
	if (nt_datapath("lang/trigrams.tsv", &path) == 0) {
		if ((rv = nt_lang_load(&sl->model, path.p, err)) == 0)
			sl->loaded = 1;
	}
	nt_buf_free(&path);
	return rv;
}

int
nt_splitlang_get(struct nt_splitlang *sl, const struct nt_rec *r,
    const char *text, size_t len, const struct nt_sent_lang **lang,
    struct nt_buf *err)
{
	const char *v, *code;
	size_t vlen;

	*lang = NULL;
	if (nt_rec_raw(r, "lang", &v, &vlen) && vlen >= 2 && v[0] == '"') {
		/* a code is letters and '-': no escapes to undo */
		code = v + 1;
		vlen -= 2;
	} else if (sl->detect) {
		if (model(sl, err) < 0)
			return -1;
		if (sl->loaded != 1)
			return 0;
		code = nt_lang_detect(&sl->model, text, len < NT_SPLITLANG_SCAN ?
		    len : NT_SPLITLANG_SCAN, NULL);
		vlen = strlen(code);
	} else
		return 0;
	*lang = nt_sent_conf_lang(sl->conf, code, vlen, err);
	return *lang == NULL && err->len > 0 ? -1 : 0;
}

void
nt_splitlang_free(struct nt_splitlang *sl)
{
	if (sl == NULL)
		return;
	nt_lang_free(&sl->model);
	sl->loaded = 0;
}
