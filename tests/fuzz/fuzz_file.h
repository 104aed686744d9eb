/*
 * fuzz_file: a fuzz input put in a file, for the loaders that read a
 * path (YAML through libyaml's file reader).  The file lives in
 * $TMPDIR (or /tmp), named after the target and the process, and is
 * rewritten for each input.  One thread.
 */
#ifndef NT_FUZZ_FILE_H
#define NT_FUZZ_FILE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Write data to the target's file; its path, or NULL when it fails. */
static const char *
fuzz_file(const char *name, const char *ext, const void *data, size_t n)
{
	static char path[4096];
	const char *dir = getenv("TMPDIR");
	FILE *fp;

	snprintf(path, sizeof(path), "%s/ntools-%s-%ld%s",
	    dir != NULL && *dir != '\0' ? dir : "/tmp", name, (long)getpid(),
	    ext);
	if ((fp = fopen(path, "w")) == NULL)
		return NULL;
	if (n > 0 && fwrite(data, 1, n, fp) != n) {
		fclose(fp);
		return NULL;
	}
	return fclose(fp) == 0 ? path : NULL;
}

#endif
