/* Unit tests for lib/text/lang.c: the language of a text. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "text/lang.h"
#include "t.h"

static const struct {
	const char	*want, *text;
} texts[] = {
	{ "en", "The mayor said the bridge would reopen in spring. Repairs "
	    "have cost twice what the council expected." },
	{ "de", "Der Bürgermeister sagte, die Brücke werde im Frühjahr wieder "
	    "geöffnet. Die Reparatur kostet doppelt so viel wie geplant." },
	{ "fr", "Le maire a indiqué que le pont rouvrirait au printemps. Les "
	    "travaux ont coûté deux fois plus que prévu." },
	{ "es", "El alcalde dijo que el puente volverá a abrir en primavera. "
	    "Las obras han costado el doble de lo previsto." },
	{ "it", "Il sindaco ha detto che il ponte riaprirà in primavera. I "
	    "lavori sono costati il doppio del previsto." },
	{ "nl", "De burgemeester zei dat de brug in het voorjaar weer opengaat. "
	    "De herstelling kost twee keer zoveel als gepland." },
	{ "pt", "O presidente da câmara disse que a ponte vai reabrir na "
	    "primavera. As obras custaram o dobro do previsto." },
	{ "pl", "Burmistrz powiedział, że most zostanie otwarty wiosną. Remont "
	    "kosztował dwa razy więcej, niż zakładano." },
	{ "tr", "Belediye başkanı köprünün ilkbaharda yeniden açılacağını "
	    "söyledi. Onarım planlanandan iki kat pahalıya mal oldu." },
	{ "ru", "Мэр сообщил, что мост снова откроют весной. Ремонт обошелся "
	    "вдвое дороже, чем рассчитывали." },
	{ "uk", "Мер повідомив, що міст знову відкриють навесні. Ремонт "
	    "коштував удвічі більше, ніж планували." },
	{ "ar", "قال رئيس البلدية إن الجسر سيعاد فتحه في الربيع. وكلفت أعمال "
	    "الإصلاح ضعف ما كان متوقعا." },
};

static const struct {
	const char	*text, *name;
} unds[] = {
	{ "", "empty text" },
	{ "2024-01-17 12:30 +3.5% 1,200", "numbers only" },
	{ "OK", "two letters" },
	{ "!!! ... --- ''' \"\" ’’", "punctuation and apostrophes" },
	{ "\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81", "marks only" },
	{ "東京で新しい橋が開通した。市長は工事が遅れたと述べた。", "Japanese" },
	{ "Ο δήμαρχος είπε ότι η γέφυρα θα ανοίξει την άνοιξη.", "Greek" },
	{ "Кметът каза, че мостът ще бъде отворен през пролетта. Ремонтът "
	    "струва два пъти повече.", "Bulgarian (ъ, no ы э ё)" },
	{ "Градоначелник је рекао да ће мост бити отворен на пролеће. "
	    "Поправка је коштала дупло више.", "Serbian (ј)" },
	{ "شهردار گفت که پل در بهار دوباره باز می‌شود. هزینه تعمیر دو برابر "
	    "پیش‌بینی شد.", "Persian letters" },
	{ "Borgmästaren sa att bron öppnar igen i vår. Reparationen kostade "
	    "dubbelt så mycket som väntat.", "Swedish: no model language" },
	{ "Polgármester szerint a hidat tavasszal újra megnyitják. A javítás "
	    "kétszer annyiba került.", "Hungarian: no model language" },
	{ "Москва Moscow Киев Kyiv Рим Rome", "half Cyrillic, half Latin" },
	{ "Hội đồng thành phố đã thông qua ngân sách mới vào thứ Ba sau nhiều "
	    "tháng tranh luận.", "Vietnamese" },
};

static const char model[] =
    "# a small model for the loader's tests\n"
    "ntools-lang\t1\n"
    "floor\t200\nmintri\t8\nmargin\t1\nknee\t150\nslope\t1\nsure\t1000\n"
    "lang\txx\t2\n_ab\t10\nab_\t10\n"
    "lang\tyy\t2\n_ab\t40\n_cd\t10\n";

static void
test_parse_errors(void)
{
	static const struct {
		const char	*text, *err;
	} bad[] = {
		{ "", "m:1: no language in the model" },
		{ "lang\ten\t1\n", "m:1: not a language model (expected "
		    "'ntools-lang', a tab and 1)" },
		{ "ntools-lang\t1\nlang\ten\t1\n", "m:2: floor, mintri, margin, "
		    "knee, slope and sure must come before the first language" },
		{ "ntools-lang\t1\nfloor\t0\n", "m:2: floor is a number from "
		    "1 to 255" },
		{ "ntools-lang\t1\nspeed\t3\n", "m:2: expected floor, mintri, "
		    "margin, knee, slope, sure or lang, and a value" },
		{ "ntools-lang\t1\nfloor\t9\nmintri\t1\nmargin\t1\nknee\t9\nslope\t1\nsure\t99\n"
		    "lang\ten\t2\nabc\t5\n", "m:9: language 'en' has 1 "
		    "trigrams, not the 2 it announced" },
		{ "ntools-lang\t1\nfloor\t9\nmintri\t1\nmargin\t1\nknee\t9\nslope\t1\nsure\t99\n"
		    "lang\ten\t1\nABC\t5\n", "m:9: expected a trigram of "
		    "lower-case Latin letters or _, a tab and its cost" },
		{ "ntools-lang\t1\nfloor\t9\nmintri\t1\nmargin\t1\nknee\t9\nslope\t1\nsure\t99\n"
		    "lang\ten\t1\nabc\t256\n", "m:9: a cost is a number from 1 "
		    "to 255" },
		{ "ntools-lang\t1\nfloor\t9\nmintri\t1\nmargin\t1\nknee\t9\nslope\t1\nsure\t99\n"
		    "lang\ten\t2\nabc\t5\nabc\t6\n", "m:10: the same trigram "
		    "twice for one language" },
		{ "ntools-lang\t1\nfloor\t9\nmintri\t1\nmargin\t1\nknee\t9\nslope\t1\nsure\t99\n"
		    "lang\tEN\t1\n", "m:8: a language code is two or three "
		    "lower-case letters" },
	};
	struct nt_langmodel m = NT_LANGMODEL_INIT;
	struct nt_buf err = NT_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ok(nt_lang_parse(&m, "m", bad[i].text, strlen(bad[i].text),
		    &err) == -1 && m.nlang == 0, "bad model %zu is refused", i);
		is_str(err.p, bad[i].err, "and the message says where");
	}
	ok(nt_lang_load(&m, "/nonexistent/trigrams.tsv", &err) == -1,
	    "a missing file is an error");
	is_str(err.p, "/nonexistent/trigrams.tsv: No such file or directory",
	    "naming the file");
	nt_buf_free(&err);
	nt_lang_free(&m);
	nt_lang_free(NULL);
}

static void
test_small_model(void)
{
	struct nt_langmodel m = NT_LANGMODEL_INIT;
	struct nt_buf err = NT_BUF_INIT;
	struct nt_langinfo info;

	ok(nt_lang_parse(&m, "m", model, strlen(model), &err) == 0,
	    "a small model loads");
	ok(m.nlang == 2 && m.ntri == 3, "two languages, three trigrams");
	is_str(nt_lang_detect(&m, "ab ab ab ab ab ab", 17, &info), "xx",
	    "the cheaper language wins");
	ok(info.ntri == 12 && info.cost == 10, "12 trigrams at 10 each");
	is_str(nt_lang_detect(&m, "cd cd cd cd cd cd", 17, &info), "und",
	    "a word of yy alone is too few known trigrams");
	ok(info.ntri == 6, "only _cd is known, six times");
	is_str(nt_lang_detect(&m, "cd cd cd cd cd cd cd cd cd cd cd cd", 35,
	    &info), "yy", "twelve times is enough");
	nt_lang_free(&m);
	ok(m.nlang == 0 && m.cap == 0, "free empties the model");
	nt_buf_free(&err);
}

/* Detection on a long text costs no more than on its first part. */
static void
test_long(const struct nt_langmodel *m)
{
	struct nt_buf b = NT_BUF_INIT;
	const char *s = texts[1].text;
	clock_t t0, t1, t2;
	size_t i;
	int k, bad;

	for (i = 0; b.len < (size_t)16 << 20; i++) {
		nt_buf_adds(&b, s);
		nt_buf_addc(&b, i % 7 == 6 ? '\n' : ' ');
	}
	t0 = clock();
	for (k = 0, bad = 0; k < 100; k++)
		bad += strcmp(nt_lang_detect(m, b.p, NT_LANG_SCAN, NULL), "de");
	t1 = clock();
	for (k = 0; k < 100; k++)
		bad += strcmp(nt_lang_detect(m, b.p, b.len, NULL), "de");
	t2 = clock();
	ok(bad == 0, "German, from the first part and from all 16 MB");
	ok((double)(t2 - t1) < 4.0 * (double)(t1 - t0) + CLOCKS_PER_SEC / 20,
	    "16 MB cost about what %d bytes cost", NT_LANG_SCAN);
	/* A cut inside a UTF-8 sequence must not read past the end. */
	for (i = 0; i < 40; i++)
		nt_lang_detect(m, s, i, NULL);
	ok(1, "every short prefix of a text is read safely");
	nt_buf_free(&b);
}

/*
 * The ASCII fast path reads a run of ASCII bytes at once.  A combining
 * accent after each letter (a mark: it neither counts nor ends a word)
 * makes every run one byte long, so the word goes through the scanner's
 * state byte by byte: each prefix of each text must be read the same
 * both ways, to the trigram, whatever the batches and checks it spans.
 */
static void
test_runs(const struct nt_langmodel *m)
{
	struct nt_buf plain = NT_BUF_INIT, marked = NT_BUF_INIT;
	struct nt_langinfo a, b;
	const char *ra, *rb;
	size_t i, j, n, cuts = 0, bad = 0;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		nt_buf_reset(&plain);
		while (plain.len < 1500) {
			nt_buf_adds(&plain, texts[i].text);
			nt_buf_addc(&plain, plain.len % 3 ? ' ' : '\n');
		}
		for (n = 0; n <= plain.len; n += 1 + n / 8, cuts++) {
			nt_buf_reset(&marked);
			for (j = 0; j < n; j++) {
				nt_buf_addc(&marked, plain.p[j]);
				if (((plain.p[j] | 0x20) >= 'a' &&
				    (plain.p[j] | 0x20) <= 'z'))
					nt_buf_add(&marked, "\xcc\x81", 2);
			}
			ra = nt_lang_detect(m, plain.p, n, &a);
			rb = nt_lang_detect(m, marked.p ? marked.p : "",
			    marked.len, &b);
			bad += strcmp(ra, rb) != 0 || a.letters != b.letters ||
			    a.ntri != b.ntri || a.cost != b.cost ||
			    a.margin != b.margin;
		}
	}
	ok(bad == 0 && cuts > 300, "runs of ASCII read as byte after byte "
	    "(%zu prefixes)", cuts);
	nt_buf_free(&plain);
	nt_buf_free(&marked);
}

int
main(void)
{
	struct nt_langmodel m = NT_LANGMODEL_INIT;
	struct nt_buf err = NT_BUF_INIT;
	struct nt_langinfo info;
	const char *s;
	size_t i;

	test_parse_errors();
	test_small_model();
	ok(nt_lang_load(&m, "data/lang/trigrams.tsv", &err) == 0,
	    "the shipped model loads");
	ok(m.nlang == 9, "with nine Latin-script languages");
	test_runs(&m);
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		is_str(nt_lang_detect(&m, texts[i].text, strlen(texts[i].text),
		    &info), texts[i].want, "%s", texts[i].want);
	for (i = 0; i < sizeof(unds) / sizeof(unds[0]); i++)
		is_str(nt_lang_detect(&m, unds[i].text, strlen(unds[i].text),
		    NULL), "und", "und: %s", unds[i].name);
	s = "Die Bahn f\xff\xfe\xc3hrt wieder. Der Zug kommt um acht Uhr an "
	    "und f\xc3\xa4hrt dann weiter nach Berlin.";
	is_str(nt_lang_detect(&m, s, strlen(s), NULL), "de",
	    "invalid bytes are skipped like punctuation");
	s = "L\xe2\x80\x99" "entreprise n\xe2\x80\x99" "a pas voulu "
	    "commenter l\xe2\x80\x99information, selon l\xe2\x80\x99" "agence.";
	is_str(nt_lang_detect(&m, s, strlen(s), NULL), "fr",
	    "elided articles are words of their own, as in the word lists");
	is_str(nt_lang_detect(&m, "THE GOVERNMENT SAID ON MONDAY THAT TAXES "
	    "WOULD RISE NEXT YEAR", 61, NULL), "en", "capitals are folded");
	test_long(&m);
	nt_lang_free(&m);
	nt_buf_free(&err);
	return done();
}
