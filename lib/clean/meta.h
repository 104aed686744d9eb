/*
 * meta: the metadata a page prints among its lines, read out of them.
 *
 * clean.c decides which lines are metadata: those removed by a rule with
 * a "field" (nclean-rules(5): a byline, a date line, a dateline before
 * the first sentence, a credit line).  These functions only read such a
 * line: the names in a byline, the day a date line gives, a dateline
 * without its dash, a credit without its brackets.  Each appends to out
 * after resetting it and returns 1, or returns 0 (out empty) when the
 * line holds nothing of the kind.  Plain functions of their arguments,
 * safe on any thread.
 */
#ifndef NT_META_H
#define NT_META_H

#include <stddef.h>

#include "core/buf.h"

/* "By Jane Smith, Staff Writer": "Jane Smith". */
int	nt_meta_author(const char *s, size_t n, struct nt_buf *out);
/*
 * "Updated March 5, 2024 at 10:32 a.m.", "5 Mar 2024", "2024-03-05":
 * "2024-03-05" in out[0..10], NUL-terminated.  English month names.
 */
int	nt_meta_date(const char *s, size_t n, char out[11]);
/* "LONDON, May 3 (Reuters) -": "LONDON, May 3 (Reuters)". */
int	nt_meta_dateline(const char *s, size_t n, struct nt_buf *out);
/* "(Reporting by A; Editing by B)": "Reporting by A; Editing by B". */
int	nt_meta_credit(const char *s, size_t n, struct nt_buf *out);

#endif
