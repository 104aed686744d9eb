#include <stddef.h>

#include "dedupe/kind.h"

/*
 * One text is a part of the other when the other's share found in it is
 * below this much of its own share found in the other.  A spin lowers
 * both shares alike; a paragraph less lowers one.
 */
#define PART_RATIO	0.92
/*
 * Words are swapped when the content words of the common part are found
 * below SPIN_WORDS as often as its spots, or its word shingles below
 * SPIN_SHINGLES as often (a typo costs one word and three shingles; a
 * spin of a third of the common words, a tenth of the words or more).
 */
#define SPIN_WORDS	0.92
#define SPIN_SHINGLES	0.85
/*
 * Or when the smaller text lost more word shingles than SPIN_TYPOS typos
 * cost (three each), and below SPIN_NEAR as many as its spots: a light
 * spin ("greater" for "higher", "marketplace" for "market") of a long
 * text.
 */
#define SPIN_TYPOS	3
#define SPIN_NEAR	0.97
/*
 * Two texts are cut otherwise, each with a part of its own, when both
 * shares are below CUT_BOTH with the word shingles and content words
 * found about as often as the spots: no less than a spin leaves, and no
 * more than CUT_LIKE times as often (a heavy spin costs the spots most).
 * The synonyms and shingles each lacks are then those of the other's
 * part.  (At 0.9 or 0.8, texts of one wrapper-heavy story whose
 * furniture was not all told were taken for cuts.)
 */
#define CUT_BOTH	0.7
#define CUT_LIKE	1.1

#define C_CUT		0x1
#define C_SPIN		0x2
#define C_WRAP		0x4

static const char *const names[NT_KIND_COUNT] = {
	NULL, "exact", "wrapped", "excerpt", "extended", "spun", "mixed"
};

const char *
nt_kind_name(int k)
{
	return k > 0 && k < NT_KIND_COUNT ? names[k] : NULL;
}

enum nt_kind
nt_kind_same(uint64_t fx, uint64_t fk)
{
	return fx == fk ? NT_KIND_EXACT : NT_KIND_WRAPPED;
}

enum nt_kind
nt_kind_of(const struct nt_kindin *in)
{
	enum nt_kind cut = NT_KIND_NONE;
	double s, u, w;
	uint32_t n;
	int c = 0, v, strong;

	if (in->sk < PART_RATIO * in->sx)
		cut = NT_KIND_EXCERPT;
	else if (in->sx < PART_RATIO * in->sk)
		cut = NT_KIND_EXTENDED;
	if (cut != NT_KIND_NONE)
		c |= C_CUT;
	/* The common part, seen from the smaller side. */
	s = in->sx > in->sk ? in->sx : in->sk;
	u = in->sx > in->sk ? in->ux : in->uk;
	w = in->sx > in->sk ? in->wx : in->wk;
	/* A part lacks some synonyms of the whole; the same text none. */
	if (cut == NT_KIND_NONE)
		v = in->vx + in->vk;
	else
		v = in->sx >= in->sk ? in->vx : in->vk;
	n = in->sx > in->sk ? in->nx : in->nk;
	strong = (in->words && u < SPIN_WORDS * s) ||
	    (in->shingles && w < SPIN_SHINGLES * s);
	if (cut == NT_KIND_NONE && in->sx < CUT_BOTH && in->sk < CUT_BOTH &&
	    !strong && (!in->words || u <= CUT_LIKE * s) &&
	    (!in->shingles || w <= CUT_LIKE * s)) {
		c |= C_CUT;
		cut = NT_KIND_MIXED;
	} else if (strong || (in->shingles && w < SPIN_NEAR * s &&
	    (1 - w) * n > 3 * SPIN_TYPOS) || v > 0)
		c |= C_SPIN;
	if (in->fx != in->fk)
		c |= C_WRAP;
	switch (c) {
	case 0:
		return NT_KIND_EXACT;
	case C_CUT:
		return cut;
	case C_SPIN:
		return NT_KIND_SPUN;
	case C_WRAP:
		return NT_KIND_WRAPPED;
	default:
		return NT_KIND_MIXED;
	}
}
