/*
 * libFuzzer target for the record layer.  For every input it checks
 * that nt_rec_parse accepts exactly what jansson (a reference parser)
 * accepts as a JSON object, that an untouched record is written back
 * exactly, that adding a field keeps every other member's bytes, and
 * that decoded strings equal jansson's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/json.h"
#include "core/rec.h"

/* jansson refuses some valid JSON we accept: say which errors those are. */
static int
jansson_limit(const json_error_t *e)
{
	return strstr(e->text, "too big") != NULL ||
	    strstr(e->text, "overflow") != NULL ||
	    strstr(e->text, "depth") != NULL ||
	    strstr(e->text, "NUL") != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nt_rec r, r2;
	static struct nt_buf out, s;
	struct nt_jerr je;
	json_error_t e;
	json_t *ref, *v;
	const char *line = (const char *)data;
	size_t i;
	int ours, theirs;

	ours = nt_rec_parse(&r, line, size, &je) == 0;
	ref = json_loadb(line, size, JSON_ALLOW_NUL, &e);
	theirs = ref != NULL && json_is_object(ref);
	/* jansson stops at a raw NUL byte as if the input ended there. */
	if ((ref == NULL && jansson_limit(&e)) || memchr(data, 0, size)) {
		json_decref(ref);
		return 0;
	}
	if (ours != theirs)
		abort();
	if (!ours) {
		json_decref(ref);
		return 0;
	}

	nt_buf_reset(&out);
	nt_rec_write(&r, &out);
	if (out.len != r.objlen + 1 || memcmp(out.p, r.obj, r.objlen) != 0)
		abort();

	for (i = 0; i < r.nf; i++) {
		struct nt_buf key = NT_BUF_INIT;

		nt_json_unescape(r.f[i].key, r.f[i].klen, &key);
		v = json_object_getn(ref, key.p ? key.p : "", key.len);
		if (v == NULL)
			abort();
		if (json_is_string(v) && memchr(key.p ? key.p : "", '\0',
		    key.len) == NULL && nt_rec_str(&r, key.p ? key.p : "",
		    &s) == 1 && nt_rec_find(&r, key.p) == (long)i &&
		    (s.len != json_string_length(v) ||
		    memcmp(s.p, json_string_value(v), s.len) != 0))
			abort();
		nt_buf_free(&key);
	}

	nt_rec_set_int(&r, "zz_fuzz", 1);
	nt_buf_reset(&out);
	nt_rec_write(&r, &out);
	if (nt_rec_parse(&r2, out.p, out.len - 1, &je) != 0)
		abort();
	for (i = 0; i < r.nf && i < r2.nf; i++)
		if (r.f[i].key != NULL && !r.f[i].edited &&
		    (r.f[i].vlen != r2.f[i].vlen ||
		    memcmp(r.f[i].val, r2.f[i].val, r.f[i].vlen) != 0))
			abort();
	json_decref(ref);
	return 0;
}
