/*
 * htmltags: the tags the extractor tells apart, and the reasons it
 * gives for lines that are not the article.
 */
#include <string.h>

#include "clean/htmlint.h"

const struct htaginfo nt_htags[HT_NTAGS] = {
	[HT_TEXT] = { "#text", 0, 0 },
	[HT_DOC] = { "#document", TF_BLOCK, 0 },
	[HT_OTHER] = { "#other", 0, 0 },
#define NT_HTAG_INFO(id, name, fl, why) [HT_##id] = { name, fl, why },
	NT_HTAGS(NT_HTAG_INFO)
#undef NT_HTAG_INFO
};

/* The table's named tags lie from HT_OTHER + 1 on, sorted by name. */
enum htag
nt_htag(const char *name)
{
	size_t lo = HT_OTHER + 1, hi = HT_NTAGS, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(name, nt_htags[mid].name);
		if (c == 0)
			return (enum htag)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return HT_OTHER;
}

static const char *const reasons[NT_HR_COUNT] = {
	[NT_HR_NONE] = NULL,
	[NT_HR_NAV] = "dom:nav",
	[NT_HR_HEADER] = "dom:header",
	[NT_HR_FOOTER] = "dom:footer",
	[NT_HR_ASIDE] = "dom:aside",
	[NT_HR_COMMENTS] = "dom:comments",
	[NT_HR_SHARE] = "dom:share",
	[NT_HR_RELATED] = "dom:related",
	[NT_HR_COOKIE] = "dom:cookie",
	[NT_HR_NEWSLETTER] = "dom:newsletter",
	[NT_HR_AD] = "dom:ad",
	[NT_HR_POPUP] = "dom:popup",
	[NT_HR_HIDDEN] = "dom:hidden",
	[NT_HR_TAGS] = "dom:tags",
	[NT_HR_BYLINE] = "dom:byline",
	[NT_HR_CAPTION] = "dom:caption",
	[NT_HR_FURNITURE] = "dom:furniture",
	[NT_HR_TITLE] = "dom:title",
	[NT_HR_LINKS] = "dom:link-density",
	[NT_HR_LOWTEXT] = "dom:low-text-density",
	[NT_HR_OUTSIDE] = "dom:outside-article",
	[NT_HR_JSONLD] = "dom:not-in-articlebody",
};

const char *
nt_hreason_name(enum nt_hreason r)
{
	return (unsigned)r < NT_HR_COUNT ? reasons[r] : NULL;
}

int
nt_hreason_find(const char *name)
{
	int r;

	for (r = 1; r < NT_HR_COUNT; r++)
		if (strcmp(reasons[r] + 4, name) == 0)
			return r;
	return -1;
}
