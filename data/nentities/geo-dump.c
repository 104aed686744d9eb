/*
 * geo-dump: print the city table that Debian's libgeonames0 carries
 * (GeoNames data, CC BY 4.0) as tab-separated lines: id, name, admin1
 * code, admin1 name, country code, country name, time zone, population,
 * latitude, longitude.  Used only by geo-build.sh, never by the tools.
 * Build: cc geo-dump.c $(pkg-config --cflags --libs glib-2.0)
 */
#include <glib.h>
#include <stdio.h>

int
main(int argc, char **argv)
{
	GVariant *v;
	gchar *data;
	gsize len, i;

	if (argc != 2 || !g_file_get_contents(argv[1], &data, &len, NULL)) {
		fprintf(stderr, "usage: geo-dump cities.compiled\n");
		return 1;
	}
	v = g_variant_new_from_data(G_VARIANT_TYPE("a(sssssssudd)"), data,
	    len, FALSE, NULL, NULL);
	if (!g_variant_is_normal_form(v)) {
		fprintf(stderr, "geo-dump: not the expected table\n");
		return 1;
	}
	for (i = 0; i < g_variant_n_children(v); i++) {
		const char *s[7];
		guint32 pop;
		double lat, lon;

		g_variant_get_child(v, i, "(&s&s&s&s&s&s&sudd)", &s[0], &s[1],
		    &s[2], &s[3], &s[4], &s[5], &s[6], &pop, &lat, &lon);
		printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%u\t%.4f\t%.4f\n", s[0],
		    s[1], s[2], s[3], s[4], s[5], s[6], pop, lat, lon);
	}
	return 0;
}
