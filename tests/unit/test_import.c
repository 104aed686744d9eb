/*
 * Unit tests for lib/import through import.h: what counts as text, the
 * record each file becomes (byte-order mark, CRLF, ids, escapes), and
 * the files a directory walk finds.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "import/import.h"
#include "t.h"

static char tmpdir[] = "/tmp/test_import.XXXXXX";

/* tmpdir/name, made with n bytes of body (n < 0: a directory). */
static const char *
make(const char *name, const char *body, long n)
{
	static char p[PATH_MAX];
	FILE *fp;

	snprintf(p, sizeof(p), "%s/%s", tmpdir, name);
	if (n < 0)
		return mkdir(p, 0700) == 0 ? p : NULL;
	if ((fp = fopen(p, "w")) == NULL)
		return NULL;
	fwrite(body, 1, (size_t)n, fp);
	fclose(fp);
	return p;
}

static struct nt_buf data, why, out;

/* Read name (made from body) and give its record, or "rejected: why". */
static const char *
import(const struct nt_import *im, const char *name, const char *body,
    long n)
{
	const char *p = make(name, body, n);
	int rc;

	nt_buf_reset(&out);
	if (p == NULL)
		return "(could not make the file)";
	if ((rc = nt_import_read(p, &data, &why)) != 0) {
		nt_buf_printf(&out, "rejected %d: %s", rc, rc > 0 ? why.p :
		    strerror(errno));
		return out.p;
	}
	nt_import_record(im, name, &data, &out);
	return out.p;
}

#define LIT(s)	s, (long)(sizeof(s) - 1)
/* The record of the text "abc" with --id sha1 begins so. */
#define SHA1_ABC "{\"id\":\"a9993e364706816aba3e25717850c26c9cd0d89d\""

static void
test_text(void)
{
	struct nt_import im = { .id = NT_ID_NAME, .field = "text",
	    .format = NT_FMT_AUTO };
	char ctl[200];
	int i;

	is_str(import(&im, "plain.txt", LIT("Kyiv, 17 January.\n")),
	    "{\"id\":\"plain\",\"path\":\"plain.txt\","
	    "\"text\":\"Kyiv, 17 January.\\n\"}\n", "a text file");
	ok(data.len == 18 && memcmp(data.p, "Kyiv, 17 January.\n", 18) == 0,
	    "its bytes are read as they are");
	is_str(import(&im, "bom.txt", LIT("\xEF\xBB\xBFline 1\r\nline 2\r\n")),
	    "{\"id\":\"bom\",\"path\":\"bom.txt\","
	    "\"text\":\"line 1\\nline 2\\n\"}\n",
	    "the byte-order mark goes, CRLF becomes LF");
	is_str(import(&im, "cr.txt", LIT("a\rb\r\r\nc\r")),
	    "{\"id\":\"cr\",\"path\":\"cr.txt\","
	    "\"text\":\"a\\rb\\r\\nc\\r\"}\n",
	    "a lone CR stays");
	is_str(import(&im, "bom2.txt", LIT("x\xEF\xBB\xBFy")),
	    "{\"id\":\"bom2\",\"path\":\"bom2.txt\","
	    "\"text\":\"x\xEF\xBB\xBFy\"}\n",
	    "a mark inside the text is text");
	is_str(import(&im, "empty.txt", "", 0),
	    "{\"id\":\"empty\",\"path\":\"empty.txt\",\"text\":\"\"}\n",
	    "an empty file");
	is_str(import(&im, "q.txt", LIT("\"Go,\" she said.\t\\ \x1b[0m\n")),
	    "{\"id\":\"q\",\"path\":\"q.txt\",\"text\":"
	    "\"\\\"Go,\\\" she said.\\t\\\\ \\u001b[0m\\n\"}\n",
	    "quotes, backslashes and controls are escaped");
	is_str(import(&im, "utf8.txt", LIT("Zürich 日本 😀")),
	    "{\"id\":\"utf8\",\"path\":\"utf8.txt\","
	    "\"text\":\"Zürich 日本 😀\"}\n",
	    "UTF-8 stays as it is");
	is_str(import(&im, "latin1.txt", LIT("caf\xe9\n")),
	    "rejected 1: not valid UTF-8 (byte offset 3)",
	    "Latin-1 is refused");
	ok(data.len == 5 && memcmp(data.p, "caf\xe9\n", 5) == 0,
	    "and its bytes are kept for --reject");
	is_str(import(&im, "bin.bin", LIT("PK\0\3\4")),
	    "rejected 1: looks binary (NUL byte at offset 2)",
	    "a NUL byte is binary");
	for (i = 0; i < 100; i++)
		ctl[i] = i % 2 ? 'a' : '\x01';
	is_str(import(&im, "ctl.bin", ctl, 100),
	    "rejected 1: looks binary (50 control characters)",
	    "many control characters are binary");
	is_str(import(&im, "esc.txt", LIT("\x1b[1mBold\x1b[0m and a long line "
	    "of ordinary text around the escapes.\f\v\n")),
	    "{\"id\":\"esc\",\"path\":\"esc.txt\",\"text\":\"\\u001b[1mBold"
	    "\\u001b[0m and a long line of ordinary text around the escapes."
	    "\\f\\u000b\\n\"}\n", "the odd escape is still text");
	is_str(import(&im, "dir.d", NULL, -1), "rejected -1: Is a directory",
	    "a directory is an I/O error");
	ok(nt_import_read("/nonexistent/x", &data, &why) == -1 &&
	    errno == ENOENT, "a missing file is an I/O error");
}

static void
test_ids(void)
{
	struct nt_import im = { .id = NT_ID_NAME, .source = "wire",
	    .field = "body", .format = NT_FMT_AUTO };
	struct nt_buf d = NT_BUF_INIT;

	nt_buf_adds(&d, "abc");
	nt_buf_reset(&out);
	nt_import_record(&im, "feeds/2023.01/story.one.txt", &d, &out);
	is_str(out.p, "{\"id\":\"story.one\",\"source\":\"wire\","
	    "\"path\":\"feeds/2023.01/story.one.txt\",\"body\":\"abc\"}\n",
	    "id from the name without its extension; source; field name");
	nt_buf_reset(&out);
	nt_import_record(&im, "feeds/.profile", &d, &out);
	ok(strncmp(out.p, "{\"id\":\".profile\",", 17) == 0,
	    "a name that starts with its only dot keeps it");
	nt_buf_reset(&out);
	nt_import_record(&im, "README", &d, &out);
	ok(strncmp(out.p, "{\"id\":\"README\",", 15) == 0, "a name without "
	    "a dot or a directory");
	im.id = NT_ID_PATH;
	im.source = NULL;
	im.field = "text";
	nt_buf_reset(&out);
	nt_import_record(&im, "a dir/\"x\".txt", &d, &out);
	is_str(out.p, "{\"id\":\"a dir/\\\"x\\\".txt\",\"path\":"
	    "\"a dir/\\\"x\\\".txt\",\"text\":\"abc\"}\n",
	    "id from the path, escaped");
	im.id = NT_ID_SHA1;
	nt_buf_reset(&out);
	nt_import_record(&im, "a.txt", &d, &out);
	ok(strncmp(out.p, SHA1_ABC, strlen(SHA1_ABC)) == 0,
	    "id from the SHA-1 of the text");
	nt_buf_reset(&d);
	nt_buf_adds(&d, "\xEF\xBB\xBF" "abc");
	nt_buf_reset(&out);
	nt_import_record(&im, "a.txt", &d, &out);
	ok(strncmp(out.p, SHA1_ABC, strlen(SHA1_ABC)) == 0,
	    "... of the text as written, without the mark");
	nt_buf_free(&d);
}

static void
test_walk(void)
{
	char **list = NULL, top[PATH_MAX];
	size_t n = 0, i;
	struct nt_buf got = NT_BUF_INIT;

	make("tree", NULL, -1);
	make("tree/b.txt", LIT("b"));
	make("tree/a.txt", LIT("a"));
	make("tree/.hidden", LIT("h"));
	make("tree/.git", NULL, -1);
	make("tree/.git/config", LIT("g"));
	make("tree/sub", NULL, -1);
	make("tree/sub/c.txt", LIT("c"));
	make("tree/sub/B.txt", LIT("B"));
	make("tree/empty", NULL, -1);
	snprintf(top, sizeof(top), "%s/tree/", tmpdir);
	ok(nt_import_walk(top, NULL, &list, &n) == 0, "a walk");
	for (i = 0; i < n; i++) {
		nt_buf_adds(&got, list[i] + strlen(top));
		nt_buf_addc(&got, ' ');
		free(list[i]);
	}
	free(list);
	is_str(got.p, "a.txt b.txt sub/B.txt sub/c.txt ",
	    "regular files, sorted by name at each level, no dot files");
	list = NULL;
	n = 0;
	ok(nt_import_walk("/nonexistent", NULL, &list, &n) == -1 && n == 0,
	    "a directory that is not there");
	nt_buf_free(&got);
}

int
main(void)
{
	char cmd[PATH_MAX + 16];

	if (mkdtemp(tmpdir) == NULL) {
		printf("Bail out! no temporary directory\n");
		return 1;
	}
	test_text();
	test_ids();
	test_walk();
	nt_buf_free(&data);
	nt_buf_free(&why);
	nt_buf_free(&out);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	return done();
}
