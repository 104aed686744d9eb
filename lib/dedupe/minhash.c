#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dedupe/minhash.h"
#include "core/util.h"

static inline uint64_t
rotl(uint64_t x, unsigned r)
{
	return x << (r & 63) | x >> ((64 - r) & 63);
}

void
nt_mh_init(struct nt_mh *m)
{
	memset(m, 0, sizeof(*m));
}

static void
addkey(struct nt_mh *m, uint64_t k)
{
	uint32_t i;

	for (i = 0; i < m->nkeys; i++)
		if (m->keys[i] == k)
			return;
	m->keys[m->nkeys++] = k;
}

void
nt_mh_run(struct nt_mh *m, const uint64_t *tok, size_t ntok,
    unsigned shingle)
{
	nt_mh_shingle(m, tok, ntok, shingle);
	nt_mh_finish(m);
}

void
nt_mh_shingle(struct nt_mh *m, const uint64_t *tok, size_t ntok,
    unsigned shingle)
{
	uint64_t s;
	size_t ns, i, j;
	unsigned first;

	m->n = m->nsketch = m->nkeys = 0;
	m->nsh = m->nraw = 0;
	if (ntok == 0)
		return;
	if (shingle == 0)
		shingle = 1;
	if (ntok < shingle)
		shingle = (unsigned)ntok;
	ns = ntok - shingle + 1;
	if (ns > m->cap) {
		m->cap = ns + ns / 2;
		free(m->sh);
		m->sh = nt_ereallocarray(NULL, m->cap, sizeof(*m->sh));
	}
	/*
	 * Shingle i is the XOR of tok[i + j] turned by 23 (shingle - 1 - j)
	 * bits, for j below shingle: the next one is this one without its
	 * first word, turned by 23 more, with the next word.
	 */
	s = 0;
	for (j = 0; j < shingle; j++)
		s = rotl(s, 23) ^ tok[j];
	first = 23 * (shingle - 1);
	m->sh[0] = nt_mix64(s ^ shingle);
	for (i = 1; i < ns; i++) {
		s = rotl(s ^ rotl(tok[i - 1], first), 23) ^ tok[i + shingle - 1];
		m->sh[i] = nt_mix64(s ^ shingle);
	}
	m->nraw = ns;
}

void
nt_mh_finish(struct nt_mh *m)
{
	uint64_t s, lead[NT_MH_LEADKEYS];
	const uint64_t *t;
	size_t ns = m->nraw, i, j, nlead, u;
	uint32_t top, prev;

	if (ns == 0)
		return;

	/* The smallest values of the lead window, kept sorted. */
	nlead = 0;
	for (i = 0; i < ns && i < NT_MH_LEAD; i++) {
		s = m->sh[i];
		for (j = 0; j < nlead && lead[j] < s; j++)
			;
		if (j < nlead && lead[j] == s)
			continue;
		if (j >= NT_MH_LEADKEYS)
			continue;
		if (nlead < NT_MH_LEADKEYS)
			nlead++;
		memmove(lead + j + 1, lead + j,
		    (nlead - j - 1) * sizeof(*lead));
		lead[j] = s;
	}

	/* Sorted into scratch, back into sh once each, with the sketch. */
	t = nt_hsort_into(&m->hs, m->sh, ns);
	m->sh[0] = t[0];
	m->sketch[0] = prev = (uint32_t)(t[0] >> 32);
	m->nsketch = m->n = 1;
	for (i = u = 1; i < ns; i++) {
		if (t[i] == m->sh[u - 1])
			continue;
		m->sh[u++] = t[i];
		top = (uint32_t)(t[i] >> 32);
		if (top == prev)
			continue;
		prev = top;
		if (m->nsketch < NT_MH_SKETCH)
			m->sketch[m->nsketch++] = top;
		m->n++;
	}
	m->nsh = u;
	for (i = 0; i < u && m->nkeys < NT_MH_MINKEYS; i++)
		addkey(m, m->sh[i]);
	for (i = 0; i < nlead; i++)
		addkey(m, lead[i]);
}

void
nt_mh_compare(const uint32_t *a, uint32_t na, uint32_t ta,
    const uint32_t *b, uint32_t nb, uint32_t tb, struct nt_mh_sim *r)
{
	uint64_t tau, t;
	uint32_t i = 0, j = 0, ina = 0, inb = 0, both = 0, x, y;

	/* Both sketches are complete up to tau. */
	tau = (uint64_t)1 << 32;
	if (ta > na && na > 0)
		tau = a[na - 1];
	if (tb > nb && nb > 0 && (t = b[nb - 1]) < tau)
		tau = t;
	/* A merge without a branch on which side moves (they mispredict). */
	while (i < na && j < nb) {
		x = a[i];
		y = b[j];
		if (x > tau || y > tau)
			break;
		both += x == y;
		i += x <= y;
		j += y <= x;
	}
	while (i < na && a[i] <= tau)
		i++;
	while (j < nb && b[j] <= tau)
		j++;
	/* i, j: how many of each sketch lie in range. */
	ina = i;
	inb = j;
	r->jaccard = ina + inb > both ? (double)both / (ina + inb - both) : 0;
	r->cont_a = ina > 0 ? (double)both / ina : 0;
	r->cont_b = inb > 0 ? (double)both / inb : 0;
}

void
nt_mh_free(struct nt_mh *m)
{
	if (m == NULL)
		return;
	free(m->sh);
	nt_hsort_free(&m->hs);
	memset(m, 0, sizeof(*m));
}
